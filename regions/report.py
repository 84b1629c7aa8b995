"""The data report: how current, like for like and complete the region data is
(`python manage.py data_report`, and the same page in the admin).

Per scored indicator: how many regions have it, its geography levels, trackers and editions, the
share of estimates and the oldest source edition. Per region: the scored indicators it lacks. In
all: regions, the share of scored values that are estimates, opinion-only rows (an estimate with
no written method), and source addresses that are not absolute.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from advisor.engine.dataset import Dataset

CONTEXT = "context"
ESTIMATE_GOAL = 0.30
OLDEST_EDITION_GOAL = 2021
# Words by which a row's note says why it keeps an older edition (see _old_without_reason).
OLD_EDITION_REASONS = ("newer", "newest")


@dataclass(frozen=True)
class IndicatorLine:
    slug: str
    criterion: str
    regions: int
    geography: str
    tracker: str
    edition: str
    estimates: float
    oldest_edition: int | None


@dataclass
class DataReport:
    regions: int = 0
    scored_values: int = 0
    estimates: int = 0
    programmes: int = 0
    programme_estimates: int = 0
    indicators: list[IndicatorLine] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)  # region -> indicators it lacks
    opinion_only: list[str] = field(default_factory=list)
    relative_addresses: list[str] = field(default_factory=list)
    old_editions: list[str] = field(default_factory=list)  # older than the goal, without a note

    @property
    def estimate_share(self) -> float:
        return self.estimates / self.scored_values if self.scored_values else 0.0

    def meets_goals(self, *, minimum_regions: int = 25) -> bool:
        return (
            self.regions >= minimum_regions
            and self.estimate_share <= ESTIMATE_GOAL
            and not self.opinion_only
            and not self.relative_addresses
            and not any(self.missing.values())
            and all(line.tracker.count(";") == 0 for line in self.indicators)
        )


def _old_without_reason(row) -> bool:
    """An edition older than the goal counts against the data unless the row was confirmed since
    (a programme re-read in a later year) or its note says why no newer edition is used: the note
    names what newer exists or that none was found ("newer", "newest", in any case)."""
    edition = getattr(row, "edition", None)
    if edition is None or pd.isna(edition) or edition >= OLDEST_EDITION_GOAL:
        return False
    confirmed = getattr(row, "confirmed", None)
    if confirmed is not None and pd.notna(confirmed) and confirmed >= OLDEST_EDITION_GOAL:
        return False
    note = (getattr(row, "note", "") or "").lower()
    return not any(marker in note for marker in OLD_EDITION_REASONS)


def _summary(values: pd.Series) -> str:
    counts = Counter(value for value in values if value)
    return "; ".join(
        f"{name} ({count})" if len(counts) > 1 else name for name, count in counts.most_common()
    )


def data_report(dataset: Dataset) -> DataReport:
    definitions = dataset.table("indicators")
    values = dataset.table("indicator_values")
    regions = list(dataset.table("regions")["slug"])
    scored = definitions[definitions["criterion"] != CONTEXT]
    report = DataReport(regions=len(regions))
    scored_values = values[values["indicator"].isin(scored["slug"])]
    report.scored_values = len(scored_values)
    report.estimates = int(scored_values["is_estimate"].astype(bool).sum())
    for definition in scored.itertuples(index=False):
        rows = scored_values[scored_values["indicator"] == definition.slug]
        editions = rows["edition"].dropna()
        report.indicators.append(
            IndicatorLine(
                slug=definition.slug,
                criterion=definition.criterion,
                regions=rows["region"].nunique(),
                geography=_summary(rows["geography"]),
                tracker=_summary(rows["tracker"]),
                edition=_summary(editions.astype(int).astype(str)),
                estimates=float(rows["is_estimate"].astype(bool).mean()) if len(rows) else 0.0,
                oldest_edition=int(editions.min()) if len(editions) else None,
            )
        )
        present = set(rows["region"])
        for region in regions:
            if region not in present:
                report.missing.setdefault(region, []).append(definition.slug)
    for region in regions:
        report.missing.setdefault(region, [])
    programmes = dataset.table("grants")
    report.programmes = len(programmes)
    report.programme_estimates = int(programmes["is_estimate"].astype(bool).sum())
    for table, label in (
        ("indicator_values", lambda r: f"{r.region}/{r.indicator}/{r.qualifier}".rstrip("/")),
        ("grants", lambda r: f"{r.region}/{r.name}"),
        ("market_centres", lambda r: f"{r.market}/{r.centre}"),
        ("market_centre_weights", lambda r: f"{r.market}/{r.centre}/{r.customer_type}"),
        ("policy_rules", lambda r: r.slug),
    ):
        frame = dataset.table(table)
        for row in frame.itertuples(index=False):
            if getattr(row, "is_estimate", False) and not getattr(row, "method", ""):
                report.opinion_only.append(f"{table} {label(row)}")
            url = getattr(row, "source_url", "")
            if url and not url.startswith(("http://", "https://")):
                report.relative_addresses.append(f"{table} {label(row)}: {url}")
            if _old_without_reason(row):
                report.old_editions.append(f"{table} {label(row)}: {int(row.edition)}")
    return report


def report_lines(report: DataReport) -> list[str]:
    out = [
        f"Regions: {report.regions}",
        f"Scored values: {report.scored_values:,}, estimates {report.estimates:,} "
        f"({report.estimate_share:.0%}; goal at most {ESTIMATE_GOAL:.0%})",
        f"Programmes: {report.programmes}, estimated amounts {report.programme_estimates}",
        f"Opinion-only rows (estimates without a method): {len(report.opinion_only)}",
        f"Source addresses that are not absolute: {len(report.relative_addresses)}",
        f"Source editions older than {OLDEST_EDITION_GOAL} without a note why: "
        f"{len(report.old_editions)}",
        "",
        f"{'indicator':<30} {'regions':>7} {'estimates':>9}  {'oldest':>6}  geography | tracker | edition",
    ]
    for line in report.indicators:
        out.append(
            f"{line.slug:<30} {line.regions:>7} {line.estimates:>9.0%}  "
            f"{line.oldest_edition or '':>6}  {line.geography} | {line.tracker} | {line.edition}"
        )
    gaps = {region: missing for region, missing in report.missing.items() if missing}
    out += [
        "",
        "Regions missing an indicator the others have: " + (str(len(gaps)) if gaps else "none"),
    ]
    out += [f"  {region}: {', '.join(missing)}" for region, missing in sorted(gaps.items())]
    for title, items in (
        ("Opinion-only rows", report.opinion_only),
        ("Relative addresses", report.relative_addresses),
        ("Old editions", report.old_editions),
    ):
        if items:
            out += ["", f"{title}:"] + [f"  {item}" for item in items[:30]]
            if len(items) > 30:
                out.append(f"  ... and {len(items) - 30} more")
    return out
