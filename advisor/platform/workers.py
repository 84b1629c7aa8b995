"""Celery worker processes started on this machine for the length of one job (`manage.py
recommend --batch --workers N`): they consume the given queue beside any worker already running,
here or on other machines, against the same broker and database."""

from __future__ import annotations

import signal
import subprocess  # nosec B404: starts our own Celery worker, no shell, fixed arguments
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings


@contextmanager
def local_workers(*, queue: str, processes: int) -> Iterator[Callable[[], None]]:
    """A `celery worker` with `processes` pool processes on `queue`, started as the block starts
    (it takes a few seconds to be ready: the block queues its work meanwhile) and stopped (warm:
    it finishes what it holds) when it ends. The block is given a check that raises
    RuntimeError, with the worker's log, if the worker has exited."""
    log = Path(tempfile.mkstemp(prefix="advisor-worker-", suffix=".log")[1])
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker",
        "--queues", queue, "--concurrency", str(processes), "--pool", "prefork",
        "--hostname", f"recommend-{uuid.uuid4().hex[:6]}@%h",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO",
    ]  # fmt: skip
    with log.open("w") as output:
        # The child inherits this process's environment, so it reads the same settings.
        process = subprocess.Popen(  # nosec B603: our own interpreter and fixed arguments
            command, cwd=settings.BASE_DIR, stdout=output, stderr=subprocess.STDOUT
        )

    def check() -> None:
        if process.poll() is not None:
            raise RuntimeError(
                f"the Celery worker exited:\n{log.read_text(errors='replace')[-2000:]}"
            )

    try:
        yield check
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.unlink(missing_ok=True)
