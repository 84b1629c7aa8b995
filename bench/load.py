"""Load over the real stack, printed (timings are not asserted: these machines are noisy).

    .venv/bin/python bench/load.py [--cases 10000] [--singles 500] [--quick]

Creates its own PostgreSQL database (dropped first, and again at the end unless --keep), migrates
it, loads the region data, creates a partner, then starts gunicorn (2 sync workers) and one
Celery worker (prefork, --concurrency 2) as the Procfile does, on a queue of its own on the local
Redis, and measures:

0. the floor: a no-op Celery task (bench/noop_tasks.py, loaded by the same worker) sent and seen
   back, one at a time (round trip) and 1,000 at once (tasks a second);
1. --singles cases through the partner API, one at a time: POST, then GET the case every
   --poll-interval until it is done;
2. --singles cases through the founder form, one at a time: GET the form, then (timed) POST it,
   follow the redirect to the case page and poll the status endpoint that page polls;
3. bulk: the rest of --cases, --batch-size profiles a request to /api/v1/cases/bulk/, sent one
   after another, timed from the first POST until the partner's case list shows every case done;
4. every accepted case is then read from the database: a case missing is "lost", a case not done
   with a result is "unfinished"; "errors" are answers other than the expected 2xx/3xx.

For single cases, "submit -> done" runs from the moment the client sends the POST to the case's
scored_at, which the worker stamps as it stores the result (its commit follows about 2 ms
later); every process runs on this machine, so both are read on one clock. "seen by
polling" is what that client sees: the same, plus the wait for its next poll.

The process exits 1 when a case is lost or unfinished or a request failed (never for timings).
Rate limits (partner throttle, founder form) are raised for the benchmark's own server only.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import numpy as np
import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / "var" / "bench-load"
sys.path.insert(0, str(ROOT))

from advisor.engine.vocabulary import CUSTOMER_TYPES, MARKETS, SECTORS, STAGES  # noqa: E402

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

    port = free_port()
    stack.url = f"http://127.0.0.1:{port}"
    web = stack.start(
        "web",
        [sys.executable, "-m", "gunicorn", "config.wsgi",
         "--bind", f"127.0.0.1:{port}", "--workers", str(web_workers),
         "--access-logfile", "-"],
    )  # fmt: skip
    worker = stack.start(
        "worker",
        [sys.executable, "-m", "celery", "-A", "config", "worker",
         "--include", "bench.noop_tasks", "--queues", stack.queue,
         "--concurrency", str(concurrency), "--pool", "prefork",
         "--hostname", f"bench-{uuid.uuid4().hex[:6]}@%h",
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
        return " ready." in worker.log()

    wait_for(web_answers, what="gunicorn answering", timeout=60, every=0.2)
    wait_for(worker_ready, what="celery worker ready", timeout=60, every=0.2)


def django_setup(stack: Stack) -> None:
    """This process reads the benchmark's database and publishes to its queue as the product
    does (the floor's tasks go through the product's Celery app and broker settings)."""
    for name in (
        "DATABASE_URL",
        "REDIS_URL",
        "CELERY_QUEUE",
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_SECRET_KEY",
    ):
        os.environ[name] = stack.env[name]
    import django

    django.setup()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per request


# --- figures ------------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentiles(values: list[float]) -> tuple[float, float]:
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


@dataclass
class Tally:
    """Every submission the benchmark made, and every unexpected answer."""

    accepted: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def error(self, what: str) -> None:
        self.errors.append(what)
        if len(self.errors) <= 5:
            print(f"   error: {what}", file=sys.stderr)


@dataclass
class Floor:
    median: float
    p95: float
    rate: float


def floor_measure(stack: Stack, tally: Tally, *, samples: int, burst: int) -> Floor:
    from config.celery import app

    client = redis.Redis.from_url(stack.redis_url)
    reply = f"bench-load:reply:{uuid.uuid4().hex}"

    def round_trip(token: str) -> float:
        started = time.perf_counter()
        app.send_task("bench.noop", args=[reply, token])
        if client.blpop([reply], timeout=30) is None:
            tally.error(f"no-op task {token} never ran")
        return time.perf_counter() - started

    try:
        for number in range(10):  # warm-up: connections, both pool processes
            round_trip(f"warm-{number}")
        times = [round_trip(str(number)) for number in range(samples)]
        started = time.perf_counter()
        for number in range(burst):
            app.send_task("bench.noop", args=[reply, f"burst-{number}"])
        for _ in range(burst):
            if client.blpop([reply], timeout=60) is None:
                tally.error("a no-op task of the burst never ran")
                break
        elapsed = time.perf_counter() - started
    finally:
        client.delete(reply)
    median, p95 = percentiles(times)
    return Floor(median=median, p95=p95, rate=burst / elapsed)


def profile(rng: random.Random) -> dict[str, Any]:
    """A valid profile: a random sector, stage and customer type, shares over two or three markets,
    sometimes a weight override or a short list of regions."""
    markets = rng.sample(MARKETS, rng.choice((1, 2, 3)))
    cuts = sorted(rng.randint(1, 99) for _ in range(len(markets) - 1))
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    body: dict[str, Any] = {
        "sector": rng.choice(SECTORS),
        "stage": rng.choice(STAGES),
        "customer_type": rng.choice(CUSTOMER_TYPES),
        "markets": {market: share for market, share in zip(markets, shares, strict=True) if share},
    }
    if rng.random() < 0.2:
        body["weights"] = {"grants": rng.choice([0, 0.5, 3])}
    if rng.random() < 0.1:
        body["regions"] = ["shenzhen", "beijing", "tokyo", "sf-bay-area"]
    return body


@dataclass
class Latency:
    """One channel's single cases, each timed from the moment its POST was sent."""

    submitted: dict[str, float] = field(default_factory=dict)  # case id -> time.time() at POST
    seen: dict[str, float] = field(default_factory=dict)  # case id -> seconds until polled done
    answered: list[float] = field(default_factory=list)  # seconds until the POST's answer

    def record(self, case_id: str, submitted: float, answered: float, seen: float) -> None:
        self.submitted[case_id] = submitted
        self.answered.append(answered)
        self.seen[case_id] = seen


