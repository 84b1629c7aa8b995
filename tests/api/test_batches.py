"""Batch jobs through the API, scored here by the chunk service itself (the queue for real, with
worker processes: tests/integration/test_batch_jobs.py)."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc

import httpx
import pandas as pd
import pytest
from django.core.management import call_command

from advisor.partners.models import BatchChunk, BatchJob
from advisor.partners.services.batches import batch_chunk_score
from advisor.services.scoring import profiles_score_table
from tests.batch_support import profiles_csv, profiles_jsonl

pytestmark = pytest.mark.django_db


def score_every_chunk(job_id) -> None:
    for number in BatchChunk.objects.filter(job_id=job_id).values_list("number", flat=True):
        batch_chunk_score(job_id=job_id, number=number)


def upload(api, body: bytes, content_type: str = "text/csv"):
    return api.generic("POST", "/api/v1/batches/", body, content_type=content_type)


def test_a_csv_job_is_accepted_and_its_results_are_what_recommend_batch_gives(
    api, region_data, settings
):
    settings.BATCH_CHUNK_ROWS = 40
    body = profiles_csv(100, bad={5: "astrology", 61: "biotek"})
    response = upload(api, body)
    assert response.status_code == 202, response.content
    answer = response.json()
    assert set(answer) == {"id", "status", "url"}
    assert answer["status"] == "queued"
    assert response["Location"] == answer["url"]
    job = BatchJob.objects.get(id=answer["id"])
    assert (job.total, job.chunk_count) == (100, 3)

    score_every_chunk(job.id)
    detail = api.get(f"/api/v1/batches/{job.id}/").json()
    assert detail["status"] == "done"
    assert (detail["total"], detail["done"], detail["failed"]) == (100, 98, 2)
    assert detail["rate_per_s"] > 0 and detail["eta_s"] == 0
    # Line numbers count the header as line 1, as `recommend --batch` reports them.
    assert [error["line"] for error in detail["errors"]] == [7, 63]
    assert "astrology" in detail["errors"][0]["detail"]

    results = api.get(f"/api/v1/batches/{job.id}/results/", HTTP_ACCEPT="text/csv")
    assert results["Content-Type"].startswith("text/csv")
    got = pd.read_csv(io.BytesIO(b"".join(results.streaming_content)), dtype={"id": str})
    frame = pd.read_csv(io.BytesIO(body), dtype=str, keep_default_na=False)
    expected, problems = profiles_score_table(frame=frame)
    assert sorted(problems) == [5, 61]
    pd.testing.assert_frame_equal(got, expected.reset_index(drop=True), check_dtype=False)

    errors = api.get(f"/api/v1/batches/{job.id}/errors/", HTTP_ACCEPT="text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(errors.streaming_content).decode())))
    assert rows[0] == ["line", "detail"] and [row[0] for row in rows[1:]] == ["7", "63"]


def test_a_json_lines_job_reads_back_as_json_lines(api, region_data):
    body = profiles_jsonl(30) + b'{"id": "x", "sector": "ai"\n' + b'["not", "an", "object"]\n'
    response = upload(api, body, "application/x-ndjson")
    assert response.status_code == 202, response.content
    job_id = response.json()["id"]
    score_every_chunk(job_id)
    detail = api.get(f"/api/v1/batches/{job_id}/").json()
    assert (detail["done"], detail["failed"]) == (30, 2)
    assert [error["line"] for error in detail["errors"]] == [31, 32]

    results = api.get(f"/api/v1/batches/{job_id}/results/", HTTP_ACCEPT="application/x-ndjson")
    assert results["Content-Type"] == "application/x-ndjson"
    rows = [json.loads(line) for line in b"".join(results.streaming_content).splitlines()]
    assert [row["id"] for row in rows] == [f"p{n}" for n in range(30)]
    first = rows[0]
    assert set(first) == {"id", "recommendation", "confidence", "scores"}
    assert first["recommendation"] in first["scores"]
    assert 0 <= first["confidence"] <= 1


def test_a_row_of_a_job_becomes_a_full_case(api, region_data):
    job_id = upload(api, profiles_csv(10)).json()["id"]
    response = api.post(f"/api/v1/batches/{job_id}/cases/", {"line": 4}, format="json")
    assert response.status_code == 202, response.content
    case = api.get(response["Location"]).json()
    rows = list(csv.DictReader(io.StringIO(profiles_csv(10).decode())))
    assert case["startup_name"] == rows[2]["id"]  # line 4 is the third row
    assert case["sector"] == rows[2]["sector"]
    assert case["markets"] == {
        code: int(share) for code, share in rows[2].items() if code.isupper() and share
    }
    missing = api.post(f"/api/v1/batches/{job_id}/cases/", {"line": 99}, format="json")
    assert missing.status_code == 400


def test_a_partner_never_sees_another_partners_job(api, rival, region_data):
    job_id = upload(api, profiles_csv(5)).json()["id"]
    other = rival.client()
    for path in ("", "results/", "errors/"):
        assert other.get(f"/api/v1/batches/{job_id}/{path}").status_code == 404
    assert other.delete(f"/api/v1/batches/{job_id}/").status_code == 404
    assert (
        other.post(f"/api/v1/batches/{job_id}/cases/", {"line": 2}, format="json").status_code
        == 404
    )
    assert BatchJob.objects.get(id=job_id).status == "queued"


def test_cancelling_a_job_leaves_its_unscored_chunks_unscored(api, region_data, settings):
    settings.BATCH_CHUNK_ROWS = 10
    job_id = upload(api, profiles_csv(30)).json()["id"]
    batch_chunk_score(job_id=job_id, number=0)
    cancelled = api.delete(f"/api/v1/batches/{job_id}/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert batch_chunk_score(job_id=job_id, number=1) is False
    detail = api.get(f"/api/v1/batches/{job_id}/").json()
    assert (detail["status"], detail["done"]) == ("cancelled", 10)


def test_uploads_that_cannot_be_a_job_are_refused(api, region_data, settings):
    assert upload(api, b"id,sector\np1,ai\n").status_code == 400  # no stage, customer_type
    assert upload(api, b"").status_code == 400
    assert upload(api, b'{"a": 1}', "application/json").status_code == 415
    settings.BATCH_MAX_ROWS = 20
    too_many = upload(api, profiles_csv(21))
    assert too_many.status_code == 400 and "at most 20 rows" in too_many.json()["detail"]
    assert not BatchJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_upload_and_the_download_are_streamed_never_held_whole(
    live_server, acme, settings, tmp_path
):
    """Over real HTTP, the file sent and read a piece at a time: what this process allocates
    (the client, and the server thread) stays far below the file's size."""
    call_command("load_regions", stdout=io.StringIO())
    settings.BATCH_CHUNK_ROWS = 5_000
    source = tmp_path / "profiles.csv"
    source.write_bytes(profiles_csv(200_000))  # about 10.6 MB, 40 chunks
    size = source.stat().st_size
    headers = {"Authorization": f"Api-Key {acme.key}", "Content-Type": "text/csv"}

    def pieces():
        with source.open("rb") as handle:
            while piece := handle.read(65_536):
                yield piece

    with httpx.Client(base_url=live_server.url, timeout=60, headers=headers) as client:
        # The region data and the engine's model are read once per process: not the upload's.
        client.post("/api/v1/batches/", content=b"id,sector,stage,customer_type\np,ai,seed,x\n")
        tracemalloc.start()
        try:
            response = client.post(
                "/api/v1/batches/", content=pieces(), headers={"Content-Length": str(size)}
            )
            _, upload_peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert response.status_code == 202, response.text
        job_id = response.json()["id"]
        assert BatchJob.objects.get(id=job_id).total == 200_000
        score_every_chunk(job_id)

        received = 0
        tracemalloc.start()
        try:
            with client.stream("GET", f"/api/v1/batches/{job_id}/results/") as results:
                for piece in results.iter_bytes():
                    received += len(piece)
            _, download_peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert received > size  # the results, 15 score columns a row, are larger than the upload
    # Holding the whole upload (or result) would take at least its size; a chunk at a time
    # takes a fraction of it.
    assert upload_peak < size / 3, (upload_peak, size)
    assert download_peak < received / 3, (download_peak, received)


