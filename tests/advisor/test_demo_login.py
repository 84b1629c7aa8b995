"""Set-up: the demo login is saved where the README says and printed last, once the site
answers and a worker is ready; the catalogue builds without a warning."""

from __future__ import annotations

import io
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery-staple-42"


def test_demo_advisor_saves_the_login_for_its_owner_only(region_data, tmp_path):
    login = tmp_path / "var" / "demo-login.txt"
    call_command(
        "demo_advisor",
        "--username",
        "demo",
        "--password",
        PASSWORD,
        "--login-file",
        str(login),
        stdout=io.StringIO(),
    )
    assert (
        login.read_text() == f"Advisor login for /admin/: username 'demo', password '{PASSWORD}'\n"
    )
    assert stat.S_IMODE(login.stat().st_mode) == 0o600


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_login_is_printed_last_once_the_site_and_a_worker_answer(
    live_server, celery_worker_process, tmp_path
):
    login = tmp_path / "demo-login.txt"
    login.write_text("Advisor login for /admin/: username 'demo', password 'pw'\n")
    out = io.StringIO()
    call_command("demo_login", "--file", str(login), "--url", live_server.url, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[0] == lines[-1] == "=" * 72
    assert f"Advisors' workspace: {live_server.url}/admin/" in lines
    assert "Advisor login for /admin/: username 'demo', password 'pw'" in lines


def test_the_catalogue_builds_without_a_warning(tmp_path):
    built = subprocess.run(
        [
            str(Path(sys.executable).with_name("pybabel")),
            "compile",
            "--domain",
            "django",
            "--input-file",
            str(ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"),
            "--output-file",
            str(tmp_path / "django.mo"),
            "--locale",
            "zh_Hans",
        ],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    assert "warning" not in (built.stdout + built.stderr).lower(), built.stderr
    assert "num_plurals" not in built.stderr
