"""Typed tokens through the whole stack: a screenshot with text gives font families, weights and
typography tokens with their evidence; the library edits them per type; tokenTypes chooses what is
extracted; an image without text gives no typography and says so on the job."""
from __future__ import annotations

import uuid

from shared.localstack.sample import sample_png
from tests.e2e.test_library_e2e import lib
from tests.e2e.test_pipeline_e2e import tokens_of, wait_for_job
from tests.support import ui_png


def _upload(client, token, data, **options):
    """A new project (its id is the server's: the job document names it) with this image's job."""
    ticket = client.start_upload(token, data, "image/png", createProject=True, strategy="pixels", **options)
    return ticket["jobId"]


def test_a_screenshot_with_text_gives_typed_tokens_that_the_library_edits(client, db):
    _, token = client.sign_up(f"typo-{uuid.uuid4().hex[:8]}@example.com")
    job = wait_for_job(db, _upload(client, token, sample_png()))
    project = job["projectId"]
    assert job["status"] == "done", job.get("error")
    assert job["tokenTypes"] == ["color", "typography", "spacing", "radius", "shadow"]
    styles = job["typography"]["styles"]
    assert styles and all(s["fontSize"] > 0 and s["boxes"] for s in styles)
    assert job["typography"]["devicePixelRatio"] == 1.0

    families, weights = tokens_of(db, project, "fontFamily"), tokens_of(db, project, "fontWeight")
    texts = tokens_of(db, project, "typography")
    assert families and weights and texts and tokens_of(db, project, "color")
    assert {w["value"]["value"] for w in weights} == {s["fontWeight"] for s in styles}
    body = next(t for t in texts if t.get("role") == "body")
    assert body["group"] == "typography" and body["value"]["fontSize"]["unit"] == "px"
    evidence = body["provenance"]["evidence"][0]
    assert evidence["image"] == job["source"]["sha256"] and evidence["boxes"][0]["w"] > 0
    assert set(job["tokenIds"]) >= {t["id"] for t in texts}

    # Rename a text style; give "body" to another text style (the old holder loses it); a color
    # role on a text style is refused.
    other = next(t for t in texts if t["id"] != body["id"])
    r = lib(client, "PATCH", f"projects/{project}/tokens/{body['id']}", token, {"name": "Paragraph"})
    assert r.status == 200 and r.json()["token"]["name"] == "Paragraph"
    r = lib(client, "PATCH", f"projects/{project}/roles", token, {"assignments": {other["id"]: "body"}})
    assert r.status == 200, r.body
    now = {t["id"]: t for t in tokens_of(db, project, "typography")}
    assert now[other["id"]]["role"] == "body" and now[body["id"]].get("role") is None
    r = lib(client, "PATCH", f"projects/{project}/roles", token, {"assignments": {other["id"]: "primary"}})
    assert r.status == 400 and r.json()["error"]["code"] == "invalid_role"

    # Deleting a text style leaves the rest of the library.
    r = lib(client, "POST", f"projects/{project}/tokens:batchDelete", token, {"tokenIds": [body["id"]]})
    assert r.status == 200 and body["id"] not in {t["id"] for t in tokens_of(db, project, "typography")}


def test_token_types_choose_what_is_extracted(client, db):
    _, token = client.sign_up(f"typo-t-{uuid.uuid4().hex[:8]}@example.com")
    job = wait_for_job(db, _upload(client, token, sample_png(), tokenTypes=["color"]))
    colors_only = job["projectId"]
    assert job["status"] == "done" and "typography" not in job
    assert tokens_of(db, colors_only) and not tokens_of(db, colors_only, "typography")
    job = wait_for_job(db, _upload(client, token, sample_png(), tokenTypes=["typography"]))
    text_only = job["projectId"]
    assert job["status"] == "done" and job["palette"] == [] and job["typography"]["styles"]
    assert not tokens_of(db, text_only) and tokens_of(db, text_only, "typography")
    bad = client.call("upload", "POST", token, json_body={"projectId": text_only, "contentType": "image/png",
                                                          "size": 100, "tokenTypes": ["spacing-grid"]})
    assert bad.status == 400 and bad.json()["error"]["code"] == "invalid_request"


def test_an_image_without_text_gives_no_typography_and_says_so(client, db):
    _, token = client.sign_up(f"typo-n-{uuid.uuid4().hex[:8]}@example.com")
    job = wait_for_job(db, _upload(client, token, ui_png(size=(640, 400))))
    project = job["projectId"]
    assert job["status"] == "done" and job["typography"]["styles"] == []
    assert "no text found: no typography tokens" in job["notes"]
    assert tokens_of(db, project) and not tokens_of(db, project, "typography")
    assert not tokens_of(db, project, "fontFamily") and not tokens_of(db, project, "fontWeight")
