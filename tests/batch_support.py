"""Batch job files for the tests: profiles as `recommend --batch` reads them, with bad rows where
asked."""

from __future__ import annotations

import json
import random

from advisor.engine.vocabulary import CUSTOMER_TYPES, MARKETS, SECTORS, STAGES

HEADER = ["id", "sector", "stage", "customer_type", *MARKETS]


def profile_row(rng: random.Random, number: int) -> dict[str, object]:
    first, second = rng.sample(MARKETS, 2)
    share = rng.randrange(10, 100, 10)
    return {
        "id": f"p{number}",
        "sector": rng.choice(SECTORS),
        "stage": rng.choice(STAGES),
        "customer_type": rng.choice(CUSTOMER_TYPES),
        "markets": {first: share, second: 100 - share},
    }


def profiles_csv(count: int, *, bad: dict[int, str] | None = None, seed: int = 7) -> bytes:
    """`count` profile rows; `bad` maps a row number (0-based) to the sector written instead."""
    rng = random.Random(seed)
    lines = [",".join(HEADER)]
    for number in range(count):
        row = profile_row(rng, number)
        if bad and number in bad:
            row["sector"] = bad[number]
        markets = row["markets"]
        cells = [row["id"], row["sector"], row["stage"], row["customer_type"]]
        cells += [str(markets.get(code, "")) for code in MARKETS]
        lines.append(",".join(cells))
    return ("\n".join(lines) + "\n").encode()


def profiles_jsonl(count: int, *, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    return "".join(json.dumps(profile_row(rng, n)) + "\n" for n in range(count)).encode()
