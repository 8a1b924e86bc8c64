"""The authorization matrix on the running stack: every HTTPS endpoint (upload, export, library,
usage) × {no token,
malformed, expired, wrong audience, revoked, another user's resource, valid} → exactly the expected
status and code. Tokens are the Auth emulator's own (unsigned, accepted only in emulator mode);
expired / wrong-audience variants are re-encoded from a real one, revocation goes through the
Admin SDK. The task endpoints run relaxed on the stack: their matrix is in
tests/functions/test_security_task_endpoints.py with a production-configured container.

The matrix is printed (pytest -s) and written to <state_dir>/reports/security_matrix.txt."""
from __future__ import annotations

import base64
import json
import time
import uuid

import pytest

from shared.localstack.client import StackClient, request
from tests.e2e.test_pipeline_e2e import wait_for_job
from tests.support import ui_png

LEAKS = ("Traceback", 'File "', ".py", "site-packages", "Error'", "Exception", "demo-copythat", "sk-ant-",
         "sk-openai-", "/work/", "firebase_admin", "google.")


def _b64(obj: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


def _claims(token: str) -> tuple[dict, dict]:
    head, payload = (json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4))) for p in token.split(".")[:2])
    return head, payload


def _reencode(token: str, **changes) -> str:
    head, payload = _claims(token)
    assert head["alg"] == "none"  # emulator tokens are unsigned
    return f"{_b64(head)}.{_b64({**payload, **changes})}."


def _sign_in(layout, email: str, password: str = "copythat-demo") -> str:
    url = (f"http://127.0.0.1:{layout.auth_port}/identitytoolkit.googleapis.com/v1/"
           f"accounts:signInWithPassword?key=local-api-key")
    res = request("POST", url, body=json.dumps({"email": email, "password": password,
                                                "returnSecureToken": True}).encode(),
                  headers={"Content-Type": "application/json"})
    assert res.status == 200, res.body
    return res.json()["idToken"]


@pytest.fixture(scope="module")
def world(stack):
    import firebase_admin
    from firebase_admin import auth
    from google.cloud import firestore

    client = StackClient(stack.layout)
    db = firestore.Client(project=stack.layout.project)
    suffix = uuid.uuid4().hex[:8]
    owner_uid, owner = client.sign_up(f"owner-{suffix}@example.com")
    _, stranger = client.sign_up(f"stranger-{suffix}@example.com")
    revoked_email = f"revoked-{suffix}@example.com"
    revoked_uid, revoked = client.sign_up(revoked_email)
    # The owner's project with a library, so that a valid export is a 200.
    res = client.call("upload", "POST", owner, json_body={
        "createProject": True, "strategy": "pixels",
        "imageBase64": base64.b64encode(ui_png()).decode()})
    assert res.status == 202, res.body
    project = res.json()["projectId"]
    assert wait_for_job(db, res.json()["jobId"])["status"] == "done"
    token_id = next(iter(db.collection("projects").document(project).collection("tokens").limit(1).stream())).id
    time.sleep(1.1)  # revocation compares whole seconds: the old token must be strictly older
    try:
        app = firebase_admin.get_app("security-e2e")
    except ValueError:
        app = firebase_admin.initialize_app(options={"projectId": stack.layout.project}, name="security-e2e")
    auth.revoke_refresh_tokens(revoked_uid, app=app)
    time.sleep(1.1)
    fresh_after_revoke = _sign_in(stack.layout, revoked_email)
    issued = _claims(owner)[1]["iat"]  # same iat/auth_time (not revoked), an exp already past
    time.sleep(max(0.0, issued + 7 - time.time()))  # past exp + the 5 s clock-skew allowance
    tokens = {
        "no token": None,
        "malformed": "not-a-jwt",
        "expired": _reencode(owner, exp=issued + 1),
        "wrong audience": _reencode(owner, aud="another-project"),
        "revoked": revoked,
        "another user's resource": stranger,
        "valid": owner,
    }
    return {"client": client, "project": project, "token_id": token_id, "tokens": tokens, "fresh_after_revoke": fresh_after_revoke,
            "layout": stack.layout, "owner_uid": owner_uid}


ENDPOINTS = ("upload", "export", "library", "usage")
_SAME = {"no token": (401, "missing_token"), "malformed": (401, "invalid_token"), "expired": (401, "token_expired"),
         "wrong audience": (401, "invalid_token"), "revoked": (401, "token_revoked")}
