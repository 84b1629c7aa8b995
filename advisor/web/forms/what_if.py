"""The what-if form: another profile for a scored case, computed and never stored over it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from advisor.engine.vocabulary import CRITERIA, MARKETS
from advisor.errors import DomainError
from advisor.presentation import labels
from advisor.presentation.numbers import number
from advisor.services.profiles import (
    profile_clean,
)
from advisor.web.forms.base import (
    FounderForm,
    market_field_name,
    market_share_field,
    weight_field_name,
)


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
            self.fields[market_field_name(code)] = market_share_field(code)
        self.add_weight_fields()

    def weight_rows(self) -> list[tuple[forms.BoundField, str]]:
        """Each weight field with the weight the stored result used, as shown."""
        return [(self[weight_field_name(c)], number(self.original[c], 2)) for c in CRITERIA]

    def profile_fields(self) -> list[forms.BoundField]:
        return [self["sector"], self["stage"]]

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