def poll_until_done(
    read: Callable[[], httpx.Response], tally: Tally, *, interval: float, timeout: float = 60
) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = read()
        if answer.status_code != 200:
            tally.error(f"GET {answer.request.url}: {answer.status_code}")
            return False
        status = answer.json()["status"]
        if status in ("done", "failed"):
            return True
        time.sleep(interval)
    tally.error(f"{answer.request.url} not done within {timeout:.0f} s")
    return False


def api_singles(stack: Stack, tally: Tally, *, count: int, interval: float, seed: int) -> Latency:
    rng = random.Random(seed)
    latency = Latency()
    headers = {"Authorization": f"Api-Key {stack.api_key}"}
    with httpx.Client(base_url=stack.url, headers=headers, timeout=30) as client:
        for number in range(count):
            body = {"startup_name": f"API single {seed}-{number}", **profile(rng)}
            submitted, started = time.time(), time.perf_counter()
            answer = client.post("/api/v1/cases/", json=body)
            answered = time.perf_counter() - started
            if answer.status_code != 202:
                tally.error(f"POST /api/v1/cases/: {answer.status_code} {answer.text[:200]}")
                continue
            case_id, location = answer.json()["id"], answer.headers["Location"]
            tally.accepted.append(case_id)
            if poll_until_done(lambda: client.get(location), tally, interval=interval):  # noqa: B023
                latency.record(case_id, submitted, answered, time.perf_counter() - started)
    return latency


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_PATH = re.compile(r"/cases/([0-9a-f-]{36})/$")


