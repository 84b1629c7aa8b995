from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    """An app of its own so that its templates and static files are found."""

    name = "advisor.web"
    label = "web"
    verbose_name = "Founder pages"
