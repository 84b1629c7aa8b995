from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys

import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from advisor.management.commands.recommend import _read_batch, _read_rows, _read_simple
from tests.worker import ROOT, database_url

pytestmark = pytest.mark.django_db

PROFILE = [
    "--sector", "robotics", "--stage", "seed", "--customer-type", "manufacturers",
    "--market", "CN=80", "--market", "US=20",
]  # fmt: skip


def recommend(*arguments):
    out = io.StringIO()
    call_command("recommend", *arguments, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_json_output_follows_the_contract(handmade_region_data):
    result = json.loads(recommend(*PROFILE, "--json"))
    assert {"recommendation", "ranking", "robustness", "explanation", "weights", "dataset_version",
            "engine_version"} <= set(result)  # fmt: skip
    assert result["recommendation"] == result["ranking"][0]["region"]
    scores = [entry["score"] for entry in result["ranking"]]
    assert scores == sorted(scores, reverse=True)
    for entry in result["ranking"]:
        assert 0 <= entry["score"] <= 100
        assert set(entry["criteria"]) == set(result["weights"])
        assert all(0 <= value <= 100 for value in entry["criteria"].values())
    assert sum(result["robustness"].values()) == pytest.approx(1.0)


def test_weights_and_a_region_subset_are_taken(handmade_region_data):
    result = json.loads(
        recommend(
            *PROFILE,
            *("--weight", "venture_capital=3"),
            *("--region", "island-hub", "--region", "capital-city"),
            "--json",
        )
    )
    assert {entry["region"] for entry in result["ranking"]} == {"island-hub", "capital-city"}
    default = json.loads(recommend(*PROFILE, "--json"))
    assert result["weights"]["venture_capital"] > default["weights"]["venture_capital"]


def test_without_json_it_prints_a_readable_table(handmade_region_data):
    output = recommend(*PROFILE)
    assert output.startswith("Recommendation: factory-town")
    assert "customer_proximity" in output and "Factory Town ranks first" in output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--stage", "seed", "--customer-type", "manufacturers", "--market", "CN=100"],
            "--sector is required",
        ),
        (PROFILE[:6], "give at least one --market"),
        (
            [*PROFILE[:6], "--market", "CN=70", "--market", "US=20"],
            "must add up to 100 (they add up to 90)",
        ),
        ([*PROFILE[:6], "--market", "CN=lots"], "share for CN must be a number"),
        ([*PROFILE[:6], "--market", "CN"], "--market expects CODE=PERCENT, got 'CN'"),
        ([*PROFILE, "--weight", "luck=2"], "unknown criterion 'luck'"),
        ([*PROFILE, "--weight", "cost=cheap"], "weight for cost must be a number"),
        ([*PROFILE, "--region", "atlantis", "--region", "island-hub"], "unknown region 'atlantis'"),
        (["--sector", "astrology", *PROFILE[2:]], "unknown sector 'astrology'"),
        ([*PROFILE, "--samples", "many"], "--samples must be a whole number"),
    ],
)
def test_bad_input_is_one_clear_message(handmade_region_data, arguments, message):
    with pytest.raises(CommandError) as error:
        recommend(*arguments)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_without_region_data_it_says_how_to_load_it(db):
    with pytest.raises(CommandError, match=re.escape("run `python manage.py load_regions`")):
        recommend(*PROFILE)


@pytest.mark.django_db(transaction=True)
def test_from_the_shell_bad_input_exits_non_zero_with_one_line_and_no_traceback(handmade_files):
    call_command("load_regions", "--directory", str(handmade_files), stdout=io.StringIO())
    completed = subprocess.run(
        [sys.executable, "manage.py", "recommend", *PROFILE[:6], "--market", "CN=70", "--json"],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url()}, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert completed.returncode != 0
    assert completed.stdout == ""
    assert (
        completed.stderr.strip()
        == "CommandError: customer shares must add up to 100 (they add up to 70)"
    )


def test_a_batch_file_is_scored_and_bad_rows_are_reported_by_line(
    handmade_region_data, tmp_path, capsys
):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(
        "id,sector,stage,customer_type,CN,US,JP\n"
        "a,robotics,seed,manufacturers,80,20,\n"
        "b,astrology,seed,manufacturers,100,,\n"
        "c,biotech,growth,enterprises,,100,\n"
        "d,ai,seed,consumers,50,40,\n"
        "e,ai,seed,consumers,abc,100,\n"
    )
    err = io.StringIO()
    call_command(
        "recommend", "--batch", str(source), "--out", str(target), stdout=io.StringIO(), stderr=err
    )
    output = pd.read_csv(target)
    assert list(output["id"]) == ["a", "c"]
    assert list(output.columns[:3]) == ["id", "recommendation", "confidence"]
    assert {"factory-town", "capital-city", "island-hub"} <= set(output.columns)
    assert output["confidence"].between(0, 1).all()
    single = json.loads(recommend(*PROFILE, "--json", "--samples", "0"))
    assert output.loc[0, "recommendation"] == single["recommendation"]
    for entry in single["ranking"]:
        assert output.loc[0, entry["region"]] == pytest.approx(entry["score"], abs=0.011)
    problems = capsys.readouterr().err
    assert "line 3: unknown sector 'astrology'" in problems
    assert "line 5: customer shares must add up to 100 (they add up to 90)" in problems
    assert "line 6: share for CN must be a number, not 'abc'" in problems
    assert "2 profiles" in err.getvalue() and "3 rows rejected" in err.getvalue()


