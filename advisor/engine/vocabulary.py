"""The slugs shared by the form, the API, the CLI and the data files.

These are a contract with partners and scripts: add to them, never rename. New codes go at the end
of their tuple, because arrays are laid out in this order.
"""

from __future__ import annotations

SECTORS = (
    "robotics",
    "hardware",
    "semiconductors",
    "ev_batteries",
    "cleantech",
    "biotech",
    "medtech",
    "ai",
    "enterprise_software",
    "consumer_internet",
    "fintech",
    "gaming",
    "ecommerce",
)
STAGES = ("pre_seed", "seed", "series_a", "series_b", "growth")
CUSTOMER_TYPES = ("manufacturers", "enterprises", "consumers", "government")
# TW, IL, HK and CA came later (2026-12): regions in Taiwan, Israel, Hong Kong and Canada had no
# home market before. TH, VN, ID and SG came after: South-East Asia is ten markets, not one (its
# centres are separate jurisdictions), so a startup selling only in Thailand can say so; SEA stays
# for a company that sells across the region. DE, FR, NL, SE and GB came last, for the same reason:
# a startup selling only in Germany or only in the Netherlands is not selling to all of Europe.
MARKETS = (
    "CN",
    "US",
    "JP",
    "EU",
    "KR",
    "IN",
    "SEA",
    "OTHER",
    "TW",
    "IL",
    "HK",
    "CA",
    "TH",
    "VN",
    "ID",
    "SG",
    "DE",
    "FR",
    "NL",
    "SE",
    "GB",
)
CRITERIA = (
    "customer_proximity",
    "grants",
    "venture_capital",
    "talent",
    "cost",
    "policy_risk",
)

# The industry clusters and engineering disciplines that sector-specific indicators are rated on;
# each sector maps to one of each in the sector table of the dataset.
CLUSTERS = (
    "hardware_manufacturing",
    "semiconductors",
    "life_sciences",
    "ai_software",
    "consumer_digital",
)
DISCIPLINES = ("hardware_engineering", "software_engineering", "life_sciences")
# Cluster strength is measured where a measure exists (inventors for hardware) and rated by the
# written method for the others (`sector_strength`).
MEASURED_CLUSTERS = {"hardware_manufacturing": "talent_hardware_engineering"}
RATED_CLUSTERS = tuple(cluster for cluster in CLUSTERS if cluster not in MEASURED_CLUSTERS)

# What a public programme pays, in the order of how directly it is cash in the bank.
PROGRAMME_KINDS = (
    "grant",
    "subsidy",
    "voucher",
    "loan",
    "equity",
    "company_tax_relief",
    "investor_tax_relief",
)
# What a policy rule does, and whom it binds (see advisor/engine/policy.py).
POLICY_INSTRUMENTS = (
    "export_control",
    "outbound_investment",
    "inbound_screening",
    "data_transfer",
    "licensing",
    "procurement_ban",
    "domestic_procurement",
    "tariff",
    "content_rule",
)
POLICY_SCOPES = (
    "based_in",
    "sells_into",
    "sells_from",
    "exports_from",
    "nationals_in",
    "foreigners_in",
)
