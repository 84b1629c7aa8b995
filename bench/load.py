"""Load over the real stack, printed (timings are not asserted: these machines are noisy).

    .venv/bin/python bench/load.py [--cases 10000] [--singles 500] [--quick]

Creates its own PostgreSQL database (dropped first, and again at the end unless --keep), migrates
it, loads the region data, creates a partner, then starts gunicorn (2 sync workers) and one
Celery worker (prefork, --concurrency 2) for single cases and one for bulk batches (1 process,
its own queue) as `make run` does, on queues of their own on the local Redis, and measures:

0. the floor: a no-op Celery task (bench/noop_tasks.py, loaded by the same worker) sent and seen
   back, one at a time (round trip) and 1,000 at once (tasks a second);
1. --singles cases through the partner API, one at a time: POST, then GET the case every
   --poll-interval until it is done;
2. --singles cases through the founder form, one at a time: GET the form, then (timed) POST it,
   follow the redirect to the case page and poll the status endpoint that page polls;
3. bulk: the rest of --cases, --batch-size profiles a request to /api/v1/cases/bulk/, sent one
   after another, timed from the first POST until the partner's case list shows every case done;
5. the flood (issue 18): a founder's case page (GET) and another partner's single case (POST,
   then polled until done), --flood-samples of each while nothing else runs, then as many while
   --flooders clients of a third partner send --batch-size bulk requests back to back (the
   product's case budget, PARTNER_CASE_RATE, answers them 429 once spent); goal: p95 during the
   flood at most 3x the quiet p95 of the same run;
6. every accepted case is then read from the database: a case missing is "lost", a case not done
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
import os
import secrets
import shutil
import signal
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.flood import flood_measure  # noqa: E402
from bench.measures import (  # noqa: E402
    Tally,
    api_singles,
    bulk_run,
    bulk_server_seconds,
    bulk_wait,
    check_cases,
    floor_measure,
    form_singles,
    median,
    met,
    ms,
    percentiles,
    single_times,
)
from bench.stack import (  # noqa: E402
    UNLIMITED_ENV,
    Stack,
    cleanup,
    django_setup,
    stack_prepare,
)

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
    parser.add_argument("--flooders", type=int, default=10, help="concurrent bulk clients")
    parser.add_argument("--flood-samples", type=int, default=40, help="per figure and phase")
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
        arguments.flooders = min(arguments.flooders, 2)
        arguments.flood_samples = min(arguments.flood_samples, 5)
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
        "CELERY_BULK_QUEUE": f"{queue}-bulk",
        # The product's case budget for every partner, above what the benchmark's own partner
        # submits: the flooding partner meets it as it would in production.
        "PARTNER_CASE_RATE": f"{max(10_000, arguments.cases + 100)}/hour",
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

    # 5. The flood (issue 18): a founder's page and another partner's single case while one
    # partner floods the API with bulk requests; their p95 at most 3x the quiet figure.
    from advisor.models import Case

    founder_case = Case.objects.filter(channel=Case.Channel.WEB, status=Case.Status.DONE).first()
    flood = flood_measure(
        stack,
        tally,
        founder_case_path=f"/cases/{founder_case.id}/",
        samples=arguments.flood_samples,
        flooders=arguments.flooders,
        batch_size=arguments.batch_size,
        interval=interval,
    )
    page_ratio = percentiles(flood.page_flood)[1] / percentiles(flood.page_quiet)[1]
    single_ratio = percentiles(flood.single_flood)[1] / percentiles(flood.single_quiet)[1]
    print(
        f"5. flood: {arguments.flooders} clients of one partner sent {flood.bulk_sent} bulk "
        f"requests of {arguments.batch_size:,} ({flood.bulk_accepted} accepted, the rest 429 "
        f"past its case budget {stack.env['PARTNER_CASE_RATE']}). Founder's case page: quiet "
        f"{pair(flood.page_quiet)}, flood {pair(flood.page_flood)} (p95 x{page_ratio:.1f}); "
        f"another partner's single case, POST -> seen done: quiet {pair(flood.single_quiet)}, "
        f"flood {pair(flood.single_flood)} (p95 x{single_ratio:.1f})",
        flush=True,
    )
    rows += [
        ("flood: founder's case page, quiet", pair(flood.page_quiet), "", ""),
        (
            "flood: founder's case page, flood",
            pair(flood.page_flood),
            "p95 <= 3x quiet",
            met(page_ratio <= 3),
        ),
        ("flood: other partner's single case, quiet", pair(flood.single_quiet), "", ""),
        (
            "flood: other partner's single case, flood",
            pair(flood.single_flood),
            "p95 <= 3x quiet",
            met(single_ratio <= 3),
        ),
    ]
    drained = bulk_wait(flood.flood_cases, timeout=120 + len(flood.flood_cases) / 20)
    print(f"   the flood's {len(flood.flood_cases):,} cases were all scored {drained:.1f} s later")

    lost, unfinished = check_cases(tally)
    submissions = 2 * singles + bulk_total
    clean = not (lost or unfinished or tally.errors)
    print(
        f"6. {submissions:,} submissions (+8 warm-up), {len(set(tally.accepted)):,} accepted: "
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


if __name__ == "__main__":
    sys.exit(main())
