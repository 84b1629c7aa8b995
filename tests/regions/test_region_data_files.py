"""The shipped region data: every figure the product shows can be traced to its source and year."""

from __future__ import annotations

import pandas as pd
import pytest

from advisor.engine.vocabulary import CRITERIA
from regions.files import DATA_DIR, read_tables

SOURCED_TABLES = ("regions", "markets", "indicator_values", "grants", "fx_rates")
# Rows that are our own judgement or a definition carry no address; they say so by name, and
# judgements are flagged as estimates with a note (see test_estimates_say_so_in_the_row).
OWN_JUDGEMENT = {"Analyst rating (our judgement)", "Analyst estimate (no city source found)"}
DEFINITIONS = {"Model convention", "Definition (US dollar)"}


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {
        name: pd.DataFrame(rows)
        for name, rows in read_tables(DATA_DIR, (*SOURCED_TABLES, "indicators")).items()
    }


@pytest.mark.parametrize("table", SOURCED_TABLES)
def test_every_row_names_its_source_address_and_year(tables, table):
    frame = tables[table]
    assert len(frame)
    assert (frame["source_name"].str.strip() != "").all()
    cited = frame[~frame["source_name"].isin(OWN_JUDGEMENT | DEFINITIONS)]
    assert cited["source_url"].str.match(r"^(https?://|seeds/)").all(), table
    judged = frame[frame["source_name"].isin(OWN_JUDGEMENT)]
    if "is_estimate" in frame:
        assert (judged["is_estimate"].str.lower() == "true").all()
    dated = frame[~frame["source_name"].isin(DEFINITIONS)]
    assert dated["year"].str.fullmatch(r"(19|20)\d\d").all(), f"{table}: a row has no year"


def test_the_four_anchor_regions_and_at_least_eight_others_are_covered(tables):
    slugs = set(tables["regions"]["slug"])
    assert {"shenzhen", "beijing", "sf-bay-area", "tokyo"} <= slugs
    assert len(slugs) >= 12


def test_every_scored_indicator_has_a_value_for_every_region(tables):
    indicators = tables["indicators"]
    scored = indicators[indicators["criterion"].isin(CRITERIA)]
    values = tables["indicator_values"]
    regions = set(tables["regions"]["slug"])
    for _, indicator in scored.iterrows():
        if pd.notna(indicator["missing_value"]) and str(indicator["missing_value"]) != "":
            continue  # pairs not listed carry a documented default (e.g. no market tension)
        covered = set(values.loc[values["indicator"] == indicator["slug"], "region"])
        assert regions <= covered, f"{indicator['slug']} lacks {sorted(regions - covered)}"


def test_estimates_say_so_in_the_row(tables):
    values = tables["indicator_values"]
    estimates = values[values["is_estimate"].astype(str).str.lower().isin({"true", "1"})]
    assert not estimates.empty
    assert (estimates["note"].astype(str).str.strip() != "").all()
