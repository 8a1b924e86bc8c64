"""infra/firestore.rules on Google's Firestore emulator (started here with the rules loaded), driven
over REST as the web app would be, with ID tokens from the Auth emulator.

The web app may read its own projects, tokens, jobs and per-user cost summaries and write nothing;
everything else is server-only. Data is seeded with the emulator's admin bearer ("owner"), which
bypasses rules just as the server SDKs' IAM access does in production.
"""
from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from shared.localstack.client import StackClient, request
from shared.localstack.supervisor import http_ok
from shared.localstack.tools import firestore_jar_launcher

RULES = Path(__file__).resolve().parents[2] / "infra" / "firestore.rules"
PROJECT = "demo-copythat-rules"


@pytest.fixture(scope="module")
def rules_db(stack):
    jar = firestore_jar_launcher()
    if jar is None:
        pytest.skip("Google's Firestore emulator is not installed: the stand-in (firestore_server.py) has no rules engine")
    port = stack.layout.base_port + 30
    stack.sup.start("firestore-rules", [str(jar), "start", "--host=127.0.0.1", f"--port={port}",
                                        f"--project_id={PROJECT}", f"--rules={RULES}"],
                    ready=lambda: http_ok(f"http://127.0.0.1:{port}/", "Ok"), timeout_s=60)
    return f"http://127.0.0.1:{port}/v1/projects/{PROJECT}/databases/(default)/documents"


def _fields(doc: dict) -> dict:
    def value(v):
        if isinstance(v, bool):
            return {"booleanValue": v}
        if isinstance(v, (int, float)):
            return {"doubleValue": v}
        if isinstance(v, dict):
            return {"mapValue": _fields(v)}
        return {"stringValue": str(v)}
    return {"fields": {k: value(v) for k, v in doc.items()}}


def _call(method: str, url: str, token: str | None, body: dict | None = None) -> int:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return request(method, url, body=json.dumps(body).encode() if body is not None else None, headers=headers).status


def _seed(base: str, path: str, doc: dict) -> None:
    assert _call("PATCH", f"{base}/{path}", "owner", _fields(doc)) == 200


def _query(base: str, token: str | None, collection: str, owner: str | None) -> int:
    q: dict = {"from": [{"collectionId": collection}]}
    if owner is not None:
        q["where"] = {"fieldFilter": {"field": {"fieldPath": "ownerUid"}, "op": "EQUAL",
                                      "value": {"stringValue": owner}}}
    return _call("POST", f"{base}:runQuery", token, {"structuredQuery": q})


def test_owner_reads_own_documents_and_nobody_writes(stack, rules_db):
    client = StackClient(stack.layout)
    alice, alice_token = client.sign_up(f"rules-a-{uuid.uuid4().hex[:6]}@example.com")
    bob, bob_token = client.sign_up(f"rules-b-{uuid.uuid4().hex[:6]}@example.com")
    p, j = "p-" + uuid.uuid4().hex[:8], "j-" + uuid.uuid4().hex[:8]
    base = rules_db
    _seed(base, f"projects/{p}", {"ownerUid": alice, "name": "A"})
    _seed(base, f"projects/{p}/tokens/t1", {"hex": "#112233", "name": "Ink"})
    # A check job: its drift report is the owner's to read like any job field (issue 19).
    _seed(base, f"jobs/{j}", {"ownerUid": alice, "projectId": p, "status": "done", "purpose": "check",
                              "drift": {"offShare": 0.012, "score": 98.8, "summary": "1 off-token color"}})
    _seed(base, f"costRollups/2026-11-25_user_{alice}", {"uid": alice, "usd": 0.01})
    _seed(base, "costRollups/2026-11-25", {"usd": 1.0})
    _seed(base, f"costRecords/r-{j}", {"uid": alice, "usd": 0.001})
    _seed(base, "extractions/k1", {"provider": "anthropic"})
    _seed(base, f"dropKeys/dk_{j}", {"ownerUid": alice, "projectId": p})
    _seed(base, f"quarantine/q-{j}", {"object": f"drops/{p}/a.png", "prefix": p})

    matrix = {
        "get own project": (_call("GET", f"{base}/projects/{p}", alice_token), 200),
        "get another's project": (_call("GET", f"{base}/projects/{p}", bob_token), 403),
        "get project signed out": (_call("GET", f"{base}/projects/{p}", None), 403),
        "get own token": (_call("GET", f"{base}/projects/{p}/tokens/t1", alice_token), 200),
        "get another's token": (_call("GET", f"{base}/projects/{p}/tokens/t1", bob_token), 403),
        "list own project's tokens": (_call("GET", f"{base}/projects/{p}/tokens", alice_token), 200),
        "list another's tokens": (_call("GET", f"{base}/projects/{p}/tokens", bob_token), 403),
        "get own job": (_call("GET", f"{base}/jobs/{j}", alice_token), 200),
        "get another's job": (_call("GET", f"{base}/jobs/{j}", bob_token), 403),
        "query own jobs": (_query(base, alice_token, "jobs", alice), 200),
        "query all jobs": (_query(base, alice_token, "jobs", None), 403),
        "query another's jobs": (_query(base, alice_token, "jobs", bob), 403),
        "get own cost summary": (_call("GET", f"{base}/costRollups/2026-11-25_user_{alice}", alice_token), 200),
        "get global roll-up": (_call("GET", f"{base}/costRollups/2026-11-25", alice_token), 403),
        "get raw cost record": (_call("GET", f"{base}/costRecords/r-{j}", alice_token), 403),
        "get AI cache entry": (_call("GET", f"{base}/extractions/k1", alice_token), 403),
        "get own drop key": (_call("GET", f"{base}/dropKeys/dk_{j}", alice_token), 403),
        "list drop keys": (_call("GET", f"{base}/dropKeys", alice_token), 403),
        "get quarantined drop": (_call("GET", f"{base}/quarantine/q-{j}", alice_token), 403),
        "make a drop key": (_call("PATCH", f"{base}/dropKeys/dk_new-{uuid.uuid4().hex[:6]}", alice_token,
                                  _fields({"ownerUid": alice, "projectId": p})), 403),
        "update own project": (_call("PATCH", f"{base}/projects/{p}", alice_token, _fields({"name": "x"})), 403),
        "create a job": (_call("PATCH", f"{base}/jobs/j-new-{uuid.uuid4().hex[:6]}", alice_token,
                               _fields({"ownerUid": alice})), 403),
        "write own token": (_call("PATCH", f"{base}/projects/{p}/tokens/t1", alice_token,
                                  _fields({"hex": "#000000"})), 403),
        "delete own job": (_call("DELETE", f"{base}/jobs/{j}", alice_token), 403),
        "create own user profile": (_call("PATCH", f"{base}/users/{alice}", alice_token,
                                          _fields({"plan": "pro"})), 403),
    }
    print("\nFirestore rules matrix (case: got / expected)")
    for case, (got, want) in matrix.items():
        print(f"  {case:<28} {got} / {want}")
    assert {c: g for c, (g, _) in matrix.items()} == {c: w for c, (_, w) in matrix.items()}
    del bob
