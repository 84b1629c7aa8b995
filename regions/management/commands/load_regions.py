from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from advisor.platform.refusals import refusals_as_command_errors
from regions.files import DATA_DIR
from regions.services import regions_load_files


class Command(BaseCommand):
    help = (
        "Load the sourced region data files (regions/data/*.csv) into the database. Safe to run "
        "repeatedly: rows edited in the admin are kept unless --update is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--directory", type=Path, default=DATA_DIR, help="folder of CSV files")
        parser.add_argument(
            "--update", action="store_true", help="overwrite rows that differ from the files"
        )
        parser.add_argument(
            "--prune", action="store_true", help="delete rows that are not in the files"
        )

    @refusals_as_command_errors
    def handle(self, *args, directory: Path, update: bool, prune: bool, **options) -> None:
        report = regions_load_files(directory=directory, update=update, prune=prune)
        created = sum(report.created.values())
        updated = sum(report.updated.values())
        kept = sum(report.kept.values())
        deleted = sum(report.deleted.values())
        self.stdout.write(
            f"Region data: {report.rows['regions']} regions, {report.rows['indicator_values']} "
            f"indicator values, {report.rows['grants']} grant programmes "
            f"({created} rows created, {updated} updated, {deleted} deleted)."
        )
        if kept:
            tables = ", ".join(f"{t} ({n})" for t, n in report.kept.items() if n)
            self.stdout.write(
                f"{kept} rows differ from the files and were kept as edited: {tables}. "
                "Run with --update to overwrite them from the files."
            )
        self.stdout.write(f"Dataset version: {report.version}")
