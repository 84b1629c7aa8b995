"""What the founder's case page shows: the stored result in the reader's language, with its
robustness in words, the facts and sources behind it, the advisor's review, and what-if rankings.

Reads only (the what-if ranking is computed, never stored). Region names, indicator names and
sources come from the dataset snapshot the case was scored on, so the page describes the data the
result was computed from, even after advisors have edited the region tables.

One module per part of the page; every public name is importable from here.
"""

from __future__ import annotations

from advisor.web.reports.case import case_page, profile_rows, relative_weights, review_for_page
from advisor.web.reports.compare import MAX_COMPARED, MIN_COMPARED, QUALIFIER_KINDS, comparison
from advisor.web.reports.decisions import stay_or_move, what_if, what_would_change
from advisor.web.reports.facts import fact_rows, source_list
from advisor.web.reports.landing import CRITERIA_SUMMARIES, landing_facts
from advisor.web.reports.plans import ROUTE_REASONS, pairs_for_page, plan_for_page
from advisor.web.reports.reading import (
    UNIT_FORMATS,
    figure,
    localised,
    reading_chinese,
    region_choices,
    region_names,
    snapshot,
)

__all__ = [
    "CRITERIA_SUMMARIES",
    "MAX_COMPARED",
    "MIN_COMPARED",
    "QUALIFIER_KINDS",
    "ROUTE_REASONS",
    "UNIT_FORMATS",
    "case_page",
    "comparison",
    "fact_rows",
    "figure",
    "landing_facts",
    "localised",
    "pairs_for_page",
    "plan_for_page",
    "profile_rows",
    "reading_chinese",
    "region_choices",
    "region_names",
    "relative_weights",
    "review_for_page",
    "snapshot",
    "source_list",
    "stay_or_move",
    "what_if",
    "what_would_change",
]
