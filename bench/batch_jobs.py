"""Batch jobs over the real stack, printed (timings are not asserted: these machines are noisy).

    .venv/bin/python bench/batch_jobs.py [--profiles 1000000] [--quick]

Creates its own PostgreSQL database (dropped first, and again at the end unless --keep), starts
gunicorn and, for each of 1 and 2 worker processes, one Celery worker on a batch queue of its own
on the local Redis, and measures, on the same random profiles:

0. the floor: the in-process engine (`score_table`, the code every chunk runs) on all of them,
   100,000 at a time, in this process: what one process does with no upload, storage or queue;
1. end to end with 1, then 2 worker processes: from the first byte of the upload (CSV, streamed
   over HTTP) until the whole result has been downloaded (streamed, every row counted), polling
   the job every 0.2 s in between; with the peak resident memory (VmHWM) of every web and worker
   process;
2. the command line: `manage.py check` and `manage.py recommend` for one profile, side by side
   (alternating, median of --repeat runs each), and `manage.py recommend --batch` on --cli-batch
   profiles (CSV in and out, the command's own wall time).

The process exits 1 when a job loses or duplicates a row (never for timings).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.engine import random_profiles  # noqa: E402
from bench.stack import (  # noqa: E402
    UNLIMITED_ENV,
    Stack,
    cleanup,
    database_recreate,
    free_port,
    manage,
    wait_for,
)

MEMORY_GOAL_MB = 500


def arguments_parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1_000_000)
    parser.add_argument("--chunk-rows", type=int, default=10_000, help="BATCH_CHUNK_ROWS")
    parser.add_argument("--cli-batch", type=int, default=100_000, help="recommend --batch rows")
    parser.add_argument("--repeat", type=int, default=5, help="runs of check and recommend")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/bench_batch",
        help="dropped and created again: never point it at a database you care about",
    )  # fmt: skip
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/4")
    parser.add_argument("--keep", action="store_true", help="keep the database and the files")
    parser.add_argument("--quick", action="store_true", help="a small run that checks it works")
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.profiles = min(arguments.profiles, 20_000)
        arguments.chunk_rows = min(arguments.chunk_rows, 2_000)
        arguments.cli_batch = min(arguments.cli_batch, 5_000)
        arguments.repeat = 1
    return arguments


# --- memory ---------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        path = task / "children"
        if path.exists():
            found += [int(child) for child in path.read_text().split()]
    return found


def peak_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peaks(pid: int) -> list[float]:
    """The peak of a process and of each of its children (gunicorn's or Celery's pool)."""
    return [peak_mb(p) for p in [pid, *children(pid)] if Path(f"/proc/{p}").exists()]


# --- the run ----------------------------------------------------------------------------------


def profiles_file(path: Path, count: int) -> None:
    frame = random_profiles(count)
    frame.to_csv(path, index=False, float_format="%.2f")


def floor_rate(path: Path) -> float:
    """Profiles a second of the in-process engine on the file's profiles, 100,000 at a time."""
    import pandas as pd

    from advisor.engine import prepare, score_table
    from regions.files import read_dataset

    model = prepare(read_dataset(ROOT / "regions" / "data"))
    seconds = 0.0
    rows = 0
    for frame in pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=100_000):
        started = time.perf_counter()
        output, problems = score_table(model, frame)
        seconds += time.perf_counter() - started
        rows += len(output)
        assert not problems, list(problems.items())[:3]
    return rows / seconds


def worker_start(stack: Stack, queue: str, processes: int):
    worker = stack.start(
        f"worker-{processes}",
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--queues", queue,
         "--concurrency", str(processes), "--pool", "prefork",
         "--hostname", f"bench-batch-{uuid.uuid4().hex[:6]}@%h",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"],
    )  # fmt: skip

    def ready() -> bool:
        worker.check_running()
        return " ready." in worker.log()

    wait_for(ready, what="celery worker ready", timeout=90, every=0.2)
    return worker


