"""Storing scorings: each case's result (or why it could not be scored), its scoring run and its
history row, for one case or a thousand at once (case_score and cases_score_batch both store
through here).

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

from django.conf import settings
from django.db import connection
from django.utils import timezone
from psycopg.sql import SQL, Identifier
from simple_history.utils import bulk_update_with_history

from advisor.models import Case, ScoringRun


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

    Run it inside a transaction. `in_sql` chooses the path (default: SQL on PostgreSQL).
    """
    if in_sql is None:
        in_sql = connection.vendor == "postgresql"
    store = _store_in_sql if in_sql else _store_with_orm
    return store(
        results=results,
        failures=failures,
        worker=worker,
        duration_ms=duration_ms,
        finished_at=finished_at,
    )


def _store_with_orm(
    *,
    results: Mapping[UUID, dict[str, Any]],
    failures: Mapping[UUID, str],
    worker: str,
    duration_ms: float,
    finished_at: datetime,
) -> list[str]:
    cases = list(
        Case.objects.select_for_update().filter(
            id__in=[*results, *failures], status=Case.Status.SCORING
        )
    )
    done: list[Case] = []
    failed: list[Case] = []
    for case in cases:
        case.updated_at = finished_at
        if case.id in failures:
            case.status = Case.Status.FAILED
            case.failure_reason = failures[case.id][:2000]
            failed.append(case)
            continue
        result = results[case.id]
        case.status = Case.Status.DONE
        case.result = result
        case.dataset_version = result["dataset_version"]
        case.engine_version = result["engine_version"]
        case.failure_reason = ""
        case.scored_at = finished_at
        done.append(case)
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
            for case in done
        ],
        batch_size=500,
    )
    changed = [
        "status",
        "result",
        "dataset_version",
        "engine_version",
        "failure_reason",
        "scored_at",
        "updated_at",
    ]
    if cases:
        bulk_update_with_history(done + failed, Case, changed, batch_size=200)
    return [str(case.id) for case in done + failed]


def _store_in_sql(
    *,
    results: Mapping[UUID, dict[str, Any]],
    failures: Mapping[UUID, str],
    worker: str,
    duration_ms: float,
    finished_at: datetime,
) -> list[str]:
    tables = {
        "cases": Identifier(Case._meta.db_table),
        "runs": Identifier(ScoringRun._meta.db_table),
    }
    done: list[UUID] = []
    failed: list[UUID] = []
    with connection.cursor() as cursor:
        if results:
            # The row lock the UPDATE takes is what case_score's select_for_update waits on.
            cursor.execute(
                SQL(
                    """
                    UPDATE {cases} AS c
                    SET status = %s, result = v.result,
                        dataset_version = v.result ->> 'dataset_version',
                        engine_version = v.result ->> 'engine_version',
                        failure_reason = '', scored_at = %s, updated_at = %s
                    FROM jsonb_to_recordset(%s::jsonb) AS v(id uuid, result jsonb)
                    WHERE c.id = v.id AND c.status = %s
                    RETURNING c.id
                    """
                ).format(**tables),
                [
                    Case.Status.DONE,
                    finished_at,
                    finished_at,
                    json.dumps([{"id": str(k), "result": r} for k, r in results.items()]),
                    Case.Status.SCORING,
                ],
            )
            done = [row[0] for row in cursor.fetchall()]
        if done:
            cursor.execute(
                SQL(
                    """
                    INSERT INTO {runs}
                        (case_id, result, dataset_version, engine_version, worker, duration_ms,
                         created_at)
                    SELECT id, result, dataset_version, engine_version, %s, %s, %s
                    FROM {cases} WHERE id = ANY(%s)
                    """
                ).format(**tables),
                [worker, duration_ms, finished_at, done],
            )
        if failures:
            cursor.execute(
                SQL(
                    """
                    UPDATE {cases} AS c
                    SET status = %s, failure_reason = v.reason, updated_at = %s
                    FROM jsonb_to_recordset(%s::jsonb) AS v(id uuid, reason text)
                    WHERE c.id = v.id AND c.status = %s
                    RETURNING c.id
                    """
                ).format(**tables),
                [
                    Case.Status.FAILED,
                    finished_at,
                    json.dumps([{"id": str(k), "reason": r[:2000]} for k, r in failures.items()]),
                    Case.Status.SCORING,
                ],
            )
            failed = [row[0] for row in cursor.fetchall()]
        if done or failed:
            _history_copy(cursor, case_ids=done + failed)
    return [str(case_id) for case_id in done + failed]


def _history_copy(cursor, *, case_ids: list[UUID]) -> None:
    """One history row per case, copied from the case as stored: what bulk_update_with_history
    writes (type "~", dated now, no change reason, the request's user if there is one)."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = Case.history.model
    tracked = SQL(", ").join(Identifier(field.column) for field in history.tracked_fields)
    user = history.get_default_history_user(None)
    cursor.execute(
        SQL(
            """
            INSERT INTO {history} ({tracked}, history_date, history_type,
                                   history_change_reason, {user})
            SELECT {tracked}, %s, '~', NULL, %s FROM {cases} WHERE id = ANY(%s)
            """
        ).format(
            history=Identifier(history._meta.db_table),
            tracked=tracked,
            user=Identifier(history._meta.get_field("history_user").column),
            cases=Identifier(Case._meta.db_table),
        ),
        [timezone.now(), user.pk if user is not None else None, case_ids],
    )
