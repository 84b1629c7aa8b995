from __future__ import annotations

from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "advisor.api"
    label = "partners"
    verbose_name = "Partner API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from advisor.api import (  # noqa: F401
            receivers,  # connects the webhook receiver to advisor.signals.cases_finished
            schema,  # registers the API key scheme with drf-spectacular
        )