def form_singles(stack: Stack, tally: Tally, *, count: int, interval: float, seed: int) -> Latency:
    rng = random.Random(seed)
    latency = Latency()
    with httpx.Client(base_url=stack.url, timeout=30) as browser:
        for number in range(count):
            page = browser.get("/")
            token = TOKEN.search(page.text) if page.status_code == 200 else None
            if token is None:
                tally.error(f"GET /: {page.status_code}, no form")
                continue
            chosen = profile(rng)
            data = {
                "csrfmiddlewaretoken": token.group(1),
                "startup_name": f"Form single {seed}-{number}",
                "sector": chosen["sector"],
                "stage": chosen["stage"],
                "customer_type": chosen["customer_type"],
                **{f"market_{code}": str(share) for code, share in chosen["markets"].items()},
                **{f"weight_{name}": str(value) for name, value in chosen.get("weights", {}).items()},
            }  # fmt: skip
            submitted, started = time.time(), time.perf_counter()
            answer = browser.post("/", data=data)
            answered = time.perf_counter() - started
            found = CASE_PATH.search(answer.headers.get("location", ""))
            if answer.status_code != 302 or found is None:
                tally.error(f"POST /: {answer.status_code} {answer.text[:200]}")
                continue
            case_id = found.group(1)
            tally.accepted.append(case_id)
            case_page = browser.get(answer.headers["location"])  # the browser follows it
            if case_page.status_code != 200:
                tally.error(f"GET {answer.headers['location']}: {case_page.status_code}")
                continue
            status_url = f"/cases/{case_id}/status/"
            if poll_until_done(lambda: browser.get(status_url), tally, interval=interval):  # noqa: B023
                latency.record(case_id, submitted, answered, time.perf_counter() - started)
    return latency


@dataclass
class Bulk:
    cases: int
    requests: int
    seconds: float  # first POST -> the partner sees every case done
    accept_seconds: float  # first POST -> last POST answered
    case_ids: list[str]


def bulk_run(stack: Stack, tally: Tally, *, total: int, batch_size: int, seed: int) -> Bulk:
    rng = random.Random(seed)
    headers = {"Authorization": f"Api-Key {stack.api_key}"}
    bodies = []
    for start in range(0, total, batch_size):
        size = min(batch_size, total - start)
        cases = [{"startup_name": f"Bulk {seed}-{start + n}", **profile(rng)} for n in range(size)]
        bodies.append({"cases": cases})
    pending: list[tuple[str, int]] = []  # (batch id, accepted)
    case_ids: list[str] = []
    with httpx.Client(base_url=stack.url, headers=headers, timeout=120) as client:
        started = time.perf_counter()
        for body in bodies:
            answer = client.post("/api/v1/cases/bulk/", json=body)
            if answer.status_code != 202:
                tally.error(f"POST /api/v1/cases/bulk/: {answer.status_code} {answer.text[:200]}")
                continue
            accepted = answer.json()
            ids = [case_id for case_id in accepted["ids"] if case_id]
            if accepted["rejected"]:
                tally.error(f"bulk rejected {accepted['rejected']} cases: {accepted['errors'][:2]}")
            tally.accepted.extend(ids)
            case_ids.extend(ids)
            pending.append((accepted["batch"], len(ids)))
        accept_seconds = time.perf_counter() - started
        # Wait for the oldest batch first: batches finish roughly in order, and few requests
        # leave the two cores to the workers.
        deadline = time.monotonic() + 120 + total / 20
        while pending and time.monotonic() < deadline:
            batch, expected = pending[0]
            answer = client.get(f"/api/v1/cases/?batch={batch}&status=done&page_size=1")
            if answer.status_code != 200:
                tally.error(f"GET the batch's cases: {answer.status_code}")
                break
            if answer.json()["count"] >= expected:
                pending.pop(0)
                continue
            time.sleep(0.1)
        seconds = time.perf_counter() - started
    if pending:
        tally.error(f"{len(pending)} bulk batches not done in time")
    return Bulk(
        cases=len(case_ids),
        requests=len(bodies),
        seconds=seconds,
        accept_seconds=accept_seconds,
        case_ids=case_ids,
    )


@dataclass
class SingleTimes:
    """A channel's single cases from their rows' timestamps, on the clock of this machine (the
    client, web and worker processes all run here)."""

    done: list[float]  # the POST sent -> scored_at, stamped as the worker stores the result
    seen: list[float]  # the POST sent -> the client's poll saw it done
    waited: list[float]  # created_at -> scoring_started_at: commit, queue, a worker claims it
    scoring: list[float]  # scoring_started_at -> scored_at: the worker's whole scoring
    lag: list[float]  # scored_at -> seen: the commit, then up to one polling interval and a GET


def single_times(latency: Latency) -> SingleTimes:
    from advisor.models import Case

    rows = Case.objects.filter(id__in=list(latency.seen), scored_at__isnull=False).values_list(
        "id", "created_at", "scoring_started_at", "scored_at"
    )
    times = SingleTimes(done=[], seen=[], waited=[], scoring=[], lag=[])
    for case_id, created, claimed, scored in rows:
        submitted, seen = latency.submitted[str(case_id)], latency.seen[str(case_id)]
        times.done.append(scored.timestamp() - submitted)
        times.seen.append(seen)
        times.waited.append((claimed - created).total_seconds())
        times.scoring.append((scored - claimed).total_seconds())
        times.lag.append(submitted + seen - scored.timestamp())
    return times


