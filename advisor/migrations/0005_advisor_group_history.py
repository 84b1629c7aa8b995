"""The Advisor group, revised once case and region-data history exist.

Advisors review cases (view, change: the admin's review actions need change), read scoring runs,
keep the region data current and read the history of all of it. Tables whose rows the engine needs
one of per vocabulary entry (sector, stage and customer-type profiles, stage weights, markets,
model parameters) can be changed but not added to or deleted from, because a missing row would
leave every new scoring without data; regions and indicators are not deleted for the same reason
(past cases name them). History is view-only: nobody reverts an audit trail. No user or group
administration.
"""

from django.db import migrations

ADVISOR_PERMISSIONS = {
    "advisor": {
        "case": ("view", "change"),
        "scoringrun": ("view",),
        "historicalcase": ("view",),
    },
    "regions": {
        "region": ("view", "add", "change"),
        "market": ("view", "change"),
        "indicator": ("view", "add", "change"),
        "indicatorvalue": ("view", "add", "change", "delete"),
        "grantprogramme": ("view", "add", "change", "delete"),
        "currencyrate": ("view", "add", "change"),
        "sectorprofile": ("view", "change"),
        "stageprofile": ("view", "change"),
        "customertypeprofile": ("view", "change"),
        "stageweight": ("view", "change"),
        "sectorweight": ("view", "add", "change", "delete"),
        "modelparameter": ("view", "change"),
        "datasetsnapshot": ("view",),
        "historicalregion": ("view",),
        "historicalmarket": ("view",),
        "historicalindicator": ("view",),
        "historicalindicatorvalue": ("view",),
        "historicalgrantprogramme": ("view",),
        "historicalcurrencyrate": ("view",),
        "historicalsectorprofile": ("view",),
        "historicalstageprofile": ("view",),
        "historicalcustomertypeprofile": ("view",),
        "historicalstageweight": ("view",),
        "historicalsectorweight": ("view",),
        "historicalmodelparameter": ("view",),
    },
}


def _create_permissions(apps):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original


def _set_permissions(apps, permissions):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Advisor")
    wanted = [
        Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
        for app_label, models in permissions.items()
        for model, actions in models.items()
        for action in actions
    ]
    group.permissions.set(wanted)


def grant_history_view(apps, schema_editor):
    _create_permissions(apps)
    _set_permissions(apps, ADVISOR_PERMISSIONS)


def revoke_history_view(apps, schema_editor):
    without_history = {
        app_label: {m: a for m, a in models.items() if not m.startswith("historical")}
        for app_label, models in ADVISOR_PERMISSIONS.items()
    }
    _set_permissions(apps, without_history)


class Migration(migrations.Migration):
    dependencies = [
        ("advisor", "0004_case_history_and_recommendation"),
        ("regions", "0002_data_history"),
    ]

    operations = [migrations.RunPython(grant_history_view, revoke_history_view)]
