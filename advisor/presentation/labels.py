"""Human names for the engine's slugs, translated (the slugs themselves never change)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SECTORS = {
    "robotics": _("Robotics"),
    "hardware": _("Hardware and devices"),
    "semiconductors": _("Semiconductors"),
    "ev_batteries": _("EV and batteries"),
    "cleantech": _("Cleantech"),
    "biotech": _("Biotech"),
    "medtech": _("Medtech"),
    "ai": _("Artificial intelligence"),
    "enterprise_software": _("Enterprise software"),
    "consumer_internet": _("Consumer internet"),
    "fintech": _("Fintech"),
    "gaming": _("Gaming"),
    "ecommerce": _("E-commerce"),
}
STAGES = {
    "pre_seed": _("Pre-seed"),
    "seed": _("Seed"),
    "series_a": _("Series A"),
    "series_b": _("Series B"),
    "growth": _("Growth"),
}
CUSTOMER_TYPES = {
    "manufacturers": _("Manufacturers"),
    "enterprises": _("Enterprises"),
    "consumers": _("Consumers"),
    "government": _("Government"),
}
MARKETS = {
    "CN": _("Mainland China"),
    "US": _("United States"),
    "JP": _("Japan"),
    "EU": _("Europe"),
    "KR": _("South Korea"),
    "IN": _("India"),
    "SEA": _("South-East Asia"),
    "OTHER": _("Rest of world"),
}
CRITERIA = {
    "customer_proximity": _("Customer proximity"),
    "grants": _("Grants"),
    "venture_capital": _("Venture capital"),
    "talent": _("Talent"),
    "cost": _("Cost"),
    "policy_risk": _("Policy risk"),
}


def choices(labels: dict) -> list[tuple[str, str]]:
    return list(labels.items())
