"""Content types and permissions as `migrate` leaves them.

A transactional test's flush empties these tables and post_migrate recreates them. A fixture
that once called the routes migration's function with the real app registry left every app
without its models module, so later flushes recreated nothing (fixed in
regions/migrations/0005_relocation_routes.py). The fixtures that set up an Advisor group or check
content types still call this first, as a guard; it creates only what is missing.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes


def permissions_ensure() -> None:
    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0)
        create_permissions(config, verbosity=0)
