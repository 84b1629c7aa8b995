"""The founder's forms: the profile form and the what-if weights. Django's fields read what the
browser sends (numbers, choices); the rules of a profile are the one input checker's
(advisor.services.profiles), which clean() calls, and every refusal is placed beside its field
by add_problems(), in the founder's language: the form's one mapping of a DomainError."""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from advisor.engine.profiles import share_tolerance
from advisor.engine.vocabulary import CRITERIA, MARKETS
from advisor.engine.weights import MAX_WEIGHT
from advisor.errors import Code, DomainError, Problem
from advisor.presentation import labels
from advisor.presentation.numbers import number
from advisor.services.profiles import (
    MAX_FUNDING_USD,
    MAX_LOCATION_LENGTH,
    MAX_NAME_LENGTH,
    MIN_FUNDING_USD,
    case_clean,
    profile_clean,
)

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


class CaseForm(FounderForm):
    startup_name = forms.CharField(
        label=_("Startup name"),
        max_length=MAX_NAME_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=labels.choices(labels.SECTORS))
    stage = forms.ChoiceField(
        label=_("Stage"), choices=labels.choices(labels.STAGES), initial="seed"
    )
    customer_type = forms.ChoiceField(
        label=_("Who buys from you"), choices=labels.choices(labels.CUSTOMER_TYPES)
    )
    funding_need_usd = forms.IntegerField(
        label=_("Funding you are looking for (USD, optional)"),
        help_text=_(
            "Grants and investors are judged against the money you are raising (else against "
            "your stage's typical round)."
        ),
        required=False,
        # The checker's bounds, so the browser knows them too (and Django words them).
        min_value=MIN_FUNDING_USD,
        max_value=MAX_FUNDING_USD,
        widget=forms.NumberInput(attrs={"step": "1", "inputmode": "numeric"}),
    )
    founder_nationality = forms.CharField(
        label=_("Founders' nationality (country code such as US or CN, optional)"),
        help_text=_(
            "Some programmes are open only to some nationalities, and some rules bind them."
        ),
        required=False,
        max_length=2,
        widget=forms.TextInput(attrs={"autocomplete": "country", "size": "4"}),
    )
    incorporated_in = forms.CharField(
        label=_("Where the company is incorporated now (country code, optional)"),
        required=False,
        max_length=2,
        widget=forms.TextInput(attrs={"size": "4"}),
    )
    current_location = forms.CharField(
        label=_("Where you are based now (optional)"),
        help_text=_(
            "A city the advisor covers (for example London or Shenzhen), or your country's "
            "two-letter code (for example US) if it is not covered: the report then compares "
            "moving with staying."
        ),
        required=False,
        max_length=MAX_LOCATION_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )

    founder_email = forms.EmailField(
        label=_("Your email address (optional)"),
        help_text=_(
            "We send you the link to your report, and a note when an advisor has reviewed it. "
            "Nothing else."
        ),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(
        self,
        *args: Any,
        default_weights: Mapping[str, Mapping[str, Mapping[str, float]]] | None = None,
        region_choices: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.default_weights = default_weights or {}
        self.fields["regions"] = forms.MultipleChoiceField(
            label=_("Only compare these regions (optional)"),
            help_text=_("Tick two or more to compare only those; tick none to compare them all."),
            choices=region_choices or [],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        for code in MARKETS:
            self.fields[market_field_name(code)] = forms.FloatField(
                label=labels.MARKETS[code],
                required=False,
                min_value=0,
                max_value=100,
                widget=forms.NumberInput(
                    attrs={
                        "step": "any",
                        "min": "0",
                        "max": "100",
                        "inputmode": "decimal",
                        "data-market-share": code,
                    }
                ),
            )
        self.add_weight_fields()
        for criterion, value in self.current_defaults().items():
            self.fields[weight_field_name(criterion)].widget.attrs["placeholder"] = number(value, 2)

    def profile_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("startup_name", "sector", "stage", "customer_type")]

    def extra_fields(self) -> list[forms.BoundField]:
        return [
            self["funding_need_usd"],
            self["founder_nationality"],
            self["incorporated_in"],
            self["current_location"],
            self["founder_email"],
        ]

    def market_fields(self) -> list[forms.BoundField]:
        return [self[market_field_name(code)] for code in MARKETS]

    def market_total(self) -> float:
        """The shares as typed (for the running total shown without JavaScript)."""
        total = 0.0
        for field in self.market_fields():
            try:
                share = float(field.value() or 0)
            except (TypeError, ValueError):
                continue
            if math.isfinite(share):  # "1e999", "inf" and "nan" are typos, not shares
                total += share
        # Two shares of 1e308 add up to infinity: a total no one can reach is simply too large.
        return total if math.isfinite(total) else math.copysign(sys.float_info.max, total)

    def market_count(self) -> int:
        """How many markets were given a share above zero (each may be off by its rounding)."""
        count = 0
        for field in self.market_fields():
            try:
                share = float(field.value() or 0)
            except (TypeError, ValueError):
                continue
            count += math.isfinite(share) and share > 0
        return count

    def market_total_state(self) -> tuple[str, str]:
        """(state, note) for the running total as the page first shows it; form.js then keeps
        both current as the founder types, with the same words."""
        total = round(self.market_total(), 2)
        if abs(total - 100) <= share_tolerance(self.market_count()):
            return "complete", str(_("adds up to 100"))
        if total > 100:
            return "over", str(_("%(extra)s too many")) % {"extra": number(total - 100, 2)}
        return "short", str(_("%(missing)s to go")) % {"missing": number(100 - total, 2)}

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for every problem, in the order the page shows the fields."""

        def field_errors(fields: list[forms.BoundField]) -> list[tuple[str, str]]:
            return [(f.auto_id, f"{f.label}: {message}") for f in fields for message in f.errors]

        return [
            *[("", message) for message in self.other_errors()],
            *field_errors(self.profile_fields()),
            *[("markets", message) for message in self.market_errors()],
            *field_errors(self.market_fields()),
            *[("weights", message) for message in self.weight_errors()],
            *field_errors([field for field, _default in self.weight_rows()]),
            *field_errors([self["regions"]]),
            *field_errors(self.extra_fields()),
        ]

    def selected(self, name: str) -> str:
        value = self[name].value()
        return (
            str(value)
            if value
            else str(self.fields[name].initial or self.fields[name].choices[0][0])
        )

    def current_defaults(self) -> dict[str, float]:
        """The default weights for the sector and stage currently chosen (empty without data)."""
        return dict(
            self.default_weights.get(self.selected("sector"), {}).get(self.selected("stage"), {})
        )

    def weight_rows(self) -> list[tuple[forms.BoundField, str]]:
        """Each weight field with its default for the chosen sector and stage, as shown."""
        defaults = self.current_defaults()
        return [
            (self[weight_field_name(c)], number(defaults[c], 2) if c in defaults else "")
            for c in CRITERIA
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            case_clean(
                startup_name=data.get("startup_name", ""),
                profile=self.profile(),
                funding_need_usd=data.get("funding_need_usd"),
                current_location=data.get("current_location", ""),
                founder_email=data.get("founder_email", ""),
            )
        except DomainError as refused:
            self.add_problems(refused)
        return data

    def profile(self) -> dict[str, Any]:
        """The profile as the fields read it (a field in error is left out)."""
        data = self.cleaned_data
        return {
            "sector": data.get("sector"),
            "stage": data.get("stage"),
            "customer_type": data.get("customer_type"),
            "markets": {
                code: data[market_field_name(code)]
                for code in MARKETS
                if data.get(market_field_name(code))
            },
            "weights": self.chosen_weights(),
            "regions": list(data.get("regions") or []),
            "founder_nationality": data.get("founder_nationality") or None,
            "incorporated_in": data.get("incorporated_in") or None,
        }


class WhatIfForm(FounderForm):
    """Another profile for a scored case: other weights, markets, stage or sector (a GET form:
    the result is computed, never stored over the case; duplicate() saves it as a new case)."""

    def __init__(
        self,
        *args: Any,
        original: Mapping[str, float],
        profile: Mapping[str, Any],
        **kwargs: Any,
    ) -> None:
        markets = profile.get("markets") or {}
        initial = {weight_field_name(c): f"{v:g}" for c, v in original.items()}
        initial.update(sector=profile.get("sector"), stage=profile.get("stage"))
        initial.update({market_field_name(c): f"{float(v):g}" for c, v in markets.items()})
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.original = dict(original)
        self.case_profile = dict(profile)
        self.fields["sector"] = forms.ChoiceField(
            label=_("Sector"), choices=labels.choices(labels.SECTORS), required=False
        )
        self.fields["stage"] = forms.ChoiceField(
            label=_("Stage"), choices=labels.choices(labels.STAGES), required=False
        )
        for code in MARKETS:
            self.fields[market_field_name(code)] = forms.FloatField(
                label=labels.MARKETS[code],
                required=False,
                min_value=0,
                max_value=100,
                widget=forms.NumberInput(
                    attrs={"step": "any", "min": "0", "max": "100", "inputmode": "decimal"}
                ),
            )
        self.add_weight_fields()

    def weight_rows(self) -> list[tuple[forms.BoundField, str]]:
        """Each weight field with the weight the stored result used, as shown."""
        return [(self[weight_field_name(c)], number(self.original[c], 2)) for c in CRITERIA]

    def profile_fields(self) -> list[forms.BoundField]:
        return [self["sector"], self["stage"]]

    def market_fields(self) -> list[forms.BoundField]:
        return [self[market_field_name(code)] for code in MARKETS]

    def weights(self) -> dict[str, float]:
        """Every criterion's weight: the one typed, or the stored result's where left blank."""
        return {**self.original, **self.chosen_weights()}

    def markets(self) -> dict[str, float]:
        """The shares typed, or the case's own when none was sent (a link with weights only)."""
        typed = {
            code: self.cleaned_data[market_field_name(code)]
            for code in MARKETS
            if self.cleaned_data.get(market_field_name(code))
        }
        sent = any(market_field_name(code) in self.data for code in MARKETS)
        return typed if sent else dict(self.case_profile.get("markets") or {})

    def changed_profile(self) -> dict[str, Any]:
        """The case's profile with what this form changes: weights, markets, stage, sector."""
        data = self.cleaned_data
        return {
            **self.case_profile,
            "sector": data.get("sector") or self.case_profile.get("sector"),
            "stage": data.get("stage") or self.case_profile.get("stage"),
            "markets": self.markets(),
            "weights": self.weights(),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            profile_clean(self.changed_profile())
        except DomainError as refused:
            self.add_problems(refused)
        return data


def is_what_if_request(query: Mapping[str, Any]) -> bool:
    names = [weight_field_name(c) for c in CRITERIA] + [market_field_name(c) for c in MARKETS]
    return any(name in query for name in (*names, "sector", "stage"))
