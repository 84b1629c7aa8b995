"""The one explanation renderer: the engine's reasons (`result["reasons"]`, plain data) as
sentences in the active language, with numbers formatted for it.

The founder's pages write them in the reader's language; the stored `result["explanation"]`,
which the API, the CLI and the admin show, is the same sentences written with English active
(results_explained, called by the scoring services).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from advisor.presentation import labels
from advisor.presentation.numbers import (
    approximately,
    join,
    number,
    percent,
    rounded,
    score,
    significant,
)
from advisor.presentation.spacing import spaced


def sentences(parts: list[str]) -> str:
    """Sentences run together as the language writes them (Chinese puts no space after 。)."""
    separator = "" if (get_language() or "").lower().startswith("zh") else " "
    return spaced(separator.join(part for part in parts if part))


def criterion_name(slug: str) -> str:
    return labels.label(labels.CRITERIA, slug)


def _points(entry: Mapping[str, Any]) -> str:
    """'customer proximity (6.5 points)': a criterion and what it adds to the lead, out of 100."""
    return _("%(criterion)s (%(points)s points)") % {
        "criterion": criterion_name(entry["criterion"]).lower()
        if not (get_language() or "").lower().startswith("zh")
        else criterion_name(entry["criterion"]),
        "points": score(abs(float(entry["points"]))),
    }


KIND_NAMES = {
    "grant": gettext_lazy("a grant"),
    "subsidy": gettext_lazy("a subsidy"),
    "voucher": gettext_lazy("a voucher"),
    "loan": gettext_lazy("a loan"),
    "equity": gettext_lazy("an equity co-investment"),
    "company_tax_relief": gettext_lazy("a tax relief for the company"),
    "investor_tax_relief": gettext_lazy("a tax relief for its investors"),
}
TALENT_MEASURES = {
    "talent_hardware_engineering": gettext_lazy("inventors' patent applications"),
    "talent_software_engineering": gettext_lazy("software developers"),
    "talent_life_sciences": gettext_lazy("scientific publications"),
}


def _proximity(highlight: Mapping[str, Any], winner: str) -> str:
    values = {
        "share": number(highlight["share"]),
        "market": labels.label(labels.MARKETS, highlight["market"]),
        "winner": winner,
    }
    if highlight.get("inside"):
        return _("%(share)s%% of your customers are in %(market)s, where %(winner)s is.") % values
    return _("%(winner)s is closer to your customers in %(market)s (%(share)s%% of them).") % values


def _grants(highlight: Mapping[str, Any]) -> str:
    count = int(highlight["count"])
    return ngettext(
        "A programme there that fits your sector and stage should bring about %(amount)s USD: "
        "%(example)s, %(kind)s.",
        "The %(count)s programmes there that fit your sector and stage should bring about "
        "%(amount)s USD in all; the largest is %(example)s, %(kind)s.",
        count,
    ) % {
        "count": count,
        # Results stored before expected cash was counted carry the typical awards instead.
        "amount": approximately(highlight.get("expected_usd", highlight.get("typical_usd", 0))),
        "example": highlight.get("example") or "",
        "kind": KIND_NAMES.get(highlight.get("example_kind") or "grant", KIND_NAMES["grant"]),
    }


def _capital(highlight: Mapping[str, Any], winner: str, runner: str) -> str:
    figures = highlight.get("figures") or {}
    parts = []
    if "vc_invested_usd_bn" in figures:
        pair = figures["vc_invested_usd_bn"]
        parts.append(
            _(
                "startups in %(winner)s raised %(mine)s bn USD of venture capital in a year, "
                "against %(theirs)s bn USD in %(runner)s"
            )
            % {
                "winner": winner,
                "runner": runner,
                "mine": significant(pair["winner"]),
                "theirs": significant(pair["runner_up"]),
            }
        )
    if "unicorns" in figures:
        pair = figures["unicorns"]
        parts.append(
            _("%(winner)s has %(mine)s unicorns, %(runner)s %(theirs)s")
            % {
                "winner": winner,
                "runner": runner,
                "mine": number(pair["winner"], 0),
                "theirs": number(pair["runner_up"], 0),
            }
        )
    if not figures and highlight.get("cluster") and "figures" not in highlight:
        # a result stored before the figures were given
        return _(
            "%(winner)s has deeper capital at your stage (%(stage)s) and a stronger %(cluster)s "
            "ecosystem."
        ) % {
            "winner": winner,
            "stage": labels.label(labels.STAGES, highlight["stage"]),
            "cluster": labels.label(labels.CLUSTERS, highlight["cluster"]),
        }
    if highlight.get("cluster"):
        parts.append(
            _("its %(cluster)s ecosystem is stronger")
            % {"cluster": labels.label(labels.CLUSTERS, highlight["cluster"])}
        )
    return _("On venture capital, %(facts)s.") % {"facts": join(parts)}


def _talent(highlight: Mapping[str, Any], winner: str, runner: str) -> str:
    discipline = labels.label(labels.DISCIPLINES, highlight["discipline"])
    if "winner" not in highlight:  # a result stored before the figures were given
        return _("%(winner)s has the deeper %(discipline)s talent pool.") % {
            "winner": winner,
            "discipline": discipline,
        }
    return _(
        "%(winner)s has the deeper %(discipline)s pool: %(mine)s %(measure)s against %(theirs)s "
        "in %(runner)s."
    ) % {
        "winner": winner,
        "runner": runner,
        "discipline": labels.label(labels.DISCIPLINES, highlight["discipline"]),
        "mine": significant(highlight["winner"]),
        "theirs": significant(highlight["runner_up"]),
        "measure": TALENT_MEASURES.get(highlight.get("indicator", ""), ""),
    }


def _policy(
    highlight: Mapping[str, Any], reasons: Mapping[str, Any], winner: str, runner: str
) -> str:
    sector = labels.label(labels.SECTORS, highlight["sector"])
    runner_rules = [
        rule["name"] for rule in reasons.get("rules", []) if rule["region"] == reasons["runner_up"]
    ]
    if runner_rules:
        return _(
            "Fewer rules bind a company in your sector (%(sector)s) in %(winner)s; in %(runner)s, "
            "%(rules)s apply."
        ) % {"sector": sector, "winner": winner, "runner": runner, "rules": join(runner_rules[:2])}
    return _("Fewer rules bind a company in your sector (%(sector)s) in %(winner)s.") % {
        "sector": sector,
        "winner": winner,
    }


def _highlight(
    highlight: Mapping[str, Any], reasons: Mapping[str, Any], winner: str, runner: str
) -> str | None:
    criterion = highlight.get("criterion")
    if criterion == "customer_proximity":
        return _proximity(highlight, winner)
    if criterion == "grants" and highlight.get("count"):
        return _grants(highlight)
    if criterion == "venture_capital":
        return _capital(highlight, winner, runner)
    if criterion == "talent":
        return _talent(highlight, winner, runner)
    if criterion == "cost":
        return _(
            "An engineer costs about %(winner_cost)s USD a year in %(winner)s, against "
            "%(runner_cost)s USD in %(runner)s."
        ) % {
            "winner": winner,
            "runner": runner,
            "winner_cost": approximately(highlight["winner_engineer_cost_usd"]),
            "runner_cost": approximately(highlight["runner_up_engineer_cost_usd"]),
        }
    if criterion == "policy_risk":
        return _policy(highlight, reasons, winner, runner)
    return None


def _headline(reasons: Mapping[str, Any], winner: str, runner: str) -> str:
    values = {
        "winner": winner,
        "score": score(reasons["winner_score"]),
        # The difference of the two scores as shown, so that the reader's sum comes out.
        "margin": score(
            abs(rounded(reasons["winner_score"]) - rounded(reasons["runner_up_score"]))
        ),
        "runner": runner,
        "runner_score": score(reasons["runner_up_score"]),
    }
    if reasons.get("highest_total") == reasons.get("runner_up"):
        return (
            _(
                "We recommend %(winner)s (%(score)s out of 100) although %(runner)s scores "
                "%(margin)s points more at your stated priorities (%(runner_score)s): "
                "%(winner)s comes first more often when those priorities and the data vary."
            )
            % values
        )
    return (
        _(
            "%(winner)s ranks first with %(score)s out of 100, %(margin)s points ahead of "
            "%(runner)s (%(runner_score)s)."
        )
        % values
    )


def _outside(reasons: Mapping[str, Any], winner: str) -> str | None:
    outside = reasons.get("outside_markets")
    if not outside:
        return None
    markets = join([labels.label(labels.MARKETS, code) for code in outside["markets"]])
    chinese = (get_language() or "").lower().startswith("zh")
    leads = [
        criterion_name(entry["criterion"])
        if chinese
        else criterion_name(entry["criterion"]).lower()
        for entry in reasons.get("leads", [])
        if entry["criterion"] != "customer_proximity"  # its distance is what it makes up for
    ]
    return _(
        "%(winner)s lies outside the markets your customers are in (%(markets)s): it wins on "
        "%(criteria)s by more than its distance from them costs."
    ) % {"winner": winner, "markets": markets, "criteria": join(leads) or criterion_name("cost")}


def _depends_on_nationality(reasons: Mapping[str, Any]) -> str | None:
    names = reasons.get("nationality_dependent") or []
    if not names:
        return None
    return ngettext(
        "%(programmes)s is open only to some founders by nationality, which you did not give: "
        "it is counted at a %(chance)s chance.",
        "%(programmes)s are open only to some founders by nationality, which you did not give: "
        "they are counted at a %(chance)s chance.",
        len(names),
    ) % {
        "programmes": join(list(names[:3])),
        "chance": percent(float(reasons.get("nationality_probability") or 0.5)),
    }


def explanation_sentences(reasons: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """Why the winner wins, in the active language. `names` maps region slugs to display names."""
    winner = names.get(reasons["winner"], reasons["winner"])
    if not reasons.get("runner_up"):
        return [
            _("%(winner)s is the only region compared, with %(score)s out of 100.")
            % {"winner": winner, "score": score(reasons["winner_score"])}
        ]
    runner = names.get(reasons["runner_up"], reasons["runner_up"])
    sentences = [_headline(reasons, winner, runner)]
    leads = [_points(entry) for entry in reasons.get("leads", [])]
    trails = [_points(entry) for entry in reasons.get("trails", [])]
    if leads and trails:
        sentences.append(
            _("Its lead comes from %(leads)s; %(runner)s does better on %(trails)s.")
            % {"leads": join(leads), "runner": runner, "trails": join(trails)}
        )
    elif leads:
        sentences.append(_("Its lead comes from %(leads)s.") % {"leads": join(leads)})
    outside = _outside(reasons, winner)
    if outside:
        sentences.append(outside)
    for highlight in reasons.get("highlights", []):
        sentence = _highlight(highlight, reasons, winner, runner)
        if sentence:
            sentences.append(sentence)
    dependent = _depends_on_nationality(reasons)
    if dependent:
        sentences.append(dependent)
    sentences.extend(feasibility_sentences(reasons.get("feasibility"), names))
    return [spaced(sentence) for sentence in sentences]


ROBUSTNESS_VERDICTS = {
    "robust": gettext_lazy("The recommendation is robust."),
    "fairly_robust": gettext_lazy("The recommendation is fairly robust."),
    "fragile": gettext_lazy(
        "The recommendation is fragile: small changes in your priorities or in the data change "
        "the winner."
    ),
}


def robustness_sentence(region: str, probability: float | None, samples: int | None) -> str:
    """'Tokyo ranks first in 83% of 10,000 plausible weightings ...', or '' without an analysis."""
    if probability is None or not samples:
        return ""
    return spaced(
        _(
            "%(region)s ranks first in %(percent)s of %(samples)s plausible weightings of your "
            "priorities and of the data."
        )
        % {"region": region, "percent": percent(probability), "samples": number(samples, 0)}
    )


def robustness_text(
    region: str,
    probability: float | None,
    samples: int | None,
    robustness: str | None,
    rival: str | None = None,
    rival_probability: float | None = None,
) -> str:
    """How sure the recommendation is: how often `region` ranks first, and what that makes it
    (a close call names the rival and how often it ranks first)."""
    if robustness == "close_call" and rival:
        verdict = _(
            "This is a close call between %(region)s and %(rival)s, which ranks first in "
            "%(percent)s of them."
        ) % {"region": region, "rival": rival, "percent": percent(rival_probability or 0)}
    else:
        verdict = str(ROBUSTNESS_VERDICTS.get(robustness or "", ""))
    return sentences([robustness_sentence(region, probability, samples), verdict])


def explanation_text(reasons: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """The whole explanation as one text in the active language: why the winner wins, and how
    robust that is."""
    winner = names.get(reasons["winner"], reasons["winner"])
    return sentences(
        [
            *explanation_sentences(reasons, names),
            robustness_text(
                winner,
                reasons.get("first_place_probability"),
                reasons.get("samples"),
                reasons.get("robustness"),
                names.get(reasons.get("rival") or "", reasons.get("rival")),
                reasons.get("rival_probability"),
            ),
        ]
    )


def results_explained(results: Sequence[Any], *, names: Mapping[str, str]) -> list[Any]:
    """The engine's results, each with its English `explanation` put in after `robustness`;
    anything else in `results` (the engine's refusals) is passed through. `names` maps region
    slugs to the names the data gives them."""
    with translation.override("en"):
        return [
            _explained(result, names) if isinstance(result, dict) else result for result in results
        ]


def _explained(result: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    explained: dict[str, Any] = {}
    for key, value in result.items():
        explained[key] = value
        if key == "robustness":
            explained["explanation"] = sentences(
                [
                    explanation_text(result["reasons"], names),
                    *baseline_sentences(result.get("baseline"), result["recommendation"], names),
                ]
            )
        if key == "promotions":
            explained[key] = [{**entry, "text": promotion_text(entry, names)} for entry in value]
        if key == "pairs":
            explained["pairs"] = [
                {**pair, "explanation": pair_explanation(pair["reasons"], names)} for pair in value
            ]
    return explained


FEASIBILITY_STATUSES = {
    "unknown": gettext_lazy("depends on your nationality"),
    "open": gettext_lazy("open to you"),
    "capital": gettext_lazy("needs more capital than you are raising"),
    "closed": gettext_lazy("no route open to your nationality"),
}


def feasibility_sentences(
    feasibility: Mapping[str, Any] | None, names: Mapping[str, str]
) -> list[str]:
    """Which regions the founders cannot move to, and what the rule did to them: left out (no
    route open to the nationality) or penalised (routes open but above the funding need)."""
    if not feasibility:
        return []
    flagged = feasibility.get("flagged") or []
    closed = [
        names.get(entry["region"], entry["region"])
        for entry in flagged
        if entry["status"] == "closed"
    ]
    capital = [
        names.get(entry["region"], entry["region"])
        for entry in flagged
        if entry["status"] == "capital"
    ]
    nationality = feasibility.get("nationality") or ""
    found = []
    if closed:
        penalty = float(feasibility.get("closed_penalty", 1))
        if penalty >= 1:
            found.append(
                ngettext(
                    "%(regions)s is left out: no visa or residence route there is open to "
                    "founders of nationality %(nationality)s.",
                    "%(regions)s are left out: no visa or residence route there is open to "
                    "founders of nationality %(nationality)s.",
                    len(closed),
                )
                % {"regions": join(closed[:5]), "nationality": nationality}
            )
        else:
            found.append(
                ngettext(
                    "%(regions)s loses %(penalty)s of its score: no visa or residence route "
                    "there is open to founders of nationality %(nationality)s.",
                    "%(regions)s lose %(penalty)s of their score: no visa or residence route "
                    "there is open to founders of nationality %(nationality)s.",
                    len(closed),
                )
                % {
                    "regions": join(closed[:5]),
                    "penalty": percent(penalty),
                    "nationality": nationality,
                }
            )
    if capital:
        found.append(
            ngettext(
                "%(regions)s loses %(penalty)s of its score: every route open to you there needs "
                "more capital than your funding need of %(need)s USD.",
                "%(regions)s lose %(penalty)s of their score: every route open to you there needs "
                "more capital than your funding need of %(need)s USD.",
                len(capital),
            )
            % {
                "regions": join(capital[:5]),
                "penalty": percent(float(feasibility.get("capital_penalty", 0))),
                "need": approximately(float(feasibility.get("funding_need_usd") or 0)),
            }
        )
    return found


def _role_names(criteria: Sequence[str]) -> str:
    names = [criterion_name(slug) for slug in criteria]
    if not (get_language() or "").lower().startswith("zh"):
        names = [name.lower() for name in names]
    return join(names)


def pair_explanation(reasons: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """Why a headquarters and an operations site beat the best single site, in the active
    language: the role split, the scores, the coordination cost, the pair's own policy exposure
    and how often it still wins."""
    hq = names.get(reasons["headquarters"], reasons["headquarters"])
    ops = names.get(reasons["operations"], reasons["operations"])
    single = names.get(reasons["single"], reasons["single"])
    parts = [
        _(
            "Two sites serve this startup better than one: headquarters in %(hq)s for "
            "%(hq_roles)s, operations in %(ops)s for %(ops_roles)s."
        )
        % {
            "hq": hq,
            "ops": ops,
            "hq_roles": _role_names(reasons.get("headquarters_serves", [])),
            "ops_roles": _role_names(reasons.get("operations_serves", [])),
        },
        _(
            "Together they score %(pair)s out of 100 against %(single_score)s for %(single)s "
            "alone, after %(points)s points for coordination (%(hours)s working hours in common, "
            "%(km)s km apart)."
        )
        % {
            "pair": score(float(reasons["pair_score"])),
            "single_score": score(float(reasons["single_score"])),
            "single": single,
            "points": score(float(reasons["coordination_points"])),
            "hours": number(float(reasons["overlap_hours"]), 1),
            "km": number(float(reasons["distance_km"]), 0),
        },
    ]
    if float(reasons.get("policy_points") or 0) >= 0.05:
        parts.append(
            _(
                "Running operations in %(ops)s from a parent company in %(hq)s brings its own "
                "policy exposure, %(points)s points of the pair's score."
            )
            % {"ops": ops, "hq": hq, "points": score(float(reasons["policy_points"]))}
        )
    probability = reasons.get("beats_single_probability")
    if probability is not None and reasons.get("samples"):
        parts.append(
            _(
                "The pair beats every single site in %(percent)s of %(samples)s plausible "
                "weightings of your priorities."
            )
            % {"percent": percent(float(probability)), "samples": number(reasons["samples"], 0)}
        )
    return sentences(parts)


def _times(change: Mapping[str, Any]) -> str:
    return number(float(change["to"]) / float(change["from"]), 1)


def _weight_condition(change: Mapping[str, Any]) -> str:
    criterion = criterion_name(change["criterion"])
    if not change["from"]:
        return _("if %(criterion)s counted at all (a weight of %(weight)s)") % {
            "criterion": criterion,
            "weight": number(float(change["to"]), 2),
        }
    if float(change["to"]) < float(change["from"]):
        return _("if %(criterion)s mattered only %(times)s times as much") % {
            "criterion": criterion,
            "times": _times(change),
        }
    return _("if %(criterion)s mattered %(times)s times as much") % {
        "criterion": criterion,
        "times": _times(change),
    }


def _figure_condition(change: Mapping[str, Any]) -> str:
    values = {"to": significant(change["to"]), "from": significant(change["from"])}
    indicator = change["indicator"]
    if indicator == "engineer_cost_usd":
        return _("if an engineer there cost %(to)s USD a year instead of %(from)s") % values
    if indicator == "office_rent_usd_m2":
        return _("if office rent there were %(to)s USD per m² a year instead of %(from)s") % values
    if indicator == "top_university_rank":
        return _("if its best university ranked %(to)s in the world instead of %(from)s") % values
    if indicator == "foreign_born_share":
        return _("if %(to)s%% of its people were born abroad instead of %(from)s%%") % values
    return _("if its %(indicator)s were %(to)s instead of %(from)s") % {
        **values,
        "indicator": labels.label(labels.INDICATORS, indicator),
    }


def promotion_text(promotion: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """'Tokyo would rank first if grants mattered 1.6 times as much, or if an engineer there cost
    38,000 USD a year instead of 52,000.' in the active language."""
    region = names.get(promotion["region"], promotion["region"])
    conditions = []
    if promotion.get("weight"):
        conditions.append(_weight_condition(promotion["weight"]))
    if promotion.get("figure"):
        conditions.append(_figure_condition(promotion["figure"]))
    if not conditions:
        return spaced(
            _("No single change of one weight or one of its figures would put %(region)s first.")
            % {"region": region}
        )
    if len(conditions) == 1:
        return spaced(
            _("%(region)s would rank first %(condition)s.")
            % {"region": region, "condition": conditions[0]}
        )
    return spaced(
        _("%(region)s would rank first %(condition)s, or %(other)s.")
        % {"region": region, "condition": conditions[0], "other": conditions[1]}
    )


def place_name(baseline: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """Where the founder is: the region's name, or the country's code with the regions that
    stand in for it."""
    if baseline["kind"] == "region":
        return names.get(baseline["region"], baseline["region"])
    if baseline["approximated_by"]:
        return _("%(country)s (scored as %(regions)s)") % {
            "country": baseline["country"],
            "regions": join([names.get(slug, slug) for slug in baseline["approximated_by"]]),
        }
    return baseline["country"]


def _gains(difference: Mapping[str, float], *, positive: bool) -> list[str]:
    chosen = sorted(
        ((c, v) for c, v in difference.items() if (v >= NOTABLE if positive else v <= -NOTABLE)),
        key=lambda item: -abs(item[1]),
    )[:MAX_NAMED]
    return [
        _("%(criterion)s (%(points)s points)")
        % {"criterion": criterion_name(c), "points": number(abs(v), 1)}
        for c, v in chosen
    ]


NOTABLE = 0.5  # points: smaller differences are not named
MAX_NAMED = 3


def move_sentence(move: Mapping[str, Any] | None) -> str:
    if not move:
        return ""
    values = {
        "cost": significant(move["one_off_usd"]),
        "weeks": number(move["weeks"], 0),
        "people": number(move["people"], 0),
    }
    if move["abroad"]:
        return (
            _(
                "The move would cost about %(cost)s USD once and take about %(weeks)s weeks: our "
                "assumption for %(people)s people moving abroad and a new company there, not a "
                "sourced figure."
            )
            % values
        )
    return (
        _(
            "The move would cost about %(cost)s USD once and take about %(weeks)s weeks: our "
            "assumption for %(people)s people moving within the country, not a sourced figure."
        )
        % values
    )


def baseline_sentences(
    baseline: Mapping[str, Any] | None, recommended: str, names: Mapping[str, str]
) -> list[str]:
    """Stay or move, in the active language: [] without a baseline."""
    if not baseline:
        return []
    here = place_name(baseline, names)
    winner = names.get(recommended, recommended)
    if baseline["stay"] and baseline["region"] == recommended:
        return [spaced(_("Stay where you are: %(here)s is the recommendation.") % {"here": here})]
    if baseline["score"] is None:
        return [
            spaced(
                _(
                    "The data covers no region in %(country)s, so staying where you are cannot be "
                    "scored against %(winner)s."
                )
                % {"country": baseline["country"], "winner": winner}
            ),
            spaced(move_sentence(baseline["move"])),
        ]
    if baseline["stay"]:
        return [
            spaced(
                _(
                    "Stay where you are: %(here)s scores %(score)s out of 100 at your weights, "
                    "no less than %(winner)s; moving would not pay."
                )
                % {"here": here, "score": score(baseline["score"]), "winner": winner}
            )
        ]
    gains = _gains(baseline["difference"], positive=True)
    losses = _gains(baseline["difference"], positive=False)
    parts = [
        _("Moving from %(here)s to %(winner)s adds %(points)s points out of 100 over staying.")
        % {"here": here, "winner": winner, "points": number(baseline["gain"], 1)}
    ]
    if gains and losses:
        parts.append(
            _("It gains on %(gains)s and gives up %(losses)s.")
            % {"gains": join(gains), "losses": join(losses)}
        )
    elif gains:
        parts.append(_("It gains on %(gains)s.") % {"gains": join(gains)})
    parts.append(move_sentence(baseline["move"]))
    return [spaced(part) for part in parts if part]