EXPECTED = {  # case → endpoint → (status, code)
    **{case: dict.fromkeys(ENDPOINTS, want) for case, want in _SAME.items()},
    # usage addresses no resource: a stranger can only ever read their own (empty) usage.
    "another user's resource": {"upload": (404, "project_not_found"), "export": (404, "project_not_found"),
                                "library": (404, "project_not_found"), "usage": (200, None)},
    "valid": {"upload": (201, None), "export": (200, None), "library": (200, None), "usage": (200, None)},
}
AFTER_REVOKE = {"upload": 404, "export": 404, "library": 404, "usage": 200}


def _call(world, endpoint: str, token: str | None):
    c, project = world["client"], world["project"]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if endpoint == "library":
        url = c.layout.function_url("library").rstrip("/") + f"/projects/{project}/tokens/{world['token_id']}"
        return request("PATCH", url, body=json.dumps({"name": "Security Blue"}).encode(),
                       headers={**headers, "Content-Type": "application/json"})
    if endpoint == "usage":
        return c.call("usage", "GET", token)
    if endpoint == "upload":
        return c.call("upload", "POST", token, json_body={"projectId": project, "contentType": "image/png",
                                                          "size": 1000})
    return c.call("export", "GET", token, query={"projectId": project, "format": "css"})


def test_authorization_matrix(world):
    matrix, failures = {}, []
    for case, token in world["tokens"].items():
        for endpoint in ENDPOINTS:
            res = _call(world, endpoint, token)
            status, code = EXPECTED[case][endpoint]
            got_code = res.json()["error"]["code"] if res.status >= 400 else None
            matrix[(endpoint, case)] = f"{res.status}" + (f" {got_code}" if got_code else "")
            if (res.status, got_code) != (status, code):
                failures.append((endpoint, case, res.status, res.body[:200]))
            assert res.headers.get("X-Content-Type-Options") == "nosniff"
            assert res.headers.get("X-Frame-Options") == "DENY" and res.headers.get("X-Request-Id")
            if res.status >= 400:
                err = res.json()["error"]
                assert set(err) <= {"code", "message", "requestId", "details"} and err["requestId"]
                assert not [m for m in LEAKS if m in res.body.decode()], res.body
                if res.status == 401:
                    assert res.headers.get("WWW-Authenticate", "").startswith("Bearer")
    # Revocation is not permanent: signing in again gives a working token.
    for endpoint in ENDPOINTS:
        res = _call(world, endpoint, world["fresh_after_revoke"])
        matrix[(endpoint, "signed in again after revoke")] = str(res.status)
        assert res.status == AFTER_REVOKE[endpoint]  # a valid identity again; the project is still not theirs
    heads = ("upload (POST)", "export (GET)", "library (PATCH)", "usage (GET)")
    lines = [f"{'case':<30} " + " ".join(f"{h:<24}" for h in heads)]
    for case in list(world["tokens"]) + ["signed in again after revoke"]:
        lines.append(f"{case:<30} " + " ".join(f"{matrix[(e, case)]:<24}" for e in ENDPOINTS))
    table = "\n".join(lines)
    print("\n[authorization matrix on the stack]\n" + table)
    out = world["layout"].state_dir / "reports"
    out.mkdir(parents=True, exist_ok=True)
    (out / "security_matrix.txt").write_text(table + "\n")
    assert not failures, failures


def test_cors_and_headers_on_the_running_functions(world):
    c = world["client"]
    for fn in ENDPOINTS:
        pre = c.call(fn, "OPTIONS", None, headers={"Origin": "https://evil.example",
                                                   "Access-Control-Request-Method": "POST"})
        assert pre.status == 403 and "Access-Control-Allow-Origin" not in pre.headers
        assert pre.json()["error"]["code"] == "origin_not_allowed"
        assert pre.headers.get("Content-Security-Policy") == "default-src 'none'; frame-ancestors 'none'"
    ok = _call(world, "export", world["tokens"]["valid"])
    again = c.call("export", "GET", world["tokens"]["valid"], query={"projectId": world["project"], "format": "css"},
                   headers={"If-None-Match": ok.headers["ETag"]})
    assert again.status == 304 and again.headers.get("X-Content-Type-Options") == "nosniff"
    assert again.headers.get("Strict-Transport-Security")
