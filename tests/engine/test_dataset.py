from __future__ import annotations

import pytest

from advisor.engine import Dataset
from tests.engine import handmade


def test_same_content_gives_the_same_version_whatever_the_row_order():
    tables = handmade.rows()
    reversed_tables = {name: list(reversed(rows)) for name, rows in tables.items()}
    assert Dataset.from_rows(tables).version == Dataset.from_rows(reversed_tables).version


def test_any_change_to_a_value_or_its_source_changes_the_version():
    base = handmade.dataset()
    changed_value = handmade.dataset(
        indicator_values=handmade.with_value("unicorns", "island-hub", 9)
    )
    tables = handmade.rows()
    tables["indicator_values"][0]["source_name"] = "Another source"
    changed_source = Dataset.from_rows(tables)
    assert len({base.version, changed_value.version, changed_source.version}) == 3


def test_a_payload_round_trip_keeps_the_version():
    dataset = handmade.dataset()
    assert Dataset.from_payload(dataset.to_payload()).version == dataset.version


def test_an_altered_payload_is_refused():
    payload = handmade.dataset().to_payload()
    payload["tables"]["indicator_values"][0]["value"] = 123456.0
    with pytest.raises(ValueError, match="does not match"):
        Dataset.from_payload(payload)


def test_two_rows_for_the_same_key_are_refused():
    tables = handmade.rows()
    tables["regions"].append(dict(tables["regions"][0]))
    with pytest.raises(ValueError, match="more than one row"):
        Dataset.from_rows(tables)


def test_a_payload_stored_before_centre_weights_existed_keeps_its_version():
    # Snapshots stored before the market_centre_weights table read it as empty, and an empty
    # table leaves the content hash as it was, so stored results stay reproducible.
    payload = handmade.dataset().to_payload()
    del payload["tables"]["market_centre_weights"]
    assert Dataset.from_payload(payload).version == handmade.dataset().version


def test_centre_weights_change_the_version():
    tables = handmade.rows()
    tables["market_centre_weights"] = [
        {"market": "CN", "centre": centre, "customer_type": "manufacturers", "weight": 1.0}
        for centre in ("south", "east")
    ]
    assert Dataset.from_rows(tables).version != handmade.dataset().version
