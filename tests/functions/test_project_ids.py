"""Issue 17 item 2: project ids are the server's, and createProject says nothing about which ids exist."""
from __future__ import annotations

import re

from shared.domain.models import Project
from tests.functions.test_http_functions import assert_error

AUTH = {"Authorization": "Bearer token-alice"}
SERVER_ID = re.compile(r"p_[a-z2-7]{20}")


def test_created_projects_get_unguessable_server_ids(fake, client_for):
    c = client_for("upload")
    made = set()
    for _ in range(3):
        r = c.post("/", json={"createProject": True, "projectName": "Brand", "contentType": "image/png", "size": 10},
                   headers=AUTH)
        assert r.status_code == 201, r.data
        made.add(r.get_json()["projectId"])
    assert len(made) == 3 and all(SERVER_ID.fullmatch(p) for p in made), made
    assert {fake.projects.get(p).owner_uid for p in made} == {"alice"}


def test_create_project_is_no_oracle_for_which_ids_exist(fake, client_for):
    """Someone else's id and a free id get the same answer; neither becomes the caller's project."""
    fake.projects.create(Project(id="marketing", owner_uid="bob", name="Marketing"))
    c = client_for("upload")
    answers = []
    for taken_or_free in ("marketing", "free-name-1"):
        for body in ({"contentType": "image/png", "size": 10}, {"imageBase64": "aGk="}):
            r = c.post("/", json={"projectId": taken_or_free, "createProject": True, **body}, headers=AUTH)
            answers.append((r.status_code, (r.get_json().get("error") or {}).get("code")))
    assert len(set(answers)) == 1 and answers[0] == (400, "invalid_options"), answers
    assert fake.projects.get("free-name-1") is None and not fake.jobs.docs


def test_a_project_with_a_client_chosen_id_keeps_working(fake, client_for):
    fake.projects.create(Project(id="legacy-brand", owner_uid="alice", name="Old"))
    r = client_for("upload").post("/", json={"projectId": "legacy-brand", "contentType": "image/png", "size": 10},
                                  headers=AUTH)
    assert r.status_code == 201 and r.get_json()["projectId"] == "legacy-brand"
    # Someone else's and an absent one: the same 404.
    for pid in ("legacy-brand", "nope-brand"):
        assert_error(client_for("upload").post("/", json={"projectId": pid, "contentType": "image/png", "size": 10},
                                               headers={"Authorization": "Bearer token-mallory"}),
                     404, "project_not_found")


MALLORY = {"Authorization": "Bearer token-mallory"}


def test_drop_keys_through_library_create_list_revoke(fake, client_for):
    fake.own_project("brand")
    c = client_for("library")
    made = c.post("/projects/brand/dropKeys", headers=AUTH)
    assert made.status_code == 201, made.data
    key = made.get_json()["dropKey"]
    assert re.fullmatch(r"dk_[a-z2-7]{26}", key["key"]) and key["prefix"] == f"drops/{key['key']}/"
    assert key["projectId"] == "brand"
    listed = c.get("/projects/brand/dropKeys", headers=AUTH)
    assert listed.status_code == 200 and [k["key"] for k in listed.get_json()["dropKeys"]] == [key["key"]]
    # A stranger: 404 on every verb, like a project that does not exist.
    for r in (c.post("/projects/brand/dropKeys", headers=MALLORY), c.get("/projects/brand/dropKeys", headers=MALLORY),
              c.delete(f"/projects/brand/dropKeys/{key['key']}", headers=MALLORY),
              c.get("/projects/nope-brand/dropKeys", headers=AUTH)):
        assert_error(r, 404, "project_not_found")
    revoked = c.delete(f"/projects/brand/dropKeys/{key['key']}", headers=AUTH)
    assert revoked.status_code == 200 and revoked.get_json() == {"revoked": key["key"]}
    assert_error(c.delete(f"/projects/brand/dropKeys/{key['key']}", headers=AUTH), 404, "drop_key_not_found")
    assert c.get("/projects/brand/dropKeys", headers=AUTH).get_json() == {"dropKeys": []}
    assert_error(c.put("/projects/brand/dropKeys", headers=AUTH), 405, "method_not_allowed")


def test_deleting_a_project_deletes_its_drop_keys_and_the_images_under_them(fake, client_for):
    fake.own_project("brand")
    c = client_for("library")
    key = c.post("/projects/brand/dropKeys", headers=AUTH).get_json()["dropKey"]["key"]
    for name in (f"drops/{key}/a.png", f"drops/{key}/deep/b.png", "uploads/brand/j1", "drops/other-key/c.png"):
        fake.objects.put("uploads", name, b"x", "image/png")
    r = c.delete("/projects/brand", headers=AUTH)
    assert r.status_code == 200 and r.get_json()["deleted"]["images"] == 3
    assert not fake.drop_keys.docs and [n for _b, n in fake.objects.blobs] == ["drops/other-key/c.png"]
