"""The bucket → ingest route is at-least-once on either Pub/Sub (Google's emulator or the stand-in):
an object that lands while ingest is down becomes its job once ingest is back."""
from __future__ import annotations

import time
import uuid

from shared.services.paths import drop_job_id
from tests.e2e.test_pipeline_e2e import wait_for_job
from tests.support import ui_png


def test_a_drop_while_ingest_is_down_is_redelivered_until_it_lands(client, db, storage, stack):
    uid, token = client.sign_up(f"redeliver-{uuid.uuid4().hex[:8]}@example.com")
    project = client.start_upload(token, ui_png(), "image/png", createProject=True)["projectId"]
    key = client.drop_key(token, project)
    stack.kill_function("ingest")
    try:
        blob = storage.bucket(stack.layout.bucket).blob(f"drops/{key}/late.png")
        blob.upload_from_string(ui_png(("#FFFFFF", "#0EA5E9", "#111827")), content_type="image/png")
        job_id = drop_job_id(stack.layout.bucket, blob.name, blob.generation)
        time.sleep(2)  # pushes meanwhile: the bridge answers 503 (ingest refuses), Pub/Sub keeps the message
        assert not db.collection("jobs").document(job_id).get().exists
    finally:
        stack.start_function("ingest")
    job = wait_for_job(db, job_id, timeout_s=90)
    assert job["status"] == "done" and job["origin"] == "drop" and job["ownerUid"] == uid
