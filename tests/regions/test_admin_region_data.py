"""Region data in the advisors' workspace: sources, stale figures, edits and their audit trail."""

from __future__ import annotations

import re

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from advisor.models import Case, ScoringRun
from advisor.services.cases import case_submit
from advisor.services.lifecycle import case_rescore
from advisor.services.scoring import case_score
from regions.dataset import dataset_current
from regions.models import DatasetSnapshot, GrantProgramme, IndicatorValue, Region, StageWeight
from tests.advisor.admin_support import (  # noqa: F401 (fixtures)
    advisor_client_fixture,
    advisor_fixture,
)
from tests.advisor.conftest import founder_profile

pytestmark = pytest.mark.django_db


def scored(name: str = "Acme Robotics") -> Case:
    case = case_submit(startup_name=name, profile=founder_profile())
    return case_score(case_id=case.id)


def change_form_data(instance) -> dict:
    """What the admin's change form posts back for `instance` unchanged."""
    data = model_to_dict(instance)
    return {key: ("" if value is None else value) for key, value in data.items() if key != "id"}


def test_a_region_page_lists_its_values_with_year_source_link_and_estimate_flag(
    advisor_client, region_data
):
    shenzhen = Region.objects.get(slug="shenzhen")
    sourced = shenzhen.indicator_values.filter(source_url__startswith="https://").first()
    response = advisor_client.get(reverse("admin:regions_region_change", args=[shenzhen.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    count = shenzhen.indicator_values.count()
    # The figures come in one group per criterion (issue 16): together they are every figure.
    totals = re.findall(r'name="indicator_values[-\d]*-TOTAL_FORMS" value="(\d+)"', page)
    assert sum(int(total) for total in totals) == count
    assert f'href="{sourced.source_url}"' in page and 'rel="noopener noreferrer"' in page
    assert f'value="{sourced.year}"' in page
    assert 'name="indicator_values-0-is_estimate"' in page
    assert 'name="grant_programmes-TOTAL_FORMS"' in page


def test_the_region_page_reads_its_indicator_choices_once(
    advisor_client, region_data, django_assert_max_num_queries
):
    shenzhen = Region.objects.get(slug="shenzhen")
    assert shenzhen.indicator_values.count() > 20
    with django_assert_max_num_queries(25):
        response = advisor_client.get(reverse("admin:regions_region_change", args=[shenzhen.pk]))
    assert response.status_code == 200


def test_values_older_than_the_configured_age_are_marked_stale(
    advisor_client, region_data, settings
):
    settings.REGION_DATA_STALE_AFTER_YEARS = 3
    this_year = timezone.now().year
    IndicatorValue.objects.update(year=this_year)
    tokyo = Region.objects.get(slug="tokyo")
    old = list(tokyo.indicator_values.order_by("pk")[:2])
    IndicatorValue.objects.filter(pk=old[0].pk).update(year=this_year - 4)
    IndicatorValue.objects.filter(pk=old[1].pk).update(year=this_year - 3)  # exactly 3: not stale

    page = advisor_client.get(
        reverse("admin:regions_region_change", args=[tokyo.pk])
    ).content.decode()
    assert page.count('class="data-stale"') == 1
    assert f"&#9888; {this_year - 4} (stale)" in page or f"⚠ {this_year - 4} (stale)" in page

    listing = advisor_client.get(reverse("admin:regions_indicatorvalue_changelist") + "?age=stale")
    assert [value.pk for value in listing.context["cl"].result_list] == [old[0].pk]
    regions = advisor_client.get(reverse("admin:regions_region_changelist")).content.decode()
    tokyo_row = next(row for row in regions.split("<tr") if ">Tokyo<" in row)
    assert re.search(r'class="data-stale">&#9888; 1<|class="data-stale">⚠ 1<', tokyo_row)

    settings.REGION_DATA_STALE_AFTER_YEARS = 10
    page = advisor_client.get(
        reverse("admin:regions_region_change", args=[tokyo.pk])
    ).content.decode()
    assert 'class="data-stale"' not in page


def test_an_edited_value_takes_effect_for_new_scorings_and_never_rewrites_past_results(
    advisor_client, advisor, region_data
):
    case = scored()
    before = dataset_current().version
    past_result = case.result
    value = IndicatorValue.objects.get(region__slug="shenzhen", indicator__slug="engineer_cost_usd")
    # A figure of this year comes from a source of this year (a year later than its source's
    # edition is refused).
    this_year = timezone.now().year
    data = change_form_data(value) | {
        "value": value.value * 3,
        "year": this_year,
        "edition": this_year,
    }
    response = advisor_client.post(
        reverse("admin:regions_indicatorvalue_change", args=[value.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    after = dataset_current().version
    assert after != before
    case.refresh_from_db()
    assert case.result == past_result and case.dataset_version == before
    assert ScoringRun.objects.get(case=case).result == past_result
    assert DatasetSnapshot.objects.filter(
        version=before
    ).exists()  # the old data stays reproducible

    case_rescore(case_id=case.id)
    case_score(case_id=case.id)
    case.refresh_from_db()
    runs = list(case.runs.order_by("created_at"))
    assert [run.dataset_version for run in runs] == [before, after]
    assert runs[0].result == past_result
    assert case.result["dataset_version"] == after
    cost = {entry["region"]: entry["criteria"]["cost"] for entry in case.result["ranking"]}
    past_cost = {entry["region"]: entry["criteria"]["cost"] for entry in past_result["ranking"]}
    assert cost["shenzhen"] < past_cost["shenzhen"]  # engineers there now cost three times more

    record = value.history.order_by("-history_id").first()
    assert record.history_user == advisor and record.value == value.value * 3
    history = advisor_client.get(
        reverse("admin:regions_indicatorvalue_history", args=[value.pk])
    ).content.decode()
    assert "ada" in history and f"{value.value:g}" in history


def test_default_weights_edited_in_the_list_take_effect_for_new_scorings(
    advisor_client, advisor, region_data
):
    case = scored()
    before = dataset_current().version
    rows = list(StageWeight.objects.filter(stage="seed").order_by("stage", "criterion"))
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(len(rows)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for number, row in enumerate(rows):
        grants = row.criterion == "grants"
        data[f"form-{number}-id"] = str(row.pk)
        data[f"form-{number}-weight"] = str(row.weight * 4 if grants else row.weight)
    response = advisor_client.post(
        reverse("admin:regions_stageweight_changelist") + "?stage=seed", data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert dataset_current().version != before

    fresh = scored("Second Robotics")
    assert fresh.result["weights"]["grants"] > case.result["weights"]["grants"]
    case.refresh_from_db()
    assert case.dataset_version == before
    changed = StageWeight.objects.get(stage="seed", criterion="grants")
    assert changed.history.order_by("-history_id").first().history_user == advisor


def test_an_advisor_can_retire_a_grant_programme_and_the_deletion_is_recorded(
    advisor_client, advisor, region_data
):
    programme = GrantProgramme.objects.order_by("pk").first()
    before = dataset_current().version
    response = advisor_client.post(
        reverse("admin:regions_grantprogramme_delete", args=[programme.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not GrantProgramme.objects.filter(pk=programme.pk).exists()
    assert dataset_current().version != before
    deleted = GrantProgramme.history.filter(id=programme.pk, history_type="-").get()
    assert deleted.history_user == advisor and deleted.name == programme.name


def test_an_advisor_cannot_delete_a_region(advisor_client, region_data):
    tokyo = Region.objects.get(slug="tokyo")
    url = reverse("admin:regions_region_delete", args=[tokyo.pk])
    assert advisor_client.post(url, {"post": "yes"}).status_code == 403
    assert Region.objects.filter(pk=tokyo.pk).exists()


def test_an_edit_that_would_leave_the_data_unscorable_is_refused_and_rolled_back(
    advisor_client, region_data
):
    required = IndicatorValue.objects.get(region__slug="tokyo", indicator__slug="engineer_cost_usd")
    before = dataset_current().version
    response = advisor_client.post(
        reverse("admin:regions_indicatorvalue_delete", args=[required.pk]),
        {"post": "yes"},
        follow=True,
    )
    page = response.content.decode()
    assert "Not saved: new scorings could not use the data after this change" in page
    assert "deleted successfully" not in page
    assert IndicatorValue.objects.filter(pk=required.pk).exists()
    assert not IndicatorValue.history.filter(id=required.pk, history_type="-").exists()
    assert dataset_current().version == before


# --- Model parameters that would break scoring (issue 18, finding 2) ------------------------


def parameter_change(advisor_client, name: str, follow: bool = False, **changes):
    from regions.models import ModelParameter

    parameter = ModelParameter.objects.get(name=name)
    data = {**change_form_data(parameter), **changes}
    data.pop("updated_at", None)
    return parameter, advisor_client.post(
        reverse("admin:regions_modelparameter_change", args=[parameter.pk]), data, follow=follow
    )


@pytest.mark.parametrize("value", ["-5", "0", "1e12", "1e7", "nan", "inf"])
def test_a_sample_count_that_would_break_scoring_is_refused_with_the_reason(
    advisor_client, region_data, value
):
    before = dataset_current().version
    parameter, response = parameter_change(advisor_client, "robustness.samples", value=value)
    assert response.status_code == 200  # the form again, not a redirect to the list
    page = response.content.decode()
    assert "errornote" in page or "errorlist" in page
    parameter.refresh_from_db()
    assert parameter.value == 10000
    assert dataset_current().version == before


def test_an_advisor_cannot_widen_a_parameters_bounds_to_let_a_value_through(
    advisor_client, region_data
):
    # The bounds are the data file's (regions/data/parameters.csv), shown beside the value: an
    # advisor edits the value within them, not the bounds themselves.
    parameter, response = parameter_change(
        advisor_client, "robustness.samples", value="1e12", minimum="0", maximum="1e13"
    )
    parameter.refresh_from_db()
    assert (parameter.value, parameter.minimum, parameter.maximum) == (10000, 100, 50000)
    assert response.status_code == 200
    page = response.content.decode()
    assert "between 100 and 50000" in page


def test_a_sample_count_within_its_bounds_but_over_the_memory_cap_is_refused(
    advisor_client, region_data, settings
):
    # 50,000 samples is within the bounds; with a 40 MB cap (the shipped settings need about
    # 25), it would not fit.
    settings.SCORING_MAX_BYTES = 40_000_000
    parameter, response = parameter_change(
        advisor_client, "robustness.samples", value="50000", follow=True
    )
    parameter.refresh_from_db()
    assert parameter.value == 10000
    page = response.content.decode()
    assert "Not saved: new scorings could not use the data after this change" in page
    assert "robustness.samples" in page and "SCORING_MAX_BYTES" in page
