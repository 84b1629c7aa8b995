"""Partners, their API keys, the cases they submitted and the webhooks sent to them."""

from __future__ import annotations

import re
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey, BaseAPIKeyManager

from advisor.models import Case
from advisor.partners.webhooks.addresses import MAX_URL_LENGTH, validate_webhook_target
from advisor.partners.webhooks.signing import secret_new

RATE = re.compile(r"^\d+/(s|sec|second|m|min|minute|h|hour|d|day)$")
MAX_IDEMPOTENCY_KEY_LENGTH = 255


def validate_rate(value: str) -> None:
    if value and not RATE.match(value):
        raise ValidationError(
            _('Write a rate such as "600/min", "20/s", "10000/hour" or "100000/day".')
        )


class Partner(models.Model):
    """An organisation (accelerator, investor, investment-promotion agency) using the API."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    is_active = models.BooleanField(
        default=True, help_text=_("An inactive partner's keys stop working at once.")
    )
    webhook_url = models.URLField(
        max_length=MAX_URL_LENGTH,
        blank=True,
        validators=[validate_webhook_target],
        help_text=_(
            "Where finished cases are posted when a case names no callback_url (a public "
            "http(s) address; see WEBHOOK_ALLOW_PRIVATE_ADDRESSES)."
        ),
    )
    webhook_secret = models.CharField(max_length=100, default=secret_new, editable=False)
    previous_webhook_secret = models.CharField(max_length=100, blank=True, editable=False)
    secret_rotated_at = models.DateTimeField(null=True, blank=True, editable=False)
    throttle_rate = models.CharField(
        max_length=20,
        blank=True,
        validators=[validate_rate],
        help_text=_(
            'Requests allowed, e.g. "1200/min"; empty uses the default (PARTNER_THROTTLE_RATE).'
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerAPIKeyManager(BaseAPIKeyManager):
    def get_usable_keys(self) -> models.QuerySet:
        return super().get_usable_keys().filter(partner__is_active=True).select_related("partner")


class PartnerAPIKey(AbstractAPIKey):
    """A partner's key, stored hashed; only its prefix is readable after creation."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="api_keys")

    objects = PartnerAPIKeyManager()

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("partner API key")
        verbose_name_plural = _("partner API keys")


class PartnerBatch(models.Model):
    """One bulk submission: which items became which cases, for polling and idempotent replays."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="batches")
    idempotency_key = models.CharField(max_length=MAX_IDEMPOTENCY_KEY_LENGTH, blank=True)
    request_hash = models.CharField(max_length=64, blank=True)
    # The answer as given: case ids by item index (null where the item was rejected) and the
    # rejected items' errors (the first PROBLEM_MAX_ERRORS, and how many in all), so that a
    # replay answers exactly the same.
    case_ids = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    errors_total = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = _("partner batches")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="one_batch_per_idempotency_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} batch {self.id}"


class PartnerCase(models.Model):
    """The link between a case and the partner that submitted it (advisor.Case stays partner-free)."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="partner_link"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="cases")
    batch = models.ForeignKey(
        PartnerBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    idempotency_key = models.CharField(max_length=MAX_IDEMPOTENCY_KEY_LENGTH, blank=True)
    request_hash = models.CharField(max_length=64, blank=True)
    callback_url = models.URLField(max_length=MAX_URL_LENGTH, blank=True)
    # The partner's choice: may the founder pages (/cases/<id>/ and its status, what-if and
    # retry) show the case to anyone with its link? Off, they answer 404 as for a missing case.
    share_link = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="one_case_per_idempotency_key",
            )
        ]
        indexes = [
            models.Index(fields=["partner", "created_at"], name="partnercase_partner_created")
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.case_id}"

    @property
    def webhook_url(self) -> str:
        return self.callback_url or self.partner.webhook_url


class PartnerRegion(models.Model):
    """A region the partner promotes (an investment-promotion agency's city): its matches list
    ranks the partner's cases by how well the region fits them."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="region_links")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="partner_links"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partner", "region"]
        verbose_name = _("promoted region")
        verbose_name_plural = _("promoted regions")
        constraints = [
            models.UniqueConstraint(fields=["partner", "region"], name="one_link_per_region")
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.region}"


class WebhookMessage(models.Model):
    """One event to deliver to a partner: the body is fixed when the event happens, so every
    attempt sends (and signs) the same bytes under the same webhook-id."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed (gave up)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="webhooks")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="webhooks"
    )
    event_type = models.CharField(max_length=40)
    url = models.URLField(max_length=MAX_URL_LENGTH)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook")

    def __str__(self) -> str:
        return f"{self.event_type} {self.message_id}"

    @property
    def message_id(self) -> str:
        """The webhook-id header: the same for every attempt, so receivers can drop duplicates."""
        return f"msg_{self.id.hex}"


class WebhookDelivery(models.Model):
    """One attempt at delivering a webhook, as it went."""

    message = models.ForeignKey(WebhookMessage, on_delete=models.CASCADE, related_name="deliveries")
    attempt = models.PositiveSmallIntegerField()
    url = models.URLField(max_length=MAX_URL_LENGTH)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    response_excerpt = models.TextField(blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    duration_ms = models.FloatField()

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["message", "attempt"], name="one_row_per_attempt")
        ]

    def __str__(self) -> str:
        outcome = self.status_code or self.error[:40] or "?"
        return f"attempt {self.attempt}: {outcome}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class BatchJob(models.Model):
    """A batch of up to BATCH_MAX_ROWS profiles (CSV or JSON Lines), scored by the workers one
    chunk at a time into compact result rows (advisor/partners/services/batches.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSONL = "jsonl", "JSON Lines"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # None for a job of the command line (`recommend --batch --workers`).
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="batch_jobs"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    format = models.CharField(max_length=5, choices=Format.choices)
    header = models.TextField(blank=True)  # the CSV header line, which every chunk is read with
    dataset_version = models.CharField(max_length=40)
    regions = models.JSONField(default=list)  # the result's score columns, in order
    samples = models.PositiveIntegerField()
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    chunk_count = models.PositiveIntegerField(default=0)
    chunks_finished = models.PositiveIntegerField(default=0)
    uploaded = models.BooleanField(default=False)  # the whole upload is stored: it may be done
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("batch job")
        verbose_name_plural = _("batch jobs")
        indexes = [models.Index(fields=["partner", "created_at"], name="batchjob_partner_created")]

    def __str__(self) -> str:
        return f"batch job {self.id}"

    @property
    def processed(self) -> int:
        return self.done + self.failed


class BatchChunk(models.Model):
    """A slice of a job's rows as uploaded, and once scored its result rows (CSV lines without
    the header) and its rejected rows by line number. A chunk scored again replaces its own
    output, and the job's counters move only when a chunk first becomes done."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    job = models.ForeignKey(BatchJob, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    first_line = models.PositiveIntegerField()  # the line number of its first row in the upload
    rows = models.PositiveIntegerField()
    source = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    results = models.TextField(blank=True)
    errors = models.JSONField(default=list)  # [[line, message], ...]
    scored = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "number"]
        constraints = [
            models.UniqueConstraint(fields=["job", "number"], name="one_chunk_per_number")
        ]
        indexes = [models.Index(fields=["status", "started_at"], name="batchchunk_status_started")]

    def __str__(self) -> str:
        return f"{self.job_id} chunk {self.number}"
