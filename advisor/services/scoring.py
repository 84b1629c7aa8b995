"""Scoring on the current region data: cases (one path: a single case is a batch of one) and
profiles without a case (the command line, the founder's what-if).

The engine is called only here, so its errors are translated here (into DomainError), and here
each result gets its English explanation, written from the engine's reasons by the renderer the
founder pages use (advisor.presentation.explanations).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from time import perf_counter
from typing import Any
from uuid import UUID

import pandas as pd
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from advisor.engine import InvalidInput, Model, prepare, recommend_many, score_table
from advisor.engine.vocabulary import CRITERIA, SECTORS, STAGES
from advisor.errors import Code, DomainError
from advisor.models import Case
from advisor.presentation.explanations import results_explained
from advisor.services.lifecycle import WAITING, cases_announce_finished, cases_move
from advisor.services.profiles import funding_clean, profile_clean
from advisor.services.results import case_results_store
from advisor.services.text import SUSPICIOUS, spreadsheet_cell, text_problem
from regions.dataset import dataset_at_version, dataset_current, dataset_snapshot_keep

NO_REGION_DATA = "no region data in the database; run `python manage.py load_regions`"


@dataclass(frozen=True)
class Scoring:
    """What a scoring call did: the cases it claimed, and those it finished (done or failed).
    A claimed case it did not finish was finished first by another worker."""

    claimed: list[str]
    finished: list[str]


def current_model() -> Model:
    """The engine's model of the current region data. Raises DomainError (NO_REGION_DATA)."""
    dataset = dataset_current()
    if not dataset.records["regions"]:
        raise DomainError.of("", NO_REGION_DATA, code=Code.NO_REGION_DATA)
    return prepare(dataset)


def model_current_kept() -> Model:
    """The current model, its dataset stored under its version (for model_at_version later).
    Raises DomainError (NO_REGION_DATA)."""
    dataset = dataset_current()
    if not dataset.records["regions"]:
        raise DomainError.of("", NO_REGION_DATA, code=Code.NO_REGION_DATA)
    dataset_snapshot_keep(dataset)
    return prepare(dataset)


def model_at_version(version: str) -> Model:
    """The engine's model of the dataset `version` (the current one, or its stored snapshot):
    a long job scores every row on the data it started with, even if an advisor edits it."""
    dataset = dataset_current()
    if dataset.version != version:
        dataset = dataset_at_version(version)
    return prepare(dataset)


def profiles_recommend(
    *,
    profiles: Sequence[Mapping[str, Any]],
    model: Model | None = None,
    samples: int | None = None,
) -> list[dict[str, Any] | DomainError]:
    """The recommendation for each profile on the current data (or `model`), scored together in
    one vectorised engine call, each with its English explanation: what profile_recommend gives
    for that profile alone with the same `samples`. A profile the engine refuses gets its
    DomainError in its place."""
    model = model or current_model()
    try:
        scored = recommend_many(
            model, profiles, samples=samples, max_bytes=settings.SCORING_MAX_BYTES
        )
    except MemoryError:
        # Within SCORING_MAX_BYTES the process still found no memory (others used it): the
        # profiles fail, the process goes on. Celery would take the error for the worker's end.
        refused = DomainError.of("samples", f"scoring {len(profiles):,} profiles ran out of memory")
        return [refused] * len(profiles)
    results = results_explained(scored, names=model.catalogue.region_names)
    return [
        DomainError.from_engine(result) if isinstance(result, InvalidInput) else result
        for result in results
    ]


def profile_recommend(*, profile: Mapping[str, Any], samples: int | None = None) -> dict[str, Any]:
    """The recommendation for one profile on the current data. Raises DomainError."""
    model = current_model()
    cleaned = profile_clean(profile)
    # The funding need is a field of the case with its own rule; a profile scored on its own
    # (the command line) carries it too, or the plan's capital rule would never apply.
    funding = funding_clean(profile.get("funding_need_usd"))
    if funding is not None:
        cleaned["funding_need_usd"] = funding
    [result] = profiles_recommend(profiles=[cleaned], model=model, samples=samples)
    if isinstance(result, DomainError):
        raise result
    return result


def weights_default_table() -> dict[str, dict[str, dict[str, float]]]:
    """The default relative weights (mean 1) on the current data: {sector: {stage: {criterion:
    weight}}}, as the engine applies them when a profile names no weight. Raises DomainError
    (NO_REGION_DATA)."""
    table = current_model().default_weights
    return {
        sector: {
            stage: {
                criterion: round(float(table[s, t, c]), 2) for c, criterion in enumerate(CRITERIA)
            }
            for t, stage in enumerate(STAGES)
        }
        for s, sector in enumerate(SECTORS)
    }


def profiles_score_table(
    *, frame: pd.DataFrame, samples: int | None = None
) -> tuple[pd.DataFrame, dict[int, str]]:
    """Score a table of profiles (the batch file): the engine checks its rows with the rules
    profile_clean applies, vectorised (a row at a time would cost a 100,000-row file over a
    second), and bad rows come back as {position: message}; the good rows are scored."""
    if "id" not in frame.columns:
        raise DomainError.of("id", "the file has no id column")
    return _table_score(current_model(), frame, samples)


