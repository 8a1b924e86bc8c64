"""Ids Firestore reserves (`__.*__`) are client mistakes at every entry point, not 500s.

The fake repos are made to refuse them the way Firestore does (INVALID_ARGUMENT), so a request
that reached the repos with one would surface as the 500 it is in production."""
from __future__ import annotations

import re

import pytest
from cloudevents.conversion import to_structured

from shared.domain.models import Project
from tests.functions.test_http_functions import AUTH, _event, assert_error
from tests.support import storage_event_data, ui_png

RESERVED = "__p-1__"


@pytest.fixture
def firestore_ids(fake, monkeypatch):
    from google.api_core import exceptions as gexc

    def refusing(method):
        def call(first, *a, **k):
            doc_id = getattr(first, "id", first)
            if isinstance(doc_id, str) and re.fullmatch(r"__.*__", doc_id):
                raise gexc.InvalidArgument(f"Document id {doc_id} is reserved")
            return method(first, *a, **k)

        return call

    for repo, names in ((fake.projects, ("get", "create")), (fake.jobs, ("get", "create", "update", "claim"))):
        for name in names:
            monkeypatch.setattr(repo, name, refusing(getattr(repo, name)))
    fake.projects.create(Project(id="p-lib", owner_uid="alice", name="Lib"))
    return fake


@pytest.mark.parametrize("body", [
    {"projectId": RESERVED, "createProject": True, "contentType": "image/png", "size": 10},
    {"projectId": "____", "createProject": True, "imageBase64": "aGk="},
])
def test_upload_refuses_a_reserved_project_id(firestore_ids, client_for, body):
    assert_error(client_for("upload").post("/", json=body, headers=AUTH), 400, "invalid_request")


def test_export_refuses_a_reserved_project_id(firestore_ids, client_for):
    assert_error(client_for("export").get(f"/?projectId={RESERVED}&format=css", headers=AUTH), 400,
                 "invalid_request")


@pytest.mark.parametrize("method,path,body", [
    ("DELETE", f"/projects/{RESERVED}", None),
    ("PATCH", f"/projects/{RESERVED}/roles", {"assignments": {"t1": "primary"}}),
    ("PATCH", "/projects/p-lib/tokens/____", {"name": "Ink"}),
    ("POST", f"/projects/{RESERVED}", None),  # no route, whatever the method: not a 405
])
def test_library_paths_with_reserved_ids_name_no_resource(firestore_ids, client_for, method, path, body):
    assert_error(client_for("library").open(path, method=method, json=body, headers=AUTH), 404, "route_not_found")


@pytest.mark.parametrize("path,body", [
    ("/projects/p-lib/tokens:batchDelete", {"tokenIds": ["t1", "__t1__"]}),
    ("/projects/p-lib/roles", {"assignments": {"__t1__": "primary"}}),
])
def test_library_bodies_with_reserved_token_ids_are_400(firestore_ids, client_for, path, body):
    method = "POST" if path.endswith("batchDelete") else "PATCH"
    assert_error(client_for("library").open(path, method=method, json=body, headers=AUTH), 400, "invalid_request")


@pytest.mark.parametrize("name", [f"drops/{RESERVED}/hero.png", f"uploads/{RESERVED}/job-1", "uploads/p-lib/__job__"])
def test_ingest_acknowledges_an_object_named_with_a_reserved_id(firestore_ids, client_for, name):
    """Logged and acknowledged (2xx): Eventarc must not redeliver it until it goes stale."""
    info = firestore_ids.objects.put("uploads", name, ui_png(), "image/png")
    headers, body = to_structured(_event(storage_event_data("uploads", name, info.generation, info.size)))
    resp = client_for("ingest").post("/", headers=headers, data=body)
    assert resp.status_code == 200, resp.data
    assert firestore_ids.queue.tasks == []
    assert firestore_ids.events.docs["ev-1"]["outcome"] == "ignored"


@pytest.mark.parametrize("name", ["extract", "enrich"])
def test_task_payload_with_a_reserved_job_id_is_dropped(firestore_ids, client_for, name):
    r = client_for(name).post("/", json={"jobId": "__job__"})  # no retry can fix it: acknowledged
    assert r.status_code == 200 and r.get_json()["outcome"] == "dropped-invalid-payload"
