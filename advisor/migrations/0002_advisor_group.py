"""The Advisor group: what staff who review cases and keep region data need, and no more
(no user or group administration)."""

from django.db import migrations

ADVISOR_PERMISSIONS = {
    "advisor": {
        "case": ("view", "change"),
        "scoringrun": ("view",),
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
    },
}


def create_advisor_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Advisor")
    wanted = []
    for app_label, models in ADVISOR_PERMISSIONS.items():
        for model, actions in models.items():
            for action in actions:
                wanted.append(
                    Permission.objects.get(
                        content_type__app_label=app_label, codename=f"{action}_{model}"
                    )
                )
    group.permissions.set(wanted)


def remove_advisor_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Advisor").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("advisor", "0001_initial"),
        ("regions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_advisor_group, remove_advisor_group)]
