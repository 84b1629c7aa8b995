"""Reads of the partners domain: a partner's own cases."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.db.models import QuerySet

from advisor.partners.models import Partner, PartnerCase


def partner_case_get(*, partner: Partner, case_id: UUID | str) -> PartnerCase | None:
    """The partner's own case, or None: another partner's case looks exactly like a missing one."""
    return (
        PartnerCase.objects.select_related("case", "partner")
        .filter(partner=partner, case_id=case_id)
        .first()
    )


def partner_cases(
    *,
    partner: Partner,
    status: str | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    batch: UUID | None = None,
) -> QuerySet[PartnerCase]:
    """The partner's cases, newest first, filtered as asked."""
    links = PartnerCase.objects.filter(partner=partner).select_related("case")
    if status:
        links = links.filter(case__status=status)
    if created_after:
        links = links.filter(created_at__gte=created_after)
    if created_before:
        links = links.filter(created_at__lt=created_before)
    if batch:
        links = links.filter(batch_id=batch)
    return links.order_by("-created_at", "-case_id")
