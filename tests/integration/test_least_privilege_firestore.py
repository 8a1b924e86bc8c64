"""Issue 17 item 9 on the emulator: the rate-limit counters live in their own database, and export and
usage — which Terraform grants only datastore.viewer on the app's database — write nothing there.

The emulator does not enforce IAM, so the test records every write RPC (Commit, BatchWrite) each
Firestore client of the real container sends while the real entry points answer a signed-in user:
a write to the app's database from export or usage would be refused in production (PERMISSION_DENIED,
a 500), and fails here first. A library edit through the same recorder proves it sees writes."""
from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
from functions_framework import create_app

from shared import bootstrap
from shared.adapters.firestore_rate_limit import COLLECTION
from shared.localstack.client import StackClient
from shared.localstack.layout import RATE_LIMIT_DATABASE
from tests.support import ui_png

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def container(stack, monkeypatch):
    """The functions' own container, configured exactly as the stack's functions are."""
    for name, value in stack.layout.function_env().items():
        monkeypatch.setenv(name, value)
    from shared.config import settings

    c = bootstrap.Container(settings())
    assert c.settings.rate_limit_database == RATE_LIMIT_DATABASE
    bootstrap.override(c)
    yield c
    bootstrap.override(None)


def _wait_done(stack, job_id: str) -> None:
    from google.cloud import firestore

    jobs, deadline = firestore.Client(project=stack.layout.project).collection("jobs"), time.monotonic() + 90
    while (status := (jobs.document(job_id).get().to_dict() or {}).get("status")) not in ("done", "failed"):
        assert time.monotonic() < deadline, f"job {job_id} still {status}"
        time.sleep(0.2)
    assert status == "done"


def _record_writes(db) -> list[str]:
    """Every Commit / BatchWrite this client sends, as the names of the documents written."""
    api, written = db._firestore_api, []
    commit, batch_write = api.commit, api.batch_write

    def record(request):
        writes = request.writes if hasattr(request, "writes") else request["writes"]
        for w in writes:
            written.append(w.update.name or w.delete or w.transform.document)

    def recording_commit(request=None, **kw):
        record(request)
        return commit(request=request, **kw)

    def recording_batch_write(request=None, **kw):
        record(request)
        return batch_write(request=request, **kw)

    api.commit, api.batch_write = recording_commit, recording_batch_write
    return written


def test_export_and_usage_write_only_counters_in_their_own_database(stack, container):
    client = StackClient(stack.layout)
    uid, token = client.sign_up(f"lp-{uuid.uuid4().hex[:8]}@example.com")
    ticket = client.start_upload(token, ui_png(), "image/png", createProject=True, strategy="pixels",
                                 tokenTypes=["color"])
    project = ticket["projectId"]
    _wait_done(stack, ticket["jobId"])  # a library to export
    app_writes = _record_writes(container.firestore_client)
    counter_writes = _record_writes(container.rate_limit_firestore_client)
    assert container.rate_limit_firestore_client is not container.firestore_client
    auth = {"Authorization": f"Bearer {token}"}

    export = create_app("export", str(ROOT / "functions" / "export" / "main.py")).test_client()
    usage = create_app("usage", str(ROOT / "functions" / "usage" / "main.py")).test_client()
    for _ in range(2):
        r = export.get(f"/?projectId={project}&format=css", headers=auth)
        assert r.status_code == 200, r.get_data(as_text=True)
        r = usage.get("/", headers=auth)
        assert r.status_code == 200, r.get_data(as_text=True)

    assert app_writes == [], "export or usage wrote to the app's database: their grant there is read-only"
    root = f"projects/{stack.layout.project}/databases/{RATE_LIMIT_DATABASE}/documents/{COLLECTION}/"
    assert len(counter_writes) >= 4 and all(w.startswith(root) for w in counter_writes), counter_writes
    # The counters are in their own database and not in the app's.
    from google.cloud import firestore

    counters = firestore.Client(project=stack.layout.project, database=RATE_LIMIT_DATABASE)
    mine = [d for d in counters.collection(COLLECTION).stream() if (d.to_dict() or {}).get("uid") == uid]
    assert {d.to_dict()["endpoint"] for d in mine} >= {"export", "usage"}, [d.to_dict() for d in mine]
    app_db = firestore.Client(project=stack.layout.project)
    assert not [d.id for d in app_db.collection(COLLECTION).stream() if (d.to_dict() or {}).get("uid") == uid]

    # The recorder sees writes: a library edit writes the project in the app's database.
    library = create_app("library", str(ROOT / "functions" / "library" / "main.py")).test_client()
    r = library.patch(f"/projects/{project}/settings", json={"driftTolerance": 3}, headers=auth)
    assert r.status_code == 200, r.get_data(as_text=True)
    assert any(w.endswith(f"/documents/projects/{project}") for w in app_writes), app_writes
