"""What the decision keys cost (stability, promotions, rank acceptability), printed, not asserted.

    .venv/bin/python bench/decisions.py [--repeat 200]

One profile at the dataset's 10,000 robustness samples, in-process: `recommend` as it is, beside
the same call with the decision keys left out (the floor, measured in the same run).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.engine import prepare, recommend, results  # noqa: E402
from regions.files import read_dataset  # noqa: E402

PROFILE = {
    "sector": "robotics",
    "stage": "seed",
    "customer_type": "manufacturers",
    "markets": {"CN": 80, "US": 20},
}


def timed(function, repeat: int) -> tuple[float, float]:
    function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.95)] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    repeat = parser.parse_args().repeat
    model = prepare(read_dataset())
    full = timed(lambda: recommend(model, PROFILE), repeat)
    decisions = results._decisions
    results._decisions = lambda *args, **kwargs: {}
    try:
        bare = timed(lambda: recommend(model, PROFILE), repeat)
    finally:
        results._decisions = decisions
    print(
        f"one profile, 10,000 samples, with the decision keys: median {full[0]:.1f} ms, "
        f"p95 {full[1]:.1f} ms (goal <= 15 ms)"
    )
    print(
        f"the same without them (floor):                     median {bare[0]:.1f} ms, "
        f"p95 {bare[1]:.1f} ms"
    )
    print(f"the decision keys cost: {full[0] - bare[0]:.1f} ms at the median")


if __name__ == "__main__":
    main()
