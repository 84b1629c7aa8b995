"""Webhooks to partners: one message when a partner's case finishes, signed the Standard Webhooks
way (advisor/partners/webhooks/signing.py), delivered by a Celery task, retried with backoff, every attempt
logged (WebhookDelivery) for the admin to see.

A message's body is fixed when the case finishes; each attempt signs it afresh with the current
time and the partner's secret(s). A message whose task was lost (broker down, worker killed) is
picked up again by webhooks_requeue_stale, run by Celery beat.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Sequence
from datetime import timedelta
from time import perf_counter
from uuid import UUID

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from advisor.models import Case
from advisor.partners.documents import case_document
from advisor.partners.models import PartnerCase, WebhookDelivery, WebhookMessage
from advisor.partners.webhooks.addresses import (
    WebhookTargetRefused,
    WebhookTargetUnresolved,
    webhook_target,
)
from advisor.partners.webhooks.secrets import webhook_secrets
from advisor.partners.webhooks.signing import signature_headers
from advisor.platform.publishing import publish

logger = logging.getLogger(__name__)

EVENTS = {Case.Status.DONE: "case.done", Case.Status.FAILED: "case.failed"}
USER_AGENT = "RelocationAdvisor-Webhooks/1.0"
EXCERPT_BYTES = 1000
# How long an attempt may take before the sweep may assume its worker died with it.
LEASE_MARGIN = timedelta(seconds=60)


def webhooks_schedule(*, case_ids: Sequence[UUID | str]) -> list[WebhookMessage]:
    """Create a message for each finished partner case that has somewhere to go (its
    callback_url, else the partner's webhook URL) and queue it once this transaction commits."""
    # Links with nowhere to send are left in the database: reading their cases (results
    # included) would cost a scoring batch more than the webhooks themselves.
    links = (
        PartnerCase.objects.filter(case_id__in=case_ids, partner__is_active=True)
        .exclude(callback_url="", partner__webhook_url="")
        .select_related("case", "partner")
    )
    now = timezone.now()
    messages = []
    for link in links:
        event = EVENTS.get(link.case.status)
        if not event or not link.webhook_url:
            continue
        body = {
            "type": event,
            "timestamp": now.isoformat().replace("+00:00", "Z"),
            "data": case_document(link=link, base_url=settings.SITE_URL),
        }
        messages.append(
            WebhookMessage(
                partner=link.partner,
                case=link.case,
                event_type=event,
                url=link.webhook_url,
                body=json.dumps(body, separators=(",", ":"), ensure_ascii=False),
                next_attempt_at=now,
            )
        )
    WebhookMessage.objects.bulk_create(messages, batch_size=500)
    message_ids = [str(message.id) for message in messages]
    if message_ids:
        transaction.on_commit(lambda: webhooks_enqueue(message_ids=message_ids))
    return messages


def webhooks_enqueue(*, message_ids: Sequence[str], countdown: float | None = None) -> int:
    """Queue a delivery task per message. A broker failure leaves them pending for the sweep."""
    from advisor.partners.tasks import deliver_webhook  # the task module imports these services

    return sum(
        publish(deliver_webhook, str(message_id), countdown=countdown, what=f"webhook {message_id}")
        for message_id in message_ids
    )


def webhook_retry_delay(attempt: int) -> float:
    """Seconds to wait after failed attempt number `attempt` (1-based): WEBHOOK_RETRY_BASE, then
    four times longer each time, capped at WEBHOOK_RETRY_MAX, give or take 20% so that many
    failed deliveries to one partner do not all come back at the same instant."""
    delay = min(settings.WEBHOOK_RETRY_BASE * 4 ** (attempt - 1), settings.WEBHOOK_RETRY_MAX)
    return delay * random.uniform(0.8, 1.2)  # nosec B311: timing jitter, not a secret


def webhook_deliver(*, message_id: UUID | str) -> float | None:
    """Make one delivery attempt and log it. Returns the seconds to wait before the next attempt,
    or None when there is nothing more to do (delivered, given up, or not this worker's turn)."""
    message = WebhookMessage.objects.select_related("partner").filter(id=message_id).first()
    if message is None or message.status != WebhookMessage.Status.PENDING:
        return None
    attempt = message.attempts + 1
    lease = timedelta(seconds=settings.WEBHOOK_TIMEOUT) + LEASE_MARGIN
    # Claim this attempt: if a retry and the sweep both got here, only one goes on.
    claimed = WebhookMessage.objects.filter(
        id=message.id, status=WebhookMessage.Status.PENDING, attempts=message.attempts
    ).update(attempts=attempt, next_attempt_at=timezone.now() + lease)
    if not claimed:
        return None

    started_at = timezone.now()
    headers = {
        **signature_headers(
            message_id=message.message_id,
            timestamp=started_at,
            body=message.body,
            secrets_=webhook_secrets(partner=message.partner),
        ),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        # The excerpt is read raw: a compressed answer could unpack to far more than we keep.
        "accept-encoding": "identity",
    }
    status_code, error, excerpt, permanent = _post(message.url, message.body, headers)
    finished_at = timezone.now()
    WebhookDelivery.objects.create(
        message=message,
        attempt=attempt,
        url=message.url,
        status_code=status_code,
        error=error,
        response_excerpt=excerpt,
        started_at=started_at,
        finished_at=finished_at,
        duration_ms=(finished_at - started_at).total_seconds() * 1000,
    )
    outcome = {"last_status_code": status_code, "last_error": error}
    if status_code is not None and 200 <= status_code < 300:
        WebhookMessage.objects.filter(id=message.id).update(
            status=WebhookMessage.Status.DELIVERED,
            delivered_at=finished_at,
            next_attempt_at=None,
            **outcome,
        )
        return None
    if permanent or attempt >= settings.WEBHOOK_MAX_ATTEMPTS:
        WebhookMessage.objects.filter(id=message.id).update(
            status=WebhookMessage.Status.FAILED, next_attempt_at=None, **outcome
        )
        logger.warning(
            "webhook %s to %s given up after %d attempts: %s",
            message.id,
            message.url,
            attempt,
            error or status_code,
        )
        return None
    delay = webhook_retry_delay(attempt)
    WebhookMessage.objects.filter(id=message.id).update(
        next_attempt_at=finished_at + timedelta(seconds=delay), **outcome
    )
    return delay


def _post(url: str, body: str, headers: dict[str, str]) -> tuple[int | None, str, str, bool]:
    """POST the body to the vetted address of the URL's host; (status code or None, error, the
    first bytes of the answer, whether the failure is permanent). Redirects are not followed (a
    3xx could point anywhere, our own network included): it is an answer like any non-2xx."""
    started = perf_counter()
    try:
        target = webhook_target(url)
    except WebhookTargetRefused as refused:
        return None, f"Refused: {refused}"[:2000], "", True
    except WebhookTargetUnresolved as unresolved:
        return None, f"Unresolved: {unresolved}"[:2000], "", False
    deadline = started + settings.WEBHOOK_TIMEOUT
    try:
        # trust_env=False: no proxy from the environment, which would resolve the host again
        # itself; the connection goes to target.url, the address vetted above.
        with (
            httpx.Client(
                timeout=settings.WEBHOOK_TIMEOUT, follow_redirects=False, trust_env=False
            ) as client,
            client.stream(
                "POST",
                target.url,
                content=body.encode(),
                headers={**headers, "host": target.host_header},
                extensions={"sni_hostname": target.sni_hostname} if target.sni_hostname else {},
            ) as response,
        ):
            excerpt = b""
            for chunk in response.iter_raw():
                excerpt += chunk
                # The timeout bounds each read; the deadline bounds a receiver that trickles.
                if len(excerpt) >= EXCERPT_BYTES or perf_counter() > deadline:
                    break
            return response.status_code, "", excerpt[:EXCERPT_BYTES].decode(errors="replace"), False
    except httpx.HTTPError as exc:
        took = perf_counter() - started
        return None, f"{type(exc).__name__} after {took:.1f} s: {exc}"[:2000], "", False


def webhook_redeliver(*, messages: Sequence[WebhookMessage]) -> int:
    """Send again now (an advisor's action): one more attempt each, whatever their state."""
    ids = [str(message.id) for message in messages]
    WebhookMessage.objects.filter(id__in=ids).update(
        status=WebhookMessage.Status.PENDING, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: webhooks_enqueue(message_ids=ids))
    return len(ids)


def webhooks_requeue_stale(*, late_by: timedelta = LEASE_MARGIN) -> int:
    """Queue again pending messages whose next attempt is overdue by `late_by` (their task was
    lost). The attempt claim in webhook_deliver makes a duplicate task harmless."""
    overdue = WebhookMessage.objects.filter(
        status=WebhookMessage.Status.PENDING, next_attempt_at__lt=timezone.now() - late_by
    ).values_list("id", flat=True)
    ids = [str(message_id) for message_id in overdue[:1000]]
    return webhooks_enqueue(message_ids=ids)
