"""How sure the recommendation is: how often a region ranks first, and what that makes it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from advisor.presentation.explanations.phrases import sentences
from advisor.presentation.numbers import (
    number,
    percent,
)
from advisor.presentation.spacing import spaced

ROBUSTNESS_VERDICTS = {
    "robust": gettext_lazy("The recommendation is robust."),
    "fairly_robust": gettext_lazy("The recommendation is fairly robust."),
    "fragile": gettext_lazy(
        "The recommendation is fragile: small changes in your priorities or in the data change "
        "the winner."
    ),
}


def robustness_sentence(region: str, probability: float | None, samples: int | None) -> str:
    """'Tokyo ranks first in 83% of 10,000 plausible weightings ...', or '' without an analysis."""
    if probability is None or not samples:
        return ""
    return spaced(
        _(
            "%(region)s ranks first in %(percent)s of %(samples)s plausible weightings of your "
            "priorities and of the data."
        )
        % {"region": region, "percent": percent(probability), "samples": number(samples, 0)}
    )


def robustness_text(
    region: str,
    probability: float | None,
    samples: int | None,
    robustness: str | None,
    rival: str | None = None,
    rival_probability: float | None = None,
) -> str:
    """How sure the recommendation is: how often `region` ranks first, and what that makes it
    (a close call names the rival and how often it ranks first)."""
    if robustness == "close_call" and rival:
        verdict = _(
            "This is a close call between %(region)s and %(rival)s, which ranks first in "
            "%(percent)s of them."
        ) % {"region": region, "rival": rival, "percent": percent(rival_probability or 0)}
    else:
        verdict = str(ROBUSTNESS_VERDICTS.get(robustness or "", ""))
    return sentences([robustness_sentence(region, probability, samples), verdict])
