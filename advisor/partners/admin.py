"""Partners in the admin: organisations, their keys (create, revoke), webhook secrets (rotate),
every webhook delivery attempt and batch jobs with their progress."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from advisor.partners.admin_regions import PartnerRegionInline  # registers PartnerRegionAdmin
from advisor.partners.models import (
    BatchJob,
    Partner,
    PartnerAPIKey,
    PartnerBatch,
    PartnerCase,
    WebhookDelivery,
    WebhookMessage,
)
from advisor.partners.services.batches import batch_job_cancel, batch_job_progress
from advisor.partners.services.keys import partner_keys_revoke
from advisor.partners.webhooks.delivery import webhook_redeliver
from advisor.partners.webhooks.secrets import webhook_secret_rotate
from advisor.platform.changelists import GuardedChangeListMixin

# The package's own key model is unused here (partners have their own); hide it.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)


def _masked(secret: str) -> str:
    return f"{secret[:10]}…{secret[-4:]}" if secret else "—"


class PartnerAPIKeyInline(admin.TabularInline):
    model = PartnerAPIKey
    fields = ["prefix", "name", "created", "expiry_date", "revoked"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # a new key must be shown once: use "Add partner API key"


@admin.register(Partner)
class PartnerAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    list_display = ["name", "is_active", "webhook_url", "active_keys", "case_count", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "webhook_url"]
    readonly_fields = ["id", "secret", "secret_rotated_at", "add_key", "created_at", "updated_at"]
    fields = [
        "id",
        "name",
        "is_active",
        "webhook_url",
        "throttle_rate",
        "secret",
        "secret_rotated_at",
        "add_key",
        "created_at",
        "updated_at",
    ]
    inlines = [PartnerAPIKeyInline, PartnerRegionInline]
    actions = ["rotate_webhook_secret"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _active_keys=Count("api_keys", filter=Q(api_keys__revoked=False), distinct=True),
                _cases=Count("cases", distinct=True),
            )
        )

    @admin.display(description=_("active keys"), ordering="_active_keys")
    def active_keys(self, partner: Partner) -> int:
        return partner._active_keys

    @admin.display(description=_("cases"), ordering="_cases")
    def case_count(self, partner: Partner) -> int:
        return partner._cases

    @admin.display(description=_("webhook secret"))
    def secret(self, partner: Partner) -> str:
        return _masked(partner.webhook_secret)

    @admin.display(description=_("API keys"))
    def add_key(self, partner: Partner) -> str:
        if not partner.pk:
            return "—"
        url = reverse("admin:partners_partnerapikey_add") + f"?partner={partner.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Create a key for this partner"))

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            # Its first secret is shown once, here, as a rotated one is; the page masks it.
            self.message_user(
                request,
                _(
                    "Webhook secret for %(partner)s: %(secret)s — give it to the partner now; "
                    "it is not shown again."
                )
                % {"partner": obj.name, "secret": obj.webhook_secret},
                messages.WARNING,
            )

    @admin.action(
        description=_("Rotate the webhook secret (the old one keeps working for a while)")
    )
    def rotate_webhook_secret(self, request, queryset) -> None:
        for partner in queryset:
            secret = webhook_secret_rotate(partner=partner)
            self.message_user(
                request,
                _(
                    "New webhook secret for %(partner)s: %(secret)s — give it to the partner now; "
                    "it is not shown again."
                )
                % {"partner": partner.name, "secret": secret},
                messages.WARNING,
            )


@admin.register(PartnerAPIKey)
class PartnerAPIKeyAdmin(GuardedChangeListMixin, APIKeyModelAdmin):
    list_display = [*APIKeyModelAdmin.list_display, "partner"]
    list_filter = ["partner", "revoked", "created"]
    search_fields = [*APIKeyModelAdmin.search_fields, "partner__name"]
    list_select_related = ["partner"]
    actions = ["revoke_keys"]

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "partner") if obj is not None else fields

    @admin.action(description=_("Revoke the selected keys (cannot be undone)"))
    def revoke_keys(self, request, queryset) -> None:
        revoked = partner_keys_revoke(keys=queryset)
        self.message_user(request, _("%(count)d key(s) revoked.") % {"count": revoked})


class WebhookDeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    fields = ["attempt", "started_at", "status_code", "error", "duration_ms", "response_excerpt"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["attempt"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WebhookMessage)
class WebhookMessageAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    list_display = [
        "message_id",
        "partner",
        "case_link",
        "event_type",
        "status",
        "attempts",
        "last_status_code",
        "created_at",
        "delivered_at",
    ]
    list_filter = ["status", "event_type", "partner"]
    search_fields = ["id", "case__id", "case__startup_name", "url"]
    date_hierarchy = "created_at"
    list_select_related = ["partner", "case"]
    readonly_fields = [
        "message_id",
        "partner",
        "case_link",
        "event_type",
        "url",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "created_at",
        "delivered_at",
        "body",
    ]
    exclude = ["case"]
    inlines = [WebhookDeliveryInline]
    actions = ["send_again"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("case"))
    def case_link(self, message: WebhookMessage) -> str:
        if message.case_id is None:
            return "—"
        url = reverse("admin:advisor_case_change", args=[message.case_id])
        return format_html('<a href="{}">{}</a>', url, message.case)

    @admin.action(description=_("Send again now (one more attempt)"))
    def send_again(self, request, queryset) -> None:
        count = webhook_redeliver(messages=list(queryset))
        self.message_user(request, _("%(count)d webhook(s) queued again.") % {"count": count})


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    list_display = [
        "message",
        "attempt",
        "url",
        "status_code",
        "short_error",
        "started_at",
        "duration_ms",
    ]
    list_filter = ["status_code", "message__partner"]
    search_fields = ["message__id", "url", "error"]
    date_hierarchy = "started_at"
    list_select_related = ["message"]
    readonly_fields = [
        "message",
        "attempt",
        "url",
        "status_code",
        "error",
        "response_excerpt",
        "started_at",
        "finished_at",
        "duration_ms",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("error"))
    def short_error(self, delivery: WebhookDelivery) -> str:
        return delivery.error[:80]


@admin.register(PartnerCase)
class PartnerCaseAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    list_display = ["case", "partner", "batch", "idempotency_key", "callback_url", "created_at"]
    list_filter = ["partner"]
    search_fields = ["case__id", "case__startup_name", "idempotency_key"]
    list_select_related = ["case", "partner"]
    raw_id_fields = ["case", "batch"]
    readonly_fields = [
        "case",
        "partner",
        "batch",
        "idempotency_key",
        "request_hash",
        "callback_url",
        "created_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(PartnerBatch)
class PartnerBatchAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    list_display = ["id", "partner", "idempotency_key", "created_at"]
    list_filter = ["partner"]
    search_fields = ["id", "idempotency_key"]
    readonly_fields = [
        "id",
        "partner",
        "idempotency_key",
        "request_hash",
        "case_ids",
        "errors",
        "created_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(BatchJob)
class BatchJobAdmin(admin.ModelAdmin):
    """Batch jobs with their progress; read-only, except that a running job can be cancelled."""

    list_display = [
        "id",
        "partner",
        "status",
        "progress",
        "total",
        "done",
        "failed",
        "rate",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status", "format", "partner"]
    search_fields = ["id", "partner__name"]
    date_hierarchy = "created_at"
    list_select_related = ["partner"]
    fields = [
        "id",
        "partner",
        "status",
        "progress",
        "format",
        "total",
        "done",
        "failed",
        "rate",
        "chunk_count",
        "chunks_finished",
        "dataset_version",
        "samples",
        "error",
        "created_at",
        "started_at",
        "finished_at",
    ]
    readonly_fields = fields
    actions = ["cancel"]

    def has_add_permission(self, request) -> bool:
        return False  # jobs come from the API or `recommend --batch --workers`

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("progress"))
    def progress(self, job: BatchJob) -> str:
        share = job.processed / job.total if job.total else 0.0
        return format_html(
            '<progress value="{}" max="{}" aria-label="{}">{}</progress> {}',
            job.processed,
            job.total or 1,
            _("rows processed"),
            f"{share:.0%}",
            f"{share:.0%}",
        )

    @admin.display(description=_("rows a second"))
    def rate(self, job: BatchJob) -> str:
        rate = batch_job_progress(job=job)["rate_per_s"]
        return "—" if rate is None else f"{rate:,.0f}"

    def has_cancel_permission(self, request) -> bool:
        return request.user.has_perm("partners.change_batchjob")

    @admin.action(description=_("Cancel the selected jobs"), permissions=["cancel"])
    def cancel(self, request, queryset) -> None:
        cancelled = [batch_job_cancel(job=job) for job in queryset]
        count = sum(1 for job in cancelled if job.status == BatchJob.Status.CANCELLED)
        self.message_user(request, _("%(count)d job(s) cancelled.") % {"count": count})
