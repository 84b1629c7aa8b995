"""Advisors keep the region data and its sources current here.

Edits take effect for new scorings only: the dataset's version (a content hash) changes with them,
and stored results keep the version they were computed from. Every change is recorded by
django-simple-history (the History button on each page).

One module per page family; importing this package registers them all (admin autodiscovery).
"""

from __future__ import annotations

# Registered in the order of the one module this was.
# isort: off
from regions.admin.guard import DatasetGuardAdmin
from regions.admin.display import CompactInline, FreshnessFilter, SourcedDisplay
from regions.admin.regions import (
    INDICATOR_VALUE_INLINES,
    FixedChoice,
    GrantProgrammeInline,
    IndicatorValueInline,
    IndicatorValueInlineForm,
    KeptIndicator,
    RegionAdmin,
)
from regions.admin.figures import (
    CurrencyRateAdmin,
    GrantProgrammeAdmin,
    IndicatorAdmin,
    IndicatorValueAdmin,
    MarketAdmin,
    MarketCentreAdmin,
    MarketCentreWeightAdmin,
    PolicyRuleAdmin,
    RelocationRouteAdmin,
)
from regions.admin.parameters import (
    CustomerTypeProfileAdmin,
    DatasetSnapshotAdmin,
    ModelParameterAdmin,
    SectorProfileAdmin,
    SectorWeightAdmin,
    StageProfileAdmin,
    StageWeightAdmin,
)

# isort: on

__all__ = [
    "INDICATOR_VALUE_INLINES",
    "CompactInline",
    "CurrencyRateAdmin",
    "CustomerTypeProfileAdmin",
    "DatasetGuardAdmin",
    "DatasetSnapshotAdmin",
    "FixedChoice",
    "FreshnessFilter",
    "GrantProgrammeAdmin",
    "GrantProgrammeInline",
    "IndicatorAdmin",
    "IndicatorValueAdmin",
    "IndicatorValueInline",
    "IndicatorValueInlineForm",
    "KeptIndicator",
    "MarketAdmin",
    "MarketCentreAdmin",
    "MarketCentreWeightAdmin",
    "ModelParameterAdmin",
    "PolicyRuleAdmin",
    "RegionAdmin",
    "RelocationRouteAdmin",
    "SectorProfileAdmin",
    "SectorWeightAdmin",
    "SourcedDisplay",
    "StageProfileAdmin",
    "StageWeightAdmin",
]
