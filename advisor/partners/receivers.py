"""Reactions to the case services' events: a finished case sends its partner's webhook."""

from __future__ import annotations

from django.dispatch import receiver

from advisor.signals import cases_finished


@receiver(cases_finished, dispatch_uid="partners.webhooks_for_finished_cases")
def webhooks_for_finished_cases(sender, case_ids: list[str], **kwargs) -> None:
    from advisor.partners.webhooks.delivery import webhooks_schedule

    webhooks_schedule(case_ids=case_ids)
