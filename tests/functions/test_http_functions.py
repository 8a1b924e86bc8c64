"""Round trips through the real functions-framework app of each HTTPS/task function."""
from __future__ import annotations

import base64
import io
import json

import pytest
from cloudevents.conversion import to_structured
from cloudevents.http import CloudEvent

from shared.domain.models import JobStatus
from tests.support import storage_event_data, ui_png

AUTH = {"Authorization": "Bearer token-alice"}


def assert_error(resp, status: int, code: str):
    assert resp.status_code == status, resp.data
    body = resp.get_json()
    assert body["error"]["code"] == code
    assert body["error"]["message"] and body["error"]["requestId"]
    assert "Traceback" not in resp.get_data(as_text=True)
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


def test_upload_needs_a_token(fake, client_for):
    c = client_for("upload")
    assert_error(c.post("/", json={"createProject": True, "contentType": "image/png", "size": 10}), 401,
                 "missing_token")
    assert_error(c.post("/", json={"createProject": True, "contentType": "image/png", "size": 10},
                        headers={"Authorization": "Bearer garbage"}), 401, "invalid_token")


def test_upload_returns_a_signed_url_bound_to_type_and_size(fake, client_for):
    fake.own_project("p-one")
    resp = client_for("upload").post("/", json={"projectId": "p-one",
                                                "contentType": "image/png", "size": 1234}, headers=AUTH)
    assert resp.status_code == 201, resp.data
    body = resp.get_json()
    assert body["projectId"] == "p-one" and body["upload"]["method"] == "PUT"
    assert body["upload"]["headers"] == {"Content-Type": "image/png",
                                         "x-goog-content-length-range": f"0,{fake.settings.max_upload_bytes}"}
    assert fake.jobs.get(body["jobId"]).status is JobStatus.AWAITING_UPLOAD


@pytest.mark.parametrize("body,status,code", [
    ({"createProject": True, "contentType": "image/svg+xml", "size": 10}, 400, "invalid_request"),
    ({"createProject": True, "contentType": "image/png", "size": -1}, 400, "invalid_request"),
    ({"createProject": True, "contentType": "image/png", "size": 10, "surprise": 1}, 400, "invalid_request"),
    ({"contentType": "image/png", "size": 10}, 400, "project_required"),
    ({"projectId": "../../etc", "contentType": "image/png", "size": 10}, 400, "invalid_request"),
    ({"projectId": "nope-project", "contentType": "image/png", "size": 10}, 404, "project_not_found"),
    ({"createProject": True, "imageBase64": "!!notbase64!!"}, 400, "invalid_base64"),
    # pixels never calls a provider, so a job cannot both use it and require AI.
    ({"createProject": True, "contentType": "image/png", "size": 10, "strategy": "pixels", "requireAi": True}, 400,
     "invalid_options"),
    ({"createProject": True, "imageBase64": "aGk=", "strategy": "pixels", "requireAi": True}, 400, "invalid_options"),
    ({"createProject": True, "imageUrl": "https://ok.example/a.png", "strategy": "pixels", "requireAi": True}, 400,
     "invalid_options"),
])
def test_upload_bad_requests_get_clear_errors(fake, client_for, body, status, code):
    assert_error(client_for("upload").post("/", json=body, headers=AUTH), status, code)
    assert not fake.jobs.docs  # refused before any job (or fetch) is made


def test_upload_rejects_non_json_and_wrong_methods(fake, client_for):
    c = client_for("upload")
    assert_error(c.post("/", data="hello", headers={**AUTH, "Content-Type": "text/plain"}), 415,
                 "unsupported_content_type")
    assert_error(c.post("/", data="{not json", headers={**AUTH, "Content-Type": "application/json"}), 400,
                 "invalid_json")
    resp = c.get("/", headers=AUTH)
    assert_error(resp, 405, "method_not_allowed")
    assert resp.headers["Allow"] == "POST"


