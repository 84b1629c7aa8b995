"""The real services a fault test breaks: its own Redis, its own PostgreSQL cluster, a gunicorn web
server and a Celery beat, or all of the app under supervisord as `make run` starts it, each a
subprocess on a port the OS handed out, stopped by the test.

The shared PostgreSQL and Redis on the standard ports are never touched here.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import httpx
import redis

from tests.worker import OUTPUT, ROOT

T = TypeVar("T")

LOGS = OUTPUT.parent / "reliability"


def wait_for(predicate: Callable[[], T], *, timeout: float = 30.0, every: float = 0.1) -> T:
    """Poll until `predicate` returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s: {predicate!r}")
        time.sleep(every)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def log_path(name: str) -> Path:
    LOGS.mkdir(parents=True, exist_ok=True)
    return LOGS / f"{name[:60]}-{uuid.uuid4().hex[:6]}.log"


def stop_process(process: subprocess.Popen, *, timeout: float = 15.0) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class LoggedProcess:
    """A subprocess whose output goes to a file the test can read (and a failure report shows)."""

    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        stop_process(self.process)


def start_logged(command: list[str], *, name: str, env: dict[str, str]) -> LoggedProcess:
    path = log_path(name)
    with path.open("w") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    return LoggedProcess(process=process, log_path=path)


# --- Redis ------------------------------------------------------------------------------------


@dataclass
class RedisServer:
    """A throwaway redis-server: no persistence, so a restart comes back empty like a lost node."""

    name: str
    port: int = field(default_factory=free_port)
    running: LoggedProcess | None = None
    sleepers: list[subprocess.Popen] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [
            "redis-server",
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--enable-debug-command", "yes",
        ]  # fmt: skip
        self.running = start_logged(command, name=f"redis-{self.name}", env=dict(os.environ))
        wait_for(self.answers, timeout=10)

    def stop(self) -> None:
        if self.running:
            self.running.stop()
            self.running = None
        for sleeper in self.sleepers:
            stop_process(sleeper)
        self.sleepers.clear()

    def client(self) -> redis.Redis:
        # No retries: a command sent twice (DEBUG SLEEP) would stall the server twice.
        return redis.Redis(
            port=self.port, socket_timeout=2, retry=redis.retry.Retry(redis.backoff.NoBackoff(), 0)
        )

    def answers(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False

    def queue_length(self, queue: str) -> int:
        return self.client().llen(queue)

    def stall(self, how: str, seconds: int) -> None:
        """Keep accepting connections but stop answering for `seconds`."""
        if how == "client-pause":
            self.client().execute_command("CLIENT", "PAUSE", seconds * 1000, "ALL")
        elif how == "debug-sleep":
            # DEBUG SLEEP blocks the caller too, so it runs from its own redis-cli process.
            sleeper = subprocess.Popen(
                ["redis-cli", "-p", str(self.port), "DEBUG", "SLEEP", str(seconds)],
                stdout=subprocess.DEVNULL,
            )
            self.sleepers.append(sleeper)
            wait_for(lambda: not self.answers(), timeout=5)
        else:
            raise ValueError(how)


# --- PostgreSQL -------------------------------------------------------------------------------


def postgres_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parts)
    if not versions:
        raise RuntimeError("PostgreSQL server binaries are not installed (/usr/lib/postgresql)")
    return versions[-1].parent


