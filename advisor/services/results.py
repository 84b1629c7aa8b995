"""Storing scorings: each case's result (or why it could not be scored) and its scoring run, for
one case or a thousand at once; the status change itself, with its history row, goes through
advisor.services.lifecycle.cases_move like every other.

On PostgreSQL the results travel once, as one JSON document that the database spreads over the
cases; the scoring runs and history rows are then copied from the stored cases inside the
database. Through the ORM the same rows cost about four times the CPU (each 12 KB result is
serialised three times, and bulk updates build a CASE WHEN per row and field), which on two
cores was the larger part of scoring a bulk submission, and a sixth of scoring a single case.
Other databases (the embedded SQLite default) take the ORM path; both are tested to store the
same rows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import connection
from psycopg.sql import SQL, Identifier

from advisor.models import Case, ScoringRun
from advisor.services.lifecycle import MAX_REASON_LENGTH, cases_move

RESULT_FIELDS = ("result", "dataset_version", "engine_version", "failure_reason", "scored_at")


def case_results_store(
    *,
    results: Mapping[UUID, dict[str, Any]],
    failures: Mapping[UUID, str],
    worker: str,
    duration_ms: float,
    finished_at: datetime,
    in_sql: bool | None = None,
) -> list[str]:
    """Mark the cases of `results` done with their result (and a ScoringRun each) and those of
    `failures` failed with the reason; only cases still `scoring` are touched (another worker
    may have stored one first). Every case touched gets a history row. Returns their ids.

    Run it inside a transaction. `in_sql` chooses the path (default: SQL on PostgreSQL)."""
    if in_sql is None:
        in_sql = connection.vendor == "postgresql"
    write = _write_in_sql if in_sql else _write_with_orm
    # The rows written stay locked by this transaction, so they are still `scoring` when moved.
    done, failed = write(results=results, failures=failures, finished_at=finished_at)
    if done:
        _runs_insert(
            case_ids=done,
            worker=worker,
            duration_ms=duration_ms,
            finished_at=finished_at,
            in_sql=in_sql,
        )
    moved = cases_move(
        case_ids=done,
        to=Case.Status.DONE,
        when_in=[Case.Status.SCORING],
        reason="Scored",
        at=finished_at,
    )
    moved += cases_move(
        case_ids=failed,
        to=Case.Status.FAILED,
        when_in=[Case.Status.SCORING],
        reason="Scoring failed",
        at=finished_at,
    )
    return moved


def _write_with_orm(
    *,
    results: Mapping[UUID, dict[str, Any]],
    failures: Mapping[UUID, str],
    finished_at: datetime,
) -> tuple[list[UUID], list[UUID]]:
    cases = list(
        Case.objects.select_for_update().filter(
            id__in=[*results, *failures], status=Case.Status.SCORING
        )
    )
    for case in cases:
        if case.id in failures:
            case.failure_reason = failures[case.id][:MAX_REASON_LENGTH]
            continue
        result = results[case.id]
        case.result = result
        case.dataset_version = result["dataset_version"]
        case.engine_version = result["engine_version"]
        case.failure_reason = ""
        case.scored_at = finished_at
    Case.objects.bulk_update(cases, RESULT_FIELDS, batch_size=200)
    return (
        [case.id for case in cases if case.id not in failures],
        [case.id for case in cases if case.id in failures],
    )


def _write_in_sql(
    *,
    results: Mapping[UUID, dict[str, Any]],
    failures: Mapping[UUID, str],
    finished_at: datetime,
) -> tuple[list[UUID], list[UUID]]:
    cases = Identifier(Case._meta.db_table)
    done: list[UUID] = []
    failed: list[UUID] = []
    with connection.cursor() as cursor:
        if results:
            # The row lock this UPDATE takes is what a claim's select_for_update waits on.
            cursor.execute(
                SQL(
                    """
                    UPDATE {cases} AS c
                    SET result = v.result,
                        dataset_version = v.result ->> 'dataset_version',
                        engine_version = v.result ->> 'engine_version',
                        failure_reason = '', scored_at = %s
                    FROM jsonb_to_recordset(%s::jsonb) AS v(id uuid, result jsonb)
                    WHERE c.id = v.id AND c.status = %s
                    RETURNING c.id
                    """
                ).format(cases=cases),
                [
                    finished_at,
                    json.dumps([{"id": str(k), "result": r} for k, r in results.items()]),
                    Case.Status.SCORING,
                ],
            )
            done = [row[0] for row in cursor.fetchall()]
        if failures:
            reasons = [{"id": str(k), "reason": r[:MAX_REASON_LENGTH]} for k, r in failures.items()]
            cursor.execute(
                SQL(
                    """
                    UPDATE {cases} AS c SET failure_reason = v.reason
                    FROM jsonb_to_recordset(%s::jsonb) AS v(id uuid, reason text)
                    WHERE c.id = v.id AND c.status = %s
                    RETURNING c.id
                    """
                ).format(cases=cases),
                [json.dumps(reasons), Case.Status.SCORING],
            )
            failed = [row[0] for row in cursor.fetchall()]
    return done, failed


def _runs_insert(
    *, case_ids: list[UUID], worker: str, duration_ms: float, finished_at: datetime, in_sql: bool
) -> None:
    """A ScoringRun per case, copied from the result just written."""
    if not in_sql:
        ScoringRun.objects.bulk_create(
            [
                ScoringRun(
                    case=case,
                    result=case.result,
                    dataset_version=case.dataset_version,
                    engine_version=case.engine_version,
                    worker=worker,
                    duration_ms=duration_ms,
                )
                for case in Case.objects.filter(id__in=case_ids)
            ],
            batch_size=500,
        )
        return
    with connection.cursor() as cursor:
        cursor.execute(
            SQL(
                """
                INSERT INTO {runs}
                    (case_id, result, dataset_version, engine_version, worker, duration_ms,
                     created_at)
                SELECT id, result, dataset_version, engine_version, %s, %s, %s
                FROM {cases} WHERE id = ANY(%s)
                """
            ).format(
                runs=Identifier(ScoringRun._meta.db_table),
                cases=Identifier(Case._meta.db_table),
            ),
            [worker, duration_ms, finished_at, case_ids],
        )
