from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from advisor.platform.refusals import refusals_as_command_errors
from advisor.services.advisors import advisor_ensure, demo_cases_ensure
from regions.models import Region


class Command(BaseCommand):
    help = "Create (or reset) the demo advisor login with demo cases to review, and print it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default=settings.DEMO_ADVISOR_USERNAME)
        parser.add_argument("--password", default=settings.DEMO_ADVISOR_PASSWORD)
        parser.add_argument(
            "--login-file",
            type=Path,
            help="Also save the login here, readable by its owner only (make run: "
            "var/demo-login.txt, which `manage.py demo_login` prints once the site is up).",
        )

    @refusals_as_command_errors
    def handle(
        self, *args, username: str, password: str, login_file: Path | None = None, **options
    ) -> None:
        if not password:
            raise CommandError(
                "no password: set DEMO_ADVISOR_PASSWORD (make run writes one to .env)"
            )
        if not Region.objects.exists():
            raise CommandError("no region data: run `python manage.py load_regions` first")
        advisor = advisor_ensure(username=username, password=password)
        cases = demo_cases_ensure(advisor=advisor)
        waiting = sum(case.review_state == case.ReviewState.PENDING for case in cases)
        self.stdout.write(f"{len(cases)} demo cases, {waiting} awaiting review.")
        line = f"Advisor login for /admin/: username {username!r}, password {password!r}"
        self.stdout.write(line)
        if login_file is not None:
            login_file.parent.mkdir(parents=True, exist_ok=True)
            login_file.touch(mode=0o600)
            login_file.chmod(0o600)
            login_file.write_text(line + "\n", encoding="utf-8")
