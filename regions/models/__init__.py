"""Region data: every figure with its year and source, every model constant visible and editable.

Field names follow advisor.engine.dataset.SCHEMA, so the database, the CSV files under
regions/data/ and the snapshots stored with recommendations all describe the same tables.

One module per concept; every model is importable from here (`from regions.models import
Region`), as Django's model discovery and the migrations (which name the validators by this
path) expect.
"""

from __future__ import annotations

from regions.models.base import (
    UNIT_INTERVAL,
    Edition,
    Sourced,
    stale_before_year,
    validate_source_address,
    validate_time_zone,
)

# Imported in the order the models were declared when this was one module, so the app registry
# lists them (and dumpdata writes them) as before.
# isort: off
from regions.models.places import Market, MarketCentre, MarketCentreWeight, Region
from regions.models.indicators import Indicator, IndicatorValue
from regions.models.grants import GrantProgramme
from regions.models.policy import PolicyRule
from regions.models.routes import RelocationRoute
from regions.models.currencies import CurrencyRate
from regions.models.parameters import (
    CustomerTypeProfile,
    ModelParameter,
    SectorProfile,
    SectorWeight,
    StageProfile,
    StageWeight,
)
from regions.models.snapshots import DatasetSnapshot

# isort: on

__all__ = [
    "UNIT_INTERVAL",
    "CurrencyRate",
    "CustomerTypeProfile",
    "DatasetSnapshot",
    "Edition",
    "GrantProgramme",
    "Indicator",
    "IndicatorValue",
    "Market",
    "MarketCentre",
    "MarketCentreWeight",
    "ModelParameter",
    "PolicyRule",
    "Region",
    "RelocationRoute",
    "SectorProfile",
    "SectorWeight",
    "Sourced",
    "StageProfile",
    "StageWeight",
    "stale_before_year",
    "validate_source_address",
    "validate_time_zone",
]
