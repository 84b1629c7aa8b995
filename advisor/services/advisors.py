"""Advisor accounts: staff users in the Advisor group (created by a migration)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

ADVISOR_GROUP = "Advisor"


def advisor_ensure(*, username: str, password: str):
    """Create the advisor, or reset its password and membership; never a superuser."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.is_staff = True
    user.is_superuser = False
    user.is_active = True
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=ADVISOR_GROUP))
    return user
