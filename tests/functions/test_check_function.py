"""Check jobs (issue 19) through the real functions-framework apps: upload with purpose "check" → the
same extraction → a drift report on the job, never a merge; the report served by export (JSON, HTML,
PNG) to its owner only; billed and rate-limited as an upload."""
from __future__ import annotations

import base64
import io
import json

import pytest
from PIL import Image

from shared.domain.models import JobStatus
from shared.services import enrich as enrich_svc
from shared.services import ingest as ingest_svc
from tests.drift_support import SIZE, TARGET, screenshot
from tests.functions.test_http_functions import AUTH, assert_error
from tests.support import storage_event_data
from tests.unit.test_pipeline_services import deps, run_tasks

MALLORY = {"Authorization": "Bearer token-mallory"}
OFF_FILL = "#4F3FE0"


def deliver(fake, job_id: str) -> None:
    """The bucket's finalize event for the job's object, then every queued task, in-process."""
    name = fake.jobs.get(job_id).source.object
    gen = fake.objects.info("uploads", name).generation
    ingest_svc.ingest(deps(fake)[1], f"ev-{job_id}", fake.clock.now(), ingest_svc.StorageObject.model_validate(
        storage_event_data("uploads", name, gen, 10)))
    run_tasks_with_projects(fake)


def run_tasks_with_projects(fake) -> list[str]:
    from shared.services import extract as extract_svc

    ext = extract_svc.ExtractDeps(fake.settings, fake.jobs, fake.objects, fake.queue, fake.costs, fake.clock)
    enr = enrich_svc.EnrichDeps(fake.jobs, fake.tokens, fake.clock, fake.projects)
    out = []
    while fake.queue.tasks:
        for task in fake.queue.take("extract"):
            out.append(extract_svc.extract(ext, task.payload["jobId"]))
        for task in fake.queue.take("enrich"):
            out.append(enrich_svc.enrich(enr, task.payload["jobId"]))
    return out


def inline(client_for, image: bytes, headers=AUTH, **body):
    return client_for("upload").post("/", json={"imageBase64": base64.b64encode(image).decode(), **body},
                                     headers=headers)


@pytest.fixture
def brand(fake, client_for):
    """Project p-brand with the drawn screenshot's library."""
    fake.own_project("p-brand")
    r = inline(client_for, screenshot(), projectId="p-brand", strategy="pixels")
    assert r.status_code == 202
    deliver(fake, r.get_json()["jobId"])
    assert fake.projects.get("p-brand").token_count > 0
    return "p-brand"


def library(fake, project: str) -> dict:
    return json.loads(json.dumps(fake.tokens.docs.get(project, {}), default=str))


def test_a_check_writes_a_drift_report_and_never_changes_the_library(fake, client_for, brand):
    before, count = library(fake, brand), fake.projects.get(brand).token_count
    r = inline(client_for, screenshot(target_fill=OFF_FILL), projectId=brand, purpose="check")
    assert r.status_code == 202, r.data
    job_id = r.get_json()["jobId"]
    deliver(fake, job_id)
    job = fake.jobs.get(job_id)
    assert job.status is JobStatus.DONE and job.purpose == "check" and job.token_ids is None
    assert library(fake, brand) == before and fake.projects.get(brand).token_count == count
    [off] = job.drift.off_colors
    x, y, w, h = TARGET
    assert off.hex == OFF_FILL and abs(off.boxes[0].x - x) <= 3 and abs(off.boxes[0].w - w) <= 4
    assert job.drift.off_share == off.share and off.nearest.css_var.startswith("--color-")
    assert job.drift.reference.source == "library" and job.drift.image["width"] == SIZE[0]
    records = [rec for rec in fake.costs.docs.values() if rec.job_id == job_id]
    assert len(records) == 1 and records[0].extraction and records[0].provider == "pixels"  # billed
    # The same image again, clean: nothing off.
    r = inline(client_for, screenshot(), projectId=brand, purpose="check")
    deliver(fake, r.get_json()["jobId"])
    assert fake.jobs.get(r.get_json()["jobId"]).drift.off_share == 0


