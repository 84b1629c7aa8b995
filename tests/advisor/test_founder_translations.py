"""No English left on the founder pages in Chinese: every page a founder meets, in every state,
read as a reader (text, names read aloud, the words the page's scripts show), with the data's own
names taken out (startup, sources, grant programmes: they are not translated). What remains must
be Chinese, numbers or one of the few words Chinese writers use as they are (PDF, UTC)."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from advisor.engine.vocabulary import CRITERIA
from advisor.models import Case
from advisor.services.cases import case_submit
from advisor.services.lifecycle import cases_mark_failed
from advisor.services.scoring import case_score
from regions.models import (
    CurrencyRate,
    GrantProgramme,
    IndicatorValue,
    MarketCentre,
    PolicyRule,
    Region,
    RelocationRoute,
)
from tests.advisor.conftest import founder_profile

pytestmark = pytest.mark.django_db

# Publishers' names stay as they are too (Chinese writers keep "Startup Genome").
KEPT_AS_THEY_ARE = {"PDF", "UTC", "Startup", "Genome"}
READ_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt"}
# Words form.js puts on screen, kept translated in these attributes (the rest are identifiers).
SHOWN_BY_SCRIPTS = {"data-label", "data-short", "data-over", "data-complete", "data-blocked"}
SHOWN_BY_SCRIPTS |= {"data-template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
STARTUP = "Acme Robotics"
LOCATION = "Columbus, Ohio"


class ReaderText(HTMLParser):
    """The text a reader meets: text nodes, attributes read aloud, and `data-*` strings that the
    page's scripts put on screen. Skips scripts, styles and anything marked as another language
    (the switcher's "English" button)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    def skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skip = tag in ("script", "style") or ("lang" in values and tag != "html")
        if not skip and not self.skipping():
            for name, value in attrs:
                if value and (name in READ_ATTRIBUTES or self.shown_by_script(name)):
                    self.parts.append(value)
        if tag not in VOID:
            self.stack.append((tag, skip))

    @staticmethod
    def shown_by_script(name: str) -> bool:
        return name in SHOWN_BY_SCRIPTS

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping():
            self.parts.append(data)


def english_left(html: str) -> list[str]:
    reader = ReaderText()
    reader.feed(html)
    text = "\n".join(reader.parts)
    text = re.sub(r"https?://\S+|/cases/\S+|\b[0-9a-f]{16}\b|%\(\w+\)s", " ", text)
    data_names = {STARTUP, LOCATION, "Unsourced"}
    for model in (
        IndicatorValue,
        GrantProgramme,
        PolicyRule,
        MarketCentre,
        RelocationRoute,
        CurrencyRate,
    ):
        data_names |= set(model.objects.values_list("source_name", flat=True))
    data_names |= set(PolicyRule.objects.values_list("name", flat=True))
    # Names are taken out after the addresses, as the page's text was: addresses inside a name
    # go first there too.
    data_names = {re.sub(r"https?://\S+", " ", name) for name in data_names if name}
    data_names |= set(GrantProgramme.objects.values_list("name", flat=True))
    data_names |= set(RelocationRoute.objects.values_list("name", flat=True))
    data_names |= set(Region.objects.values_list("name", flat=True))
    for name in sorted(filter(None, data_names), key=len, reverse=True):
        text = text.replace(name, " ")
    words = re.findall(r"[A-Za-z][A-Za-z'\u2019-]{2,}", text)
    return sorted({word for word in words if word not in KEPT_AS_THEY_ARE})


@pytest.fixture
def chinese(client):
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    return client


def scored(**review) -> Case:
    case = case_submit(
        startup_name=STARTUP,
        profile=founder_profile(weights={"grants": 2}),
        funding_need_usd=1_500_000,
        current_location=LOCATION,
    )
    case = case_score(case_id=case.id)
    if review:
        Case.objects.filter(id=case.id).update(**review)
    return case


def test_the_measure_finds_english_that_was_not_translated(chinese, region_data):
    page = chinese.get(reverse("advisor:home")).content.decode()
    assert english_left(page.replace("</h1>", " Where next?</h1>")) == ["Where", "next"]


def test_the_landing_page_and_the_form_with_its_errors_are_all_chinese(chinese, region_data):
    assert english_left(chinese.get(reverse("advisor:home")).content.decode()) == []
    rejected = chinese.post(
        reverse("advisor:home"),
        {
            "startup_name": "",
            "sector": "robotics",
            "stage": "seed",
            "customer_type": "manufacturers",
            "market_CN": "70",
            "market_US": "40",
            "weight_grants": "-1",
            "funding_need_usd": "lots",
        },
    )
    assert rejected.status_code == 200
    assert english_left(rejected.content.decode()) == []


def test_the_case_page_is_all_chinese_while_waiting_and_after_a_failure(chinese, region_data):
    queued = case_submit(startup_name=STARTUP, profile=founder_profile())
    failed = case_submit(startup_name=STARTUP, profile=founder_profile())
    cases_mark_failed(case_ids=[failed.id], reason="Scoring failed: OperationalError: boom")
    scoring = case_submit(startup_name=STARTUP, profile=founder_profile())
    Case.objects.filter(id=scoring.id).update(status=Case.Status.SCORING)
    for case in (queued, scoring, failed):
        page = chinese.get(reverse("advisor:case", args=[case.id])).content.decode()
        assert english_left(page) == [], case.status
    status = chinese.get(reverse("advisor:case-status", args=[queued.id])).json()
    assert english_left(status["message"]) == []


def test_a_scored_case_with_its_review_and_what_if_is_all_chinese(chinese, region_data):
    reviewed_at = datetime.datetime(2026, 3, 5, 9, 30, tzinfo=datetime.UTC)
    accepted = scored(review_state=Case.ReviewState.ACCEPTED, reviewed_at=reviewed_at)
    Case.objects.filter(id=accepted.id).update(reviewed_region=accepted.recommendation)
    url = reverse("advisor:case", args=[accepted.id])
    page = chinese.get(url, {"weight_cost": "4", "weight_grants": "0"}).content.decode()
    assert 'id="what-if-ranking"' in page and 'id="review"' in page
    assert english_left(page) == []

    runner_up = accepted.result["ranking"][1]["region"]
    overridden = scored(
        review_state=Case.ReviewState.OVERRIDDEN,
        reviewed_region=runner_up,
        review_reason="客户在那里。",
        reviewed_at=reviewed_at,
    )
    page = chinese.get(reverse("advisor:case", args=[overridden.id])).content.decode()
    assert english_left(page) == []


def test_what_if_problems_are_explained_in_chinese(chinese, region_data):
    case = scored()
    zeros = {f"weight_{criterion}": "0" for criterion in CRITERIA}
    fragment = chinese.get(reverse("advisor:case-what-if", args=[case.id]), zeros)
    assert "error-summary" in fragment.content.decode()
    assert english_left(fragment.content.decode()) == []
    bad = chinese.get(reverse("advisor:case-what-if", args=[case.id]), {"weight_talent": "x"})
    assert english_left(bad.content.decode()) == []
