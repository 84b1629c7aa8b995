"""Partners and their API keys: creating and updating a partner, issuing and revoking keys."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from advisor.errors import DomainError, Problem
from advisor.partners.models import Partner, PartnerAPIKey


def partner_create(*, name: str, webhook_url: str = "", throttle_rate: str = "") -> Partner:
    """A new partner. Raises DomainError naming each field the model refuses."""
    partner = Partner(name=name.strip(), webhook_url=webhook_url, throttle_rate=throttle_rate)
    _checked(partner)
    partner.save()
    return partner


def partner_update(
    *, partner: Partner, webhook_url: str | None = None, throttle_rate: str | None = None
) -> list[str]:
    """Change what is given (None leaves a field alone); returns the names of changed fields.
    Raises DomainError naming each field the model refuses."""
    changed = []
    for name, value in (("webhook_url", webhook_url), ("throttle_rate", throttle_rate)):
        if value is not None and getattr(partner, name) != value:
            setattr(partner, name, value)
            changed.append(name)
    if changed:
        _checked(partner)
        partner.save(update_fields=[*changed, "updated_at"])
    return changed


def partner_key_create(*, partner: Partner, name: str) -> tuple[PartnerAPIKey, str]:
    """A new key for the partner; the key itself is returned once and only its hash is kept."""
    return PartnerAPIKey.objects.create_key(partner=partner, name=name[:50])


def partner_keys_revoke(*, keys: QuerySet[PartnerAPIKey]) -> int:
    """Revoke keys for good (the package refuses to un-revoke them)."""
    return keys.filter(revoked=False).update(revoked=True)


def _checked(partner: Partner) -> None:
    """The model's own rules (a public webhook address, a rate such as "600/min"), as a
    DomainError."""
    try:
        partner.full_clean()
    except ValidationError as error:
        raise DomainError(
            Problem(field, message)
            for field, messages in error.message_dict.items()
            for message in messages
        ) from None
