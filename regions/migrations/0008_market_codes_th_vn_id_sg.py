"""Market codes TH, VN, ID and SG (one centre each, the country's SEA centre); the EU market's
Germany and France centres split into six groups of Länder and into Ile-de-France and the rest of
France; the parameter grants.spinoff_probability.

A database loaded before gets the new rows from regions/data here (as load_regions would), and
loses the two national EU centres and their manufacturing weights, which the split replaces (kept,
they would count Germany's and France's economies twice). An empty database is left to
load_regions.
"""

import csv
from pathlib import Path

from django.db import migrations, models

DATA = Path(__file__).resolve().parent.parent / "data"
NEW_MARKETS = ("TH", "VN", "ID", "SG")
REPLACED_EU_CENTRES = ("germany", "france")


def _rows(name):
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _fields(model, row, skip):
    """The CSV row as model field values (blank numbers become None, booleans parsed)."""
    values = {}
    for name, text in row.items():
        if name in skip:
            continue
        field = model._meta.get_field(name)
        if isinstance(field, models.BooleanField):
            values[name] = text.strip().lower() == "true"
        elif isinstance(field, models.FloatField):
            values[name] = float(text)
        elif isinstance(field, (models.PositiveSmallIntegerField, models.IntegerField)):
            values[name] = int(text) if text.strip() else None
        else:
            values[name] = text
    return values


def _is_new_centre(row):
    return row["market"] in NEW_MARKETS or (
        row["market"] == "EU" and row["centre"].startswith(("de_", "fr_"))
    )


def add_markets_and_split_centres(apps, schema_editor):
    Market = apps.get_model("regions", "Market")
    MarketCentre = apps.get_model("regions", "MarketCentre")
    MarketCentreWeight = apps.get_model("regions", "MarketCentreWeight")
    ModelParameter = apps.get_model("regions", "ModelParameter")
    if not Market.objects.exists():
        return  # an empty database: load_regions loads everything
    for row in _rows("markets.csv"):
        if row["code"] in NEW_MARKETS:
            Market.objects.get_or_create(code=row["code"], defaults=_fields(Market, row, {"code"}))
    markets = {market.code: market for market in Market.objects.all()}
    eu = markets.get("EU")
    if eu is not None:
        MarketCentre.objects.filter(market=eu, centre__in=REPLACED_EU_CENTRES).delete()
        MarketCentreWeight.objects.filter(market=eu, centre__in=REPLACED_EU_CENTRES).delete()
    for row in _rows("market_centres.csv"):
        if _is_new_centre(row) and row["market"] in markets:
            MarketCentre.objects.get_or_create(
                market=markets[row["market"]],
                centre=row["centre"],
                defaults=_fields(MarketCentre, row, {"market", "centre"}),
            )
    for row in _rows("market_centre_weights.csv"):
        if _is_new_centre(row) and row["market"] in markets:
            MarketCentreWeight.objects.get_or_create(
                market=markets[row["market"]],
                centre=row["centre"],
                customer_type=row["customer_type"],
                defaults=_fields(MarketCentreWeight, row, {"market", "centre", "customer_type"}),
            )
    for row in _rows("parameters.csv"):
        if row["name"] == "grants.spinoff_probability":
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
    dependencies = [
        ("regions", "0007_move_cost_parameters"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalmarket",
            name="code",
            field=models.CharField(
                choices=[
                    ("CN", "CN"),
                    ("US", "US"),
                    ("JP", "JP"),
                    ("EU", "EU"),
                    ("KR", "KR"),
                    ("IN", "IN"),
                    ("SEA", "SEA"),
                    ("OTHER", "OTHER"),
                    ("TW", "TW"),
                    ("IL", "IL"),
                    ("HK", "HK"),
                    ("CA", "CA"),
                    ("TH", "TH"),
                    ("VN", "VN"),
                    ("ID", "ID"),
                    ("SG", "SG"),
                ],
                db_index=True,
                max_length=8,
            ),
        ),
        migrations.AlterField(
            model_name="historicalregion",
            name="home_market",
            field=models.CharField(
                choices=[
                    ("CN", "CN"),
                    ("US", "US"),
                    ("JP", "JP"),
                    ("EU", "EU"),
                    ("KR", "KR"),
                    ("IN", "IN"),
                    ("SEA", "SEA"),
                    ("OTHER", "OTHER"),
                    ("TW", "TW"),
                    ("IL", "IL"),
                    ("HK", "HK"),
                    ("CA", "CA"),
                    ("TH", "TH"),
                    ("VN", "VN"),
                    ("ID", "ID"),
                    ("SG", "SG"),
                ],
                help_text="The customer market the region sits inside.",
                max_length=8,
            ),
        ),
        migrations.AlterField(
            model_name="market",
            name="code",
            field=models.CharField(
                choices=[
                    ("CN", "CN"),
                    ("US", "US"),
                    ("JP", "JP"),
                    ("EU", "EU"),
                    ("KR", "KR"),
                    ("IN", "IN"),
                    ("SEA", "SEA"),
                    ("OTHER", "OTHER"),
                    ("TW", "TW"),
                    ("IL", "IL"),
                    ("HK", "HK"),
                    ("CA", "CA"),
                    ("TH", "TH"),
                    ("VN", "VN"),
                    ("ID", "ID"),
                    ("SG", "SG"),
                ],
                max_length=8,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="region",
            name="home_market",
            field=models.CharField(
                choices=[
                    ("CN", "CN"),
                    ("US", "US"),
                    ("JP", "JP"),
                    ("EU", "EU"),
                    ("KR", "KR"),
                    ("IN", "IN"),
                    ("SEA", "SEA"),
                    ("OTHER", "OTHER"),
                    ("TW", "TW"),
                    ("IL", "IL"),
                    ("HK", "HK"),
                    ("CA", "CA"),
                    ("TH", "TH"),
                    ("VN", "VN"),
                    ("ID", "ID"),
                    ("SG", "SG"),
                ],
                help_text="The customer market the region sits inside.",
                max_length=8,
            ),
        ),
        migrations.RunPython(add_markets_and_split_centres, migrations.RunPython.noop),
    ]
