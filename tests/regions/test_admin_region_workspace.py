"""A region's page and the data's freshness in the advisors' workspace, used as an advisor."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from regions.models import GrantProgramme, IndicatorValue, ModelParameter, Region
from tests.advisor.admin_support import (  # noqa: F401 (fixtures)
    advisor_client_fixture,
    advisor_fixture,
)

pytestmark = pytest.mark.django_db

FRESHNESS = reverse("admin:regions_region_freshness")


def test_a_regions_figures_are_grouped_by_criterion_with_every_figure_on_the_page(
    advisor_client, region_data
):
    shenzhen = Region.objects.get(slug="shenzhen")
    page = advisor_client.get(reverse("admin:regions_region_change", args=[shenzhen.pk]))
    html = page.content.decode()
    totals = [
        int(n) for n in re.findall(r'name="indicator_values[-\d]*-TOTAL_FORMS" value="(\d+)"', html)
    ]
    assert len(totals) == 7  # six criteria and the context figures
    assert sum(totals) == shenzhen.indicator_values.count()
    for heading in (
        "Customer proximity",
        "Grants",
        "Venture capital",
        "Talent",
        "Cost",
        "Policy risk",
    ):
        assert re.search(rf'class="inline-heading">\s*{heading}\s*</h2>', html), heading
    # Every group holds only its criterion's figures, in the page's order.
    cost = shenzhen.indicator_values.filter(indicator__criterion="cost").select_related("indicator")
    start = re.search(r'class="inline-heading">\s*Cost\s*</h2>', html).end()
    section = html[
        start : re.search(r'class="inline-heading">\s*Policy risk\s*</h2>', html).start()
    ]
    for value in cost:
        assert value.indicator.name in section


def test_existing_figures_show_their_indicator_as_text_and_new_ones_pick_it_by_autocomplete(
    advisor_client, region_data
):
    shenzhen = Region.objects.get(slug="shenzhen")
    html = advisor_client.get(
        reverse("admin:regions_region_change", args=[shenzhen.pk])
    ).content.decode()
    # No row carries a list of every indicator: only the empty "add another" rows have a
    # select, which holds no option until the advisor types.
    selects = re.findall(r'<select name="([^"]*-indicator)"[^>]*>(.*?)</select>', html, re.S)
    assert selects and all("__prefix__" in name for name, _ in selects)
    assert all(options.count("<option") <= 1 for _, options in selects)
    assert 'class="fixed-choice"' in html
    assert "admin-autocomplete" in html and "data-ajax--url" in html
    autocomplete = advisor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "engineer",
            "app_label": "regions",
            "model_name": "indicatorvalue",
            "field_name": "indicator",
        },
    )
    assert autocomplete.status_code == 200
    assert any("ngineer" in result["text"] for result in autocomplete.json()["results"])


def test_sources_are_compact_cells_with_a_link(advisor_client, region_data):
    shenzhen = Region.objects.get(slug="shenzhen")
    sourced = shenzhen.indicator_values.filter(source_url__startswith="https://").first()
    html = advisor_client.get(
        reverse("admin:regions_region_change", args=[shenzhen.pk])
    ).content.decode()
    assert f'href="{sourced.source_url}"' in html and "source ↗" in html
    # Sources are edited on the figure's own page, not in a text box per row.
    assert 'name="indicator_values-0-source_name"' not in html
    assert reverse("admin:regions_indicatorvalue_change", args=[sourced.pk]) in html


def test_saving_a_region_page_keeps_every_figure_and_its_indicator(advisor_client, region_data):
    shenzhen = Region.objects.get(slug="shenzhen")
    url = reverse("admin:regions_region_change", args=[shenzhen.pk])
    response = advisor_client.get(url)
    data = {}
    for form in [
        response.context["adminform"].form,
        *(
            f
            for formset in response.context["inline_admin_formsets"]
            for f in [formset.formset.management_form, *formset.formset.forms]
        ),
    ]:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            value = form.initial.get(name, field.initial)
            key = form.add_prefix(name)
            if value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
                continue
            data[key] = getattr(value, "pk", value)
    before = {(v.indicator_id, v.qualifier): v.value for v in shenzhen.indicator_values.all()}
    first = (
        shenzhen.indicator_values.filter(indicator__criterion="cost")
        .order_by("indicator__name", "qualifier")
        .first()
    )
    cost_prefix = next(
        formset.formset.prefix
        for formset in response.context["inline_admin_formsets"]
        if getattr(formset.opts, "criterion", "") == "cost"
    )
    data[f"{cost_prefix}-0-value"] = first.value * 2
    saved = advisor_client.post(url, data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    after = {(v.indicator_id, v.qualifier): v.value for v in shenzhen.indicator_values.all()}
    assert after.keys() == before.keys()
    assert after[(first.indicator_id, first.qualifier)] == first.value * 2


def test_the_indicator_value_list_shows_value_year_and_source_without_the_sidebar(
    advisor_client, region_data
):
    html = advisor_client.get(reverse("admin:regions_indicatorvalue_changelist")).content.decode()
    for column in ("Value", "Age", "Open", "Is estimate"):
        assert column in html
    assert 'id="nav-sidebar"' not in html


def test_the_freshness_view_lists_stale_figures_programmes_to_confirm_and_estimates_without_method(
    advisor_client, region_data, settings
):
    settings.REGION_DATA_STALE_AFTER_YEARS = 3
    this_year = timezone.now().year
    IndicatorValue.objects.update(year=this_year)
    GrantProgramme.objects.update(year=this_year, confirmed=this_year)
    tokyo = Region.objects.get(slug="tokyo")
    old = tokyo.indicator_values.select_related("indicator").order_by("pk").first()
    IndicatorValue.objects.filter(pk=old.pk).update(year=this_year - 5)
    programme = tokyo.grant_programmes.order_by("pk").first()
    GrantProgramme.objects.filter(pk=programme.pk).update(year=this_year - 6)
    as_of_year = int(ModelParameter.objects.get(name="data.as_of_date").value // 10000)
    unconfirmed = tokyo.grant_programmes.exclude(pk=programme.pk).order_by("pk").first()
    GrantProgramme.objects.filter(pk=unconfirmed.pk).update(confirmed=as_of_year - 10)
    guess = tokyo.indicator_values.exclude(pk=old.pk).order_by("pk").first()
    IndicatorValue.objects.filter(is_estimate=True).exclude(method="").update(
        method="by a stated rule"
    )
    IndicatorValue.objects.filter(pk=guess.pk).update(is_estimate=True, method="")

    page = advisor_client.get(FRESHNESS)
    assert page.status_code == 200
    html = page.content.decode()

    def section(name: str) -> str:
        start = html.index(f'id="{name}"')
        return html[
            start : html.index('<div class="module"', start + 1)
            if '<div class="module"' in html[start + 1 :]
            else None
        ]

    stale = section("stale-values")
    assert reverse("admin:regions_indicatorvalue_change", args=[old.pk]) in stale
    assert stale.count("<tr>") == 2  # the heading row and the one stale figure
    programmes = section("stale-programmes")
    assert reverse("admin:regions_grantprogramme_change", args=[programme.pk]) in programmes
    to_confirm = section("programmes-to-confirm")
    assert reverse("admin:regions_grantprogramme_change", args=[unconfirmed.pk]) in to_confirm
    estimates = section("estimates-without-method")
    assert reverse("admin:regions_indicatorvalue_change", args=[guess.pk]) in estimates
    # The region list links to it.
    listing = advisor_client.get(reverse("admin:regions_region_changelist")).content.decode()
    assert f'href="{FRESHNESS}"' in listing
