"""Robustness: how often each region ranks first when the weights and the data are a little off.

This is the first-rank acceptability of stochastic multicriteria acceptability analysis (SMAA):
weights are drawn from a Dirichlet distribution centred on the chosen weights (its concentration
sets how far they stray), and every region's total is perturbed by the uncertainty of the
indicators behind it (estimates count as less certain than measurements). The share of samples in
which a region comes first is its probability of being the best choice.

Samples come from a fixed seed, so the same input gives the same answer; each distinct weight
vector draws its own samples from that seed, so a profile's result does not depend on what else
is scored with it.
"""

from __future__ import annotations

from functools import lru_cache
from threading import Lock

import numpy as np

MAX_CHUNK_ELEMENTS = 1_000_000  # keeps the (regions, samples, profiles) block near 4 MB, in cache


def bytes_needed(
    *, profiles: int, regions: int, region_count: int, criteria: int, samples: int
) -> int:
    """About the most memory first_place_shares holds at once, in bytes (an upper estimate):
    what the samples need grows with samples x regions whatever the chunking, so a sample count
    can be refused before anything is allocated. `region_count` is the dataset's (the noise is
    drawn for every region), `regions` those compared."""
    f32, f64 = 4, 8
    block = min(profiles, max(1, MAX_CHUNK_ELEMENTS // max(1, samples * regions)))
    return (
        samples * region_count * (f64 + f32)  # the noise, drawn as float64, kept as float32
        + samples * regions * f32  # the compared regions' noise
        + samples * criteria * (3 * f64 + f32)  # gamma draws, their sums, the weights; float32
        + regions * samples * (criteria + 1) * f32  # the mixers
        + profiles * regions * (criteria + 1) * (f64 + 2 * f32)  # the terms and their copies
        + regions * (criteria + 1) * block * f32  # one block of terms
        + regions * samples * block * (f32 + 1)  # its totals and the comparison with the best
        + samples * block * (f32 + 8)  # the best totals, the win counts
        + profiles * regions * f64  # the shares
    )


def total_uncertainty(
    criteria: np.ndarray, weights: np.ndarray, relative: np.ndarray
) -> np.ndarray:
    """(profiles, regions) standard deviation of each total, from per-criterion uncertainty.

    criteria (P, R, C) scores, weights (P, C) normalised, relative (C, R) relative uncertainty.
    """
    spread = weights[:, None, :] * criteria * relative.T[None, :, :]
    return np.sqrt((spread**2).sum(axis=-1))


def first_place_shares(
    criteria: np.ndarray,
    weights: np.ndarray,
    spread: np.ndarray,
    region_positions: np.ndarray,
    region_count: int,
    *,
    samples: int,
    concentration: float,
    seed: int,
) -> np.ndarray:
    """(profiles, regions) share of samples in which each region ranks first; rows sum to 1."""
    profiles, regions, _ = criteria.shape
    shares = np.zeros((profiles, regions))
    # Noise is drawn for every region of the dataset and then selected, so a region's noise is
    # the same whichever subset of regions is being compared.
    noise = _region_noise(seed, samples, region_count)[:, region_positions]  # (samples, regions)
    # A sample's total for region r is  weights . criteria[r] + noise[r] * spread[r], so the
    # noise is one more "criterion" whose weight is the noise draw: per region, one matrix
    # product of (samples, C + 1) by (C + 1, profiles). The (regions, samples, profiles) layout
    # makes finding each sample's best region an element-wise maximum over contiguous rows.
    # float32: a score's rounding error (1e-7 of 100) is far below any meaningful difference.
    terms = np.concatenate([criteria, spread[:, :, None]], axis=2)  # (P, R, C + 1)
    terms = np.ascontiguousarray(terms.astype(np.float32).transpose(1, 2, 0))  # (R, C + 1, P)
    distinct, group_of_row = np.unique(weights, axis=0, return_inverse=True)
    chunk = max(1, MAX_CHUNK_ELEMENTS // (samples * regions))
    for group, centre in enumerate(distinct):
        sampled = dirichlet_samples(centre, samples, concentration, seed).astype(np.float32)
        mixers = np.empty((regions, samples, len(centre) + 1), dtype=np.float32)
        mixers[:, :, :-1] = sampled
        mixers[:, :, -1] = noise.T
        rows = np.flatnonzero(group_of_row.ravel() == group)
        for start in range(0, len(rows), chunk):
            block = rows[start : start + chunk]
            block_terms = terms[:, :, block]  # a contiguous copy
            totals = np.empty((regions, samples, len(block)), dtype=np.float32)
            for region in range(regions):
                np.matmul(mixers[region], block_terms[region], out=totals[region])
            best = totals.max(axis=0)  # (samples, block)
            wins = (totals == best).sum(axis=1, dtype=np.int64).T  # (block, regions)
            # an exact tie (identical regions) shares the sample instead of favouring one
            shares[block] = wins / wins.sum(axis=1, keepdims=True)
    return shares


@lru_cache(maxsize=4)
def _region_noise(seed: int, samples: int, region_count: int) -> np.ndarray:
    """(samples, region_count) standard normal draws. They depend on no profile, so each process
    draws them once and shares them, read-only: drawing them was a third of scoring one profile
    (1.6 ms of 4.8 at 10,000 samples and 15 regions)."""
    noise = np.random.default_rng([seed, 1]).standard_normal((samples, region_count))
    noise = noise.astype(np.float32)
    noise.flags.writeable = False
    return noise


def dirichlet_samples(
    centre: np.ndarray, samples: int, concentration: float, seed: int
) -> np.ndarray:
    """_dirichlet_around, kept for the last few weight vectors (read-only): the rank
    acceptability of a result draws the very samples its first-place shares were drawn from."""
    return _dirichlet_cached(tuple(float(w) for w in centre), samples, concentration, seed)


@lru_cache(maxsize=8)
def _dirichlet_cached(
    centre: tuple[float, ...], samples: int, concentration: float, seed: int
) -> np.ndarray:
    draws = _dirichlet_around(np.array(centre), samples, concentration, seed)
    draws.flags.writeable = False
    return draws


def _dirichlet_around(
    centre: np.ndarray, samples: int, concentration: float, seed: int
) -> np.ndarray:
    """Weight vectors with mean `centre`; criteria weighted zero stay at zero. The last few
    draws are kept (read-only), so the two-site plans reuse the ranking's samples for free."""
    key = (np.asarray(centre, dtype=float).tobytes(), samples, concentration, seed)
    with _DRAWS_LOCK:
        if key in _DRAWS:
            return _DRAWS[key]
    draws = _draw_dirichlet(centre, samples, concentration, seed)
    draws.flags.writeable = False
    with _DRAWS_LOCK:
        _DRAWS[key] = draws
        while len(_DRAWS) > _DRAWS_KEPT:
            _DRAWS.pop(next(iter(_DRAWS)))
    return draws


_DRAWS: dict[tuple, np.ndarray] = {}
_DRAWS_KEPT = 8
_DRAWS_LOCK = Lock()


def _draw_dirichlet(
    centre: np.ndarray, samples: int, concentration: float, seed: int
) -> np.ndarray:
    rng = np.random.default_rng([seed, 2])
    active = centre > 0
    draws = np.zeros((samples, len(centre)))
    draws[:, active] = rng.standard_gamma(
        concentration * centre[active], size=(samples, active.sum())
    )
    return draws / draws.sum(axis=1, keepdims=True)
