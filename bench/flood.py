"""The flood the load benchmark (bench/load.py) runs: another partner's bulk batches beside a
founder's case page and a single case, each timed quiet and during the flood."""

from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass

import httpx

from bench.measures import Tally, poll_until_done, profile
from bench.stack import Stack

# --- the flood: another partner's bulk batches beside a founder and a single case -------------


@dataclass
class Flood:
    page_quiet: list[float]  # seconds for GET of a founder's case page, nothing else running
    page_flood: list[float]  # the same during the flood
    single_quiet: list[float]  # another partner's single case, POST sent -> seen done
    single_flood: list[float]
    bulk_sent: int  # bulk requests the flooding partner sent during the flood
    bulk_accepted: int  # of which were accepted (the rest: 429, its case budget spent)
    flood_cases: list[str]


def _founder_page_times(stack: Stack, tally: Tally, *, path: str, count: int) -> list[float]:
    times = []
    with httpx.Client(base_url=stack.url, timeout=60) as browser:
        for _ in range(count):
            started = time.perf_counter()
            answer = browser.get(path)
            times.append(time.perf_counter() - started)
            if answer.status_code != 200:
                tally.error(f"GET {path}: {answer.status_code}")
            time.sleep(0.05)
    return times


def _other_partner_times(
    stack: Stack, tally: Tally, *, count: int, interval: float, seed: int
) -> list[float]:
    rng = random.Random(seed)
    times = []
    headers = {"Authorization": f"Api-Key {stack.other_key}"}
    with httpx.Client(base_url=stack.url, headers=headers, timeout=60) as client:
        for number in range(count):
            body = {"startup_name": f"Other partner {seed}-{number}", **profile(rng)}
            started = time.perf_counter()
            answer = client.post("/api/v1/cases/", json=body)
            if answer.status_code != 202:
                tally.error(f"other partner POST: {answer.status_code} {answer.text[:200]}")
                continue
            tally.accepted.append(answer.json()["id"])
            location = answer.headers["Location"]
            if poll_until_done(lambda: client.get(location), tally, interval=interval):  # noqa: B023
                times.append(time.perf_counter() - started)
    return times


def flood_measure(
    stack: Stack,
    tally: Tally,
    *,
    founder_case_path: str,
    samples: int,
    flooders: int,
    batch_size: int,
    interval: float,
) -> Flood:
    """Quiet figures first, then the same while `flooders` clients of one partner send
    `batch_size`-case bulk requests back to back, as fast as they are answered (429s
    included), until the measurements are done."""

    page_quiet = _founder_page_times(stack, tally, path=founder_case_path, count=samples)
    single_quiet = _other_partner_times(stack, tally, count=samples, interval=interval, seed=11)

    rng = random.Random(12)
    cases = [{"startup_name": f"Flood {n}", **profile(rng)} for n in range(batch_size)]
    # Encoded once: the flooding clients run on this machine too, and encoding 1,000 cases for
    # every request would take from the server the CPU the flood is meant to contend for.
    body = json.dumps({"cases": cases}).encode()
    stop = threading.Event()
    lock = threading.Lock()
    sent, accepted, flood_cases = [0], [0], []

    def flood() -> None:
        headers = {
            "Authorization": f"Api-Key {stack.flood_key}",
            "Content-Type": "application/json",
        }
        with httpx.Client(base_url=stack.url, headers=headers, timeout=120) as client:
            while not stop.is_set():
                try:
                    answer = client.post("/api/v1/cases/bulk/", content=body)
                except httpx.TransportError as error:
                    with lock:
                        tally.error(f"flood POST: {error!r}")
                    continue
                with lock:
                    sent[0] += 1
                    if answer.status_code == 202:
                        accepted[0] += 1
                        flood_cases.extend(i for i in answer.json()["ids"] if i)
                    elif answer.status_code != 429:
                        tally.error(f"flood POST: {answer.status_code} {answer.text[:200]}")

    threads = [threading.Thread(target=flood, daemon=True) for _ in range(flooders)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.0)  # the flood is under way
        page_flood = _founder_page_times(stack, tally, path=founder_case_path, count=samples)
        single_flood = _other_partner_times(stack, tally, count=samples, interval=interval, seed=13)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=180)
    tally.accepted.extend(flood_cases)
    return Flood(
        page_quiet=page_quiet,
        page_flood=page_flood,
        single_quiet=single_quiet,
        single_flood=single_flood,
        bulk_sent=sent[0],
        bulk_accepted=accepted[0],
        flood_cases=flood_cases,
    )
