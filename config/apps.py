"""The admin application with the advisors' workspace as its site (advisor/admin_site.py).

Kept apart from the site itself: an app config is imported while the app registry loads, before
any model can be, and the site reads cases for its review queue.
"""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class WorkspaceAdminConfig(AdminConfig):
    default_site = "advisor.admin_site.WorkspaceSite"
