"""Fixtures of the fault tests: each test breaks its own Redis or PostgreSQL, never the shared ones."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from config.celery import app as celery_app
from tests.reliability.processes import (
    LoggedProcess,
    PostgresCluster,
    RedisServer,
    Supervisor,
    WebServer,
    free_port,
    start_beat,
    start_supervisor,
    start_web_server,
)
from tests.worker import WorkerProcess, database_url, start_worker_process


@pytest.fixture
def redis_server(request) -> Iterator[RedisServer]:
    server = RedisServer(name=request.node.name)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def use_broker(url: str) -> None:
    celery_app.conf.broker_url = url
    # The app keeps a pool of broker connections made for the old URL: drop it, so the next
    # publish connects to the new one (what Celery itself does in a forked child).
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker(redis_server) -> Iterator[RedisServer]:
    """The test's own Redis, as this process's broker too (case_submit publishes through it)."""
    previous = celery_app.conf.broker_url
    use_broker(redis_server.url)
    try:
        yield redis_server
    finally:
        use_broker(previous)


@pytest.fixture
def postgres_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


class Launcher:
    """Starts processes of the app (workers, web servers, beat, or all three under supervisord)
    for one test; the fixture stops every one of them afterwards, whatever happened."""

    def __init__(self, name: str, tmp_path: Path) -> None:
        self.name = name
        self.tmp_path = tmp_path
        self.started: list[WorkerProcess | LoggedProcess] = []

    def env(self, *, redis_url: str, database: str | None = None, **extra: str) -> dict[str, str]:
        """The environment of a process of the app: the test database (or `database`) and
        `redis_url` as the broker."""
        return {
            **os.environ,
            "DATABASE_URL": database or database_url(),
            "REDIS_URL": redis_url,
            "CELERY_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
            "CELERY_BULK_QUEUE": settings.CELERY_BULK_QUEUE,
            "CELERY_BATCH_QUEUE": settings.CELERY_BATCH_QUEUE,
            **extra,
        }

    def worker(self, *, redis_url: str, concurrency: int = 1, **extra: str) -> WorkerProcess:
        worker = start_worker_process(
            name=self.name,
            concurrency=concurrency,
            extra_env={"REDIS_URL": redis_url, **extra},
        )
        self.started.append(worker)
        return worker

    def web(self, *, redis_url: str, database: str | None = None, **extra: str) -> WebServer:
        server = start_web_server(
            name=self.name, env=self.env(redis_url=redis_url, database=database, **extra)
        )
        self.started.append(server)
        return server

    def beat(self, *, redis_url: str, **extra: str) -> LoggedProcess:
        beat = start_beat(
            name=self.name,
            env=self.env(redis_url=redis_url, **extra),
            schedule=self.tmp_path / "celerybeat-schedule",
        )
        self.started.append(beat)
        return beat

    def supervised(self, *, redis_url: str, **extra: str) -> Supervisor:
        """The web server, a worker and beat under supervisord, as `make run` starts them."""
        supervisor = start_supervisor(
            name=self.name,
            env=self.env(redis_url=redis_url, HOST="127.0.0.1", PORT=str(free_port()), **extra),
        )
        self.started.append(supervisor)
        return supervisor

    def stop_all(self) -> None:
        for process in reversed(self.started):
            process.stop()


@pytest.fixture
def launch(transactional_db, request, tmp_path) -> Iterator[Launcher]:
    launcher = Launcher(request.node.name, tmp_path)
    try:
        yield launcher
    finally:
        launcher.stop_all()
