"""The embedded default (no DATABASE_URL, no REDIS_URL: SQLite and kombu's filesystem broker, as a
laptop runs `make run`) under concurrent use: twenty founders submit at the same moment to a
gunicorn with several worker processes, a real Celery worker with two pool processes scores them,
and every case is scored with no error and no "database is locked" in any log.

The stack runs in a folder of its own (DJANGO_VAR_DIR), on ports of this suite's range, and is
stopped at the end.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "embedded-default"
PORT = 16517
SUBMISSIONS = 20

pytestmark = pytest.mark.integration


def _embedded_env(var_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_TEST_DATABASE")
    }
    env.update(
        DJANGO_VAR_DIR=str(var_dir),
        DJANGO_ENV_FILE=str(var_dir / "no.env"),
        DJANGO_SECRET_KEY="embedded-default-test-" + "x" * 40,
        CELERY_QUEUE="embedded-test",
        FOUNDER_SUBMIT_RATE="100000/m",
        FOUNDER_WHAT_IF_RATE="100000/m",
        CACHE_KEY_PREFIX="embedded-test",
    )
    return env


def _manage(env: dict[str, str], *arguments: str) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_for(predicate, *, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.2)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _submit(base: str, number: int, barrier: threading.Barrier, answers: list) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        form = client.get("/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        barrier.wait()  # every founder presses "submit" at the same moment
        response = client.post(
            "/",
            data={
                "csrfmiddlewaretoken": token,
                "startup_name": f"Concurrent {number}",
                "sector": "robotics",
                "stage": "seed",
                "customer_type": "manufacturers",
                "market_CN": "80",
                "market_US": "20",
            },
            headers={"Referer": base + "/"},
        )
        answers.append((number, response.status_code, response.headers.get("location", "")))


def _cases(database: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=20) as connection:
        return connection.execute(
            "SELECT startup_name, status, failure_reason FROM advisor_case"
        ).fetchall()


def test_twenty_founders_submitting_at_once_on_the_embedded_default_are_all_scored(tmp_path):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    env = _embedded_env(var_dir)
    _manage(env, "migrate", "--noinput")
    _manage(env, "load_regions")
    _manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    database = var_dir / "db.sqlite3"
    web_log, worker_log = OUTPUT / "web.log", OUTPUT / "worker.log"
    web = _start(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "4",
            "--no-control-socket",
            "--access-logfile",
            "-",
        ],
        env,
        web_log,
    )
    worker = _start(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--queues",
            "embedded-test",
            "--concurrency",
            "2",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ],
        env,
        worker_log,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        _wait_for(lambda: _answers(base + "/healthz"), what="gunicorn answering", timeout=60)
        _wait_for(lambda: " ready." in worker_log.read_text(), what="worker ready", timeout=60)

        barrier = threading.Barrier(SUBMISSIONS)
        answers: list = []
        threads = [
            threading.Thread(target=_submit, args=(base, number, barrier, answers))
            for number in range(SUBMISSIONS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

        # Every founder was sent to their case page.
        assert sorted(status for _, status, _ in answers) == [302] * SUBMISSIONS, answers
        assert all("/cases/" in location for _, _, location in answers), answers

        def all_finished() -> bool:
            cases = _cases(database)
            return len(cases) == SUBMISSIONS and all(s in ("done", "failed") for _, s, _ in cases)

        _wait_for(all_finished, what="every case scored", timeout=240)
        cases = _cases(database)
        assert [(name, status, reason) for name, status, reason in cases if status != "done"] == []
    finally:
        _stop(web)
        _stop(worker)
    logs = web_log.read_text() + worker_log.read_text()
    assert "database is locked" not in logs
    assert "Traceback" not in logs
