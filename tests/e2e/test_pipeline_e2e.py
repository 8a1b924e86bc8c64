"""The whole local stack: real emulators, the storage-event bridge, every function as a server."""
from __future__ import annotations

import json
import time
import uuid

from google.cloud.firestore_v1.base_query import FieldFilter

from shared.localstack.client import request
from shared.services.paths import drop_job_id
from tests.support import storage_event_data, ui_png

COLORS = ("#F7F8FA", "#2563EB", "#111827")


def wait_for_job(db, job_id: str, timeout_s: float = 90) -> dict:
    """Poll the job document until it reaches a terminal state (bounded; fails with the last state)."""
    deadline = time.monotonic() + timeout_s
    doc: dict = {}
    while time.monotonic() < deadline:
        snap = db.collection("jobs").document(job_id).get()
        doc = snap.to_dict() or {}
        if doc.get("status") in ("done", "failed"):
            return doc
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {timeout_s} s; last state: {doc.get('status')}")


def tokens_of(db, project_id: str, kind: str = "color") -> list[dict]:
    """The project's token documents of one type, as the web app reads them."""
    return [d for s in db.collection("projects").document(project_id).collection("tokens").stream()
            if (d := s.to_dict()).get("type") == kind]


def hex_of(doc: dict) -> str:
    return doc["value"]["hex"]


def test_upload_signed_put_tokens_and_export(client, db):
    uid, token = client.sign_up(f"e2e-{uuid.uuid4().hex[:8]}@example.com")
    ticket = client.start_upload(token, ui_png(COLORS), "image/png", createProject=True, projectName="E2E")
    project = ticket["projectId"]
    job = wait_for_job(db, ticket["jobId"])
    assert job["status"] == "done", job.get("error")
    assert job["ownerUid"] == uid and job["progress"] == 100 and job["source"]["sha256"]
    hexes = {hex_of(t) for t in tokens_of(db, project)}
    assert set(COLORS) <= hexes
    dtcg = client.call("export", "GET", token, query={"projectId": project, "format": "dtcg"})
    assert dtcg.status == 200 and dtcg.headers["Content-Type"].startswith("application/")
    exported = json.dumps(dtcg.json()).lower()
    assert all(h.lower() in exported for h in COLORS)
    css = client.call("export", "GET", token, query={"projectId": project, "format": "css"})
    assert css.status == 200 and all(h.lower() in css.body.decode().lower() for h in COLORS)
    again = client.call("export", "GET", token, query={"projectId": project, "format": "css"},
                        headers={"If-None-Match": css.headers["ETag"]})
    assert again.status == 304


def test_direct_bucket_drop_becomes_tokens(client, db, storage, stack):
    uid, token = client.sign_up(f"drop-{uuid.uuid4().hex[:8]}@example.com")
    # The project exists first (created through upload, as the web app would), then its drop key.
    project = client.start_upload(token, ui_png(), "image/png", createProject=True)["projectId"]
    key = client.drop_key(token, project)
    blob = storage.bucket(stack.layout.bucket).blob(f"drops/{key}/brand/hero.png")
    blob.upload_from_string(ui_png(("#FFFFFF", "#DC2626", "#0F172A")), content_type="image/png")
    job = wait_for_job(db, drop_job_id(stack.layout.bucket, blob.name, blob.generation))
    assert job["status"] == "done" and job["origin"] == "drop" and job["ownerUid"] == uid
    assert {"#DC2626", "#0F172A"} <= {hex_of(t) for t in tokens_of(db, project)}
    assert job["projectId"] == project


def test_a_squatted_prefix_is_quarantined_on_the_stack_and_never_a_job(client, db, storage, stack):
    """Issue 17 item 2: mallory's project id as a drop prefix gives her nothing; the drop is recorded
    in quarantine once, however often its event comes."""
    _, mallory = client.sign_up(f"squat-{uuid.uuid4().hex[:8]}@example.com")
    squatted = client.start_upload(mallory, ui_png(), "image/png", createProject=True)["projectId"]
    for prefix in (squatted, "marketing-" + uuid.uuid4().hex[:6]):
        blob = storage.bucket(stack.layout.bucket).blob(f"drops/{prefix}/q4/hero.png")
        blob.upload_from_string(ui_png(("#FFFFFF", "#059669", "#0F172A")), content_type="image/png")
        job_id = drop_job_id(stack.layout.bucket, blob.name, blob.generation)
        q_id = job_id.replace("drop-", "q-", 1)
        deadline = time.monotonic() + 60
        while not db.collection("quarantine").document(q_id).get().exists:
            assert time.monotonic() < deadline, "the drop was never quarantined"
            time.sleep(0.3)
        data = json.dumps(storage_event_data(stack.layout.bucket, blob.name, blob.generation, blob.size)).encode()
        for event_id in ("q-replay-1", "q-replay-2"):
            headers = {"Content-Type": "application/json", "ce-specversion": "1.0", "ce-id": f"{event_id}-{q_id}",
                       "ce-source": f"//storage.googleapis.com/projects/_/buckets/{stack.layout.bucket}",
                       "ce-type": "google.cloud.storage.object.v1.finalized", "ce-subject": f"objects/{blob.name}"}
            assert request("POST", stack.layout.function_url("ingest"), body=data, headers=headers).status == 200
        record = db.collection("quarantine").document(q_id).get().to_dict()
        assert record["object"] == blob.name and record["reason"] == "unknown_drop_key"
        assert not db.collection("jobs").document(job_id).get().exists
        assert len(db.collection("quarantine").where(filter=FieldFilter("object", "==", blob.name)).get()) == 1
    assert not db.collection("jobs").where(filter=FieldFilter("projectId", "==", squatted)).where(
        filter=FieldFilter("origin", "==", "drop")).get()


