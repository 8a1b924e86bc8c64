"""The web app's library edits on the whole local stack: an image becomes tokens, then the owner
renames one, reassigns roles, sees their usage, and deletes the project (its jobs and tokens go);
a stranger gets 404 throughout. The roll-up of the day sees the job's cost record."""
from __future__ import annotations

import json
import uuid

from shared.localstack.client import StackClient, request
from tests.e2e.test_pipeline_e2e import hex_of, tokens_of, wait_for_job
from tests.support import ui_png

COLORS = ("#F7F8FA", "#2563EB", "#111827")


def lib(client: StackClient, method: str, path: str, token: str | None, body: dict | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    raw = None
    if body is not None:
        raw = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    return request(method, client.layout.function_url("library") + path.lstrip("/"), body=raw, headers=headers)


def assert_export_reads_the_stored_theme(client: StackClient, db, token: str, project: str) -> None:
    """The project's stored theme is its library's as Firestore holds it, and the export function's
    CSS is the bytes of the theme computed from those tokens (issue 17 item 16)."""
    from shared.domain.models import Project
    from shared.domain.tokens import Token
    from shared.exporters import render
    from shared.library.theme import read_theme
    from shared.services.export import bundle_from_tokens

    tokens = [Token.model_validate({**s.to_dict(), "id": s.id})
              for s in db.collection("projects").document(project).collection("tokens").stream()]
    doc = db.collection("projects").document(project).get()
    stored = Project.model_validate({**doc.to_dict(), "id": doc.id})
    assert read_theme(stored.theme, tokens) is not None, stored.theme
    res = client.call("export", "GET", token, query={"projectId": project, "format": "css"})
    assert res.status == 200, res.body
    assert res.body == render("css", bundle_from_tokens(project, stored.name, tokens, stored.updated_at)).body


def test_rename_reassign_usage_and_delete_project(client, db, storage):
    uid, token = client.sign_up(f"lib-{uuid.uuid4().hex[:8]}@example.com")
    _, stranger = client.sign_up(f"lib-x-{uuid.uuid4().hex[:8]}@example.com")
    ticket = client.start_upload(token, ui_png(COLORS), "image/png", createProject=True,
                                 projectName="Library E2E", strategy="pixels")
    project = ticket["projectId"]
    job = wait_for_job(db, ticket["jobId"])
    assert job["status"] == "done", job.get("error")
    ids = {hex_of(t): t["id"] for t in tokens_of(db, project)}
    ink = {hex_of(t): t for t in tokens_of(db, project)}["#111827"]
    assert_export_reads_the_stored_theme(client, db, token, project)
    blue_id = ids["#2563EB"]

    # Rename, and a clash with another token's name.
    r = lib(client, "PATCH", f"projects/{project}/tokens/{blue_id}", token, {"name": "Brand Blue"})
    assert r.status == 200, r.body
    assert r.json()["token"]["name"] == "Brand Blue"
    clash = lib(client, "PATCH", f"projects/{project}/tokens/{blue_id}", token, {"name": ink["name"].upper()})
    assert clash.status == 409 and clash.json()["error"]["code"] == "name_taken"

    # Reassign roles in one call: blue becomes the accent (locked), whoever held it loses it.
    r = lib(client, "PATCH", f"projects/{project}/roles", token, {"assignments": {blue_id: "accent"}})
    assert r.status == 200, r.body
    stored = {hex_of(t): t for t in tokens_of(db, project)}
    assert stored["#2563EB"]["role"] == "accent" and stored["#2563EB"]["enrichment"]["roleLocked"] is True
    assert sum(t.get("role") == "accent" for t in stored.values()) == 1
    assert_export_reads_the_stored_theme(client, db, token, project)  # the edit stored the new theme

    # A stranger: 404 on every edit, nothing changes.
    for method, path, body in (("PATCH", f"projects/{project}/tokens/{blue_id}", {"name": "Mine"}),
                               ("PATCH", f"projects/{project}/roles", {"assignments": {blue_id: "text"}}),
                               ("POST", f"projects/{project}/tokens:batchDelete", {"tokenIds": [blue_id]}),
                               ("DELETE", f"projects/{project}", None)):
        res = lib(client, method, path, stranger, body)
        assert res.status == 404 and res.json()["error"]["code"] == "project_not_found", (method, path)
    assert lib(client, "DELETE", f"projects/{project}", None).status == 401

    # The owner's usage: the pixel run is a zero-cost call of today (UTC).
    u = client.call("usage", "GET", token)
    assert u.status == 200, u.body
    usage = u.json()["usage"]
    assert usage["uid"] == uid and usage["todayCalls"] >= 1 and usage["todayUsd"] == 0
    assert usage["dailyCapUsd"] is not None and usage["dailyRemainingUsd"] == usage["dailyCapUsd"]

    # The scheduler's roll-up of today sees this user (local stack: task calls need no OIDC).
    roll = client.call("cost_rollup", "POST", None, json_body={"day": usage["day"]})
    assert roll.status == 200, roll.body
    assert roll.json()["rollups"][0]["dimensions"]["user"] >= 1
    mine = db.collection("costRollups").document(f"{usage['day']}_user_{uid}").get()
    assert mine.exists and mine.get("calls") >= 1

    # A second image, dropped straight into the bucket under the project's drop key.
    bucket = storage.bucket(client.layout.bucket)
    key = client.drop_key(token, project)
    drop = bucket.blob(f"drops/{key}/extra.png")
    drop.upload_from_string(ui_png(COLORS), content_type="image/png")
    from shared.services.paths import drop_job_id

    assert wait_for_job(db, drop_job_id(bucket.name, drop.name, drop.generation))["status"] == "done"
    images = [b.name for p in (f"uploads/{project}/", f"drops/{key}/") for b in bucket.list_blobs(prefix=p)]
    assert len(images) == 2, images
    assert client.call("export", "GET", token, query={"projectId": project, "format": "css"}).status == 200

    # Delete the project: its jobs, tokens and images go with it (issue 17 item 10: the images stayed in
    # the bucket until the 30-day lifecycle rule), and nothing of it is readable afterwards.
    r = lib(client, "DELETE", f"projects/{project}", token)
    assert r.status == 200, r.body
    assert r.json()["deleted"]["tokens"] == len(stored) and r.json()["deleted"]["jobs"] >= 1
    assert not db.collection("projects").document(project).get().exists
    assert tokens_of(db, project) == [] and not db.collection("jobs").document(ticket["jobId"]).get().exists
    assert lib(client, "DELETE", f"projects/{project}", token).status == 404
    assert r.json()["deleted"]["images"] == 2
    assert [b.name for p in (f"uploads/{project}/", f"drops/{key}/") for b in bucket.list_blobs(prefix=p)] == []
    assert not db.collection("dropKeys").document(key).get().exists
    from google.api_core import exceptions as gexc

    for name in images:
        try:
            bucket.blob(name).download_as_bytes()
            raise AssertionError(f"{name} is still readable")
        except gexc.NotFound:
            pass
    gone = client.call("export", "GET", token, query={"projectId": project, "format": "css"})
    assert gone.status == 404 and gone.json()["error"]["code"] == "project_not_found"