def table_score_at_version(
    *, frame: pd.DataFrame, version: str, samples: int
) -> tuple[pd.DataFrame, dict[int, str]]:
    """profiles_score_table on the dataset `version` (a batch job's chunk)."""
    return _table_score(model_at_version(version), frame, samples)


def _table_score(
    model: Model, frame: pd.DataFrame, samples: int | None
) -> tuple[pd.DataFrame, dict[int, str]]:
    # The ids are written back as they came: one that would display as something else (a
    # text-direction override, a control character) is a bad row, and one a spreadsheet would
    # run as a formula is written as text.
    problems: dict[int, str] = {}
    if "id" in frame.columns:
        ids = frame["id"].astype(str)
        suspicious = ids.str.contains(SUSPICIOUS.pattern, regex=True).to_numpy().nonzero()[0]
        for position in suspicious:
            problem = text_problem(ids.iloc[position], label="id")
            if problem is not None:
                problems[int(position)] = problem
    kept = frame
    positions = None
    if problems:
        positions = [p for p in range(len(frame)) if p not in problems]
        kept = frame.iloc[positions].reset_index(drop=True)
    try:
        output, rejected = score_table(model, kept, samples=samples)
    except InvalidInput as error:  # a column the file lacks
        raise DomainError.from_engine(error) from None
    for position, message in rejected.items():
        problems[positions[position] if positions is not None else position] = message
    if "id" in output.columns:
        output["id"] = output["id"].map(spreadsheet_cell)
    return output, problems


def cases_score(
    *, case_ids: Sequence[UUID | str], worker: str = "", bulk: bool = False
) -> list[str]:
    """Score the given cases that are waiting, in ONE vectorised engine call, and store each
    result (or why its profile cannot be scored). Safe to run twice, and beside another worker
    scoring the same cases: only the first finished scoring of a case is stored.

    `bulk` takes the robustness from the dataset's batch sample count (`robustness.batch_samples`,
    as `recommend --batch` does; each result's `samples` says how many) instead of the full one:
    at the full count the sampling alone costs about 2.5 ms a profile, which would hold a
    two-core machine below 500 bulk cases a second.

    Returns the ids of the cases it finished (done or failed)."""
    return _score(case_ids=case_ids, worker=worker, bulk=bulk).finished


def case_score(*, case_id: UUID | str, worker: str = "") -> Case | None:
    """Score one waiting case (a batch of one) and return it as stored; None when it was not
    waiting (already done or failed)."""
    if not _score(case_ids=[case_id], worker=worker, bulk=False).claimed:
        return None
    return Case.objects.get(id=case_id)


def _score(*, case_ids: Sequence[UUID | str], worker: str, bulk: bool) -> Scoring:
    claimed = cases_move(
        case_ids=case_ids,
        to=Case.Status.SCORING,
        when_in=WAITING,
        values={"scoring_started_at": timezone.now(), "attempts": F("attempts") + 1},
        reason="Scoring",
        # A batch leaves to another worker the cases it is storing right now; a single case
        # waits for that worker's commit instead, then finds the case done (or, when the other
        # worker only claimed it, claims it too: scoring it twice stores one result).
        skip_locked=bulk,
    )
    if not claimed:
        return Scoring(claimed=[], finished=[])
    cases = list(Case.objects.filter(id__in=claimed))
    dataset = dataset_current()
    dataset_snapshot_keep(dataset)
    model = prepare(dataset)
    samples = int(model.params["robustness.batch_samples"]) if bulk else None
    started = perf_counter()
    try:
        results: list[dict[str, Any] | DomainError] = profiles_recommend(
            model=model, profiles=[case.profile() for case in cases], samples=samples
        )
    except MemoryError:
        # Explaining or sorting the results may run out of memory too: the cases fail with the
        # reason (an advisor can re-score them), and the worker goes on.
        results = [
            DomainError.of("samples", f"scoring {len(cases):,} cases ran out of memory")
        ] * len(cases)
    duration_ms = (perf_counter() - started) * 1000 / len(cases)

    scored: dict[UUID, dict[str, Any]] = {}
    failures: dict[UUID, str] = {}
    for case, result in zip(cases, results, strict=True):
        if isinstance(result, DomainError):
            # The stored profile no longer fits the data (a region was removed, say): retrying
            # cannot help, so the case fails with the reason for an advisor to see.
            failures[case.id] = f"The profile cannot be scored: {result}"
        else:
            scored[case.id] = result
    with transaction.atomic():
        finished = case_results_store(
            results=scored,
            failures=failures,
            worker=worker,
            duration_ms=duration_ms,
            finished_at=timezone.now(),
        )
        cases_announce_finished(case_ids=finished)
    return Scoring(claimed=claimed, finished=finished)
