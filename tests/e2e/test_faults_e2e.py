"""Faults on the running stack: a function server killed in the middle of a job."""
from __future__ import annotations

import time
import uuid

from google.cloud.firestore_v1.base_query import FieldFilter

from shared.localstack.client import request
from tests.e2e.test_pipeline_e2e import tokens_of, wait_for_job
from tests.support import ui_png


def _status(db, job_id: str) -> str | None:
    return (db.collection("jobs").document(job_id).get().to_dict() or {}).get("status")


def test_extract_killed_mid_job_is_recovered_once(stack, db, client, fake_ai):
    _, token = client.sign_up(f"kill-{uuid.uuid4().hex[:8]}@example.com")
    for fake in fake_ai.values():  # the providers hang: extract is busy when it dies
        fake.set_mode("timeout", hang_s=30)
    try:
        ticket = client.start_upload(token, ui_png(("#FFF7ED", "#C2410C", "#431407"), size=(250, 170)),
                                     "image/png", createProject=True, strategy="cost")
        job_id, project = ticket["jobId"], ticket["projectId"]
        deadline = time.monotonic() + 60
        while _status(db, job_id) != "extracting":
            assert time.monotonic() < deadline, f"job never started extracting: {_status(db, job_id)}"
            time.sleep(0.1)
        stack.kill_function("extract")
    finally:
        for fake in fake_ai.values():
            fake.set_mode("valid")
    stack.start_function("extract")
    # The queue's retries of the dead delivery are spent or refused (the lease is still live): the
    # sweeper, run here as Cloud Scheduler would, re-drives the job once the lease has expired.
    deadline = time.monotonic() + 90
    while _status(db, job_id) not in ("done", "failed"):
        assert time.monotonic() < deadline, f"job not recovered: {_status(db, job_id)}"
        request("POST", stack.layout.function_url("sweeper"), body=b"{}",
                headers={"Content-Type": "application/json"})
        time.sleep(1)
    job = wait_for_job(db, job_id)
    assert job["status"] == "done", job.get("error")
    assert job["attempts"] >= 2 and job["redrives"] >= 1
    records = [r.to_dict() for r in db.collection("costRecords").where(
        filter=FieldFilter("jobId", "==", job_id)).stream()]
    assert sum(r["extraction"] for r in records) == 1
    tokens = tokens_of(db, project)
    assert tokens and all(t["provenance"]["jobIds"].count(job_id) == 1 for t in tokens)