def test_inline_upload_base64_and_multipart(fake, client_for):
    c = client_for("upload")
    png = ui_png()
    r1 = c.post("/", json={"createProject": True, "imageBase64": base64.b64encode(png).decode()}, headers=AUTH)
    assert r1.status_code == 202, r1.data
    r2 = c.post("/", data={"createProject": "true", "file": (io.BytesIO(png), "a.png")}, headers=AUTH,
                content_type="multipart/form-data")
    assert r2.status_code == 202, r2.data
    for r in (r1, r2):
        job = fake.jobs.get(r.get_json()["jobId"])
        assert fake.objects.read("uploads", job.source.object) == png
    r3 = c.post("/", data={"createProject": "true", "strategy": "pixels", "requireAi": "true",
                           "file": (io.BytesIO(png), "a.png")}, headers=AUTH, content_type="multipart/form-data")
    assert_error(r3, 400, "invalid_options")
    # Either alone is fine.
    r4 = c.post("/", json={"createProject": True, "contentType": "image/png", "size": 10, "strategy": "pixels"},
                headers=AUTH)
    r5 = c.post("/", json={"createProject": True, "contentType": "image/png", "size": 10, "requireAi": True},
                headers=AUTH)
    assert r4.status_code == r5.status_code == 201
    assert fake.jobs.get(r5.get_json()["jobId"]).require_ai is True
    big = b"\x89PNG\r\n\x1a\n" + b"0" * fake.settings.max_inline_bytes
    assert_error(c.post("/", json={"createProject": True, "imageBase64": base64.b64encode(big).decode()},
                        headers=AUTH), 413, "image_too_large")


