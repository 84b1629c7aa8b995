"""The score table's CSV (`recommend --batch`'s output) is what pandas' to_csv writes, written
faster: the same bytes for text that needs quoting, missing confidences and floats. A batch
job's result lines, the same rows without the header: tests/api/test_batches.py."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from advisor.services.tables import table_csv_write


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["plain", 'with "quotes", and a comma', "'=SUM(1)", "line\nbreak"],
            "recommendation": ["shenzhen", "tokyo", "beijing", "sf_bay_area"],
            "confidence": [0.9312, np.nan, 1.0, 0.05],
            "shenzhen": [71.23, 0.1, 100.0, 12.5],
        }
    )


def test_the_score_table_is_written_as_pandas_writes_it():
    table = _table()
    written = io.StringIO()
    table_csv_write(table, written)
    assert written.getvalue() == table.to_csv(index=False, lineterminator="\n")

    # An empty table (every row of the file refused) is its header alone.
    empty = io.StringIO()
    table_csv_write(table.iloc[:0], empty)
    assert empty.getvalue() == "id,recommendation,confidence,shenzhen\n"


def test_score_and_confidence_columns_are_written_as_pandas_writes_their_floats():
    # Two- and three-decimal columns (scores, confidences) are written from a table of texts;
    # every other float column by repr. Both must give to_csv's bytes, blanks and zeros included.
    rng = np.random.default_rng(7)
    rows = 2_000
    table = pd.DataFrame(
        {
            "id": [str(number) for number in range(rows)],
            "confidence": np.round(rng.uniform(0, 1, rows), 3),
            "score": np.round(rng.uniform(0, 100, rows), 2),
            "whole": np.round(rng.uniform(0, 100, rows), 0),
            "unrounded": rng.uniform(0, 100, rows),
            "negative": np.round(rng.uniform(-5, 5, rows), 2),
            "wide": np.round(rng.uniform(0, 1e7, rows), 2),
        }
    )
    table.loc[rng.random(rows) < 0.1, "confidence"] = np.nan
    table.loc[rng.random(rows) < 0.05, "score"] = 0.0
    table.loc[rng.random(rows) < 0.05, "negative"] = -0.0
    written = io.StringIO()
    table_csv_write(table, written)
    assert written.getvalue() == table.to_csv(index=False, lineterminator="\n")
