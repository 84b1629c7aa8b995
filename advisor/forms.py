"""The founder's profile form. It only collects input; case_submit() decides what is valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from advisor import labels
from advisor.engine.vocabulary import MARKETS


def market_field_name(code: str) -> str:
    return f"market_{code}"


class CaseForm(forms.Form):
    startup_name = forms.CharField(label=_("Startup name"), max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), choices=labels.choices(labels.SECTORS))
    stage = forms.ChoiceField(label=_("Stage"), choices=labels.choices(labels.STAGES))
    customer_type = forms.ChoiceField(
        label=_("Who buys from you"), choices=labels.choices(labels.CUSTOMER_TYPES)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in MARKETS:
            self.fields[market_field_name(code)] = forms.FloatField(
                label=labels.MARKETS[code],
                required=False,
                min_value=0,
                max_value=100,
                initial=0,
                widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            )

    def market_fields(self) -> list[forms.BoundField]:
        return [self[market_field_name(code)] for code in MARKETS]

    def profile(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "sector": data["sector"],
            "stage": data["stage"],
            "customer_type": data["customer_type"],
            "markets": {
                code: data[market_field_name(code)]
                for code in MARKETS
                if data.get(market_field_name(code))
            },
        }
