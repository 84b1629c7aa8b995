"""What the founder page tests share: the form as a founder fills it in, a scored case, its page,
and the compiled translations."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import trans_real

from advisor.models import Case
from advisor.services.cases import case_submit
from advisor.services.scoring import case_score
from tests.advisor.conftest import founder_profile

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"


@pytest.fixture(scope="module", autouse=True)
def compiled_translations():
    """`make test` compiles the translations; a bare pytest run compiles them here if needed."""
    po, mo = LOCALE / "django.po", LOCALE / "django.mo"
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        call_command("compilemessages", locale=["zh_Hans"], ignore_patterns=[".venv/*", "var/*"])
        trans_real._translations = {}
        trans_real._default = None


def form_data(**changes):
    data = {
        "startup_name": "Acme Robotics",
        "sector": "robotics",
        "stage": "seed",
        "customer_type": "manufacturers",
        "market_CN": "80",
        "market_US": "20",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def scored_case(**changes) -> Case:
    case = case_submit(startup_name="Acme Robotics", profile=founder_profile(**changes))
    return case_score(case_id=case.id)


def page_of(client, case: Case, **query) -> str:
    return client.get(reverse("advisor:case", args=[case.id]), query).content.decode()


def in_chinese(client) -> None:
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