def test_the_same_event_delivered_twice_gives_one_job_and_one_token_set(client, db, storage, stack):
    _, token = client.sign_up(f"dup-{uuid.uuid4().hex[:8]}@example.com")
    project = client.start_upload(token, ui_png(), "image/png", createProject=True)["projectId"]
    key = client.drop_key(token, project)
    first = wait_for_job(db, db.collection("jobs").where(filter=FieldFilter("projectId", "==", project)).get()[0].id)
    assert first["status"] == "done"
    before = {hex_of(t): t for t in tokens_of(db, project)}
    # Redeliver a finalize event for a new drop twice with the same id, and once more with another id
    # (Eventarc may send both): exactly one job and one merge.
    blob = storage.bucket(stack.layout.bucket).blob(f"drops/{key}/dup.png")
    blob.upload_from_string(ui_png(("#FEFCE8", "#7C3AED", "#1F2937")), content_type="image/png")
    job_id = drop_job_id(stack.layout.bucket, blob.name, blob.generation)
    wait_for_job(db, job_id)
    data = json.dumps(storage_event_data(stack.layout.bucket, blob.name, blob.generation, blob.size)).encode()
    for event_id in ("replay-1", "replay-1", "replay-2"):
        headers = {"Content-Type": "application/json", "ce-specversion": "1.0", "ce-id": event_id,
                   "ce-source": f"//storage.googleapis.com/projects/_/buckets/{stack.layout.bucket}",
                   "ce-type": "google.cloud.storage.object.v1.finalized", "ce-subject": f"objects/{blob.name}",
                   "ce-time": "2026-11-25T12:00:00Z"}
        res = request("POST", stack.layout.function_url("ingest"), body=data, headers=headers)
        assert res.status == 200
    jobs = db.collection("jobs").where(filter=FieldFilter("projectId", "==", project)).get()
    assert len(jobs) == 2  # the upload's job and the drop's, nothing more
    after = tokens_of(db, project)
    purple = [t for t in after if hex_of(t) == "#7C3AED"]
    assert len(purple) == 1 and purple[0]["provenance"]["jobIds"] == [job_id]
    for hex_, tok in before.items():
        merged = next(t for t in after if hex_of(t) == hex_)
        assert len(merged["provenance"]["jobIds"]) <= len(tok["provenance"]["jobIds"]) + 1
    costs = db.collection("costRecords").where(filter=FieldFilter("jobId", "==", job_id)).get()
    assert len(costs) == 1


def test_requests_without_a_valid_token_or_for_anothers_project_are_refused(client):
    res = client.call("upload", "POST", None, json_body={"createProject": True, "contentType": "image/png",
                                                         "size": 10})
    assert res.status == 401 and res.json()["error"]["code"] == "missing_token"
    res = client.call("export", "GET", "not-a-jwt", query={"projectId": "whatever", "format": "css"})
    assert res.status == 401 and res.json()["error"]["code"] == "invalid_token"
    _, alice = client.sign_up(f"alice-{uuid.uuid4().hex[:8]}@example.com")
    _, mallory = client.sign_up(f"mallory-{uuid.uuid4().hex[:8]}@example.com")
    project = client.start_upload(alice, ui_png(), "image/png", createProject=True)["projectId"]
    res = client.call("export", "GET", mallory, query={"projectId": project, "format": "css"})
    assert res.status == 404 and res.json()["error"]["code"] == "project_not_found"
    res = client.call("upload", "POST", mallory, json_body={"projectId": project, "contentType": "image/png",
                                                            "size": 10})
    assert res.status == 404
