"""The founder's landing page and profile form, and the pages in Chinese. The worker is replaced
by calling the scoring service in-process; the browser tests and the integration tests run the
real worker."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.urls import reverse

from advisor.engine.vocabulary import CRITERIA
from advisor.errors import DomainError
from advisor.models import Case
from advisor.services.cases import case_submit
from advisor.services.scoring import case_score, weights_default_table
from tests.advisor.conftest import founder_profile
from tests.advisor.founder_support import (  # noqa: F401 (compiled_translations: a fixture)
    compiled_translations,
    form_data,
    in_chinese,
    page_of,
    scored_case,
)

pytestmark = pytest.mark.django_db

# Chinese text is compared as written, full-width punctuation included.
# ruff: noqa: RUF001


# --- Landing page and profile form ------------------------------------------------------------


def test_the_landing_page_says_what_is_covered_and_where_the_data_comes_from(client, region_data):
    page = client.get(reverse("advisor:home")).content.decode()
    for region in ("Shenzhen", "Beijing", "San Francisco Bay Area", "Tokyo"):
        assert region in page
    for criterion in ("Customer proximity", "Grants", "Venture capital", "Talent", "Cost"):
        assert criterion in page
    assert re.search(r"[\d,]+ sourced figures from \d+ public sources", page)
    assert 'href="#profile"' in page and "Start: describe your startup" in page


def test_the_form_asks_for_the_profile_every_market_the_weights_and_the_extras(
    client, handmade_region_data
):
    page = client.get(reverse("advisor:home")).content.decode()
    names = ["startup_name", "sector", "stage", "customer_type", "funding_need_usd"]
    names += ["current_location", "market_CN", "market_OTHER"]
    names += [f"weight_{criterion}" for criterion in CRITERIA]
    for name in names:
        assert f'name="{name}"' in page
        assert f'<label for="id_{name}"' in page
    assert 'id="market-total"' in page


def test_the_default_weights_shown_are_the_engines_for_the_chosen_stage_and_sector(
    client, handmade_region_data
):
    defaults = weights_default_table()
    response = client.post(
        reverse("advisor:home"), form_data(sector="ai", stage="series_b", market_US="10")
    )
    page = response.content.decode()
    for criterion in CRITERIA:
        value = defaults["ai"]["series_b"][criterion]
        shown = f"{value:.2f}".rstrip("0").rstrip(".")
        assert re.search(rf'name="weight_{criterion}"[^>]*placeholder="{re.escape(shown)}"', page)
        assert f"default {shown}<" in page
    # The whole table goes to the page's script, which follows the sector and stage chosen.
    assert "&quot;series_b&quot;" in page
    assert defaults["ai"]["series_b"] != defaults["robotics"]["pre_seed"]


def test_a_valid_submission_saves_the_case_with_its_extras_and_opens_its_page(
    client, handmade_region_data
):
    response = client.post(
        reverse("advisor:home"),
        form_data(funding_need_usd="2000000", current_location="Columbus, Ohio", weight_grants="2"),
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("advisor:case", args=[case.id])
    assert case.channel == Case.Channel.WEB and case.status == Case.Status.QUEUED
    assert case.funding_need_usd == 2_000_000 and case.current_location == "Columbus, Ohio"
    assert case.weights == {"grants": 2.0}
    assert case.markets == {"CN": 80.0, "US": 20.0}


def test_weights_left_blank_keep_the_defaults(client, handmade_region_data):
    client.post(reverse("advisor:home"), form_data())
    assert Case.objects.get().weights == {}


def test_shares_not_adding_up_are_explained_beside_the_markets_and_what_was_typed_is_kept(
    client, handmade_region_data
):
    response = client.post(reverse("advisor:home"), form_data(market_US="10"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<p class="error" id="markets-error">Customer shares must add up to 100' in page
    assert "(they add up to 90)" in page
    assert 'value="Acme Robotics"' in page and 'value="10"' in page and 'value="80"' in page
    # Without JavaScript the total of what was typed is still shown beside the shares.
    assert re.search(r'<output class="total-value"[^>]*>90%</output>', page)
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("shares", "state", "note"),
    [
        ({"market_US": "10"}, "short", "10 to go"),
        ({"market_US": "30.5"}, "over", "10.5 too many"),
        ({}, "complete", "adds up to 100"),
    ],
)
def test_without_javascript_the_total_says_how_far_the_shares_are_from_100(
    client, handmade_region_data, shares, state, note
):
    page = client.post(
        reverse("advisor:home"), form_data(startup_name="", **shares)
    ).content.decode()
    total = re.search(r'<p class="market-total ([a-z]+)" id="market-total".*?</p>', page, re.S)
    assert total.group(1) == state
    assert f'<span class="total-note">{note}</span>' in total.group(0)


def test_the_error_summary_lists_the_problems_in_the_order_of_the_form(
    client, handmade_region_data
):
    response = client.post(
        reverse("advisor:home"),
        form_data(startup_name="", market_US="10", weight_grants="-1", funding_need_usd="-5"),
    )
    page = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    anchors = re.findall(r'<a href="#([a-z_A-Z-]+)">', summary)
    assert anchors == ["id_startup_name", "markets", "id_weight_grants", "id_funding_need_usd"]
    assert "<title>Please check the form · Relocation Advisor</title>" in page
    # The group's own message is announced with the group, and only the group is marked.
    assert 'id="markets" aria-describedby="markets-hint markets-error"' in page
    assert 'aria-invalid="true"' not in re.search(r'name="market_CN"[^>]*>', page).group(0)


def test_no_shares_at_all_are_refused(client, handmade_region_data):
    page = client.post(
        reverse("advisor:home"), form_data(market_CN=None, market_US=None)
    ).content.decode()
    assert "Give the share of your customers in at least one market." in page
    assert not Case.objects.exists()


def test_a_share_out_of_range_is_reported_beside_its_field(client, handmade_region_data):
    page = client.post(
        reverse("advisor:home"), form_data(market_CN="120", market_US="-20")
    ).content.decode()
    assert '<p class="error" id="id_market_CN-error">' in page
    assert '<p class="error" id="id_market_US-error">' in page
    assert not Case.objects.exists()


def test_a_missing_name_is_reported_beside_the_field_for_screen_readers_too(
    client, handmade_region_data
):
    page = client.post(reverse("advisor:home"), form_data(startup_name="")).content.decode()
    assert '<p class="error" id="id_startup_name-error">This field is required.</p>' in page
    field = re.search(r'<input[^>]*name="startup_name"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="id_startup_name-error"' in field
    assert 'href="#id_startup_name"' in page  # the summary at the top links to the field
    assert not Case.objects.exists()


def test_all_weights_at_zero_are_refused(client, handmade_region_data):
    zeros = {f"weight_{criterion}": "0" for criterion in CRITERIA}
    page = client.post(reverse("advisor:home"), form_data(**zeros)).content.decode()
    assert (
        '<p class="error" id="weights-error">Give at least one criterion a weight above zero.'
        in page
    )
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("weight_grants", "-1"), ("weight_talent", "lots"), ("funding_need_usd", "-5")],
)
def test_a_bad_weight_or_funding_need_is_reported_beside_its_field(
    client, handmade_region_data, field, value
):
    page = client.post(reverse("advisor:home"), form_data(**{field: value})).content.decode()
    assert f'<p class="error" id="id_{field}-error">' in page
    assert not Case.objects.exists()


def test_a_problem_the_service_finds_is_shown_beside_the_field_it_names(
    client, handmade_region_data
):
    problem = DomainError.of("current_location", "location must be at most 100 characters")
    with mock.patch("advisor.web.views.case_submit", side_effect=problem):
        page = client.post(reverse("advisor:home"), form_data()).content.decode()
    assert (
        '<p class="error" id="id_current_location-error">location must be at most 100 characters'
        in page
    )


def test_the_landing_page_works_before_any_region_data_is_loaded(client, db):
    response = client.get(reverse("advisor:home"))
    assert response.status_code == 200
    assert "No region data is loaded yet." in response.content.decode()


def test_the_pages_carry_no_inline_script_or_style(client, handmade_region_data):
    case = scored_case()
    pages = [
        client.get(reverse("advisor:home")).content.decode(),
        page_of(client, case),
        page_of(client, case, weight_grants="3"),
    ]
    for page in pages:
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
        assert not re.search(r"\sstyle=", page)
        assert not re.search(r"\son[a-z]+=", page)
        assert "//cdn" not in page and "https://fonts." not in page


# --- Languages ----------------------------------------------------------------------------------


def test_switching_to_chinese_translates_the_landing_page_and_form(client, handmade_region_data):
    in_chinese(client)
    page = client.get(reverse("advisor:home")).content.decode()
    assert '<html lang="zh-hans">' in page
    assert "您的创业公司应该落户哪里？" in page
    assert "获取我的推荐" in page and "中国大陆" in page and "机器人" in page
    assert 'aria-current="true" class="current">简体中文' in page
    errors = client.post(reverse("advisor:home"), form_data(market_US="10")).content.decode()
    assert "客户占比合计必须为 100（目前合计为 90）。" in errors


def test_the_case_page_in_chinese_uses_chinese_names_dates_and_numbers(client, region_data):
    case = case_submit(
        startup_name="Acme Robotics",
        profile=founder_profile(),
        funding_need_usd=2_000_000,
    )
    case = case_score(case_id=case.id)
    in_chinese(client)
    page = page_of(client, case)
    names_zh = {"shenzhen": "深圳", "beijing": "北京", "tokyo": "东京", "sf-bay-area": "旧金山湾区"}
    winner = case.result["ranking"][0]["region"]
    assert "我们建议 Acme Robotics 落户" in page  # a space between Chinese and Latin text
    for slug, name in names_zh.items():
        assert name in page, slug
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", page)  # dates in Chinese format
    assert "2,000,000 美元" in page  # thousands grouped as CLDR does for Chinese
    assert "排名第一" in page and "数据来源" in page
    assert f'<tr data-region="{winner}" class="winner">' in page


def test_the_sources_in_chinese_are_punctuated_as_chinese(client, handmade_region_data):
    case = scored_case()
    in_chinese(client)
    page = page_of(client, case)
    facts = page.split('<ul class="facts">')[1].split("</ul>")[0]
    assert "：<strong>" in facts and ": <strong>" not in facts
    year = case.result["reasons"]["sources"][0]["year"]
    assert f"，{year}" in facts
    assert re.search(r"（\d{4}(–\d{4})?）", page.split('class="all-sources"')[1])


def test_the_language_switch_returns_to_the_same_page(client, handmade_region_data):
    case = scored_case()
    url = reverse("advisor:case", args=[case.id])
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": url})
    assert response["Location"] == url
    assert "我们建议" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert "We recommend" in client.get(url).content.decode()


def test_thirds_typed_as_33_point_3_each_are_accepted_and_scored(client, handmade_region_data):
    data = form_data(market_CN="33.3", market_US="33.3", market_JP="33.3")
    page = client.post(reverse("advisor:home"), {**data, "startup_name": ""}).content.decode()
    total = re.search(r'<p class="market-total ([a-z]+)" id="market-total".*?</p>', page, re.S)
    assert total.group(1) == "complete"
    response = client.post(reverse("advisor:home"), data)
    assert response.status_code == 302
    assert Case.objects.get().markets == {"CN": 33.3, "US": 33.3, "JP": 33.3}
