"""The dataset's reference date: the day its programmes and rules were last reviewed."""

from __future__ import annotations


def as_of(params: dict[str, float]) -> str:
    """`data.as_of_date` (written YYYYMMDD) as an ISO date: programmes that ended before it
    count nothing and rules in force on it apply, so a stored result can be reproduced whatever
    the clock says."""
    text = f"{int(params['data.as_of_date']):08d}"
    return f"{text[:4]}-{text[4:6]}-{text[6:]}"
