"""score_table scores a long table in blocks: the same rows as one block gives."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from advisor.engine import prepare, score_table, scoring
from advisor.engine.vocabulary import MARKETS
from regions.files import read_dataset
from tests.batch_support import profiles_csv

ROOT = Path(__file__).resolve().parents[2]


def test_a_long_table_scores_the_same_in_blocks_as_in_one_block(monkeypatch):
    model = prepare(read_dataset(ROOT / "regions" / "data"))
    text = profiles_csv(1_200, bad={3: "astrology", 700: "biotek"}).decode()
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    monkeypatch.setattr(scoring, "TABLE_BLOCK_ROWS", 250)
    blocked, blocked_problems = score_table(model, frame)
    monkeypatch.setattr(scoring, "TABLE_BLOCK_ROWS", 1_000_000)
    whole, whole_problems = score_table(model, frame)
    assert len(blocked) == 1_198 and sorted(blocked_problems) == [3, 700]
    assert blocked_problems == whole_problems
    pd.testing.assert_frame_equal(blocked, whole)


def test_rows_come_back_in_the_files_order_each_with_its_own_answer():
    # score_table scores rows of one sector and stage side by side, then restores the order
    model = prepare(read_dataset(ROOT / "regions" / "data"))
    text = profiles_csv(300).decode()
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    output, problems = score_table(model, frame, samples=50)
    assert problems == {}
    assert output["id"].tolist() == frame["id"].tolist()
    for position in (0, 1, 137, 299):
        row = frame.iloc[position]
        markets = {code: float(row[code]) for code in MARKETS if row.get(code, "")}
        alone, _ = score_table(model, frame.iloc[[position]].reset_index(drop=True), samples=50)
        assert output.iloc[position]["recommendation"] == alone.iloc[0]["recommendation"]
        assert output.iloc[position][list(model.regions)].tolist() == pytest.approx(
            alone.iloc[0][list(model.regions)].tolist()
        ), markets
