"""The real stack the load benchmark (bench/load.py) runs on: its own PostgreSQL database,
gunicorn and a Celery worker on a queue of its own on the local Redis, started, prepared and
stopped here."""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / "var" / "bench-load"

# Rate limits raised (not turned off: their counters stay on the measured path) for the
# benchmark's own server processes; the partner throttle and the founder form's limits would
# otherwise answer 429 long before 10,000 submissions. Its cache keys have their own prefix.
UNLIMITED_ENV = {
    "PARTNER_THROTTLE_RATE": "100000000/min",
    "FOUNDER_SUBMIT_RATE": "100000000/m",
    "FOUNDER_WHAT_IF_RATE": "100000000/m",
    "CACHE_KEY_PREFIX": "bench-load",
}


# --- processes ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate: Callable[[], Any], *, what: str, timeout: float, every: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not within {timeout:.0f} s")
        time.sleep(every)


@dataclass
class Service:
    name: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def check_running(self) -> None:
        if self.process.poll() is not None:
            raise RuntimeError(
                f"{self.name} exited with {self.process.returncode}; its log:\n{self.log()[-3000:]}"
            )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Stack:
    """The benchmark's own server processes and what they run against."""

    database_url: str
    redis_url: str
    queue: str
    env: dict[str, str]
    services: list[Service] = field(default_factory=list)
    url: str = ""
    api_key: str = ""
    flood_key: str = ""
    other_key: str = ""

    @property
    def logs(self) -> Path:
        return LOGS / self.queue  # one folder a run: two runs at once keep their own logs

    def start(self, name: str, command: list[str]) -> Service:
        self.logs.mkdir(parents=True, exist_ok=True)
        log_path = self.logs / f"{name}.log"
        with log_path.open("w") as log:
            # A session of its own: Ctrl-C reaches the benchmark only, which stops it in order.
            process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        service = Service(name=name, process=process, log_path=log_path)
        self.services.append(service)
        return service

    def stop(self) -> None:
        for service in reversed(self.services):
            service.stop()
        self.services.clear()


def manage(stack: Stack, *arguments: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *arguments],
        cwd=ROOT, env=stack.env, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def database_recreate(url: str, *, drop_only: bool = False) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"refusing database name {name!r}: use lower-case letters, digits, _")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def stack_prepare(stack: Stack, *, web_workers: int, concurrency: int) -> None:
    database_recreate(stack.database_url)
    manage(stack, "migrate", "--noinput")
    manage(stack, "load_regions")
    manage(stack, "collectstatic", "--noinput", "--verbosity", "0")  # the pages' manifest
    stack.api_key = manage(stack, "create_partner", "Load Benchmark").strip().splitlines()[-1]
    # Two more partners for the flood: one floods, the other submits a single case meanwhile.
    stack.flood_key = manage(stack, "create_partner", "Flooding Partner").strip().splitlines()[-1]
    stack.other_key = manage(stack, "create_partner", "Other Partner").strip().splitlines()[-1]

    port = free_port()
    stack.url = f"http://127.0.0.1:{port}"
    web = stack.start(
        "web",
        [sys.executable, "-m", "gunicorn", "config.wsgi",
         "--bind", f"127.0.0.1:{port}", "--workers", str(web_workers),
         "--access-logfile", "-"],
    )  # fmt: skip
    # As `make run` runs them: a worker for single cases (and the floor's no-op tasks), and one
    # process for bulk batches on their own queue.
    worker = stack.start(
        "worker",
        [sys.executable, "-m", "celery", "-A", "config", "worker",
         "--include", "bench.noop_tasks", "--queues", stack.queue,
         "--concurrency", str(concurrency), "--pool", "prefork",
         "--hostname", f"bench-{uuid.uuid4().hex[:6]}@%h",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"],
    )  # fmt: skip
    bulk_worker = stack.start(
        "bulk-worker",
        [sys.executable, "-m", "celery", "-A", "config", "worker",
         "--queues", stack.env["CELERY_BULK_QUEUE"], "--concurrency", "1", "--pool", "prefork",
         "--hostname", f"bench-bulk-{uuid.uuid4().hex[:6]}@%h",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"],
    )  # fmt: skip

    def web_answers() -> bool:
        web.check_running()
        try:
            answer = httpx.get(
                f"{stack.url}/api/v1/vocabulary/",
                headers={"Authorization": f"Api-Key {stack.api_key}"},
                timeout=5,
            )
        except httpx.TransportError:
            return False
        return answer.status_code == 200

    def worker_ready() -> bool:
        worker.check_running()
        bulk_worker.check_running()
        return " ready." in worker.log() and " ready." in bulk_worker.log()

    wait_for(web_answers, what="gunicorn answering", timeout=60, every=0.2)
    wait_for(worker_ready, what="celery worker ready", timeout=60, every=0.2)


def django_setup(stack: Stack) -> None:
    """This process reads the benchmark's database and publishes to its queue as the product
    does (the floor's tasks go through the product's Celery app and broker settings)."""
    for name in (
        "DATABASE_URL",
        "REDIS_URL",
        "CELERY_QUEUE",
        "CELERY_BULK_QUEUE",
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_SECRET_KEY",
    ):
        os.environ[name] = stack.env[name]
    import django

    django.setup()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per request


def cleanup(stack: Stack, *, keep: bool) -> None:
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # Django was never set up: nothing to close
        pass
    client = redis.Redis.from_url(stack.redis_url)
    client.delete(
        stack.queue, f"_kombu.binding.{stack.queue}", f"_kombu.binding_permanent.{stack.queue}"
    )
    if not keep:
        database_recreate(stack.database_url, drop_only=True)