def test_a_repeated_delivery_reports_once_and_a_library_emptied_meanwhile_fails_the_check(fake, client_for, brand):
    r = inline(client_for, screenshot(target_fill=OFF_FILL), projectId=brand, purpose="check")
    job_id = r.get_json()["jobId"]
    deliver(fake, job_id)
    report = fake.jobs.get(job_id).drift
    enr = enrich_svc.EnrichDeps(fake.jobs, fake.tokens, fake.clock, fake.projects)
    assert enrich_svc.enrich(enr, job_id) == "skipped-done" and fake.jobs.get(job_id).drift == report
    r = inline(client_for, screenshot(), projectId=brand, purpose="check")
    job_id = r.get_json()["jobId"]
    fake.tokens.docs[brand] = {}  # every token deleted between the upload and the report
    deliver(fake, job_id)
    job = fake.jobs.get(job_id)
    assert job.status is JobStatus.FAILED and job.error.code == "no_color_tokens" and job.drift is None


def test_the_tolerance_is_the_checks_else_the_projects_else_2(fake, client_for, brand):
    def verdict(**extra) -> str:
        r = inline(client_for, screenshot(target_fill=OFF_FILL), projectId=brand, purpose="check", **extra)
        deliver(fake, r.get_json()["jobId"])
        job = fake.jobs.get(r.get_json()["jobId"])
        [f] = [c for c in job.drift.colors if abs(c.boxes[0].x - TARGET[0]) <= 3] if job.drift.colors else [None]
        return f"{job.drift.tolerance:g}:{f.verdict}"

    lib = client_for("library")
    assert verdict() == "2:off"
    r = lib.patch(f"/projects/{brand}/settings", json={"driftTolerance": 7}, headers=AUTH)
    assert r.status_code == 200 and r.get_json()["project"] == {"id": brand, "driftTolerance": 7}
    assert verdict() == "7:near"
    assert verdict(tolerance=14) == "14:on"
    assert lib.patch(f"/projects/{brand}/settings", json={"driftTolerance": None}, headers=AUTH).status_code == 200
    assert "driftTolerance" not in fake.projects.docs[brand] and verdict() == "2:off"
    assert_error(lib.patch(f"/projects/{brand}/settings", json={"driftTolerance": 3}, headers=MALLORY), 404,
                 "project_not_found")
    for bad in ({"driftTolerance": 0}, {"driftTolerance": 51}, {}, {"driftTolerance": 3, "x": 1}):
        assert_error(lib.patch(f"/projects/{brand}/settings", json=bad, headers=AUTH), 400, "invalid_request")


def test_report_downloads_for_the_owner_only(fake, client_for, brand):
    r = inline(client_for, screenshot(target_fill=OFF_FILL), projectId=brand, purpose="check")
    job_id = r.get_json()["jobId"]
    ex = client_for("export")
    assert_error(ex.get(f"/?jobId={job_id}&format=html", headers=AUTH), 409, "report_not_ready")
    deliver(fake, job_id)
    js = ex.get(f"/?jobId={job_id}&format=json", headers=AUTH)
    assert js.status_code == 200 and js.headers["Content-Type"] == "application/json"
    assert json.loads(js.data)["offShare"] > 0.008
    html = ex.get(f"/?jobId={job_id}", headers=AUTH)  # html by default
    assert html.status_code == 200 and html.headers["Content-Type"].startswith("text/html")
    assert 'filename="drift-' in html.headers["Content-Disposition"] and OFF_FILL in html.get_data(as_text=True)
    assert "data:image/png;base64," in html.get_data(as_text=True)
    png = ex.get(f"/?jobId={job_id}&format=png", headers=AUTH)
    assert png.status_code == 200 and Image.open(io.BytesIO(png.data)).size == SIZE
    again = ex.get(f"/?jobId={job_id}&format=png", headers={**AUTH, "If-None-Match": png.headers["ETag"]})
    assert again.status_code == 304
    assert_error(ex.get(f"/?jobId={job_id}&format=html", headers=MALLORY), 404, "job_not_found")
    assert_error(ex.get(f"/?jobId={job_id}&format=pdf", headers=AUTH), 400, "unknown_format")
    assert_error(ex.get(f"/?jobId={job_id}&projectId={brand}", headers=AUTH), 400, "invalid_request")
    extract_job = next(j for j, d in fake.jobs.docs.items() if d.get("purpose", "extract") == "extract")
    assert_error(ex.get(f"/?jobId={extract_job}&format=json", headers=AUTH), 404, "report_not_found")
    # Past the bucket's retention: the HTML comes without the screenshot, the overlay is gone.
    fake.objects.blobs.clear()
    assert ex.get(f"/?jobId={job_id}&format=html", headers=AUTH).status_code == 200
    assert_error(ex.get(f"/?jobId={job_id}&format=png", headers=AUTH), 410, "image_expired")


