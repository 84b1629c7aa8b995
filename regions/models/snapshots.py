"""Dataset snapshots: the exact data a recommendation was computed from."""

from __future__ import annotations

from django.db import models


class DatasetSnapshot(models.Model):
    """The exact dataset a recommendation was computed from, kept so it can be reproduced."""

    version = models.CharField(max_length=64, primary_key=True)
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.version
