"""Felt speed: from the founder's click on "Get my recommendation" to the ranking on screen, in a
real browser (Playwright driving Debian's Chromium) on the real stack, printed beside the load of
a static file in the same browser and run (the floor). Printed, never asserted.

    .venv/bin/python bench/felt_speed.py [--runs 20] [--database-url ...] [--redis-url ...]

It starts its own stack (bench/stack.py: a PostgreSQL database of its own, gunicorn with two
workers, one Celery worker on a queue of its own on the local Redis), fills the founder form as a
founder would, clicks submit and waits for the ranking table to be visible; the case page follows
the worker by polling its status (after 60 ms, then 1.5 times longer each time up to a second)
and reloads once the result is stored.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.stack import UNLIMITED_ENV, Stack, cleanup, stack_prepare  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def p50_p95(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def measure(url: str, runs: int) -> tuple[list[float], list[float], list[float]]:
    felt, static, landing = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(f"{url}/")  # warm: the browser's cache holds the stylesheets and scripts
        for run in range(runs + 1):
            started = time.perf_counter()
            page.goto(f"{url}/static/advisor/favicon.svg")
            floor = time.perf_counter() - started

            started = time.perf_counter()
            page.goto(f"{url}/")
            home = time.perf_counter() - started
            page.fill("#id_startup_name", f"Felt Speed {run}")
            page.fill("#id_market_CN", "80")
            page.fill("#id_market_US", "20")
            started = time.perf_counter()
            page.click("button[type=submit].button-large")
            page.wait_for_selector("#ranking", state="visible", timeout=30_000)
            seen = time.perf_counter() - started
            if run:  # the first run warms the server processes
                felt.append(seen)
                static.append(floor)
                landing.append(home)
        browser.close()
    return felt, static, landing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/decisions_felt",
        help="dropped and created again: never point it at a database you care about",
    )  # fmt: skip
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8")
    arguments = parser.parse_args()
    queue = f"bench-felt-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": arguments.database_url,
        "REDIS_URL": arguments.redis_url,
        "CELERY_QUEUE": queue,
        "CELERY_BULK_QUEUE": f"{queue}-bulk",  # the stack starts a bulk worker too (bench/stack.py)
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        **UNLIMITED_ENV,
        "CACHE_KEY_PREFIX": "bench-felt",
    }
    env.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    stack = Stack(
        database_url=arguments.database_url, redis_url=arguments.redis_url, queue=queue, env=env
    )
    load_before = os.getloadavg()
    try:
        stack_prepare(stack, web_workers=2, concurrency=1)
        felt, static, landing = measure(stack.url, arguments.runs)
    finally:
        stack.stop()
        cleanup(stack, keep=False)
    load_after = os.getloadavg()
    print(f"{arguments.runs} submissions in Chromium on the real stack")
    print(f"  floor: a static file's load         {p50_p95(static)}")
    print(f"  the landing page's load (for scale) {p50_p95(landing)}")
    print(f"  submit -> ranking on screen         {p50_p95(felt)}  (goal: p50 <= 500 ms)")
    print(f"  load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
