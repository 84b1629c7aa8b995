"""python manage.py audit_answers: the decision audit over the whole grid of profiles
(see advisor/audit.py); exits 1 when a goal is missed, so CI or an advisor can run it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from advisor import audit
from advisor.platform.refusals import refusals_as_command_errors
from advisor.presentation.explanations import explanation_text
from advisor.services.scoring import current_model


def english(reasons: dict[str, Any], model) -> str:
    """The explanation as the stored result has it: the pages' renderer, in English."""
    with translation.override("en"):
        return explanation_text(reasons, model.catalogue.region_names)


class Command(BaseCommand):
    help = (
        "Score every sector x stage x customer type with single-market and mixed profiles, and "
        "report the wins, answers outside the customers' market, regions that never win, answers "
        "that disagree with their robustness and explanation problems."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quick", action="store_true", help="a small grid (for tests)")
        parser.add_argument("--samples", type=int, default=2000, help="robustness samples")

    @refusals_as_command_errors
    def handle(self, *args: Any, **options: Any) -> None:
        model = current_model()
        report = audit.audit(
            model, audit.grid(quick=options["quick"]), render=english, samples=options["samples"]
        )
        self.stdout.write("\n".join(audit.lines(report, model)))
        if not report.meets_goals():
            raise SystemExit(1)
