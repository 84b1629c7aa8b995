from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from regions.dataset import dataset_current, dataset_from_database
from regions.files import read_dataset
from regions.models import IndicatorValue, Region

pytestmark = pytest.mark.django_db


def load(directory, *options):
    out = io.StringIO()
    call_command("load_regions", "--directory", str(directory), *options, stdout=out)
    return out.getvalue()


def test_the_database_holds_the_same_dataset_as_the_files(handmade_files):
    output = load(handmade_files)
    version = read_dataset(handmade_files).version
    assert dataset_from_database().version == version
    assert f"Dataset version: {version}" in output
    assert "3 regions" in output


def test_loading_twice_changes_nothing_the_second_time(handmade_files):
    load(handmade_files)
    before = dataset_from_database().version
    output = load(handmade_files)
    assert "(0 rows created, 0 updated, 0 deleted)" in output
    assert dataset_from_database().version == before


def test_an_advisors_edit_is_kept_on_reload_and_overwritten_only_with_update(handmade_files):
    load(handmade_files)
    value = IndicatorValue.objects.get(region__slug="island-hub", indicator__slug="unicorns")
    value.value = 9
    value.save()
    output = load(handmade_files)
    assert "1 rows differ from the files and were kept as edited: indicator_values (1)" in output
    value.refresh_from_db()
    assert value.value == 9
    load(handmade_files, "--update")
    value.refresh_from_db()
    assert value.value == 8


def test_rows_missing_from_the_files_are_deleted_only_with_prune(handmade_files):
    load(handmade_files)
    extra = Region.objects.create(
        slug="nowhere",
        name="Nowhere",
        country="XX",
        home_market="OTHER",
        latitude=0,
        longitude=0,
        time_zone="UTC",
    )
    load(handmade_files)
    assert Region.objects.filter(pk=extra.pk).exists()
    load(handmade_files, "--prune")
    assert not Region.objects.filter(pk=extra.pk).exists()


def test_an_incomplete_dataset_is_refused_and_nothing_is_written(handmade_files):
    path = handmade_files / "indicator_values.csv"
    rows = list(csv.DictReader(path.open()))
    kept = [r for r in rows if not (r["region"] == "island-hub" and r["indicator"] == "unicorns")]
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)
    with pytest.raises(CommandError, match="indicator unicorns has no value for island-hub"):
        load(handmade_files)
    assert not Region.objects.exists()


def test_a_missing_file_is_named(handmade_files):
    (handmade_files / "grants.csv").unlink()
    with pytest.raises(CommandError, match=r"grants\.csv is missing"):
        load(handmade_files)


def test_an_edit_in_the_database_makes_a_new_dataset_version(handmade_files):
    load(handmade_files)
    before = dataset_current().version
    value = IndicatorValue.objects.get(region__slug="island-hub", indicator__slug="unicorns")
    value.value = 12
    value.save()
    assert dataset_current().version != before


def test_sample_counts_past_the_memory_cap_are_refused_on_load(handmade_files, settings):
    settings.SCORING_MAX_BYTES = 1_000_000  # the hand-made data's sample counts need more
    with pytest.raises(CommandError, match=r"robustness\.samples: .*SCORING_MAX_BYTES"):
        load(handmade_files)
    assert not Region.objects.exists()
