"""Two to four of a case's ranked regions side by side, every figure with its source and year."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from advisor.engine.vocabulary import CRITERIA
from advisor.models import Case
from advisor.presentation import labels
from advisor.web.reports.reading import figure, region_names, snapshot

MIN_COMPARED, MAX_COMPARED = 2, 4
QUALIFIER_KINDS = ("", "cluster", "rated_cluster", "discipline", "customer_type")


def comparison(case: Case, slugs: list[str]) -> dict[str, Any]:
    """Two to four of the case's ranked regions side by side: per criterion its score in each,
    then every figure behind it with its source and year (from the snapshot the case was scored
    on). {"problem": message} when the choice is not two to four of the case's regions."""
    result = case.result
    ranked = {entry["region"]: entry for entry in result["ranking"]}
    chosen = [slug for slug in dict.fromkeys(slugs) if slug in ranked]
    if not MIN_COMPARED <= len(chosen) <= MAX_COMPARED or len(chosen) != len(set(slugs)):
        return {"problem": _("Choose two to four of the regions in your ranking to compare them.")}
    dataset = snapshot(result["dataset_version"])
    names = region_names(dataset)
    records = dataset.records if dataset is not None else {}
    traits = {row["slug"]: row for row in records.get("sectors", [])}.get(case.sector, {})
    wanted = {
        "": "",
        "cluster": traits.get("cluster", ""),
        "rated_cluster": traits.get("cluster", ""),
        "discipline": traits.get("discipline", ""),
        "customer_type": case.customer_type,
    }
    values = {
        (row["region"], row["indicator"], row["qualifier"]): row
        for row in records.get("indicator_values", [])
    }
    groups = []
    for criterion in CRITERIA:
        rows = []
        for definition in records.get("indicators", []):
            if definition["criterion"] != criterion:
                continue
            kind = definition["qualifier_kind"]
            if kind not in QUALIFIER_KINDS:
                continue
            slug = definition["slug"]
            if slug.startswith("talent_") and slug != f"talent_{wanted['discipline']}":
                continue
            if slug.startswith("customers_") and slug != f"customers_{case.customer_type}":
                continue
            cells = []
            for region in chosen:
                row = values.get((region, slug, wanted[kind]))
                cells.append(
                    None
                    if row is None or row["value"] is None
                    else {
                        "value": figure(float(row["value"]), row.get("unit", "")),
                        "year": row.get("year"),
                        "source_name": row.get("source_name") or _("Unsourced"),
                        "source_url": row.get("source_url") or "",
                        "is_estimate": bool(row.get("is_estimate")),
                    }
                )
            if any(cells):
                rows.append({"what": labels.label(labels.INDICATORS, slug), "cells": cells})
        groups.append(
            {
                "criterion": labels.label(labels.CRITERIA, criterion),
                "scores": [ranked[region]["criteria"][criterion] for region in chosen],
                "rows": rows,
            }
        )
    return {
        "columns": [
            {
                "region": region,
                "name": names.get(region, region),
                "rank": ranked[region]["rank"],
                "score": ranked[region]["score"],
            }
            for region in chosen
        ],
        "groups": groups,
    }
