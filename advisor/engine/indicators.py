"""Indicator values as normalised region vectors, checked for completeness."""

from __future__ import annotations

import numpy as np
import pandas as pd

from advisor.engine.errors import InvalidDataset
from advisor.engine.normalise import normalise
from advisor.engine.vocabulary import (
    CLUSTERS,
    CUSTOMER_TYPES,
    DISCIPLINES,
    MARKETS,
    RATED_CLUSTERS,
)

QUALIFIERS: dict[str, tuple[str, ...]] = {
    "": ("",),
    "cluster": CLUSTERS,
    "rated_cluster": RATED_CLUSTERS,
    "discipline": DISCIPLINES,
    "customer_type": CUSTOMER_TYPES,
    "market": MARKETS,
}
CONTEXT = "context"  # indicators shown to founders but not scored


class Indicators:
    """Scored indicators, each as a (qualifiers, regions) array of goodness in 0..1."""

    def __init__(
        self,
        definitions: pd.DataFrame,
        values: pd.DataFrame,
        regions: tuple[str, ...],
        *,
        measured_uncertainty: float,
        estimate_uncertainty: float,
    ) -> None:
        self.regions = regions
        self.definitions = definitions.set_index("slug")
        self._goodness: dict[str, np.ndarray] = {}
        self._uncertainty: dict[str, np.ndarray] = {}
        problems: list[str] = []
        unknown = sorted(set(values["indicator"]) - set(self.definitions.index))
        if unknown:
            problems.append(f"values for undefined indicators: {', '.join(unknown)}")
        stray = sorted(set(values["region"]) - set(regions))
        if stray:
            problems.append(f"values for unknown regions: {', '.join(stray)}")
        for slug, definition in self.definitions.iterrows():
            if definition["criterion"] == CONTEXT:
                continue
            kind = definition["qualifier_kind"]
            if kind not in QUALIFIERS:
                problems.append(f"indicator {slug}: unknown qualifier kind {kind!r}")
                continue
            qualifiers = QUALIFIERS[kind]
            rows = values[values["indicator"] == slug]
            grid = rows.pivot(index="qualifier", columns="region", values="value")
            grid = grid.reindex(index=list(qualifiers), columns=list(regions))
            estimates = rows.assign(estimated=rows["is_estimate"].astype(float)).pivot(
                index="qualifier", columns="region", values="estimated"
            )
            estimates = estimates.reindex(index=list(qualifiers), columns=list(regions))
            missing = grid.isna()
            if missing.to_numpy().any():
                if pd.isna(definition["missing_value"]):
                    gaps = [
                        regions[column] + (f"/{qualifiers[row]}" if qualifiers[row] else "")
                        for row, column in zip(*np.nonzero(missing.to_numpy()), strict=True)
                    ]
                    problems.append(f"indicator {slug} has no value for {', '.join(gaps[:10])}")
                    continue
                grid = grid.fillna(definition["missing_value"])
            self._goodness[slug] = normalise(
                grid.to_numpy(dtype=float),
                higher_is_better=bool(definition["higher_is_better"]),
                scale=definition["scale"],
                lower=float(definition["lower_bound"]),
                upper=float(definition["upper_bound"]),
            )
            is_estimate = estimates.fillna(0.0).to_numpy(dtype=float) > 0
            self._uncertainty[slug] = np.where(
                is_estimate, estimate_uncertainty, measured_uncertainty
            ).mean(axis=0)
        if problems:
            raise InvalidDataset("; ".join(problems))

    def goodness(self, slug: str) -> np.ndarray:
        """(qualifiers, regions) in the order of QUALIFIERS[kind]; one row when unqualified."""
        return self._goodness[slug]

    def exposure(self, slug: str) -> np.ndarray:
        """For 'lower is better' indices rated 0..1: the raw rating back (1 = most exposed)."""
        return 1.0 - self._goodness[slug]

    def uncertainty(self, slug: str) -> np.ndarray:
        """(regions,) relative uncertainty: estimated values are less certain than measured ones."""
        return self._uncertainty[slug]

    def criterion_uncertainty(self, criterion: str) -> np.ndarray:
        slugs = [
            slug
            for slug, definition in self.definitions.iterrows()
            if definition["criterion"] == criterion and slug in self._uncertainty
        ]
        if not slugs:
            return np.zeros(len(self.regions))
        return np.mean([self._uncertainty[slug] for slug in slugs], axis=0)
