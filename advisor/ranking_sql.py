"""A region's place in a stored result, read by the database: its rank and score in the result's
`ranking`, and the recommendation's score, as expressions a queryset can filter and sort by
(so a list of thousands of cases is ordered and paginated without reading every result).

PostgreSQL and SQLite (the embedded default) each spell the JSON look-up their own way.
"""

from __future__ import annotations

from typing import Any

from django.db import NotSupportedError
from django.db.models import Expression, F, FloatField, Func, IntegerField


class RankingEntry(Func):
    """`key` (rank or score) of the ranking entry of `region` in the JSON result `result`;
    NULL when the result is NULL or does not rank the region. region=None: the first entry
    (the recommendation)."""

    def __init__(self, result: str | Expression, *, key: str, region: str | None) -> None:
        if key not in ("rank", "score"):
            raise ValueError(f"unknown ranking key {key!r}")
        self.key = key
        self.region = region
        output = IntegerField() if key == "rank" else FloatField()
        super().__init__(F(result) if isinstance(result, str) else result, output_field=output)

    def as_sql(self, compiler, connection, **extra: Any):
        raise NotSupportedError(f"RankingEntry is not written for {connection.vendor}")

    def as_postgresql(self, compiler, connection, **extra: Any):
        result, params = compiler.compile(self.get_source_expressions()[0])
        cast = "integer" if self.key == "rank" else "double precision"
        if self.region is None:
            return f"((({result}) -> 'ranking' -> 0) ->> %s)::{cast}", [*params, self.key]
        sql = (
            f"(SELECT (entry.value ->> %s)::{cast} "  # nosec B608: compiled SQL only, values are parameters
            f"FROM jsonb_array_elements(({result}) -> 'ranking') AS entry(value) "
            "WHERE entry.value ->> 'region' = %s LIMIT 1)"
        )
        return sql, [self.key, *params, self.region]

    def as_sqlite(self, compiler, connection, **extra: Any):
        result, params = compiler.compile(self.get_source_expressions()[0])
        if self.region is None:
            return f"json_extract({result}, %s)", [*params, f"$.ranking[0].{self.key}"]
        sql = (
            f"(SELECT json_extract(entry.value, %s) FROM json_each({result}, '$.ranking') "  # nosec B608: compiled SQL only, values are parameters
            "AS entry WHERE json_extract(entry.value, '$.region') = %s LIMIT 1)"
        )
        return sql, [f"$.{self.key}", *params, self.region]
