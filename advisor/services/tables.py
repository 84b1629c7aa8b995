"""Score tables as CSV text: the batch file's output (`recommend --batch`) and a batch job's
result lines write the same rows the same way."""

from __future__ import annotations

import csv
import io
from typing import TextIO

import numpy as np
import pandas as pd

# Scores carry two decimals and confidences three: a column whose every value is such a
# decimal is written from a table of the few distinct texts it can hold.
_DECIMALS = (2, 3)
_LARGEST_TABLE = 200_000


def table_csv_lines(frame: pd.DataFrame) -> str:
    """The frame's rows as CSV lines, without the header: what DataFrame.to_csv writes (floats
    by their shortest repr, NaN as empty), at twice its speed (to_csv was a quarter of a batch
    job chunk's time and a third of `recommend --batch`'s)."""
    out = io.StringIO()
    table_csv_write(frame, out, header=False)
    return out.getvalue()


def table_csv_write(frame: pd.DataFrame, handle: TextIO, *, header: bool = True) -> None:
    """Write the frame as CSV to an open text file (newline="" as the csv module wants)."""
    columns = [_column_values(frame[name]) for name in frame.columns]
    writer = csv.writer(handle, lineterminator="\n")
    if header:
        writer.writerow(frame.columns)
    writer.writerows(zip(*columns, strict=True))


def _column_values(column: pd.Series) -> list:
    if column.dtype.kind != "f":
        return column.tolist()
    values = column.to_numpy()
    texts = _decimal_texts(values)
    if texts is not None:
        return texts
    if np.isnan(values).any():
        return ["" if value != value else value for value in values.tolist()]  # NaN -> ""
    return values.tolist()


def _decimal_texts(values: np.ndarray) -> list[str] | None:
    """The column as the texts repr() gives its floats, NaN as "", when every other value is a
    non-negative decimal of at most two or three places (a score, a confidence); else None.

    A float equal to i / 10**k is the float nearest that decimal, so its repr is repr(i / 10**k):
    the texts come from a table of the distinct decimals in the column's range, a few thousand
    repr() calls instead of one a value (writing a 100,000-profile table took a second)."""
    present = ~np.isnan(values)
    numbers = values[present]
    if numbers.size == 0 or np.signbit(numbers).any():  # a negative number or -0.0
        return None
    for places in _DECIMALS:
        scale = 10**places
        steps = np.rint(numbers * scale)
        if steps.max() > np.iinfo(np.int64).max // 2 or not (steps / scale == numbers).all():
            continue
        steps = steps.astype(np.int64)
        low, high = int(steps.min()), int(steps.max())
        if high - low > _LARGEST_TABLE:
            return None
        table = np.array([repr(step / scale) for step in range(low, high + 1)], dtype=object)
        texts = np.full(values.shape, "", dtype=object)
        texts[present] = table[steps - low]
        return texts.tolist()
    return None
