"""A partner's webhook signing secrets: which ones sign a delivery, and rotating them."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from advisor.partners.models import Partner
from advisor.partners.webhooks.signing import secret_new


def webhook_secrets(*, partner: Partner) -> list[str]:
    """The secrets a delivery is signed with: the current one, and the previous one for
    WEBHOOK_SECRET_GRACE_HOURS after a rotation, so receivers can switch without losing messages."""
    secrets = [partner.webhook_secret]
    grace = timedelta(hours=settings.WEBHOOK_SECRET_GRACE_HOURS)
    if (
        partner.previous_webhook_secret
        and partner.secret_rotated_at
        and timezone.now() - partner.secret_rotated_at < grace
    ):
        secrets.append(partner.previous_webhook_secret)
    return secrets


def webhook_secret_rotate(*, partner: Partner) -> str:
    """Give the partner a new signing secret; the old one keeps signing alongside for the grace
    period. Returns the new secret (shown once to whoever rotated it)."""
    secret = secret_new()
    Partner.objects.filter(id=partner.id).update(
        previous_webhook_secret=F("webhook_secret"),
        webhook_secret=secret,
        secret_rotated_at=timezone.now(),
        updated_at=timezone.now(),
    )
    partner.refresh_from_db()
    return secret
