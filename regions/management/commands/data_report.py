"""python manage.py data_report: how current, like for like and complete the region data is
(regions/report.py); exits 1 when a goal is missed. --files reads regions/data/*.csv instead of
the database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from regions.dataset import dataset_current
from regions.files import read_dataset
from regions.report import data_report, report_lines


class Command(BaseCommand):
    help = (
        "Per indicator: coverage, geography level, tracker and edition, share of estimates and "
        "oldest source; per region: what is missing; in all: estimates, opinion-only rows and "
        "addresses that do not open."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--files", action="store_true", help="report on regions/data/*.csv, not the database"
        )

    def handle(self, *args: Any, files: bool, **options: Any) -> None:
        dataset = read_dataset() if files else dataset_current()
        report = data_report(dataset)
        self.stdout.write("\n".join(report_lines(report)))
        if not report.meets_goals():
            raise SystemExit(1)
