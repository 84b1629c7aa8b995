"""What the founder's forms share: the weight fields, and every refusal of the one input checker
placed beside its field in the founder's words (the form's one mapping of a DomainError).
"""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from advisor.engine.vocabulary import CRITERIA, MARKETS
from advisor.engine.weights import MAX_WEIGHT
from advisor.errors import Code, DomainError, Problem
from advisor.presentation import labels

MARKETS_GROUP = "markets"
WEIGHTS_GROUP = "weights"
# The checker's rules a founder can break through this form, in the founder's words (other
# problems keep the checker's own; the fields' own parsing errors are Django's, translated).
WORDING = {
    "no_share": _("Give the share of your customers in at least one market."),
    "shares_total": _("Customer shares must add up to 100 (they add up to %(total)s)."),
    "no_weight": _("Give at least one criterion a weight above zero."),
    "too_few": _("Choose at least two regions to compare, or none to compare them all."),
}
REFUSALS = {Code.NO_REGION_DATA: _("There is no region data to compare right now.")}


def market_field_name(code: str) -> str:
    return f"market_{code}"


def weight_field_name(criterion: str) -> str:
    return f"weight_{criterion}"


def weight_field() -> forms.FloatField:
    return forms.FloatField(
        required=False,
        min_value=0,
        max_value=MAX_WEIGHT,
        widget=forms.NumberInput(attrs={"step": "0.1", "min": "0", "inputmode": "decimal"}),
    )


def market_share_field(code: str, *, attrs: Mapping[str, str] | None = None) -> forms.FloatField:
    """The share of the founder's customers (0 to 100) in one market."""
    return forms.FloatField(
        label=labels.MARKETS[code],
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(
            attrs={"step": "any", "min": "0", "max": "100", "inputmode": "decimal", **(attrs or {})}
        ),
    )


class FounderForm(forms.Form):
    """What the founder's forms share: one optional weight per criterion (relative importance,
    the average criterion is 1) and errors about a group of fields, shown beside the group."""

    def add_weight_fields(self) -> None:
        for criterion in CRITERIA:
            name = weight_field_name(criterion)
            field = weight_field()
            field.label = labels.CRITERIA[criterion]
            field.widget.attrs["aria-describedby"] = f"{name}-default"
            self.fields[name] = field

    def chosen_weights(self) -> dict[str, float]:
        """The weights the founder filled in; blank ones keep their default."""
        return {
            criterion: self.cleaned_data[weight_field_name(criterion)]
            for criterion in CRITERIA
            if self.cleaned_data.get(weight_field_name(criterion)) is not None
        }

    def market_fields(self) -> list[forms.BoundField]:
        return [self[market_field_name(code)] for code in MARKETS]

    def _non_field_errors(self) -> list[forms.ValidationError]:
        return self.errors.as_data().get(NON_FIELD_ERRORS, [])

    def market_errors(self) -> list[str]:
        return [m for e in self._non_field_errors() if e.code == MARKETS_GROUP for m in e.messages]

    def weight_errors(self) -> list[str]:
        return [m for e in self._non_field_errors() if e.code == WEIGHTS_GROUP for m in e.messages]

    def other_errors(self) -> list[str]:
        return [
            message
            for error in self._non_field_errors()
            if error.code not in (MARKETS_GROUP, WEIGHTS_GROUP)
            for message in error.messages
        ]

    def add_problems(self, refused: DomainError) -> None:
        """Place each problem of a service's refusal beside the field or group it names. A field
        that already has an error gets no second one (a market share that is not a number has
        no total to add up)."""
        in_error = self._fields_in_error()
        for problem in refused.problems:
            if problem.field in in_error:
                continue
            message = self._words(refused, problem)
            if problem.field in self.fields:
                self.add_error(problem.field, message)
            elif problem.field in (MARKETS_GROUP, WEIGHTS_GROUP):
                self.add_error(None, forms.ValidationError(message, code=problem.field))
            else:
                self.add_error(None, message)
        self.describe_errors()

    def add_message(self, message: str) -> None:
        """A problem about the form as a whole (a spent request budget)."""
        self.add_error(None, message)
        self.describe_errors()

    @staticmethod
    def _words(refused: DomainError, problem: Problem) -> str:
        if refused.code in REFUSALS:
            return str(REFUSALS[refused.code])
        if problem.code in WORDING:
            return str(WORDING[problem.code]) % dict(problem.params)
        return problem.detail

    def _fields_in_error(self) -> set[str]:
        """The fields (and groups) that have an error already."""
        groups = set(self.errors)
        if any(name.startswith("market_") for name in groups):
            groups.add(MARKETS_GROUP)
        if any(name.startswith("weight_") for name in groups):
            groups.add(WEIGHTS_GROUP)
        return groups

    def full_clean(self) -> None:
        super().full_clean()
        self.describe_errors()

    def describe_errors(self) -> None:
        """Point each field that has an error at its message, for screen readers."""
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            described_by = widget.attrs.get("aria-describedby", "").split()
            error_id = f"{self[name].auto_id}-error"
            if error_id not in described_by:
                widget.attrs["aria-describedby"] = " ".join([*described_by, error_id])
