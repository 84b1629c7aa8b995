"""The founder's forms: the profile form and the what-if weights. Django's fields read what the
browser sends (numbers, choices); the rules of a profile are the one input checker's
(advisor.services.profiles), which clean() calls, and every refusal is placed beside its field
by add_problems(), in the founder's language: the form's one mapping of a DomainError.

One module per form (base: what they share); every public name is importable from here.
"""

from __future__ import annotations

from advisor.web.forms.base import (
    MARKETS_GROUP,
    REFUSALS,
    WEIGHTS_GROUP,
    WORDING,
    FounderForm,
    market_field_name,
    market_share_field,
    weight_field,
    weight_field_name,
)
from advisor.web.forms.case import CaseForm
from advisor.web.forms.what_if import WhatIfForm, is_what_if_request

__all__ = [
    "MARKETS_GROUP",
    "REFUSALS",
    "WEIGHTS_GROUP",
    "WORDING",
    "CaseForm",
    "FounderForm",
    "WhatIfForm",
    "is_what_if_request",
    "market_field_name",
    "market_share_field",
    "weight_field",
    "weight_field_name",
]
