"""Content types and permissions as `migrate` leaves them.

Some earlier test in a full run leaves the database without the content types and permissions
that `migrate` creates (a transactional test's flush is followed by post_migrate, which normally
recreates them; in a full run it sometimes has not by the time a later test needs them, and which
test does it was not found). The fixtures that set up an Advisor group or check content types call
this first; it creates only what is missing.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes


def permissions_ensure() -> None:
    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0)
        create_permissions(config, verbosity=0)
