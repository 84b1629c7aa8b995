"""Print the demo advisor's login last, once the site answers and a worker is ready, so that it
stays on screen below the processes' start-up banners (`make run` runs it under supervisord)."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

from django.core.management.base import BaseCommand, CommandError

from config.celery import app


class Command(BaseCommand):
    help = "Wait for the web server and a worker, then print the site's addresses and the login."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", type=Path, required=True, help="What demo_advisor saved.")
        parser.add_argument("--url", required=True, help="The site, e.g. http://127.0.0.1:8000/")
        parser.add_argument("--timeout", type=float, default=120.0)

    def handle(self, *args, file: Path, url: str, timeout: float, **options) -> None:
        deadline = time.monotonic() + timeout
        base = url.rstrip("/")
        while not self._answers(base + "/healthz"):
            if time.monotonic() > deadline:
                raise CommandError(f"{base} did not answer within {timeout:.0f} s")
            time.sleep(0.5)
        # The worker prints its banner when it starts; once it answers a ping the banner is out.
        while not self._worker_answers():
            if time.monotonic() > deadline:
                self.stderr.write("No worker answered yet; cases will wait in the queue.")
                break
        login = file.read_text(encoding="utf-8").strip() if file.exists() else ""
        rule = "=" * 72
        self.stdout.write(
            "\n".join(
                [
                    rule,
                    f"Relocation Advisor is running. Founders: {base}/",
                    f"Advisors' workspace: {base}/admin/",
                    login or "No demo login saved: run `manage.py demo_advisor`.",
                    f"(saved in {file}; Ctrl-C stops everything)" if login else "",
                    rule,
                ]
            )
        )

    @staticmethod
    def _worker_answers() -> bool:
        try:
            return bool(app.control.ping(timeout=1.0))
        except Exception:  # the broker not reachable yet: the login still gets printed
            time.sleep(1.0)
            return False

    @staticmethod
    def _answers(address: str) -> bool:
        try:
            with urlopen(address, timeout=2) as response:  # nosec B310: our own http(s) address
                return response.status == 200
        except (URLError, OSError):
            return False
