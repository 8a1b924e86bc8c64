"""Check jobs on the whole local stack (issue 19): a signed-URL check of a drifted screenshot ends with a
drift report on the job, downloadable from export by its owner; the library is untouched; the check
is billed (one cost record); a stranger's check is 404. (That the owner alone reads the job's drift
under the Firestore rules: tests/integration/test_firestore_rules.py.)"""
from __future__ import annotations

import io
import uuid

from google.cloud.firestore_v1.base_query import FieldFilter
from PIL import Image

from tests.drift_support import SIZE, TARGET, screenshot
from tests.e2e.test_pipeline_e2e import wait_for_job

OFF_FILL = "#4F3FE0"


def _library(db, project: str) -> dict:
    return {s.id: s.to_dict() for s in db.collection("projects").document(project).collection("tokens").stream()}


def test_a_check_job_reports_drift_and_leaves_the_library_alone(client, db):
    _, token = client.sign_up(f"drift-{uuid.uuid4().hex[:8]}@example.com")
    first = client.start_upload(token, screenshot(), "image/png", createProject=True, strategy="pixels")
    project = first["projectId"]
    assert wait_for_job(db, first["jobId"])["status"] == "done"
    before = _library(db, project)
    check = client.start_upload(token, screenshot(target_fill=OFF_FILL), "image/png", projectId=project,
                                purpose="check")
    job = wait_for_job(db, check["jobId"])
    assert job["status"] == "done", job.get("error")
    assert job["purpose"] == "check" and "tokenIds" not in job
    drift = job["drift"]
    [off] = [c for c in drift["colors"] if c["verdict"] == "off"]
    assert off["hex"] == OFF_FILL and abs(off["boxes"][0]["x"] - TARGET[0]) <= 3
    assert drift["offShare"] == off["share"] and drift["reference"]["source"] == "library"
    assert _library(db, project) == before
    costs = db.collection("costRecords").where(filter=FieldFilter("jobId", "==", check["jobId"])).get()
    assert len(costs) == 1  # billed like an upload
    report = client.call("export", "GET", token, query={"jobId": check["jobId"], "format": "png"})
    assert report.status == 200 and Image.open(io.BytesIO(report.body)).size == SIZE
    html = client.call("export", "GET", token, query={"jobId": check["jobId"], "format": "html"})
    assert html.status == 200 and OFF_FILL in html.body.decode()
    _, mallory = client.sign_up(f"mallory-{uuid.uuid4().hex[:8]}@example.com")
    assert client.call("export", "GET", mallory, query={"jobId": check["jobId"], "format": "json"}).status == 404
    stranger = client.call("upload", "POST", mallory, json_body={"projectId": project, "purpose": "check",
                                                                "contentType": "image/png", "size": 1000})
    assert stranger.status == 404 and stranger.json()["error"]["code"] == "project_not_found"
