"""What the load benchmark (bench/load.py) measures on the stack: the no-op floor, single cases
through the API and the founder form, bulk batches, and whether every accepted case was
finished."""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import numpy as np
import redis

from advisor.engine.vocabulary import CUSTOMER_TYPES, MARKETS, SECTORS, STAGES
from bench.stack import Stack

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


def bulk_wait(case_ids: list[str], *, timeout: float) -> float:
    """Seconds until every one of `case_ids` is done (the flood's cases, before the final
    check), or until `timeout`."""
    from advisor.models import Case

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        done = sum(
            Case.objects.filter(id__in=case_ids[i : i + 2000], status=Case.Status.DONE).count()
            for i in range(0, len(case_ids), 2000)
        )
        if done >= len(case_ids):
            break
        time.sleep(0.5)
    return time.perf_counter() - started
