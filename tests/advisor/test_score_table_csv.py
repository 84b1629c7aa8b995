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
