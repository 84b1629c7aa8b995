"""The decision audit: the whole grid of plausible profiles through the engine, checked as a
domain expert would check it (`python manage.py audit_answers`).

Every sector x stage x customer type with each single market and a few mixed ones. It reports:
the win table; the single-market profiles sent outside their only market, each with the reason
its explanation states; the regions that never win a plausible profile (one whose sector sells
to that kind of customer, `SELLS_TO`), and for every region the plausible profile it wins most
clearly, from the grid or else from its weighted variants; answers that disagree with their
own robustness; and explanation checks (no sentence about a market without customers, no raw
slugs or broken articles, no opinion named as a source, no "+6.46"-style jargon, money to two
significant figures). Pure: engine and dataset in, figures out; the command prints them.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from advisor.engine import InvalidInput, Model, recommend_many
from advisor.engine.vocabulary import CUSTOMER_TYPES, MARKETS, SECTORS, STAGES

MIXES: tuple[dict[str, float], ...] = (
    {"CN": 80, "US": 20},
    {"US": 50, "EU": 50},
    {"JP": 70, "US": 30},
    {"EU": 60, "US": 40},
    {"IN": 60, "US": 40},
    {"SEA": 50, "CN": 50},
)
SINGLE_MARKETS = tuple(code for code in MARKETS if code != "OTHER")
GOAL_OUTSIDE_SHARE = 0.02

Render = Callable[[dict[str, Any], Model], str]


def grid(*, quick: bool = False) -> list[dict[str, Any]]:
    """Every sector x stage x customer type with each single market and each mix; `quick` keeps
    three sectors and two stages (for the test that runs the audit)."""
    sectors = SECTORS[:3] if quick else SECTORS
    stages = STAGES[1:3] if quick else STAGES
    mixes = [{code: 100} for code in SINGLE_MARKETS] + [dict(mix) for mix in MIXES]
    return [
        {"sector": sector, "stage": stage, "customer_type": kind, "markets": markets}
        for sector, stage, kind, markets in itertools.product(
            sectors, stages, CUSTOMER_TYPES, mixes
        )
    ]


EMPHASES = ("cost", "grants", "talent", "venture_capital", "customer_proximity")

# Who each sector plausibly sells to. The grid scores every pair, but a region's example win (the
# profile that shows why it is in the dataset) must be one a founder could bring: a games studio
# selling to factories proves nothing about Nagoya.
ALL_TYPES = CUSTOMER_TYPES
SELLS_TO: dict[str, tuple[str, ...]] = {
    "robotics": ("manufacturers", "enterprises", "government"),
    "hardware": ALL_TYPES,
    "semiconductors": ("manufacturers", "enterprises", "government"),
    "ev_batteries": ("manufacturers", "enterprises", "consumers"),
    "cleantech": ALL_TYPES,
    "biotech": ("manufacturers", "enterprises", "government"),
    "medtech": ALL_TYPES,
    "ai": ALL_TYPES,
    "enterprise_software": ("manufacturers", "enterprises", "government"),
    "consumer_internet": ("consumers",),
    "fintech": ("enterprises", "consumers", "government"),
    "gaming": ("consumers",),
    "ecommerce": ("enterprises", "consumers"),
}


def plausible(profile: dict[str, Any]) -> bool:
    """A founder could bring this profile: the sector sells to this kind of customer."""
    return profile["customer_type"] in SELLS_TO[profile["sector"]]


def variants(profiles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same profiles with one criterion that matters twice as much to the founder (a
    cost-conscious team, a grant-hungry one...): plausible founders the plain grid leaves out."""
    return [
        {**profile, "weights": {criterion: 2 * 1.0}}
        for profile in profiles
        for criterion in EMPHASES
    ]


def describe(profile: dict[str, Any]) -> str:
    markets = " ".join(f"{code}={share:g}" for code, share in profile["markets"].items())
    extra = "".join(
        f" {name}={profile[name]}" for name in ("founder_nationality",) if profile.get(name)
    )
    weights = "".join(f" {name} x2" for name in profile.get("weights", {}))
    return f"{profile['sector']}/{profile['stage']}/{profile['customer_type']} {markets}{extra}{weights}"


_ARTICLE = re.compile(
    r"\b[Aa] (?=[aeiouAEIOU])|\b[Aa]n (?=[bcdfghjklmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ])"
)
_SLUG = re.compile(r"\b[a-z]+_[a-z_]+\b|\b(?:pre seed|series a|series b|ev batteries)\b")
_JARGON = re.compile(r"\([+\u2212-]\d+\.\d+\)|\+\d+\.\d+")
_MONEY = re.compile(r"(\d{1,3}(?:,\d{3})+) USD")
_OPINION = re.compile(r"judgement|Analyst rating|Model assumption", re.IGNORECASE)
_ZERO_SHARE = re.compile(r"\(0% of them\)|\b0% of your customers")


def _money_too_precise(text: str) -> list[str]:
    found = []
    for match in _MONEY.finditer(text):
        digits = match.group(1).replace(",", "").rstrip("0")
        if len(digits) > 2:
            found.append(match.group(0))
    return found


def explanation_problems(text: str, reasons: dict[str, Any], shares: dict[str, float]) -> list[str]:
    """What an expert reader would strike out of one explanation."""
    problems = []
    if _ZERO_SHARE.search(text) or any(
        highlight.get("market") and not shares.get(highlight["market"])
        for highlight in reasons.get("highlights", [])
    ):
        problems.append("names a market that holds none of the customers")
    if _ARTICLE.search(text):
        problems.append("wrong article: " + _ARTICLE.search(text).group(0).strip())
    if _SLUG.search(text):
        problems.append("raw code: " + _SLUG.search(text).group(0))
    if _JARGON.search(text):
        problems.append("weighted points as jargon: " + _JARGON.search(text).group(0))
    too_precise = _money_too_precise(text)
    if too_precise:
        problems.append("money beyond two significant figures: " + too_precise[0])
    if _OPINION.search(text):
        problems.append("an opinion named as a source")
    if reasons.get("outside_markets") and "outside" not in text:
        problems.append("lies outside every customer market and does not say so")
    return problems