def bulk_server_seconds(case_ids: list[str]) -> float:
    from django.db.models import Max, Min

    from advisor.models import Case

    span = Case.objects.filter(id__in=case_ids).aggregate(
        first=Min("created_at"), last=Max("scored_at")
    )
    if span["first"] is None or span["last"] is None:
        return float("nan")
    return (span["last"] - span["first"]).total_seconds()


def check_cases(tally: Tally) -> tuple[int, int]:
    """(lost, unfinished): accepted cases missing from the database, and those not done with a
    result there."""
    from advisor.models import Case

    ids = list(dict.fromkeys(tally.accepted))
    found = done = 0
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        cases = Case.objects.filter(id__in=chunk)
        found += cases.count()
        done += cases.filter(status=Case.Status.DONE, result__isnull=False).count()
    return len(ids) - found, found - done


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


# --- the run ------------------------------------------------------------------------------------


@contextmanager
def stopped_on_signals() -> Iterator[None]:
    """SIGTERM (and Ctrl-C) unwind through the `finally` that stops the services."""

    def interrupt(signum, frame) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def arguments_parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="submissions in all phases")
    parser.add_argument("--singles", type=int, default=500, help="single cases per channel")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--poll-interval", type=float, default=0.01, help="seconds")
    parser.add_argument("--floor-samples", type=int, default=500)
    parser.add_argument("--floor-burst", type=int, default=1000)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=2, help="Celery worker processes")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/bench_load",
        help="dropped and created again: never point it at a database you care about",
    )  # fmt: skip
    # The same Redis server as everything else, its own database number: the cache's counters
    # (throttles, rate limits) never meet a test run's.
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument(
        "--keep", action="store_true", help="keep the database and the logs afterwards"
    )
    parser.add_argument(
        "--quick", action="store_true", help="a small run that checks the benchmark still works"
    )
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.cases = min(arguments.cases, 60)
        arguments.singles = min(arguments.singles, 10)
        arguments.batch_size = min(arguments.batch_size, 20)
        arguments.floor_samples = min(arguments.floor_samples, 20)
        arguments.floor_burst = min(arguments.floor_burst, 50)
    if arguments.cases < 2 * arguments.singles:
        parser.error("--cases must be at least twice --singles")
    return arguments


def main() -> int:
    arguments = arguments_parse()
    queue = f"bench-load-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": arguments.database_url,
        "REDIS_URL": arguments.redis_url,
        "CELERY_QUEUE": queue,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        **UNLIMITED_ENV,
    }
    # A throwaway stack needs no lasting secret: a fresh one unless the environment gives one.
    env.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    stack = Stack(
        database_url=arguments.database_url, redis_url=arguments.redis_url, queue=queue, env=env
    )
    tally = Tally()
    load_before = os.getloadavg()
    with stopped_on_signals():
        try:
            stack_prepare(
                stack, web_workers=arguments.web_workers, concurrency=arguments.concurrency
            )
            django_setup(stack)
            code = run(stack, tally, arguments, load_before)
        finally:
            stack.stop()
            cleanup(stack, keep=arguments.keep)
    if code == 0 and not arguments.keep:
        shutil.rmtree(stack.logs)  # a clean run's logs tell nothing; a failed run keeps them
    return code


def pair(values: list[float]) -> str:
    p50, p95 = percentiles(values or [float("nan")])
    return f"p50 {ms(p50)}, p95 {ms(p95)}"