@dataclass
class PostgresCluster:
    """A cluster of its own (initdb) on a free port, run as the postgres OS user."""

    port: int = field(default_factory=free_port)
    directory: Path = field(
        default_factory=lambda: Path(tempfile.mkdtemp(prefix="advisor-faults-pg-"))
    )

    def _as_postgres(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, text=True, timeout=120)

    def init(self) -> None:
        shutil.chown(self.directory, user="postgres", group="postgres")
        self._as_postgres(
            str(postgres_bin() / "initdb"),
            "-D", str(self.directory / "data"),
            "-U", "postgres",
            "--auth", "trust",
            "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            str(postgres_bin() / "pg_ctl"),
            "-D", str(self.directory / "data"),
            "-l", str(self.directory / "server.log"),
            "-o", options,
            "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        # "fast": open connections are cut at once, as in a crash or a failover.
        self._as_postgres(
            str(postgres_bin() / "pg_ctl"), "-D", str(self.directory / "data"), "-m", "fast",
            "-w", "stop",
        )  # fmt: skip

    def running(self) -> bool:
        return (self.directory / "data" / "postmaster.pid").exists()

    def destroy(self) -> None:
        if self.running():
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def copy_database(self, source_url: str, *, name: str) -> str:
        """Create `name` here as a copy of the database at `source_url` (pg_dump | psql: the
        migrated schema and its rows, in about a second); returns its URL."""
        client = ["--host", "127.0.0.1", "--port", str(self.port), "--username", "postgres"]
        subprocess.run(
            [str(postgres_bin() / "createdb"), *client, name], check=True, capture_output=True,
            timeout=60,
        )  # fmt: skip
        dump = subprocess.run(
            [str(postgres_bin() / "pg_dump"), "--no-owner", "--dbname", source_url],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        subprocess.run(
            [str(postgres_bin() / "psql"), *client, "--quiet", "--set", "ON_ERROR_STOP=1",
             "--dbname", name],
            input=dump.stdout, check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        return self.url(name)


# --- The web server and the beat scheduler ----------------------------------------------------


@dataclass
class WebServer(LoggedProcess):
    url: str = ""

    def worker_pids(self) -> set[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return {int(pid) for pid in children.read_text().split()} if children.exists() else set()


def start_web_server(*, name: str, env: dict[str, str], workers: int = 2) -> WebServer:
    """gunicorn serving the product as `make run` and docker-compose do, configured by `env`."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--timeout", "30",
        "--graceful-timeout", "5",
        "--access-logfile", "-",
    ]  # fmt: skip
    started = start_logged(
        command,
        name=f"web-{name}",
        # The product's settings with static files served from the apps (the manifest storage
        # needs `collectstatic`, which tests do not run).
        env={**env, "DJANGO_SETTINGS_MODULE": "tests.reliability.server_settings"},
    )
    server = WebServer(
        process=started.process, log_path=started.log_path, url=f"http://127.0.0.1:{port}"
    )

    def answers() -> bool:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}:\n{server.log()}")
        try:
            return httpx.get(f"{server.url}/static/advisor/site.css", timeout=2).status_code < 500
        except httpx.TransportError:
            return False

    try:
        wait_for(answers, timeout=60, every=0.2)
    except BaseException:
        server.stop()
        raise
    return server


def start_beat(*, name: str, env: dict[str, str], schedule: Path) -> LoggedProcess:
    command = [
        sys.executable, "-m", "celery", "-A", "config", "beat",
        "--loglevel", "INFO",
        "--schedule", str(schedule),
        "--max-interval", "1",
    ]  # fmt: skip
    beat = start_logged(command, name=f"beat-{name}", env=env)

    def started() -> bool:
        if beat.process.poll() is not None:
            raise RuntimeError(f"celery beat exited with {beat.process.returncode}:\n{beat.log()}")
        return "beat: Starting..." in beat.log()

    try:
        wait_for(started, timeout=60, every=0.2)
    except BaseException:
        beat.stop()
        raise
    return beat


# --- The app as `make run` supervises it ------------------------------------------------------


@dataclass
class Supervisor(LoggedProcess):
    """supervisord with the product's config/supervisord.conf: web, worker and beat, restarted
    when they exit. Their output and supervisord's own lines share the log."""

    def pids(self, program: str) -> list[int]:
        """Every process supervisord started for `program`, the first one first."""
        return [int(pid) for pid in re.findall(rf"spawned: '{program}' with pid (\d+)", self.log())]


def start_supervisor(*, name: str, env: dict[str, str]) -> Supervisor:
    command = [
        str(Path(sys.executable).parent / "supervisord"),
        "--configuration", str(ROOT / "config" / "supervisord.conf"),
    ]  # fmt: skip
    (ROOT / "var").mkdir(exist_ok=True)  # its pid file; `make run` creates it too
    started = start_logged(command, name=f"supervisord-{name}", env=env)
    supervisor = Supervisor(process=started.process, log_path=started.log_path)

    def ready() -> bool:
        if supervisor.process.poll() is not None:
            raise RuntimeError(
                f"supervisord exited with {supervisor.process.returncode}:\n{supervisor.log()}"
            )
        log = supervisor.log()
        return " ready." in log and "beat: Starting..." in log

    try:
        wait_for(ready, timeout=60, every=0.2)
    except BaseException:
        supervisor.stop()
        raise
    return supervisor
