"""Cases: a founder's profile, its lifecycle and its stored recommendation."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from advisor.presentation import labels


class Case(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SCORING = "scoring", _("Scoring")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class ReviewState(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        OVERRIDDEN = "overridden", _("Overridden")

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        API = "api", _("Partner API")
        ADMIN = "admin", _("Admin")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    startup_name = models.CharField(max_length=200)
    sector = models.CharField(max_length=40, choices=labels.choices(labels.SECTORS))
    stage = models.CharField(max_length=20, choices=labels.choices(labels.STAGES))
    customer_type = models.CharField(max_length=20, choices=labels.choices(labels.CUSTOMER_TYPES))
    markets = models.JSONField(
        help_text="Share of customers by market, in percent (adds up to 100)."
    )
    weights = models.JSONField(
        default=dict, blank=True, help_text="The founder's weight overrides."
    )
    regions = models.JSONField(
        default=list, blank=True, help_text="Regions to compare; empty for all."
    )
    founder_nationality = models.CharField(
        max_length=2, blank=True, help_text="The founders' nationality (ISO 3166-1 alpha-2)."
    )
    incorporated_in = models.CharField(
        max_length=2, blank=True, help_text="Where the company is incorporated now, if anywhere."
    )
    funding_need_usd = models.PositiveBigIntegerField(null=True, blank=True)
    current_location = models.CharField(max_length=100, blank=True)
    founder_email = models.EmailField(
        blank=True, help_text="Where the case link and the advisor's review are sent, if given."
    )
    founder_language = models.CharField(
        max_length=10, blank=True, help_text="The language the founder used (for their emails)."
    )
    # The founder's link is /cases/<id>/ until they renew it; then /cases/<link>/ and the old
    # address answers 404.
    link = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    result = models.JSONField(null=True, blank=True)
    failure_reason = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    dataset_version = models.CharField(max_length=64, blank=True)
    engine_version = models.CharField(max_length=20, blank=True)

    # The advisor's review: every case is reviewed before a founder acts on it.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    review_state = models.CharField(
        max_length=12, choices=ReviewState.choices, default=ReviewState.PENDING, db_index=True
    )
    reviewed_region = models.CharField(
        max_length=60, blank=True, help_text="The region the advisor stands behind (slug)."
    )
    review_reason = models.TextField(
        blank=True, help_text="Why the advisor overrode the recommendation (required to override)."
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_cases",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    scoring_started_at = models.DateTimeField(null=True, blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)

    # The recommendation and its robustness, computed from `result` by the database itself, so
    # every path that stores a result keeps them right; they make the advisors' case list
    # filterable, sortable and countable without reading each result.
    recommended_region = models.GeneratedField(
        expression=KeyTextTransform("recommendation", "result"),
        output_field=models.CharField(max_length=60, null=True),
        db_persist=True,
    )
    confidence = models.GeneratedField(
        expression=Cast(
            KeyTextTransform("first_place_probability", KeyTransform("reasons", "result")),
            models.FloatField(),
        ),
        output_field=models.FloatField(null=True),
        db_persist=True,
    )
    robustness = models.GeneratedField(
        expression=KeyTextTransform("robustness", KeyTransform("reasons", "result")),
        output_field=models.CharField(max_length=20, null=True),
        db_persist=True,
    )

    # Who changed what and when: every save (review, assignment, scoring) adds a historical row.
    # The reason is text, not simple-history's default 100 characters: a note or a message to
    # the founder is quoted in it.
    history = HistoricalRecords(
        excluded_fields=["recommended_region", "confidence", "robustness"],
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="case_status_created"),
            models.Index(fields=["recommended_region"], name="case_recommended_region"),
        ]

    def __str__(self) -> str:
        return f"{self.startup_name} ({self.get_sector_display()}, {self.get_stage_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def public_id(self) -> uuid.UUID:
        """The id in the founder's link: the case's own until the link is renewed."""
        return self.link or self.id

    @property
    def recommendation(self) -> str | None:
        return (self.result or {}).get("recommendation")

    def profile(self) -> dict:
        """The engine's input, exactly as stored."""
        return {
            "sector": self.sector,
            "stage": self.stage,
            "customer_type": self.customer_type,
            "markets": self.markets,
            "weights": self.weights,
            "regions": self.regions,
            "founder_nationality": self.founder_nationality,
            "incorporated_in": self.incorporated_in,
            "funding_need_usd": self.funding_need_usd,
            "current_location": self.current_location,
        }


class ScoringRun(models.Model):
    """One completed scoring of a case: the result as it was, and who computed it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="runs")
    result = models.JSONField()
    dataset_version = models.CharField(max_length=64)
    engine_version = models.CharField(max_length=20)
    worker = models.CharField(max_length=200, blank=True, help_text="Celery worker that scored it.")
    duration_ms = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.case_id} scored {self.created_at:%Y-%m-%d %H:%M} ({self.result.get('recommendation')})"


class CaseNote(models.Model):
    """An advisor's internal note on a case: for the team, never shown to founders or partners."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="case_notes"
    )
    text = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.text[:40]}"


class CaseMessage(models.Model):
    """A message from an advisor to the case's founder, by email. Kept whatever became of it:
    the status says whether it reached the founder's mail server, the error why not."""

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not delivered")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="founder_messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="founder_messages",
    )
    # The address and language as they were when the advisor wrote.
    to = models.EmailField()
    language = models.CharField(max_length=10, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=10000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENDING)
    error = models.TextField(blank=True, help_text="Why the last attempt failed, if it did.")
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} to {self.to}: {self.subject[:40]}"
