"""The slugs shared by the form, the API, the CLI and the data files.

These are a contract with partners and scripts: add to them, never rename.
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
MARKETS = ("CN", "US", "JP", "EU", "KR", "IN", "SEA", "OTHER")
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
POLICY_DIMENSIONS = ("export_controls", "investment_screening", "data_rules", "licensing")