@pytest.mark.parametrize("body, status, code", [
    ({"projectId": "p-brand", "purpose": "check", "createProject": True}, 400, "invalid_options"),
    ({"purpose": "check", "createProject": True}, 400, "invalid_options"),
    ({"projectId": "p-brand", "purpose": "check", "requireAi": True}, 400, "invalid_options"),
    ({"projectId": "p-brand", "tolerance": 3}, 400, "invalid_options"),
    ({"projectId": "p-brand", "purpose": "check", "tolerance": 0}, 400, "invalid_request"),
    ({"projectId": "p-brand", "purpose": "check", "tolerance": 50.1}, 400, "invalid_request"),
    ({"projectId": "p-brand", "purpose": "audit"}, 400, "invalid_request"),
])
def test_bad_check_requests_get_stable_codes(fake, client_for, brand, body, status, code):
    assert_error(inline(client_for, screenshot(), **body), status, code)


def test_checks_need_a_library_of_ones_own_on_every_upload_path(fake, client_for, brand):
    up = client_for("upload")
    assert_error(inline(client_for, screenshot(), headers=MALLORY, projectId=brand, purpose="check"), 404,
                 "project_not_found")
    fake.own_project("p-empty")
    empty = up.post("/", json={"projectId": "p-empty", "contentType": "image/png",
                               "size": 10}, headers=AUTH)
    assert empty.status_code == 201
    assert_error(inline(client_for, screenshot(), projectId="p-empty", purpose="check"), 409, "empty_library")
    signed = up.post("/", json={"projectId": brand, "purpose": "check", "contentType": "image/png", "size": 5000},
                     headers=AUTH)
    assert signed.status_code == 201 and fake.jobs.get(signed.get_json()["jobId"]).purpose == "check"
    multipart = up.post("/", data={"projectId": brand, "purpose": "check", "tolerance": "3",
                                   "file": (io.BytesIO(screenshot()), "a.png")}, headers=AUTH,
                        content_type="multipart/form-data")
    job = fake.jobs.get(multipart.get_json()["jobId"])
    assert multipart.status_code == 202 and job.purpose == "check" and job.tolerance == 3 and job.strategy == "pixels"
    fake.image_fetcher.bodies["https://cdn.example/shot.png"] = screenshot()
    by_url = up.post("/", json={"projectId": brand, "purpose": "check", "imageUrl": "https://cdn.example/shot.png"},
                     headers=AUTH)
    assert by_url.status_code == 202 and fake.jobs.get(by_url.get_json()["jobId"]).purpose == "check"


def test_checks_count_against_the_upload_rate_limit(fake, client_for, brand):
    fake.settings = fake.settings.model_copy(update={"rate_upload_per_min": 2})  # Settings is a pydantic model
    fake.rate_limiter.counts.clear()
    assert inline(client_for, screenshot(), projectId=brand, purpose="check").status_code == 202
    assert inline(client_for, screenshot(), projectId=brand).status_code == 202  # an extract upload: same window
    r = inline(client_for, screenshot(), projectId=brand, purpose="check")
    assert_error(r, 429, "rate_limited")
    assert r.headers["Retry-After"]


def test_a_check_holds_the_images_layout_to_the_librarys_spacing_radii_and_shadows(fake, client_for, brand):
    """The library's layout tokens (from the same drawn screenshot) are the scale: the layout the check
    measures is judged against them; a check asking colors only says layout was not checked."""
    from shared.drift.report import LAYOUT_NOTE

    kinds = {t.get("type") for t in library(fake, brand).values()}
    r = inline(client_for, screenshot(), projectId=brand, purpose="check")
    deliver(fake, r.get_json()["jobId"])
    job = fake.jobs.get(r.get_json()["jobId"])
    assert job.layout is not None and LAYOUT_NOTE not in job.drift.notes
    judged = job.drift.spacing + job.drift.radii
    assert "dimension" in kinds and judged and all(f.nearest is not None for f in judged)
    assert all(f.verdict == "on" for f in job.drift.radii)  # the same image's radii are the library's
    r = inline(client_for, screenshot(), projectId=brand, purpose="check", tokenTypes=["color"])
    deliver(fake, r.get_json()["jobId"])
    only = fake.jobs.get(r.get_json()["jobId"])
    assert only.layout is None and LAYOUT_NOTE in only.drift.notes and not only.drift.radii
