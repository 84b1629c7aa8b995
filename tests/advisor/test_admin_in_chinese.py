# ruff: noqa: RUF001 (the Chinese wording has full-width punctuation)
"""The advisors' workspace and the partner API's errors in Chinese when Chinese is asked for."""

from __future__ import annotations

import pytest
from django.urls import reverse

from advisor.partners.services.keys import partner_create, partner_key_create
from advisor.services.reviews import case_assign
from tests.advisor.admin_support import (  # noqa: F401 (fixtures)
    advisor_client_fixture,
    advisor_fixture,
    change_url,
    scored_case,
)
from tests.advisor.founder_support import compiled_translations  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chinese_advisor(advisor_client):
    response = advisor_client.post(
        reverse("set_language"), {"language": "zh-hans", "next": reverse("admin:index")}
    )
    assert response.status_code == 302
    return advisor_client


def test_an_advisor_switches_the_workspace_to_chinese_from_any_page(
    advisor_client, handmade_region_data
):
    page = advisor_client.get(reverse("admin:index")).content.decode()
    assert 'id="language-form"' in page and 'value="zh-hans"' in page
    chinese = advisor_client.post(
        reverse("set_language"),
        {"language": "zh-hans", "next": reverse("admin:index")},
        follow=True,
    ).content.decode()
    assert "审核队列" in chinese and 'value="en"' in chinese


def test_the_queue_case_page_freshness_and_dashboard_are_in_chinese(
    chinese_advisor, advisor, handmade_region_data
):
    case = scored_case("Chinese Robotics")
    case_assign(case_id=case.id, advisor=advisor, by=advisor)
    index = chinese_advisor.get(reverse("admin:index")).content.decode()
    for words in (
        "创业选址顾问：顾问工作台",
        "审核队列",
        "待审核",
        "分配给我的",
        "团队看板",
        "等待审核最久的案例",
    ):
        assert words in index, words
    assert "Awaiting review" not in index and "Review queue" not in index
    page = chinese_advisor.get(change_url(case)).content.decode()
    for words in ("内部备注", "添加备注", "最近的更改", "创始人页面", "评分记录", "推荐"):
        assert words in page, words
    assert "Internal notes" not in page and "Recent changes" not in page
    freshness = chinese_advisor.get(reverse("admin:regions_region_freshness")).content.decode()
    assert "数据时效" in freshness and "未注明方法的估计值" in freshness
    dashboard = chinese_advisor.get(reverse("admin:dashboard")).content.decode()
    assert "待审核积压与审核用时" in dashboard and "引擎推荐的地区" in dashboard
    assert "Review backlog" not in dashboard


def test_the_history_is_in_chinese_words(chinese_advisor, advisor, handmade_region_data):
    case = scored_case("History Robotics")
    case_assign(case_id=case.id, advisor=advisor, by=advisor)
    history = chinese_advisor.get(reverse("admin:advisor_case_history", args=[case.pk]))
    page = history.content.decode()
    assert "推荐" in page and "无结果" in page
    assert "no result" not in page


def test_the_api_answers_errors_in_chinese_when_chinese_is_asked_for(client, handmade_region_data):
    partner = partner_create(name="Shenzhen Angels")
    _, key = partner_key_create(partner=partner, name="test")
    body = {
        "startup_name": "Biotek",
        "sector": "biotek",
        "stage": "seed",
        "customer_type": "enterprises",
        "markets": {"US": 60},
    }
    url = reverse("partners:case-list")
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {key}"}
    chinese = client.post(
        url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-Hans", **headers
    )
    assert chinese.status_code == 400
    problem = chinese.json()
    assert problem["title"] == "输入无效"
    details = {error["field"]: error["detail"] for error in problem["errors"]}
    assert details["sector"].startswith("未知的 sector 'biotek'；可选值：")
    assert details["markets"] == "客户占比合计必须为 100（目前合计为 60）"
    english = client.post(url, body, content_type="application/json", **headers).json()
    assert english["title"] == "Invalid input"
    assert {e["field"]: e["detail"] for e in english["errors"]}["markets"] == (
        "customer shares must add up to 100 (they add up to 60)"
    )
    # DRF's own messages come in Chinese too.
    unauthenticated = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-Hans").json()
    assert unauthenticated["title"] == "未认证"
