"""What would put another region first: one weight or one figure changed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from advisor.presentation import labels
from advisor.presentation.explanations.phrases import criterion_name
from advisor.presentation.numbers import (
    number,
    significant,
)
from advisor.presentation.spacing import spaced


def _times(change: Mapping[str, Any]) -> str:
    return number(float(change["to"]) / float(change["from"]), 1)


def _weight_condition(change: Mapping[str, Any]) -> str:
    criterion = criterion_name(change["criterion"])
    if not change["from"]:
        return _("if %(criterion)s counted at all (a weight of %(weight)s)") % {
            "criterion": criterion,
            "weight": number(float(change["to"]), 2),
        }
    if float(change["to"]) < float(change["from"]):
        return _("if %(criterion)s mattered only %(times)s times as much") % {
            "criterion": criterion,
            "times": _times(change),
        }
    return _("if %(criterion)s mattered %(times)s times as much") % {
        "criterion": criterion,
        "times": _times(change),
    }


def _figure_condition(change: Mapping[str, Any]) -> str:
    values = {"to": significant(change["to"]), "from": significant(change["from"])}
    indicator = change["indicator"]
    if indicator == "engineer_cost_usd":
        return _("if an engineer there cost %(to)s USD a year instead of %(from)s") % values
    if indicator == "office_rent_usd_m2":
        return _("if office rent there were %(to)s USD per m² a year instead of %(from)s") % values
    if indicator == "top_university_rank":
        return _("if its best university ranked %(to)s in the world instead of %(from)s") % values
    if indicator == "foreign_born_share":
        return _("if %(to)s%% of its people were born abroad instead of %(from)s%%") % values
    return _("if its %(indicator)s were %(to)s instead of %(from)s") % {
        **values,
        "indicator": labels.label(labels.INDICATORS, indicator),
    }


def promotion_text(promotion: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """'Tokyo would rank first if grants mattered 1.6 times as much, or if an engineer there cost
    38,000 USD a year instead of 52,000.' in the active language."""
    region = names.get(promotion["region"], promotion["region"])
    conditions = []
    if promotion.get("weight"):
        conditions.append(_weight_condition(promotion["weight"]))
    if promotion.get("figure"):
        conditions.append(_figure_condition(promotion["figure"]))
    if not conditions:
        return spaced(
            _("No single change of one weight or one of its figures would put %(region)s first.")
            % {"region": region}
        )
    if len(conditions) == 1:
        return spaced(
            _("%(region)s would rank first %(condition)s.")
            % {"region": region, "condition": conditions[0]}
        )
    return spaced(
        _("%(region)s would rank first %(condition)s, or %(other)s.")
        % {"region": region, "condition": conditions[0], "other": conditions[1]}
    )
