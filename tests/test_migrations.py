"""A database created before the restructure (the partners app in advisor/api/, label
`partners`) migrates to this code without losing a row.

The test database is taken back to the migrations main had when advisor/api/ moved to
advisor/partners/ (their files are the same ones, now importing their callables from the new
paths), filled through those migrations' models with a row in every table of the partners app
and of the cases it points at, then migrated forward. Every row must read back the same through
today's models, and Django must still know the app by its label: its migrations count as
applied, and its content types and permissions are the ones it had.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from django.apps import apps as current_apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from tests.permissions import permissions_ensure

pytestmark = pytest.mark.django_db(transaction=True)

# The newest migration of each app on main before the restructure.
MAIN = [
    ("advisor", "0005_advisor_group_history"),
    ("partners", "0002_webhook_url_public_address"),
    ("regions", "0002_data_history"),
]
WHEN = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
RESULT = {"recommendation": "shenzhen", "reasons": {"robustness": "robust"}, "ranking": []}
# (app label, model) of every table whose rows must survive, in the order they are filled.
TABLES = [
    ("advisor", "case"),
    ("advisor", "historicalcase"),
    ("advisor", "scoringrun"),
    ("partners", "partner"),
    ("partners", "partnerapikey"),
    ("partners", "partnerbatch"),
    ("partners", "partnercase"),
    ("partners", "webhookmessage"),
    ("partners", "webhookdelivery"),
]


def migrate(targets: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return [node for node in executor.loader.graph.leaf_nodes() if node[0] in dict(MAIN)]


def fill(apps) -> None:
    """A row in every table, as main's code would have written it."""
    model = apps.get_model
    case = model("advisor", "Case").objects.create(
        id=uuid.uuid4(),
        startup_name="Acme Robotics",
        sector="robotics",
        stage="seed",
        customer_type="manufacturers",
        markets={"CN": 80, "US": 20},
        channel="api",
        status="done",
        result=RESULT,
        dataset_version="ab6432d65ed49338",
        engine_version="1.0.0",
        scored_at=WHEN,
    )
    model("advisor", "HistoricalCase").objects.create(
        id=case.id,
        startup_name=case.startup_name,
        sector=case.sector,
        stage=case.stage,
        customer_type=case.customer_type,
        markets=case.markets,
        channel="cli",  # a choice that is gone: the rows that used it stay as they are
        status="queued",
        created_at=WHEN,
        updated_at=WHEN,
        history_date=WHEN,
        history_type="+",
    )
    model("advisor", "ScoringRun").objects.create(
        case=case, result=RESULT, dataset_version="ab6432d65ed49338", engine_version="1.0.0"
    )
    partner = model("partners", "Partner").objects.create(
        id=uuid.uuid4(),
        name="Acme Ventures",
        webhook_url="https://partner.example/hooks",
        webhook_secret="whsec_c2VjcmV0",
        throttle_rate="600/min",
    )
    model("partners", "PartnerAPIKey").objects.create(
        id="abcdefgh.hashedkey",
        prefix="abcdefgh",
        hashed_key="pbkdf2_sha256$hash",
        name="Acme key",
        partner=partner,
    )
    batch = model("partners", "PartnerBatch").objects.create(
        id=uuid.uuid4(),
        partner=partner,
        idempotency_key="batch-1",
        request_hash="f" * 64,
        case_ids=[str(case.id), None],
        errors=[{"index": 1, "field": "sector", "detail": "unknown sector 'x'"}],
    )
    model("partners", "PartnerCase").objects.create(
        case=case, partner=partner, batch=batch, callback_url="https://partner.example/c"
    )
    message = model("partners", "WebhookMessage").objects.create(
        id=uuid.uuid4(),
        partner=partner,
        case=case,
        event_type="case.done",
        url="https://partner.example/c",
        body='{"type": "case.done"}',
        status="delivered",
        attempts=1,
        last_status_code=200,
        delivered_at=WHEN,
    )
    model("partners", "WebhookDelivery").objects.create(
        message=message,
        attempt=1,
        url=message.url,
        status_code=200,
        started_at=WHEN,
        finished_at=WHEN,
        duration_ms=12.5,
    )


def rows(apps) -> dict[tuple[str, str], list[dict]]:
    found = {}
    for label, name in TABLES:
        model = apps.get_model(label, name)
        fields = [field.attname for field in model._meta.concrete_fields]
        found[label, name] = sorted(
            (dict(zip(fields, row, strict=True)) for row in model.objects.values_list(*fields)),
            key=lambda row: str(row[model._meta.pk.attname]),
        )
    return found


def test_a_database_at_mains_schema_keeps_every_row_when_migrated_to_this_code():
    permissions_ensure()
    target = latest()
    try:
        old_apps = migrate(MAIN)
        fill(old_apps)
        before = rows(old_apps)
        content_types = set(ContentType.objects.filter(app_label="partners").values_list("model"))
        recorded = set(MigrationRecorder(connection).applied_migrations())

        migrate(target)

        after = rows(current_apps)
        assert all(before[table] for table in TABLES) and content_types
        # Every column the rows had reads back the same (columns added since start empty).
        assert {
            table: [{name: row[name] for name in before[table][0]} for row in after[table]]
            for table in TABLES
        } == before
        # The app is still `partners`: its migrations stay applied, nothing is re-created.
        assert recorded <= set(MigrationRecorder(connection).applied_migrations())
        assert MigrationExecutor(connection).migration_plan(target) == []
        assert content_types <= set(
            ContentType.objects.filter(app_label="partners").values_list("model")
        )
        assert current_apps.get_app_config("partners").name == "advisor.partners"
        partner_case = current_apps.get_model("partners", "PartnerCase").objects.get()
        assert partner_case.case.partner_link == partner_case  # the relations still resolve
    finally:
        migrate(target)
