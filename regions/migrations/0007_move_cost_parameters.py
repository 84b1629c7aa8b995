"""The move.* parameters (regions/data/METHODS.md "Moving") for databases loaded before them."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def add_move_parameters(apps, schema_editor):
    ModelParameter = apps.get_model("regions", "ModelParameter")
    if not ModelParameter.objects.exists():
        return  # an empty database: load_regions loads every parameter
    with (DATA / "parameters.csv").open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["name"].startswith("move.")]
    for row in rows:
        ModelParameter.objects.get_or_create(
            name=row["name"],
            defaults={
                "value": float(row["value"]),
                "minimum": float(row["minimum"]),
                "maximum": float(row["maximum"]),
                "unit": row["unit"],
                "description": row["description"],
                "source": row["source"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("regions", "0006_choices_from_the_label_table")]

    operations = [migrations.RunPython(add_move_parameters, migrations.RunPython.noop)]
