"""The regions partners promote, in the admin: linked on the partner's page or their own list, and
each link's matches page, for staff who may view partners' cases and their region links."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from advisor.models import Case
from advisor.partners.models import PartnerRegion
from advisor.partners.services.matches import MATCH_COLUMNS
from advisor.partners.services.submissions import partner_case_submit
from advisor.services.scoring import cases_score
from regions.models import Region
from tests.advisor.admin_support import advisor_fixture  # noqa: F401 (fixture)
from tests.advisor.founder_support import compiled_translations  # noqa: F401 (fixture)
from tests.api.conftest import case_body
from tests.permissions import permissions_ensure

pytestmark = pytest.mark.django_db

MATCHES = reverse("admin:partners_partnerregion_matches")


def staff(username: str, *permissions: str):
    permissions_ensure()
    user = get_user_model().objects.create_user(username, password="a-long-password-42")
    user.is_staff = True
    user.save()
    for name in permissions:
        app, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    return user


@pytest.fixture
def partner_staff(client):
    client.force_login(staff("pat", "partners.view_partnerregion", "partners.view_partnercase"))
    return client


@pytest.fixture
def promoted(acme, rival, region_data):
    """Acme and Rival both promote the region Acme's first case ranks fifth; each has cases."""
    mine = [
        partner_case_submit(partner=acme.partner, data=case_body(startup_name=name)).link.case
        for name in ("Acme Robotics", "Acme Grippers")
    ]
    theirs = partner_case_submit(
        partner=rival.partner, data=case_body(startup_name="Rival Robotics")
    ).link.case
    cases_score(case_ids=[case.id for case in [*mine, theirs]], bulk=True)
    slug = Case.objects.get(id=mine[0].id).result["ranking"][4]["region"]
    region = Region.objects.get(slug=slug)
    PartnerRegion.objects.create(partner=rival.partner, region=region)
    return PartnerRegion.objects.create(partner=acme.partner, region=region)


def test_staff_with_partner_permissions_see_a_links_matches_and_only_that_partners(
    partner_staff, promoted
):
    page = partner_staff.get(MATCHES, {"link": promoted.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="matches"' in html
    assert "Acme Robotics" in html and "Acme Grippers" in html
    assert "Rival Robotics" not in html
    assert "5 of " in html  # the region's rank in the case
    assert "would put" in html or "would rank first" in html  # the promotion's sentence
    rows = page.context["rows"]
    assert [row["match"].standing.rank for row in rows] == sorted(
        row["match"].standing.rank for row in rows
    )
    filtered = partner_staff.get(MATCHES, {"link": promoted.pk, "stage": "series_b"})
    assert filtered.context["rows"] == []


def test_the_matches_page_exports_the_same_csv_as_the_api(partner_staff, promoted, acme):
    response = partner_staff.get(MATCHES, {"link": promoted.pk, "export": "csv"})
    assert response.status_code == 200
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert tuple(table[0]) == MATCH_COLUMNS
    api = acme.client().get(
        f"/api/v1/regions/{promoted.region.slug}/matches/", HTTP_ACCEPT="text/csv"
    )
    assert table == list(csv.reader(io.StringIO(b"".join(api.streaming_content).decode())))


def test_the_matches_page_without_a_link_chosen_shows_the_form(partner_staff, promoted):
    page = partner_staff.get(MATCHES)
    assert page.status_code == 200
    assert 'id="matches-form"' in page.content.decode()
    assert page.context["rows"] == []


def test_staff_without_partner_permissions_are_refused_the_matches_page(client, advisor, promoted):
    client.force_login(advisor)  # an Advisor reviews cases, but may not see partners'
    assert client.get(MATCHES, {"link": promoted.pk}).status_code == 403
    client.force_login(staff("half", "partners.view_partnerregion"))
    assert client.get(MATCHES, {"link": promoted.pk}).status_code == 403
    client.logout()
    assert client.get(MATCHES, {"link": promoted.pk}).status_code == 302  # to the login page


def test_a_superuser_links_a_partner_to_a_region_in_the_admin(client, acme, region_data):
    user = get_user_model().objects.create_superuser("ops", "ops@example.com", "a-long-pass-42")
    client.force_login(user)
    tokyo = Region.objects.get(slug="tokyo")
    response = client.post(
        reverse("admin:partners_partnerregion_add"),
        {"partner": acme.partner.pk, "region": tokyo.pk},
    )
    assert response.status_code == 302
    link = PartnerRegion.objects.get(partner=acme.partner)
    assert link.region == tokyo
    again = client.post(
        reverse("admin:partners_partnerregion_add"),
        {"partner": acme.partner.pk, "region": tokyo.pk},
    )
    assert again.status_code == 200  # the form again, with the error: one link per region
    assert PartnerRegion.objects.filter(partner=acme.partner).count() == 1
    listing = client.get(reverse("admin:partners_partnerregion_changelist")).content.decode()
    assert f"{MATCHES}?link={link.pk}" in listing
    partner_page = client.get(reverse("admin:partners_partner_change", args=[acme.partner.pk]))
    assert 'name="region_links-TOTAL_FORMS"' in partner_page.content.decode()
    # A new partner is linked once it exists: the add page posts no formset of links.
    add_page = client.get(reverse("admin:partners_partner_add")).content.decode()
    assert "region_links-TOTAL_FORMS" not in add_page


def test_the_matches_page_is_in_chinese_when_asked(partner_staff, promoted):
    partner_staff.post(reverse("set_language"), {"language": "zh-hans", "next": MATCHES})
    html = partner_staff.get(MATCHES, {"link": promoted.pk}).content.decode()
    for words in ("推广地区的匹配", "下载 CSV", "落后分数", "怎样才能排第一", "第 5 名"):
        assert words in html, words
    assert "Matches of a promoted region" not in html and "Points behind" not in html