def test_result_lines_are_written_as_dataframe_to_csv_writes_them():
    from advisor.services.tables import table_csv_lines

    frame = pd.DataFrame(
        {
            "id": ["a", "b,c", 'd "e"'],
            "recommendation": ["shenzhen", "tokyo", "beijing"],
            "confidence": [0.91, float("nan"), 1.0],
            "shenzhen": [78.23, 100.0, 0.1],
        }
    )
    assert table_csv_lines(frame) == frame.to_csv(index=False, header=False, lineterminator="\n")


def test_a_jobs_results_write_formula_ids_as_text_and_refuse_ids_that_display_otherwise(
    api, region_data
):
    body = (
        "id,sector,stage,customer_type,CN\n"
        "=HYPERLINK(1),robotics,seed,manufacturers,100\n"
        "inv\u202efdp.exe,robotics,seed,manufacturers,100\n"
        "plain,robotics,seed,manufacturers,100\n"
    ).encode()
    job_id = upload(api, body).json()["id"]
    score_every_chunk(job_id)
    results = api.get(f"/api/v1/batches/{job_id}/results/", HTTP_ACCEPT="text/csv")
    got = pd.read_csv(io.BytesIO(b"".join(results.streaming_content)), dtype={"id": str})
    assert list(got["id"]) == ["'=HYPERLINK(1)", "plain"]
    detail = api.get(f"/api/v1/batches/{job_id}/").json()
    assert [error["line"] for error in detail["errors"]] == [3]
    assert "text-direction" in detail["errors"][0]["detail"]


def test_a_job_is_not_held_to_the_case_budget_of_single_and_bulk_submissions(
    api, region_data, settings
):
    # A job is bounded by BATCH_MAX_ROWS and has a queue of its own; the case budget
    # (PARTNER_CASE_RATE) keeps single and bulk submissions fair, and a 1,000,000-row job
    # would never fit it.
    settings.PARTNER_CASE_RATE = "5/hour"
    response = upload(api, profiles_csv(20))
    assert response.status_code == 202, response.content
