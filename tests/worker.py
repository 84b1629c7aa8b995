"""Running a real Celery worker process against the test database and the real broker.

The processes run this module's Celery app (`celery -A tests.worker worker`): the product's own
(config.celery), plus test hooks. Given SCORING_TEST_DELAY (in the environment of the
process), a worker sleeps that many seconds after it claims the cases it scores and before it
calls the engine, so that the fault tests (tests/reliability/) can kill a worker or cut its
database connection mid-scoring; BATCH_TEST_DELAY does the same for each chunk of a batch job
(tests/integration/test_batch_jobs.py). Given SCORING_TEST_ADDRESS_SPACE (bytes), the engine
call of the first scoring runs with the process's address space limited to what it uses plus
that many bytes (RLIMIT_AS), so that the real engine meets a real MemoryError; the limit is
lifted afterwards. The product itself has no such hook.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from celery.signals import worker_process_init
from django.conf import settings
from django.db import connection

from config.celery import app  # noqa: F401  (the app `celery -A tests.worker` runs)

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output" / "workers"


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise RuntimeError(
            "integration tests need PostgreSQL: run them with `make test` "
            "(DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)"
        )
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    hostname: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def child_pids(self) -> list[int]:
        """PIDs of the pool processes that run the tasks."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_worker_process(
    *,
    name: str,
    concurrency: int = 1,
    extra_env: dict | None = None,
    queues: list[str] | None = None,
) -> WorkerProcess:
    """A worker on this session's queue (or `queues`: settings.CELERY_BATCH_QUEUE for batch
    jobs' chunks)."""
    if not settings.REDIS_URL:
        raise RuntimeError(
            "integration tests need Redis: run them with `make test` (REDIS_URL is unset)"
        )
    OUTPUT.mkdir(parents=True, exist_ok=True)
    hostname = f"test-{uuid.uuid4().hex[:8]}@localhost"
    log_path = OUTPUT / f"{name[:60]}-{hostname.split('@')[0]}.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
        "CELERY_BULK_QUEUE": settings.CELERY_BULK_QUEUE,
        "CELERY_BATCH_QUEUE": settings.CELERY_BATCH_QUEUE,
        **(extra_env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "tests.worker",
        "worker",
        # Both queues, single cases and bulk batches: one test worker does what `make run`'s
        # two do.
        "--queues",
        ",".join(queues or [settings.CELERY_TASK_DEFAULT_QUEUE, settings.CELERY_BULK_QUEUE]),
        "--hostname",
        hostname,
        "--concurrency",
        str(concurrency),
        "--pool",
        "prefork",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel",
        "INFO",
    ]
    log = log_path.open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    worker = WorkerProcess(process=process, hostname=hostname, log_path=log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"celery worker exited with {process.returncode}:\n{worker.log()}")
        if " ready." in worker.log():
            return worker
        time.sleep(0.2)
    worker.stop()
    raise RuntimeError(f"celery worker did not start within 60 s:\n{worker.log()}")


@worker_process_init.connect
def _scoring_test_delay(**kwargs: Any) -> None:
    """In each pool process of a test worker given SCORING_TEST_DELAY: the engine call of the
    scoring service sleeps first (the cases are claimed, `scoring`, by then)."""
    delay = float(os.environ.get("SCORING_TEST_DELAY") or 0)
    if not delay:
        return
    from advisor.services import scoring

    engine = scoring.profiles_recommend

    def delayed(**arguments: Any) -> Any:
        time.sleep(delay)
        return engine(**arguments)

    scoring.profiles_recommend = delayed


@worker_process_init.connect
def _scoring_test_address_space(**kwargs: Any) -> None:
    """In each pool process of a test worker given SCORING_TEST_ADDRESS_SPACE: the first engine
    call runs with little address space to spare (see the module docstring)."""
    headroom = int(os.environ.get("SCORING_TEST_ADDRESS_SPACE") or 0)
    if not headroom:
        return
    from advisor.services import scoring

    engine = scoring.profiles_recommend
    calls = []

    def limited(**arguments: Any) -> Any:
        calls.append(1)
        if len(calls) > 1:
            return engine(**arguments)
        with open("/proc/self/statm") as statm:
            used = int(statm.read().split()[0]) * resource.getpagesize()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (used + headroom, hard))
        try:
            return engine(**arguments)
        finally:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))

    scoring.profiles_recommend = limited


@worker_process_init.connect
def _batch_test_delay(**kwargs: Any) -> None:
    """In each pool process of a test worker given BATCH_TEST_DELAY: each chunk of a batch job
    sleeps after it is claimed (`running`) and before it is scored."""
    delay = float(os.environ.get("BATCH_TEST_DELAY") or 0)
    if not delay:
        return
    from advisor.partners.services.batches import scoring  # where batch_chunk_score calls it

    engine = scoring.chunk_table_score

    def delayed(*arguments: Any) -> Any:
        time.sleep(delay)
        return engine(*arguments)

    scoring.chunk_table_score = delayed
