from __future__ import annotations

from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "advisor.partners"
    label = "partners"
    verbose_name = "Partner API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from advisor.partners import receivers  # noqa: F401  (webhooks for finished cases)
        from advisor.partners.api import schema  # noqa: F401  (the API key scheme, for drf-spectacular)
