"""Distances and working-hours overlap between regions and customer markets."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import numpy as np

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


def great_circle_km(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """Haversine distance between every point of the first set (rows) and the second (columns)."""
    p1, l1 = np.radians(lat1)[:, None], np.radians(lon1)[:, None]
    p2, l2 = np.radians(lat2)[None, :], np.radians(lon2)[None, :]
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def utc_offsets_hours(time_zones: list[str], year: int) -> np.ndarray:
    """UTC offsets in hours, in mid-January and mid-July, so daylight saving time counts."""
    moments = [
        datetime(year, 1, 15, 12, tzinfo=UTC),
        datetime(year, 7, 15, 12, tzinfo=UTC),
    ]
    return np.array(
        [
            [
                moment.astimezone(ZoneInfo(name)).utcoffset().total_seconds() / 3600
                for moment in moments
            ]
            for name in time_zones
        ]
    )


def working_overlap(
    offsets_a: np.ndarray, offsets_b: np.ndarray, workday_hours: float
) -> np.ndarray:
    """Share of a working day that two places share, averaged over the seasons.

    offsets_* are (places, seasons) in hours; the result is (places_a, places_b) in 0..1.
    """
    gap = np.abs(offsets_a[:, None, :] - offsets_b[None, :, :]) % 24
    gap = np.minimum(gap, 24 - gap)
    overlap = np.clip(workday_hours - gap, 0.0, workday_hours) / workday_hours
    return overlap.mean(axis=-1)
