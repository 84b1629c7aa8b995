"""The one label table: human names, translated, for the slugs the code fixes (the vocabulary of
advisor.engine.vocabulary, the indicators the criteria score, robustness classes). The slugs
themselves never change.

Each name comes from here or from the data, never both: what the code fixes is named here (in
every language the site speaks); what the data defines (regions, grant programmes, sources, the
context indicators the API lists) is named by the data. The region tables' own names for
markets and sectors are the data editors' labels in the admin, not what readers see.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
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
    "TW": _("Taiwan"),
    "IL": _("Israel"),
    "HK": _("Hong Kong"),
    "CA": _("Canada"),
    "TH": _("Thailand"),
    "VN": _("Vietnam"),
    "ID": _("Indonesia"),
    "SG": _("Singapore"),
    "DE": _("Germany"),
    "FR": _("France"),
    "NL": _("Netherlands"),
    "SE": _("Sweden"),
    "GB": _("United Kingdom"),
}
CRITERIA = {
    "customer_proximity": _("Customer proximity"),
    "grants": _("Grants"),
    "venture_capital": _("Venture capital"),
    "talent": _("Talent"),
    "cost": _("Cost"),
    "policy_risk": _("Policy risk"),
}
# Written inside sentences ("a stronger semiconductor ecosystem"), hence in lower case.
CLUSTERS = {
    "hardware_manufacturing": _("hardware manufacturing"),
    "semiconductors": _("semiconductor"),
    "life_sciences": _("life sciences"),
    "ai_software": _("AI and software"),
    "consumer_digital": _("consumer digital"),
}
DISCIPLINES = {
    "hardware_engineering": _("hardware engineering"),
    "software_engineering": _("software engineering"),
    "life_sciences": _("life sciences"),
}
# What a policy rule does (advisor.engine.vocabulary.POLICY_INSTRUMENTS).
POLICY_INSTRUMENTS = {
    "export_control": _("export control"),
    "outbound_investment": _("outbound investment rule"),
    "inbound_screening": _("investment screening"),
    "data_transfer": _("data-transfer rule"),
    "licensing": _("licence requirement"),
    "procurement_ban": _("procurement ban"),
    "domestic_procurement": _("domestic-supplier rule in public procurement"),
    "tariff": _("tariff"),
    "content_rule": _("content or sourcing rule"),
}
# What a public programme pays (advisor.engine.vocabulary.PROGRAMME_KINDS).
PROGRAMME_KINDS = {
    "grant": _("Grant"),
    "subsidy": _("Subsidy"),
    "voucher": _("Voucher"),
    "loan": _("Loan"),
    "equity": _("Equity co-investment"),
    "company_tax_relief": _("Tax relief for the company"),
    "investor_tax_relief": _("Tax relief for investors"),
}
# The indicators the criteria score (tests/presentation/test_labels.py holds every one of the
# data's scored indicators to a name here).
INDICATORS = {
    "gser_rank": _("Startup Genome ecosystem rank"),
    "vc_invested_usd_bn": _("Venture capital invested in a year"),
    "unicorns": _("Unicorn companies"),
    "sector_strength": _("Sector cluster strength"),
    "top_university_rank": _("Best university's world rank"),
    "talent_hardware_engineering": _("Inventors' patent applications (hardware talent)"),
    "talent_software_engineering": _("Software developers (software talent)"),
    "talent_life_sciences": _("Scientific publications (life-sciences talent)"),
    "foreign_born_share": _("Foreign-born share of population"),
    "engineer_cost_usd": _("Engineer annual pay"),
    "office_rent_usd_m2": _("Grade-A office rent"),
    "customers_manufacturers": _("Manufacturing value added (factories close by)"),
    "customers_enterprises": _("Global 500 headquarters (large companies close by)"),
    "customers_consumers": _("Urban population (consumers close by)"),
    "customers_government": _("Seat of government (public buyers close by)"),
}
# The engine's robustness classes (result["reasons"]["robustness"]), most solid first.
ROBUSTNESS = {
    "robust": _("Robust"),
    "fairly_robust": _("Fairly robust"),
    "close_call": _("Close call"),
    "fragile": _("Fragile"),
}
# Currencies of the relocation routes' capital and fees (ISO 4217).
CURRENCIES = {
    "CAD": _("Canadian dollar"),
    "CNY": _("Chinese yuan"),
    "EUR": _("Euro"),
    "GBP": _("Pound sterling"),
    "HKD": _("Hong Kong dollar"),
    "IDR": _("Indonesian rupiah"),
    "ILS": _("Israeli new shekel"),
    "INR": _("Indian rupee"),
    "JPY": _("Japanese yen"),
    "KRW": _("South Korean won"),
    "SEK": _("Swedish krona"),
    "SGD": _("Singapore dollar"),
    "THB": _("Thai baht"),
    "TWD": _("New Taiwan dollar"),
    "USD": _("US dollar"),
    "VND": _("Vietnamese dong"),
}
# What a qualifier of a sourced figure may be (a cluster, a discipline, a customer type, a
# market), in the order they are looked up.
QUALIFIERS = (CLUSTERS, DISCIPLINES, CUSTOMER_TYPES, MARKETS)


def label(table: Mapping[str, Promise], slug: str) -> str:
    """The name of `slug` in the active language; a slug the table lacks, written as words."""
    return str(table[slug]) if slug in table else slug.replace("_", " ")


def qualifier(slug: str) -> str:
    for table in QUALIFIERS:
        if slug in table:
            return str(table[slug])
    return slug.replace("_", " ")


def choices(table: Mapping[str, Promise]) -> list[tuple[str, Promise]]:
    return list(table.items())
