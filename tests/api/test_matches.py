"""Matching for agencies: GET /api/v1/regions/{slug}/matches/ ranks a promoting partner's own
cases for the region, with the smallest change that would put it first."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from advisor.engine.vocabulary import CRITERIA
from advisor.models import Case
from advisor.partners.models import PartnerRegion
from advisor.partners.services.matches import MATCH_COLUMNS
from advisor.partners.services.submissions import partner_case_submit
from advisor.presentation.explanations import promotion_text
from advisor.services.scoring import case_score, cases_score
from regions.models import IndicatorValue, Region
from tests.api.conftest import case_body
from tests.api.test_schema import (  # noqa: F401 (fixtures)
    EXAMPLES,
    advisor_user,
    api_schema,
    known,
)

pytestmark = pytest.mark.django_db

PROFILES = {
    "Ohio Robotics": case_body(),
    "Kyoto Bio": case_body(
        startup_name="Kyoto Bio",
        sector="biotech",
        stage="series_a",
        customer_type="enterprises",
        markets={"JP": 50, "US": 40, "EU": 10},
    ),
    "Ledgerline": case_body(
        startup_name="Ledgerline",
        sector="fintech",
        stage="series_a",
        customer_type="enterprises",
        markets={"US": 50, "EU": 30, "SEA": 20},
    ),
    "Grip Seed": case_body(startup_name="Grip Seed", markets={"CN": 40, "US": 60}),
    # On the real data its fifth region can be put first by one weight or one figure.
    "Sunvolt": case_body(startup_name="Sunvolt", sector="cleantech", customer_type="consumers"),
}


def matches_url(slug: str) -> str:
    return f"/api/v1/regions/{slug}/matches/"


def link(partner, slug: str) -> None:
    PartnerRegion.objects.create(partner=partner, region=Region.objects.get(slug=slug))


def submit(partner, body) -> Case:
    return partner_case_submit(partner=partner, data=body).link.case


@pytest.fixture
def scored(acme, region_data) -> dict[str, Case]:
    """Acme's five cases, scored (as a bulk batch: fewer robustness samples, the same ranking
    fields)."""
    cases = {name: submit(acme.partner, body) for name, body in PROFILES.items()}
    cases_score(case_ids=[case.id for case in cases.values()], bulk=True)
    return {name: Case.objects.get(id=case.id) for name, case in cases.items()}


def entry(case: Case, slug: str) -> dict:
    return next(item for item in case.result["ranking"] if item["region"] == slug)


def fifth(case: Case) -> str:
    return case.result["ranking"][4]["region"]


def test_matches_rank_the_cases_by_the_regions_rank_then_its_gap_to_the_winner(api, acme, scored):
    slug = fifth(scored["Ohio Robotics"])
    link(acme.partner, slug)
    response = api.get(matches_url(slug))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(scored)  # every case compared every region
    keys = []
    for row in body["results"]:
        case = Case.objects.get(id=row["id"])
        stored = entry(case, slug)
        winner = case.result["ranking"][0]
        assert row["rank"] == stored["rank"]
        assert row["score"] == stored["score"]
        assert row["recommendation"] == case.result["recommendation"] == winner["region"]
        assert row["recommendation_score"] == winner["score"]
        assert row["gap"] == round(winner["score"] - stored["score"], 2)
        assert row["regions_compared"] == len(case.result["ranking"])
        assert row["startup_name"] == case.startup_name
        assert row["url"] == f"http://testserver/api/v1/cases/{case.id}/"
        assert (row["promotion"] is None) == (row["rank"] == 1)
        keys.append((row["rank"], row["gap"], -row["score"]))
    assert keys == sorted(keys)
    assert len({rank for rank, _, _ in keys}) > 1  # the order was decided by something


def test_a_region_ranked_fifth_gets_the_smallest_change_that_would_put_it_first(api, acme, scored):
    case = scored["Sunvolt"]
    slug = fifth(case)
    assert slug not in {item["region"] for item in case.result["promotions"]}
    link(acme.partner, slug)
    row = next(r for r in api.get(matches_url(slug)).json()["results"] if r["id"] == str(case.id))
    assert row["rank"] == 5
    promotion = row["promotion"]
    assert promotion["weight"] and promotion["figure"]
    names = dict(Region.objects.values_list("slug", "name"))
    with translation.override("en"):
        assert promotion["text"] == promotion_text({"region": slug, **promotion}, names)
    assert promotion["text"].startswith(f"{names[slug]} would rank first if ")
    assert ", or if " in promotion["text"]
    # Put `to` in place of the weight and normalise: the region leads on the stored scores.
    criterion = promotion["weight"]["criterion"]
    assert promotion["weight"]["from"] == pytest.approx(case.result["weights"][criterion], abs=1e-6)
    weights = {**case.result["weights"], criterion: promotion["weight"]["to"]}
    vector = np.array([weights[c] for c in CRITERIA])
    vector = vector / vector.sum()
    totals = {
        item["region"]: float(np.array([item["criteria"][c] for c in CRITERIA]) @ vector)
        for item in case.result["ranking"]
    }
    assert max(totals, key=totals.get) == slug
    # `from` is the region's own figure in the data the case was scored on.
    value = IndicatorValue.objects.get(
        region__slug=slug, indicator__slug=promotion["figure"]["indicator"], qualifier=""
    )
    assert promotion["figure"]["from"] == pytest.approx(float(value.value))
    assert promotion["figure"]["to"] != promotion["figure"]["from"]


def test_a_region_no_single_change_puts_first_says_so(api, acme, scored):
    case = scored["Ohio Robotics"]
    slug = fifth(case)
    link(acme.partner, slug)
    row = next(r for r in api.get(matches_url(slug)).json()["results"] if r["id"] == str(case.id))
    if row["promotion"]["weight"] or row["promotion"]["figure"]:
        pytest.fail(f"the data changed: {slug} can now be put first; pick another case")
    name = Region.objects.get(slug=slug).name
    assert row["promotion"]["text"] == (
        f"No single change of one weight or one of its figures would put {name} first."
    )


def test_the_next_three_regions_take_their_promotion_from_the_cases_own_promotions(
    api, acme, scored
):
    case = scored["Ohio Robotics"]
    for listed in case.result["promotions"]:
        link(acme.partner, listed["region"])
        rows = api.get(matches_url(listed["region"])).json()["results"]
        row = next(r for r in rows if r["id"] == str(case.id))
        assert row["promotion"] == {
            "weight": listed["weight"],
            "figure": listed["figure"],
            "text": listed["text"],
        }


def test_the_recommended_region_has_no_promotion_and_no_gap(api, acme, scored):
    case = scored["Ohio Robotics"]
    slug = case.result["recommendation"]
    link(acme.partner, slug)
    row = next(r for r in api.get(matches_url(slug)).json()["results"] if r["id"] == str(case.id))
    assert (row["rank"], row["gap"], row["promotion"]) == (1, 0.0, None)


def test_matches_are_filtered_by_sector_stage_and_status(api, acme, scored):
    slug = fifth(scored["Ohio Robotics"])
    link(acme.partner, slug)

    def names(**query) -> set[str]:
        response = api.get(matches_url(slug), query)
        assert response.status_code == 200, response.json()
        return {row["startup_name"] for row in response.json()["results"]}

    assert names(sector="robotics") == {"Ohio Robotics", "Grip Seed"}
    assert names(stage="series_a") == {"Kyoto Bio", "Ledgerline"}
    assert names(stage="seed") == {"Ohio Robotics", "Grip Seed", "Sunvolt"}
    assert names(sector="fintech", stage="series_a") == {"Ledgerline"}
    assert names(status="done") == set(PROFILES)
    # A case queued to be scored again keeps its last result: listed, with its status.
    Case.objects.filter(id=scored["Kyoto Bio"].id).update(status=Case.Status.QUEUED)
    assert names(status="queued") == {"Kyoto Bio"}
    assert names(sector="gaming") == set()


def test_a_case_without_a_result_for_the_region_is_not_a_match(api, acme, scored):
    slug = fifth(scored["Ohio Robotics"])
    link(acme.partner, slug)
    submit(acme.partner, case_body(startup_name="Not Yet Scored"))
    others = [r for r in Region.objects.values_list("slug", flat=True) if r != slug][:2]
    elsewhere = submit(acme.partner, case_body(startup_name="Elsewhere", regions=others))
    case_score(case_id=elsewhere.id)
    rows = api.get(matches_url(slug)).json()["results"]
    assert {row["startup_name"] for row in rows} == set(PROFILES)


@pytest.mark.parametrize(
    "query",
    [{"sector": "astrology"}, {"stage": "pre_seed_x"}, {"status": "lost"}, {"sector": ""},
     {"stauts": "done"}, {"page": 0}, {"page_size": 1000}],
)  # fmt: skip
def test_a_bad_filter_is_a_400_problem(api, acme, scored, query):
    slug = fifth(scored["Ohio Robotics"])
    link(acme.partner, slug)
    response = api.get(matches_url(slug), query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == next(iter(query))


def test_matches_are_paginated_as_the_case_list_is(api, acme, scored):
    slug = fifth(scored["Ohio Robotics"])
    link(acme.partner, slug)
    everything = [row["id"] for row in api.get(matches_url(slug)).json()["results"]]
    first = api.get(matches_url(slug), {"page_size": 3}).json()
    assert first["count"] == len(scored) == 5
    assert len(first["results"]) == 3
    assert first["previous"] is None
    assert first["next"] == f"http://testserver{matches_url(slug)}?page=2&page_size=3"
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 2
    assert second["next"] is None
    assert second["previous"] is not None
    assert [row["id"] for row in first["results"] + second["results"]] == everything
    missing = api.get(matches_url(slug), {"page": 9})
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_the_csv_export_has_every_match_in_order_with_its_columns(api, acme, scored):
    slug = fifth(scored["Ohio Robotics"])
    link(acme.partner, slug)
    rows = api.get(matches_url(slug)).json()["results"]
    response = api.get(matches_url(slug), HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="matches-{slug}.csv"' in response["Content-Disposition"]
    assert "Accept" in response["Vary"]
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert tuple(table[0]) == MATCH_COLUMNS == (
        "case_id", "startup_name", "sector", "stage", "status", "created_at", "rank",
        "regions_compared", "score", "recommendation", "recommendation_score", "gap",
        "weight_criterion", "weight_from", "weight_to", "figure_indicator", "figure_from",
        "figure_to", "promotion",
    )  # fmt: skip
    lines = [dict(zip(table[0], line, strict=True)) for line in table[1:]]
    assert [line["case_id"] for line in lines] == [row["id"] for row in rows]
    for line, row in zip(lines, rows, strict=True):
        assert int(line["rank"]) == row["rank"]
        assert float(line["score"]) == row["score"]
        assert float(line["gap"]) == row["gap"]
        assert line["recommendation"] == row["recommendation"]
        promotion = row["promotion"] or {}
        assert line["promotion"] == promotion.get("text", "")
        weight = promotion.get("weight") or {}
        assert line["weight_criterion"] == weight.get("criterion", "")
    only = api.get(matches_url(slug), {"stage": "series_a"}, HTTP_ACCEPT="text/csv")
    assert len(list(csv.reader(io.StringIO(b"".join(only.streaming_content).decode())))) == 3


def test_the_csv_takes_no_page_and_other_formats_are_406(api, acme, scored):
    slug = fifth(scored["Ohio Robotics"])
    link(acme.partner, slug)
    paged = api.get(matches_url(slug), {"page": 1}, HTTP_ACCEPT="text/csv")
    assert paged.status_code == 400
    assert paged.json()["errors"][0]["field"] == "page"
    refused = api.get(matches_url(slug), HTTP_ACCEPT="application/xml")
    assert refused.status_code == 406
    assert refused["Content-Type"] == "application/problem+json"
    assert api.get(matches_url(slug), HTTP_ACCEPT="*/*")["Content-Type"] == "application/json"


def test_partner_never_sees_another_partners_cases_among_its_matches(api, acme, rival, scored):
    slug = fifth(scored["Ohio Robotics"])
    link(acme.partner, slug)
    link(rival.partner, slug)
    theirs = submit(rival.partner, case_body(startup_name="Rival Robotics"))
    case_score(case_id=theirs.id)
    mine = api.get(matches_url(slug)).json()
    assert str(theirs.id) not in str(mine)
    assert mine["count"] == len(scored)
    exported = b"".join(api.get(matches_url(slug), HTTP_ACCEPT="text/csv").streaming_content)
    assert str(theirs.id).encode() not in exported
    assert b"Rival Robotics" not in exported
    seen = rival.client().get(matches_url(slug)).json()
    assert [row["id"] for row in seen["results"]] == [str(theirs.id)]


def test_a_region_the_partner_does_not_promote_is_refused_and_a_missing_one_is_404(
    api, acme, rival, scored
):
    slug = fifth(scored["Ohio Robotics"])
    link(rival.partner, slug)  # promoted by someone else: still not acme's
    refused = api.get(matches_url(slug))
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert "does not promote this region" in refused.json()["detail"]
    assert refused.json()["type"].endswith("/api/problems/forbidden/")
    assert api.get(matches_url(slug), HTTP_ACCEPT="text/csv").status_code == 403
    missing = api.get(matches_url("atlantis"))
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_matches_need_a_key(client, region_data):
    response = client.get(matches_url("shenzhen"))
    assert response.status_code == 401


def promote_everywhere(partner) -> None:
    PartnerRegion.objects.bulk_create(
        PartnerRegion(partner=partner, region=region) for region in Region.objects.all()
    )


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_matches_answer_as_their_schema_says_and_never_5xx(api_schema, acme, known, mode):  # noqa: F811
    """As test_schema.py's property-based run does for the other operations: generated
    requests through the real application, every answer checked against the schema. Positive
    requests are sometimes pointed at a real region (Acme promotes every one) and its first
    page, so that answers with data are checked too."""
    promote_everywhere(acme.partner)
    operation = api_schema["/api/v1/regions/{slug}/matches/"]["GET"]
    headers = {"Authorization": f"Api-Key {acme.key}"}
    positive = mode == GenerationMode.POSITIVE
    statuses: list[int] = []

    @given(
        case=operation.as_strategy(generation_mode=mode, headers=headers),
        real_region=st.none() | st.sampled_from(known.regions),
    )
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case, real_region):
        if positive and real_region:
            case.path_parameters["slug"] = real_region
            if isinstance(case.query, dict):
                case.query.pop("page", None)
        response = case.call_and_validate(headers=headers)
        statuses.append(response.status_code)

    run()

    assert len(statuses) >= EXAMPLES // 2
    assert not any(status >= 500 for status in statuses)
    if positive:
        assert statuses.count(200) >= EXAMPLES // 5, statuses


def test_every_kind_of_matches_answer_matches_the_schema(api_schema, acme, rival, known):  # noqa: F811
    """Each answer sent on purpose and checked against the schema (the property-based run in
    test_schema.py reaches them only by luck): a page, the CSV, and each refusal."""
    path = "/api/v1/regions/{slug}/matches/"
    headers = {"Authorization": f"Api-Key {acme.key}"}
    promote_everywhere(acme.partner)

    def check(expect: int, slug: str, key=headers, **parts):
        case = api_schema[path]["GET"].Case(path_parameters={"slug": slug}, **parts)
        response = case.call_and_validate(headers=key)
        assert response.status_code == expect, (slug, parts, response.text[:500])
        return response

    done = Case.objects.get(id=known.cases["done"])
    last = done.result["ranking"][-1]["region"]  # it compared three regions
    page = check(200, last, query={"page_size": 2}).json()
    assert page["count"] >= 1 and page["results"][0]["promotion"] is not None
    check(200, done.result["recommendation"], query={"status": "done", "sector": "robotics"})
    check(200, last, headers={"Accept": "text/csv"})
    check(400, last, query={"stage": "founding"})
    check(400, last, query={"page": 1}, headers={"Accept": "text/csv"})
    check(404, last, query={"page": 99})
    check(404, "atlantis")
    check(406, last, headers={"Accept": "application/xml"})
    check(403, last, key={"Authorization": f"Api-Key {rival.key}"})
    check(401, last, key={})


def test_a_case_scored_on_data_no_longer_held_still_gets_its_weight_promotion(api, acme, scored):
    case = scored["Sunvolt"]
    slug = fifth(case)
    link(acme.partner, slug)
    before = api.get(matches_url(slug), {"sector": "cleantech"}).json()["results"][0]
    gone = {**case.result, "dataset_version": "0" * 16}
    Case.objects.filter(id=case.id).update(result=gone, dataset_version=gone["dataset_version"])
    after = api.get(matches_url(slug), {"sector": "cleantech"}).json()["results"][0]
    assert after["promotion"]["weight"] == before["promotion"]["weight"]
    assert before["promotion"]["figure"] is not None
    assert after["promotion"]["figure"] is None  # the region's figures then are not known