def job_run(client: httpx.Client, path: Path) -> tuple[float, int, dict]:
    """Upload, wait, download: seconds end to end, rows downloaded, the final job."""
    size = path.stat().st_size

    def pieces():
        with path.open("rb") as handle:
            while piece := handle.read(1 << 16):
                yield piece

    started = time.perf_counter()
    answer = client.post(
        "/api/v1/batches/",
        content=pieces(),
        headers={"Content-Type": "text/csv", "Content-Length": str(size)},
    )
    answer.raise_for_status()
    url = answer.json()["url"]
    while (job := client.get(url).json())["status"] in ("queued", "running"):
        time.sleep(0.2)
    rows = -1  # the header
    with client.stream("GET", job["results_url"], headers={"Accept": "text/csv"}) as results:
        for line in results.iter_lines():
            rows += bool(line)
    return time.perf_counter() - started, rows, job


def median_run(command: list[str], env: dict, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def cli_measures(env: dict, repeat: int, batch_path: Path, out: Path) -> list[tuple[str, str, str]]:
    manage_py = [sys.executable, str(ROOT / "manage.py")]
    one = [*manage_py, "recommend", "--sector", "robotics", "--stage", "seed",
           "--customer-type", "manufacturers", "--market", "CN=80", "--market", "US=20", "--json"]  # fmt: skip
    check_times, recommend_times = [], []
    for _ in range(repeat):  # alternating, so both see the same load
        check_times.append(median_run([*manage_py, "check"], env, 1))
        recommend_times.append(median_run(one, env, 1))
    check, recommend = statistics.median(check_times), statistics.median(recommend_times)
    batch = median_run(
        [*manage_py, "recommend", "--batch", str(batch_path), "--out", str(out)], env, 1
    )
    ratio = recommend / check
    return [
        ("manage.py check", f"{check:.2f} s", "", ""),
        ("manage.py recommend, one profile", f"{recommend:.2f} s ({ratio:.2f}x check)",
         "<= 1.5x check", "met" if ratio <= 1.5 else "not met"),
        (f"manage.py recommend --batch, {count_rows(batch_path):,} profiles", f"{batch:.2f} s",
         "<= 5 s", "met" if batch <= 5 else "not met"),
    ]  # fmt: skip


def count_rows(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle) - 1


def main() -> int:
    arguments = arguments_parse()
    queue = f"bench-batch-{uuid.uuid4().hex[:8]}"
    batch_queue = f"{queue}-batch"
    env = {
        **os.environ,
        "DATABASE_URL": arguments.database_url,
        "REDIS_URL": arguments.redis_url,
        "CELERY_QUEUE": queue,
        "CELERY_BATCH_QUEUE": batch_queue,
        "BATCH_CHUNK_ROWS": str(arguments.chunk_rows),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        **UNLIMITED_ENV,
    }
    env.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    stack = Stack(
        database_url=arguments.database_url, redis_url=arguments.redis_url, queue=queue, env=env
    )
    files = ROOT / "var" / "bench-batch" / queue
    files.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    clean = True
    try:
        path = files / "profiles.csv"
        profiles_file(path, arguments.profiles)
        warm = files / "warm.csv"
        profiles_file(warm, arguments.chunk_rows * 2)
        cli_batch = files / "cli.csv"
        profiles_file(cli_batch, arguments.cli_batch)
        print(
            f"Batch jobs on {os.cpu_count()} CPUs (load average {load_before[0]:.1f} at the "
            f"start): {arguments.profiles:,} profiles ({path.stat().st_size / 1e6:.0f} MB of CSV), "
            f"chunks of {arguments.chunk_rows:,}, gunicorn {arguments.web_workers} sync workers, "
            f"queue {batch_queue} on {arguments.redis_url}",
            flush=True,
        )
        floor = floor_rate(path)
        print(f"0. floor, the in-process engine on the same profiles: {floor:,.0f} profiles/s")

        database_recreate(arguments.database_url)
        manage(stack, "migrate", "--noinput")
        manage(stack, "load_regions")
        key = manage(stack, "create_partner", "Batch Benchmark").strip().splitlines()[-1]
        port = free_port()
        web = stack.start(
            "web",
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(arguments.web_workers), "--timeout", "600"],
        )  # fmt: skip
        client = httpx.Client(
            base_url=f"http://127.0.0.1:{port}",
            headers={"Authorization": f"Api-Key {key}"},
            timeout=600,
        )

        def web_answers() -> bool:
            web.check_running()
            try:
                return client.get("/api/v1/vocabulary/").status_code == 200
            except httpx.TransportError:
                return False

        wait_for(web_answers, what="gunicorn answering", timeout=60, every=0.2)

        rows: list[tuple[str, str, str, str]] = [
            ("floor: in-process engine", f"{floor:,.0f} profiles/s", "", "")
        ]
        rates: dict[int, float] = {}
        memory: list[float] = []
        for processes in (1, 2):
            worker = worker_start(stack, batch_queue, processes)
            job_run(client, warm)  # every pool process builds its model before the clock runs
            seconds, downloaded, job = job_run(client, path)
            rates[processes] = arguments.profiles / seconds
            worker_peaks = peaks(worker.process.pid)
            memory += worker_peaks
            exact = downloaded == job["done"] == arguments.profiles and job["status"] == "done"
            clean &= exact
            print(
                f"{processes}. {processes} worker process{'es' if processes > 1 else ''}: "
                f"{arguments.profiles:,} profiles upload -> downloaded in {seconds:.1f} s "
                f"({rates[processes]:,.0f} profiles/s, {rates[processes] / floor:.0%} of the "
                f"floor); rows downloaded {downloaded:,}, job {job['status']}, done "
                f"{job['done']:,}, failed {job['failed']:,}; peak memory of the worker's "
                f"processes {', '.join(f'{mb:.0f}' for mb in worker_peaks)} MB",
                flush=True,
            )
            worker.stop()
            stack.services.remove(worker)
        web_peaks = peaks(web.process.pid)
        memory += web_peaks
        print(f"Peak memory of the web processes: {', '.join(f'{mb:.0f}' for mb in web_peaks)} MB")
        scale = rates[2] / rates[1]
        rows += [
            ("1 worker process, end to end", f"{rates[1]:,.0f} profiles/s", "", ""),
            ("2 worker processes, end to end", f"{rates[2]:,.0f} profiles/s", ">= 10,000/s",
             "met" if rates[2] >= 10_000 else "not met"),
            ("from 1 to 2 processes", f"{scale:.2f}x", "close to 2x",
             "met" if scale >= 1.7 else "not met"),
            ("peak memory, web and worker processes", f"{max(memory):.0f} MB",
             f"< {MEMORY_GOAL_MB} MB", "met" if max(memory) < MEMORY_GOAL_MB else "not met"),
            ("rows lost or duplicated", "0" if clean else "some", "0",
             "met" if clean else "not met"),
        ]  # fmt: skip
        client.close()
        stack.stop()
        rows += cli_measures(env, arguments.repeat, cli_batch, files / "cli-out.csv")
    finally:
        stack.stop()
        cleanup(stack, keep=arguments.keep)
        if not arguments.keep:
            shutil.rmtree(files, ignore_errors=True)
    print(f"\nLoad average {os.getloadavg()[0]:.1f} at the end.")
    if arguments.quick:
        print("A --quick run: too small for its figures to be held against the goals.")
    table(rows)
    return 0 if clean else 1


def table(rows: list[tuple[str, str, str, str]]) -> None:
    header = ("what", "measured", "goal", "")
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(4)]
    for row in [header, *rows]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


if __name__ == "__main__":
    sys.exit(main())