def run(stack: Stack, tally: Tally, arguments: argparse.Namespace, load_before: tuple) -> int:
    singles, interval = arguments.singles, arguments.poll_interval
    print(
        f"Load on {os.cpu_count()} CPUs (load average {load_before[0]:.1f} at the start): gunicorn "
        f"{arguments.web_workers} sync workers, one Celery worker x {arguments.concurrency} "
        f"processes, queue {stack.queue} on {stack.redis_url}, database "
        f"{urlsplit(stack.database_url).path.lstrip('/')}; logs in "
        f"{stack.logs.relative_to(ROOT)}/ (kept when the run fails)",
        flush=True,
    )
    floor = floor_measure(
        stack, tally, samples=arguments.floor_samples, burst=arguments.floor_burst
    )
    print(
        f"0. floor, a no-op Celery task: round trip median {ms(floor.median)}, p95 {ms(floor.p95)} "
        f"({arguments.floor_samples} one at a time); {floor.rate:.0f} tasks/s "
        f"({arguments.floor_burst:,} at once, {arguments.concurrency} worker processes)",
        flush=True,
    )
    goal = floor.median + 0.025
    rows: list[tuple[str, str, str, str]] = [
        ("floor: no-op Celery task round trip", pair_of(floor.median, floor.p95), "", ""),
        ("floor: no-op tasks a second", f"{floor.rate:.0f}/s", "", ""),
    ]

    # Warm-up, counted in the final check but not in the figures: every web and pool process
    # has opened its connections and built its model before the clock runs.
    api_singles(stack, tally, count=4, interval=interval, seed=0)
    form_singles(stack, tally, count=4, interval=interval, seed=0)

    for number, (label, phase) in enumerate(
        (("API single", api_singles), ("form single", form_singles)), start=1
    ):
        latency = phase(stack, tally, count=singles, interval=interval, seed=number)
        times = single_times(latency)
        done_p50 = percentiles(times.done or [float("nan")])[0]
        print(
            f"{number}. {label} cases, {len(times.done)} one at a time: submit -> done "
            f"{pair(times.done)}; seen by polling every {ms(interval)}: {pair(times.seen)}. "
            f"Medians: POST answered {ms(median(latency.answered))}, created -> claimed by a "
            f"worker {ms(median(times.waited))}, claimed -> stored {ms(median(times.scoring))}, "
            f"stored -> seen {ms(median(times.lag))}",
            flush=True,
        )
        rows += [
            (
                f"{label}: submit -> done",
                pair(times.done),
                f"p50 <= floor + 25 ms = {ms(goal)}",
                met(done_p50 <= goal),
            ),
            (f"{label}: seen by polling every {ms(interval)}", pair(times.seen), "", ""),
        ]

    bulk_total = arguments.cases - 2 * singles
    bulk = bulk_run(stack, tally, total=bulk_total, batch_size=arguments.batch_size, seed=3)
    rate = bulk.cases / bulk.seconds if bulk.seconds else 0.0
    server_rate = bulk.cases / bulk_server_seconds(bulk.case_ids)
    print(
        f"3. bulk: {bulk.cases:,} cases in {bulk.requests} requests of up to "
        f"{arguments.batch_size:,}, sent one after another: every case done after "
        f"{bulk.seconds:.1f} s as the partner's case list shows it ({rate:.0f} cases/s); all "
        f"accepted after {bulk.accept_seconds:.1f} s; first created -> last stored: "
        f"{server_rate:.0f} cases/s",
        flush=True,
    )
    rows.append(("bulk: submit -> all done", f"{rate:.0f} cases/s", ">= 500/s", met(rate >= 500)))

    lost, unfinished = check_cases(tally)
    submissions = 2 * singles + bulk_total
    clean = not (lost or unfinished or tally.errors)
    print(
        f"4. {submissions:,} submissions (+8 warm-up), {len(set(tally.accepted)):,} accepted: "
        f"lost: {lost}, unfinished: {unfinished}, errors: {len(tally.errors)}",
        flush=True,
    )
    rows.append(
        (
            f"{submissions:,} submissions: lost, unfinished, errors",
            f"{lost}, {unfinished}, {len(tally.errors)}",
            "0, 0, 0",
            met(clean),
        )
    )
    print(f"\nLoad average {os.getloadavg()[0]:.1f} at the end.")
    if arguments.quick:
        print("A --quick run: too small for its figures to be held against the goals.")
    table(rows)
    return 0 if clean else 1


def pair_of(p50: float, p95: float) -> str:
    return f"median {ms(p50)}, p95 {ms(p95)}"


def table(rows: list[tuple[str, str, str, str]]) -> None:
    header = ("what", "measured", "goal", "")
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(4)]
    for row in [header, *rows]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


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


if __name__ == "__main__":
    sys.exit(main())
