from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from advisor.services.cases import cases_requeue_stale


class Command(BaseCommand):
    help = "Queue again the cases left queued (broker was down) or stuck scoring (worker died)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--queued-for",
            type=int,
            default=settings.CASE_REQUEUE_QUEUED_AFTER,
            help="seconds a case may wait queued before it is queued again",
        )
        parser.add_argument(
            "--scoring-for",
            type=int,
            default=settings.CASE_REQUEUE_SCORING_AFTER,
            help="seconds a case may stay scoring before it is queued again",
        )

    def handle(self, *args, queued_for: int, scoring_for: int, **options) -> None:
        count = cases_requeue_stale(
            queued_for=timedelta(seconds=queued_for), scoring_for=timedelta(seconds=scoring_for)
        )
        self.stdout.write(f"Queued {count} stale case{'s' if count != 1 else ''} again.")
