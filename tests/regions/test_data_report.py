"""The data report (manage.py data_report): what a sceptic checks first, on the shipped files."""

from __future__ import annotations

import copy

import pytest
from django.urls import reverse

from advisor.engine.dataset import Dataset
from regions.files import read_dataset, read_tables
from regions.report import data_report, report_lines
from tests.advisor.admin_support import (  # noqa: F401 (fixtures)
    advisor_client_fixture,
    advisor_fixture,
)


def test_the_shipped_data_covers_at_least_25_regions_with_sources_that_open():
    report = data_report(read_dataset())
    assert report.regions >= 25
    assert report.opinion_only == []
    assert report.relative_addresses == []
    assert not any(report.missing.values())


def test_a_region_lacking_an_indicator_the_others_have_is_named():
    tables = read_tables()
    values = copy.deepcopy(tables["indicator_values"])
    dropped = next(
        row for row in values if row["region"] == "tokyo" and row["indicator"] == "unicorns"
    )
    values.remove(dropped)
    report = data_report(Dataset.from_rows({**tables, "indicator_values": values}))
    assert report.missing["tokyo"] == ["unicorns"]
    assert not report.meets_goals()
    assert "  tokyo: unicorns" in report_lines(report)


def test_an_estimate_without_its_method_is_an_opinion_only_row():
    tables = read_tables()
    values = copy.deepcopy(tables["indicator_values"])
    row = next(
        r
        for r in values
        if r["indicator"] == "sector_strength" and str(r["is_estimate"]).lower() in ("true", "1")
    )
    row["method"] = ""
    report = data_report(Dataset.from_rows({**tables, "indicator_values": values}))
    assert any("sector_strength" in item for item in report.opinion_only)


def test_an_old_edition_counts_against_the_data_unless_confirmed_since_or_its_note_says_why():
    tables = read_tables()
    grants = copy.deepcopy(tables["grants"])
    programme = next(row for row in grants if row["name"].startswith("K-Startup Grand Challenge"))
    assert int(programme["edition"]) < 2021 <= int(programme["confirmed"])

    def old(rows):
        report = data_report(Dataset.from_rows({**tables, "grants": rows}))
        return [item for item in report.old_editions if "K-Startup" in item]

    assert old(grants) == []  # the 2018 edition was re-read in 2024
    programme["confirmed"] = programme["edition"]
    programme["note"] = "For foreign founders."
    assert old(grants) == [f"grants seoul/{programme['name']}: {programme['edition']}"]
    programme["note"] = "Newer calls exist but their amounts were not readable."
    assert old(grants) == []


def test_the_shipped_data_keeps_an_old_edition_only_where_its_note_says_why():
    # Israel's export-control rule was the last one, cited from a 2018 overview; a 2026 source
    # now confirms the regime in force.
    assert data_report(read_dataset()).old_editions == []


def test_the_report_prints_each_indicators_tracker_edition_and_share_of_estimates():
    lines = report_lines(data_report(read_dataset()))
    assert lines[0].startswith("Regions: ")
    # unicorns come from one tracker and one edition for every region (CB Insights, March 2022)
    (unicorns,) = [line for line in lines if line.startswith("unicorns ")]
    assert unicorns.endswith("| CB Insights unicorn list (March 2022), unicorns by HQ | 2022")
    assert " 0% " in unicorns


@pytest.mark.django_db
def test_an_advisor_reads_the_data_report_in_the_workspace(advisor_client, region_data):
    page = advisor_client.get(reverse("admin-data-report"))
    assert page.status_code == 200
    text = page.content.decode()
    expected = data_report(read_dataset())
    assert f"<td>{expected.regions}</td>" in text
    assert f"<td>{expected.scored_values}</td>" in text
    for line in expected.indicators:
        assert f"<td>{line.slug}</td>" in text


@pytest.mark.django_db
def test_the_data_report_page_is_refused_to_anonymous_visitors_and_staff_without_region_rights(
    client, django_user_model, region_data
):
    assert client.get(reverse("admin-data-report")).status_code == 302  # to the login
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse("admin-data-report")).status_code == 403