def test_json_carries_what_would_change_and_the_stay_or_move_baseline(handmade_region_data):
    result = json.loads(recommend(*PROFILE, "--current-location", "Capital City, US", "--json"))
    assert set(result["stability"]) == set(result["weights"])
    assert [entry["region"] for entry in result["promotions"]] == [
        entry["region"] for entry in result["ranking"][1:4]
    ]
    assert all(entry["text"] for entry in result["promotions"])
    assert {region: row[0] for region, row in result["rank_acceptability"].items()} == (
        pytest.approx(result["robustness"], abs=1e-4)
    )
    baseline = result["baseline"]
    assert baseline["kind"] == "region" and baseline["region"] == "capital-city"
    if not baseline["stay"]:
        assert baseline["move"]["basis"] == "assumption"
        assert "Moving from Capital City to" in result["explanation"]


def test_batch_ids_a_spreadsheet_would_run_are_written_as_text(handmade_region_data, tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    ids = ['"=HYPERLINK(""http://x.example/"",""go"")"', "+cmd", "@SUM(1)", "-2+3", "plain"]
    source.write_text(
        "id,sector,stage,customer_type,CN\n"
        + "".join(f"{cell},robotics,seed,manufacturers,100\n" for cell in ids)
    )
    call_command(
        "recommend", "--batch", str(source), "--out", str(target),
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    written = list(pd.read_csv(target, dtype=str, keep_default_na=False)["id"])
    assert written == [
        "'=HYPERLINK(\"http://x.example/\",\"go\")", "'+cmd", "'@SUM(1)", "'-2+3", "plain"
    ]  # fmt: skip


def test_batch_ids_that_would_display_as_something_else_are_rejected_by_line(
    handmade_region_data, tmp_path, capsys
):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(
        "id,sector,stage,customer_type,CN\n"
        "good,robotics,seed,manufacturers,100\n"
        "inv\u202efdp.exe,robotics,seed,manufacturers,100\n"
        "bell\x07,robotics,seed,manufacturers,100\n"
    )
    call_command(
        "recommend", "--batch", str(source), "--out", str(target),
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    assert list(pd.read_csv(target, dtype=str)["id"]) == ["good"]
    problems = capsys.readouterr().err
    assert "line 3: id cannot contain text-direction override characters" in problems
    assert "line 4: id cannot contain control characters" in problems


def test_a_batch_row_with_extra_fields_is_reported_by_line_and_the_rest_scored(
    handmade_region_data, tmp_path, capsys
):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(
        "id,sector,stage,customer_type,CN,US\n"
        "a,robotics,seed,manufacturers,80,20\n"
        "b,robotics,seed,manufacturers,80,20,1,2\n"
        '"c\nstill c",ai,seed,consumers,50,50\n'
        "d,robotics,seed,manufacturers\n"
        "e,ai,seed,consumers,50,50\n"
    )
    err = io.StringIO()
    call_command(
        "recommend", "--batch", str(source), "--out", str(target), stdout=io.StringIO(), stderr=err
    )
    assert list(pd.read_csv(target, dtype=str)["id"]) == ["a", "e"]
    problems = capsys.readouterr().err
    assert "line 3: expected 6 fields, saw 8" in problems
    # A quoted field may span lines: a row is numbered by the line it starts on; missing
    # trailing fields are empty, as pandas reads them.
    assert "line 6: give the share of customers in at least one market" in problems.lower()
    assert "line 4: id cannot contain control characters" in problems  # the newline
    assert "line 2:" not in problems and "line 5:" not in problems and "line 7:" not in problems
    assert "2 profiles" in err.getvalue() and "3 rows rejected" in err.getvalue()


@pytest.mark.parametrize(
    ("text", "fast"),
    [
        (
            "id,sector,stage,customer_type,CN,US\na, robotics,seed,manufacturers,80,20\nb,ai,seed\n",
            True,
        ),
        ("id,sector,stage,customer_type,CN,US\na,robotics,seed,manufacturers,NA,\n,,,,,", True),
        ("id,sector,id\n1,ai,2\n", False),  # a repeated column name
        ("id,sector\n\n1,ai\n", False),  # a blank line
        ('id,sector\n"1",ai\n', False),  # quotes
        ("id,sector\r\n1,ai\r\n", False),  # Windows line ends
        ("id,sector\n1,ai,extra\n", False),  # more fields than the header
    ],
)
def test_a_batch_file_reads_the_same_by_the_fast_path_as_row_by_row(tmp_path, text, fast):
    source = tmp_path / "in.csv"
    source.write_bytes(text.encode())
    assert (_read_simple(text) is not None) == fast
    frame, lines, unreadable = _read_batch(source)
    slow_frame, slow_lines, slow_unreadable = _read_rows(source, text)
    pd.testing.assert_frame_equal(frame, slow_frame)
    assert (lines, unreadable) == (slow_lines, slow_unreadable)
