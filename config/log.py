"""The processes' logging: one plain line a record on the console, at the level the settings
read from the environment (LOG_LEVEL)."""

from __future__ import annotations

from typing import Any


def logging_config(*, level: str) -> dict[str, Any]:
    """The LOGGING setting (Django's dictConfig) for records at `level` and above."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "axes.apps": {"level": "WARNING"},  # its start-up banner on every manage.py command
        },
    }