def test_cors_only_for_configured_origins(fake, client_for):
    c = client_for("upload")
    ok = c.options("/", headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST"})
    assert ok.status_code == 204 and ok.headers["Access-Control-Allow-Origin"] == "https://app.example"
    bad = c.options("/", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert bad.status_code == 403 and "Access-Control-Allow-Origin" not in bad.headers


def _event(data: dict, event_id: str = "ev-1") -> CloudEvent:
    return CloudEvent({"type": "google.cloud.storage.object.v1.finalized",
                       "source": "//storage.googleapis.com/projects/_/buckets/uploads", "id": event_id,
                       "subject": f"objects/{data['name']}"}, data)


def test_ingest_cloudevent_round_trip_queues_once(fake, client_for):
    fake.own_project("p-ing")
    resp = client_for("upload").post("/", json={"projectId": "p-ing",
                                                "contentType": "image/png", "size": 99}, headers=AUTH)
    job_id = resp.get_json()["jobId"]
    name = fake.jobs.get(job_id).source.object
    info = fake.objects.put("uploads", name, ui_png(), "image/png")
    headers, body = to_structured(_event(storage_event_data("uploads", name, info.generation, info.size)))
    ingest = client_for("ingest")
    assert ingest.post("/", headers=headers, data=body).status_code == 200
    assert ingest.post("/", headers=headers, data=body).status_code == 200  # duplicate delivery
    assert [t.task_id for t in fake.queue.tasks] == [f"extract-{job_id}-{info.generation}"]
    assert fake.jobs.get(job_id).status is JobStatus.QUEUED


def test_task_handlers_acknowledge_unreadable_payloads_and_run_the_step(fake, client_for):
    """Cloud Tasks retries every non-2xx: a body no retry can fix is acknowledged, not bounced."""
    extract, enrich = client_for("extract"), client_for("enrich")
    for client, kw, reason in [
            (extract, {"json": {"jobId": "../x"}}, "invalid_request"),
            (extract, {"json": {}}, "invalid_request"),
            (enrich, {"data": "nope", "headers": {"Content-Type": "application/json"}}, "invalid_json"),
            (enrich, {"json": {"jobId": "job-1", "pad": "x" * 5000}}, "body_too_large")]:
        r = client.post("/", **kw)
        assert r.status_code == 200, r.data
        assert r.get_json() == {"outcome": "dropped-invalid-payload", "reason": reason}
    r = extract.post("/", json={"jobId": "missing-job"})
    assert r.status_code == 200 and r.get_json()["outcome"] == "unknown"


def test_export_etag_and_ownership(fake, client_for):
    fake.own_project("p-exp")
    up = client_for("upload").post("/", json={"projectId": "p-exp",
                                              "imageBase64": base64.b64encode(ui_png()).decode()}, headers=AUTH)
    job_id = up.get_json()["jobId"]
    ex = client_for("export")
    assert_error(ex.get("/?projectId=p-exp&format=css", headers=AUTH), 409, "empty_library")
    # The object is stored: deliver its event and run the tasks in-process to fill the library.
    from shared.services import ingest as ingest_svc
    from tests.unit.test_pipeline_services import deps, run_tasks

    name = fake.jobs.get(job_id).source.object
    gen = fake.objects.info("uploads", name).generation
    ingest_svc.ingest(deps(fake)[1], "e", fake.clock.now(), ingest_svc.StorageObject.model_validate(
        storage_event_data("uploads", name, gen, 10)))
    run_tasks(fake)
    r = ex.get("/?projectId=p-exp&format=dtcg", headers=AUTH)
    assert r.status_code == 200 and r.headers["ETag"]
    assert 'attachment; filename="' in r.headers["Content-Disposition"]
    doc = json.loads(r.data)
    assert doc["palette"]
    again = ex.get("/?projectId=p-exp&format=dtcg", headers={**AUTH, "If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    # If-None-Match compares weakly (RFC 9110 13.1.2): a weak tag of the same value, * and lists all match
    # (issue 17 item 15: the hand-split header missed W/"…" and *).
    etag = r.headers["ETag"]
    for header in (f"W/{etag}", "*", f'"other", W/{etag}', f'"other",{etag}'):
        cached = ex.get("/?projectId=p-exp&format=dtcg", headers={**AUTH, "If-None-Match": header})
        assert cached.status_code == 304 and cached.headers["ETag"] == etag, header
    for header in ('"other"', 'W/"other"', etag[:-2] + '"', ""):
        assert ex.get("/?projectId=p-exp&format=dtcg",
                      headers={**AUTH, "If-None-Match": header}).status_code == 200, header
    assert_error(ex.get("/?projectId=p-exp&format=docx", headers=AUTH), 400, "unknown_format")
    assert_error(ex.get("/?projectId=p-exp&format=css", headers={"Authorization": "Bearer token-mallory"}), 404,
                 "project_not_found")


def test_cost_rollup_counts_pixel_runs_as_extractions(fake, client_for):
    from shared.domain.models import CostRecord

    day = fake.clock.now().strftime("%Y-%m-%d")
    for i in range(3):
        fake.costs.record(CostRecord(id=f"j{i}:pixels", uid="u", project_id="p", job_id=f"j{i}", provider="pixels",
                                     model="pixels-v1", day=day, extraction=True))
    r = client_for("cost_rollup").post("/", json={"day": day})
    assert r.status_code == 200, r.data
    rollup = r.get_json()["rollups"][0]
    assert rollup["extractions"] == 3 and rollup["pixelRuns"] == 3 and rollup["usd"] == 0
    assert fake.costs.get_rollup(day).extractions == 3
    assert_error(client_for("cost_rollup").post("/", json={"day": "yesterday"}), 400, "invalid_request")


def _queued_job(fake, client_for, project_id: str) -> str:
    """An inline upload whose object's finalize event has been ingested: the job waits for extract."""
    from shared.services import ingest as ingest_svc
    from tests.unit.test_pipeline_services import deps

    fake.own_project(project_id)
    up = client_for("upload").post("/", json={"projectId": project_id,
                                              "imageBase64": base64.b64encode(ui_png()).decode()}, headers=AUTH)
    job_id = up.get_json()["jobId"]
    name = fake.jobs.get(job_id).source.object
    ingest_svc.ingest(deps(fake)[1], "e", fake.clock.now(), ingest_svc.StorageObject.model_validate(
        storage_event_data("uploads", name, fake.objects.info("uploads", name).generation, 10)))
    return job_id


def test_the_queues_last_attempt_fails_the_job_instead_of_leaving_it_in_flight(fake, client_for, monkeypatch):
    from shared.domain.errors import Unavailable

    job_id = _queued_job(fake, client_for, "p-retry")

    def storage_down(*a, **k):
        raise Unavailable("storage unavailable", code="storage_unavailable")

    monkeypatch.setattr(fake.objects, "read", storage_down)
    extract = client_for("extract")
    first = extract.post("/", json={"jobId": job_id}, headers={"X-CloudTasks-TaskRetryCount": "0"})
    assert first.status_code == 503 and first.get_json()["error"]["code"] == "storage_unavailable"
    # The failed attempt gave the job back: the next delivery can claim it at once.
    assert fake.jobs.get(job_id).status is JobStatus.QUEUED
    last = extract.post("/", json={"jobId": job_id},
                        headers={"X-CloudTasks-TaskRetryCount": str(fake.settings.task_max_attempts - 1)})
    assert last.status_code == 200 and last.get_json()["outcome"] == "failed-storage_unavailable"
    job = fake.jobs.get(job_id)
    assert job.status is JobStatus.FAILED and job.error.code == "retries_exhausted"
    assert "storage_unavailable" in job.error.message


def test_transient_google_errors_are_retried_then_recorded(fake, client_for, monkeypatch):
    from google.api_core import exceptions as gexc

    job_id = _queued_job(fake, client_for, "p-gerr")
    errors = iter([gexc.ServiceUnavailable("down"), gexc.DeadlineExceeded("slow")])

    def flaky(*a, **k):
        raise next(errors)

    monkeypatch.setattr(fake.objects, "read", flaky)
    extract = client_for("extract")
    r1 = extract.post("/", json={"jobId": job_id}, headers={"X-CloudTasks-TaskRetryCount": "0"})
    assert r1.status_code == 503 and r1.get_json()["error"]["code"] == "backend_unavailable"
    assert "ServiceUnavailable" not in r1.get_data(as_text=True)
    r2 = extract.post("/", json={"jobId": job_id},
                      headers={"X-CloudTasks-TaskRetryCount": str(fake.settings.task_max_attempts - 1)})
    assert r2.status_code == 200
    job = fake.jobs.get(job_id)
    assert job.status is JobStatus.FAILED and "backend_timeout" in job.error.message


def test_a_non_retryable_step_error_is_recorded_at_once_not_retried(fake, client_for, monkeypatch):
    from shared.domain.errors import Conflict

    job_id = _queued_job(fake, client_for, "p-final")
    assert client_for("extract").post("/", json={"jobId": job_id}).get_json()["outcome"] == "extracted"

    def clash(*a, **k):
        raise Conflict("the library changed shape", code="merge_conflict")

    monkeypatch.setattr(fake.tokens, "merge", clash)
    # The first attempt, far from the queue's last: a retry would fail the same way.
    r = client_for("enrich").post("/", json={"jobId": job_id}, headers={"X-CloudTasks-TaskRetryCount": "0"})
    assert r.status_code == 200, r.data
    assert r.get_json() == {"jobId": job_id, "outcome": "failed-merge_conflict"}
    job = fake.jobs.get(job_id)
    assert job.status is JobStatus.FAILED and job.error.code == "merge_conflict"


@pytest.mark.parametrize("size", [70_000, 520_000])
def test_multipart_upload_of_a_photo_like_png(fake, client_for, size):
    """A PNG that does not compress (noise, like a photo) sent as multipart: werkzeug's decoder keeps a tail
    of each 64 KiB chunk, so a 64 KiB max_form_memory_size refused every such file above one chunk with 413
    (found measuring upload's memory, issue 17 item 6). The web client sends up to 512 KiB this way."""
    import numpy as np
    from PIL import Image

    side = int((size / 3) ** 0.5)
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(7).integers(0, 256, (side, side, 3), dtype=np.uint8)).save(buf, "PNG")
    r = client_for("upload").post("/", data={"createProject": "true", "file": (io.BytesIO(buf.getvalue()), "a.png")},
                                  headers=AUTH, content_type="multipart/form-data")
    assert r.status_code == 202, r.data
    # The non-file fields stay capped.
    r = client_for("upload").post("/", data={"createProject": "true", "projectName": "x" * 300_000,
                                             "file": (io.BytesIO(buf.getvalue()), "a.png")},
                                  headers=AUTH, content_type="multipart/form-data")
    assert r.status_code == 413, r.data
