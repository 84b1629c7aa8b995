"""Numbers as a reader of the active language writes them: scores as the ranking table rounds
them, estimated amounts no more precise than they are, percentages, lists, waits in minutes."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _


def rounded(value: float, decimals: int = 1) -> Decimal:
    """`value` rounded half up, as the templates' `floatformat` rounds: 43.15 is 43.2 in the
    ranking table, so it is 43.2 in the chart and the explanation too (Python's round() gives 43.1).

    Any finite float is rounded, 1e308 too: the default decimal context keeps 28 digits, and
    quantizing a larger number to `decimals` places would raise InvalidOperation.
    Non-finite values have no digits to round: ValueError.
    """
    amount = float(value)
    if not math.isfinite(amount):
        raise ValueError(f"cannot round {amount!r}")
    exact = Decimal(repr(amount))
    with localcontext() as context:
        context.prec = max(context.prec, exact.adjusted() + decimals + 2)
        return exact.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def number(value: float, decimals: int = 1, *, trim: bool = True) -> str:
    """A number in the active language's format; `trim` drops trailing zeros after the point."""
    # number_format() cuts extra decimals off rather than rounding them: round first.
    text = number_format(rounded(value, decimals), decimal_pos=decimals, force_grouping=True)
    if trim and decimals:
        decimal_separator = get_format("DECIMAL_SEPARATOR")
        if decimal_separator in text:
            text = text.rstrip("0").rstrip(decimal_separator)
    return text


def approximately(value: float) -> str:
    """An amount that is itself an estimate ("about 420,000 USD"), to two significant figures:
    more digits would claim a precision that converted, typical amounts do not have."""
    return significant(value)


def significant(value: float, figures: int = 2) -> str:
    """`value` to `figures` significant figures, in the active language's format (190,568 is
    190,000; 2.35 is 2.4; 0.073 is 0.073)."""
    amount = float(value)
    if amount == 0:
        return number(0, 0)
    digits = math.floor(math.log10(abs(amount))) + 1
    decimals = max(figures - digits, 0)
    return number(round(amount, figures - digits), decimals)


def score(value: float) -> str:
    """A 0-100 score as the ranking table shows it: one decimal, always."""
    return number(value, 1, trim=False)


def percent(probability: float) -> str:
    return _("%(value)s%%") % {"value": number(probability * 100, 0)}


def join(items: list[str]) -> str:
    """'a, b and c' in English, 'a、b和c' in Chinese."""
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {
        "items": _(", ").join(items[:-1]),
        "last": items[-1],
    }


def minutes(seconds: int) -> int:
    """Seconds to wait, as the whole minutes a person is told (at least one)."""
    return max(1, math.ceil(seconds / 60))
