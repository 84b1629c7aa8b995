"""One label table: every slug the code fixes has its name there, and the indicators the
criteria score (the ones the founder pages name) do too."""

from __future__ import annotations

from advisor.engine.vocabulary import (
    CLUSTERS,
    CRITERIA,
    CUSTOMER_TYPES,
    DISCIPLINES,
    MARKETS,
    POLICY_INSTRUMENTS,
    PROGRAMME_KINDS,
    SECTORS,
    STAGES,
)
from advisor.presentation import labels
from regions.files import read_tables


def test_every_vocabulary_slug_has_a_name():
    for slugs, table in (
        (SECTORS, labels.SECTORS),
        (STAGES, labels.STAGES),
        (CUSTOMER_TYPES, labels.CUSTOMER_TYPES),
        (MARKETS, labels.MARKETS),
        (CRITERIA, labels.CRITERIA),
        (CLUSTERS, labels.CLUSTERS),
        (DISCIPLINES, labels.DISCIPLINES),
        (POLICY_INSTRUMENTS, labels.POLICY_INSTRUMENTS),
        (PROGRAMME_KINDS, labels.PROGRAMME_KINDS),
    ):
        assert list(table) == list(slugs)


def test_every_indicator_a_criterion_scores_has_a_name():
    indicators = read_tables(names=("indicators",))["indicators"]
    scored = {row["slug"] for row in indicators if row["criterion"] in CRITERIA}
    assert scored and scored <= set(labels.INDICATORS)