@dataclass
class Audit:
    profiles: int = 0
    refused: int = 0
    wins: Counter = field(default_factory=Counter)
    single_market: int = 0
    outside: list[tuple[str, str, str]] = field(default_factory=list)  # profile, winner, reason
    disagreements: list[tuple[str, str, str]] = field(default_factory=list)
    explanation_problems: Counter = field(default_factory=Counter)
    explanation_examples: dict[str, str] = field(default_factory=dict)
    example_wins: dict[str, str] = field(default_factory=dict)
    never_win: list[str] = field(default_factory=list)

    @property
    def outside_share(self) -> float:
        return len(self.outside) / self.single_market if self.single_market else 0.0

    def meets_goals(self) -> bool:
        return (
            self.outside_share <= GOAL_OUTSIDE_SHARE
            and not self.never_win
            and not self.disagreements
            and not self.explanation_problems
        )


def _outside_reason(text: str) -> str:
    for sentence in re.split(r"(?<=\.)\s+", text):
        if "outside" in sentence:
            return sentence
    return "(the explanation gives no reason)"


def audit(
    model: Model,
    profiles: Iterable[dict[str, Any]],
    *,
    render: Render,
    samples: int = 2000,
) -> Audit:
    profiles = list(profiles)
    report = Audit(profiles=len(profiles))
    results = recommend_many(model, profiles, samples=samples)
    best_margin: dict[str, float] = {}
    for profile, result in zip(profiles, results, strict=True):
        if isinstance(result, InvalidInput):
            report.refused += 1
            continue
        winner = result["recommendation"]
        report.wins[winner] += 1
        reasons = result["reasons"]
        text = render(reasons, model)
        margin = reasons.get("margin") or 0.0
        if plausible(profile) and margin > best_margin.get(winner, -1.0):
            best_margin[winner] = margin
            report.example_wins[winner] = describe(profile)
        markets = profile["markets"]
        if len(markets) == 1:
            report.single_market += 1
            (market,) = markets
            column = model.regions.index(winner)
            if model.inside[column, MARKETS.index(market)] == 0:
                report.outside.append((describe(profile), winner, _outside_reason(text)))
        robustness = result["robustness"]
        if robustness:
            modal = max(robustness, key=lambda slug: robustness[slug])
            if robustness[modal] > robustness[winner]:
                report.disagreements.append(
                    (describe(profile), winner, f"{modal} ranks first more often")
                )
        for problem in explanation_problems(text, reasons, markets):
            kind = problem.split(":")[0]
            report.explanation_problems[kind] += 1
            report.explanation_examples.setdefault(kind, f"{describe(profile)}: {problem}")
    missing = [slug for slug in model.regions if slug not in report.example_wins]
    if missing:
        _search_wins(model, profiles, missing, report, samples=samples)
    report.never_win = [slug for slug in model.regions if slug not in report.example_wins]
    return report


def _search_wins(
    model: Model, profiles: list[dict[str, Any]], missing: list[str], report: Audit, *, samples: int
) -> None:
    """For regions the grid sends no plausible profile to, the clearest win among plausible
    variants."""
    candidates = [
        profile
        for profile in variants(profiles)
        if len(profile["markets"]) == 1 and plausible(profile)
    ]
    results = recommend_many(model, candidates, samples=0)
    best: dict[str, float] = {}
    for profile, result in zip(candidates, results, strict=True):
        if isinstance(result, InvalidInput):
            continue
        winner = result["recommendation"]
        if winner in missing:
            margin = result["reasons"].get("margin") or 0.0
            if margin > best.get(winner, -1.0):
                best[winner] = margin
                report.example_wins[winner] = describe(profile) + " (weighted variant)"


def lines(report: Audit, model: Model) -> list[str]:
    """The audit as the command prints it."""
    names = model.catalogue.region_names
    out = [f"Decision audit: {report.profiles:,} profiles ({report.refused} refused)", ""]
    out.append("Wins by region (and the clearest profile it wins):")
    for slug in sorted(model.regions, key=lambda s: -report.wins[s]):
        example = report.example_wins.get(
            slug, "never wins a plausible profile, even for weighted variants"
        )
        out.append(f"  {names[slug]:<28} {report.wins[slug]:>6}  {example}")
    out += [
        "",
        f"Single-market profiles sent outside their market: {len(report.outside)} of "
        f"{report.single_market:,} ({report.outside_share:.1%}; goal at most "
        f"{GOAL_OUTSIDE_SHARE:.0%})",
    ]
    out += [f"  {profile} -> {winner}: {reason}" for profile, winner, reason in report.outside]
    out += [
        "",
        f"Regions that never win a plausible profile: {', '.join(report.never_win) or 'none'}",
    ]
    out += ["", f"Answers that disagree with their robustness: {len(report.disagreements)}"]
    out += [f"  {profile} -> {winner}: {why}" for profile, winner, why in report.disagreements[:20]]
    total = sum(report.explanation_problems.values())
    out += ["", f"Explanation problems: {total}"]
    out += [
        f"  {kind}: {count} (e.g. {report.explanation_examples[kind]})"
        for kind, count in report.explanation_problems.most_common()
    ]
    out += ["", "Goals met." if report.meets_goals() else "Goals NOT met."]
    return out
