"""Celery tasks of the partners domain: webhook delivery (thin: call the service)."""

from __future__ import annotations

from celery import shared_task

from advisor.partners.webhooks.delivery import webhook_deliver, webhooks_requeue_stale


# Named as when they lived in advisor/tasks.py: messages already queued under those names, and
# Celery beat's schedule, keep working across the deploy.
@shared_task(
    name="advisor.tasks.deliver_webhook",
    bind=True,
    max_retries=None,  # the service counts attempts (WEBHOOK_MAX_ATTEMPTS)
)
def deliver_webhook(self, message_id: str) -> None:
    retry_in = webhook_deliver(message_id=message_id)
    if retry_in is not None:
        raise self.retry(countdown=retry_in)


@shared_task(name="advisor.tasks.requeue_stale_webhooks")
def requeue_stale_webhooks() -> int:
    return webhooks_requeue_stale()
