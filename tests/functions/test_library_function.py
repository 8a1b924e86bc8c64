"""The library function through the real functions-framework app."""
from __future__ import annotations

import pytest

from shared.domain.models import Project, Token
from tests.functions.test_http_functions import assert_error

AUTH = {"Authorization": "Bearer token-alice"}
MALLORY = {"Authorization": "Bearer token-mallory"}


@pytest.fixture
def seeded(fake):
    fake.projects.create(Project(id="p-lib", owner_uid="alice", name="Lib", token_count=2))
    fake.tokens.docs["p-lib"] = {
        "t1": Token(id="t1", project_id="p-lib", hex="#112233", name="Ink", role="text", oklch=[0.2, 0.03, 250.0]).doc(),
        "t2": Token(id="t2", project_id="p-lib", hex="#2563EB", name="Blue", role="primary",
                    oklch=[0.55, 0.2, 262.0]).doc()}
    return fake


def test_rename_round_trip_and_clash(seeded, client_for):
    c = client_for("library")
    r = c.patch("/projects/p-lib/tokens/t2", json={"name": "Royal Blue"}, headers=AUTH)
    assert r.status_code == 200, r.data
    assert r.get_json()["token"]["name"] == "Royal Blue"
    assert_error(c.patch("/projects/p-lib/tokens/t2", json={"name": "ink"}, headers=AUTH), 409, "name_taken")
    assert_error(c.patch("/projects/p-lib/tokens/nope", json={"name": "X"}, headers=AUTH), 404, "token_not_found")
    assert_error(c.patch("/projects/p-lib/tokens/t2", json={"name": "x" * 200}, headers=AUTH), 400,
                 "invalid_request")
    assert_error(c.patch("/projects/p-lib/tokens/t2", json={"name": "A", "role": "x"}, headers=AUTH), 400,
                 "invalid_request")


def test_roles_round_trip(seeded, client_for):
    r = client_for("library").patch("/projects/p-lib/roles", json={"assignments": {"t1": "primary"}}, headers=AUTH)
    assert r.status_code == 200, r.data
    assert r.get_json()["changed"] == [{"id": "t1", "role": "primary", "name": "Ink", "roleLocked": True},
                                       {"id": "t2", "role": None, "name": "Blue", "roleLocked": False}]
    assert_error(client_for("library").patch("/projects/p-lib/roles", json={"assignments": {"t1": "hero"}},
                                              headers=AUTH), 400, "invalid_role")
    assert_error(client_for("library").patch("/projects/p-lib/roles", json={"assignments": {"../x": "text"}},
                                              headers=AUTH), 400, "invalid_request")


def test_roles_rename_role_named_tokens_in_the_role_naming_style(seeded, client_for):
    seeded.settings = seeded.settings.model_copy(update={"color_names": "role"})
    seeded.tokens.docs["p-lib"]["t2"]["name"] = "primary"
    r = client_for("library").patch("/projects/p-lib/roles", json={"assignments": {"t1": "primary"}}, headers=AUTH)
    assert r.status_code == 200, r.data
    assert r.get_json()["changed"] == [{"id": "t1", "role": "primary", "name": "primary", "roleLocked": True},
                                       {"id": "t2", "role": None, "name": "blue-600", "roleLocked": False}]
    assert {t.id: t.name for t in seeded.tokens.list("p-lib")} == {"t1": "primary", "t2": "blue-600"}


def test_batch_delete_and_project_delete(seeded, client_for):
    c = client_for("library")
    r = c.post("/projects/p-lib/tokens:batchDelete", json={"tokenIds": ["t1", "zz"]}, headers=AUTH)
    assert r.status_code == 200 and r.get_json() == {"deleted": ["t1"]}
    r = c.delete("/projects/p-lib", headers=AUTH)
    assert r.status_code == 200 and r.get_json() == {"deleted": {"jobs": 0, "tokens": 1, "images": 0}}
    assert_error(c.delete("/projects/p-lib", headers=AUTH), 404, "project_not_found")


def test_auth_ownership_routes_and_methods(seeded, client_for):
    c = client_for("library")
    assert_error(c.delete("/projects/p-lib"), 401, "missing_token")
    for call in (lambda: c.delete("/projects/p-lib", headers=MALLORY),
                 lambda: c.patch("/projects/p-lib/tokens/t1", json={"name": "Mine"}, headers=MALLORY),
                 lambda: c.patch("/projects/p-lib/roles", json={"assignments": {"t1": "text"}}, headers=MALLORY),
                 lambda: c.post("/projects/p-lib/tokens:batchDelete", json={"tokenIds": ["t1"]}, headers=MALLORY)):
        assert_error(call(), 404, "project_not_found")
    assert len(seeded.tokens.list("p-lib")) == 2
    assert_error(c.patch("/elsewhere", json={}, headers=AUTH), 404, "route_not_found")
    assert_error(c.post("/projects/p-lib", json={}, headers=AUTH), 405, "method_not_allowed")
    assert_error(c.get("/projects/p-lib", headers=AUTH), 405, "method_not_allowed")
    assert_error(c.post("/projects/p-lib/tokens:batchDelete", json={"tokenIds": ["t"] * 401}, headers=AUTH), 400,
                 "invalid_request")
    pre = c.open("/projects/p-lib", method="OPTIONS", headers={"Origin": "https://app.example"})
    assert pre.status_code == 204 and "PATCH" in pre.headers["Access-Control-Allow-Methods"]


def test_per_user_rate_limit_counts_after_auth_and_before_the_library(seeded, client_for):
    seeded.settings = seeded.settings.__class__(**{**seeded.settings.__dict__, "rate_library_per_min": 2})
    c = client_for("library")
    assert_error(c.delete("/projects/p-lib"), 401, "missing_token")  # not counted: nobody to count it for
    assert c.patch("/projects/p-lib/tokens/t2", json={"name": "Sea"}, headers=AUTH).status_code == 200
    assert_error(c.patch("/nowhere", json={}, headers=AUTH), 404, "route_not_found")  # an attempt all the same
    commits = seeded.library.commits
    r = c.patch("/projects/p-lib/tokens/t2", json={"name": "Sky"}, headers=AUTH)
    assert_error(r, 429, "rate_limited")
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    assert seeded.library.commits == commits and seeded.tokens.docs["p-lib"]["t2"]["name"] == "Sea"
    assert_error(c.delete("/projects/p-lib"), 401, "missing_token")  # authentication still comes first
    # Another user has their own allowance (and gets the usual 404); the next minute gives a fresh one.
    assert_error(c.delete("/projects/p-lib", headers=MALLORY), 404, "project_not_found")
    seeded.clock.advance(seconds=60)
    assert c.patch("/projects/p-lib/tokens/t2", json={"name": "Sky"}, headers=AUTH).status_code == 200
