"""The profile form a founder submits a case with."""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from advisor.engine.profiles import share_tolerance
from advisor.engine.vocabulary import CRITERIA, MARKETS
from advisor.errors import DomainError
from advisor.presentation import labels
from advisor.presentation.numbers import number
from advisor.services.profiles import (
    MAX_FUNDING_USD,
    MAX_LOCATION_LENGTH,
    MAX_NAME_LENGTH,
    MIN_FUNDING_USD,
    case_clean,
)
from advisor.web.forms.base import (
    FounderForm,
    market_field_name,
    market_share_field,
    weight_field_name,
)


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
            self.fields[market_field_name(code)] = market_share_field(
                code, attrs={"data-market-share": code}
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

    def typed_shares(self) -> Iterator[float]:
        """Each market's share as typed, where it reads as a number."""
        for field in self.market_fields():
            try:
                share = float(field.value() or 0)
            except (TypeError, ValueError):
                continue
            if math.isfinite(share):  # "1e999", "inf" and "nan" are typos, not shares
                yield share

    def market_total(self) -> float:
        """The shares as typed (for the running total shown without JavaScript)."""
        total = 0.0
        for share in self.typed_shares():
            total += share
        # Two shares of 1e308 add up to infinity: a total no one can reach is simply too large.
        return total if math.isfinite(total) else math.copysign(sys.float_info.max, total)

    def market_count(self) -> int:
        """How many markets were given a share above zero (each may be off by its rounding)."""
        return sum(1 for share in self.typed_shares() if share > 0)

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
