"""The shipped region data: every figure the product shows can be traced to its source and year."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from advisor.engine.vocabulary import CRITERIA
from advisor.errors import DomainError
from regions.files import DATA_DIR, read_dataset, read_tables
from regions.services import regions_load_files, too_long

SOURCED_TABLES = (
    "regions",
    "markets",
    "market_centres",
    "market_centre_weights",
    "indicator_values",
    "grants",
    "fx_rates",
    "policy_rules",
)
# Definitions carry no source year. No row is a bare opinion: a judged figure is an estimate that
# states its method (test_estimates_say_how_they_were_made).
OPINIONS = {"Analyst rating (our judgement)", "Analyst estimate (no city source found)"}
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
    assert not frame["source_name"].isin(OPINIONS).any(), f"{table}: an opinion named as a source"
    # An address opens (absolute and public), or there is none and the name is the citation:
    # never a relative address, which a page would turn into a link that answers 404.
    addressed = frame[frame["source_url"].str.strip() != ""]
    assert addressed["source_url"].str.match(r"^https?://").all(), table
    if "year" in frame:
        dated = frame[~frame["source_name"].isin(DEFINITIONS)]
        years = dated["year"] if table != "policy_rules" else dated["edition"]
        assert years.str.fullmatch(r"(19|20)\d\d").all(), f"{table}: a row has no year"


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


def test_estimates_say_how_they_were_made(tables):
    for table in ("indicator_values", "grants", "market_centres"):
        rows = tables[table]
        estimates = rows[rows["is_estimate"].astype(str).str.lower().isin({"true", "1"})]
        assert (estimates["method"].astype(str).str.strip() != "").all(), table
    assert len(tables["indicator_values"]) and tables["indicator_values"]["is_estimate"].any()


def test_every_text_in_the_shipped_files_fits_its_database_column():
    # PostgreSQL refuses a longer text mid-load, SQLite stores it whole: a 346-character source
    # name loaded on SQLite and broke every PostgreSQL test that loads the region data.
    assert too_long(read_dataset().records) == []


def test_the_loader_refuses_a_text_longer_than_its_column_before_writing(tmp_path):
    directory = tmp_path / "data"
    shutil.copytree(DATA_DIR, directory)
    grants = pd.read_csv(directory / "grants.csv", dtype=str, keep_default_na=False)
    grants.loc[0, "source_name"] = "x" * 301
    grants.to_csv(directory / "grants.csv", index=False)
    with pytest.raises(DomainError, match="source_name has 301 characters, the column holds 300"):
        regions_load_files(directory=directory)
