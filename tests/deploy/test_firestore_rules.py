"""infra/firestore.rules on Google's Firestore emulator: owners read their own projects, tokens, jobs,
per-user roll-ups and profile; nobody else reads them; server-only collections stay unreadable; no
client write succeeds anywhere. (The functions use IAM, which rules do not apply to.)"""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from shared.localstack import tools as stack_tools

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "demo-copythat-rules"
ALICE, BOB = "alice-uid", "bob-uid"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _id_token(uid: str) -> str:
    """An unsigned Firebase ID token, as the emulator accepts (never valid in production)."""

    def b64(obj) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    now = int(time.time())
    claims = {
        "iss": f"https://securetoken.google.com/{PROJECT}",
        "aud": PROJECT,
        "sub": uid,
        "user_id": uid,
        "iat": now,
        "exp": now + 3600,
        "auth_time": now,
        "firebase": {"sign_in_provider": "password"},
    }
    return f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."


class Emulator:
    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.docs = f"{self.base}/v1/projects/{PROJECT}/databases/(default)/documents"

    def call(self, method: str, url: str, body=None, uid: str | None = None, admin: bool = False) -> int:
        headers = {"Content-Type": "application/json"}
        if admin:
            headers["Authorization"] = "Bearer owner"
        elif uid:
            headers["Authorization"] = f"Bearer {_id_token(uid)}"
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                resp.read()
                return resp.status
        except urllib.error.HTTPError as err:
            return err.code

    def put(self, path: str, fields: dict, **who) -> int:
        doc = {"fields": {k: {"stringValue": v} for k, v in fields.items()}}
        return self.call("PATCH", f"{self.docs}/{path}", doc, **who)

    def get(self, path: str, **who) -> int:
        return self.call("GET", f"{self.docs}/{path}", **who)

    def query(self, parent: str, collection: str, where: dict | None, **who) -> int:
        q: dict = {"from": [{"collectionId": collection}]}
        if where:
            ((field, value),) = where.items()
            q["where"] = {
                "fieldFilter": {"field": {"fieldPath": field}, "op": "EQUAL", "value": {"stringValue": value}}
            }
        url = f"{self.docs}{'/' + parent if parent else ''}:runQuery"
        return self.call("POST", url, {"structuredQuery": q}, **who)


def _stop_group(proc: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 15)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
            time.sleep(0.5)  # let the java child follow its group's signal
        except subprocess.TimeoutExpired:
            continue
    try:  # anything of the group still alive (the java child) gets KILL
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    launcher = stack_tools.firestore_jar_launcher()
    if launcher is None:
        pytest.skip(
            "Google's Firestore emulator (google-cloud-cli-firestore-emulator) is not installed: "
            "the stand-in (shared/localstack/firestore_server.py) does not evaluate security rules"
        )
    port = _free_port()
    # The emulator logs every denied request: to a file, never to an unread pipe (it would fill and
    # block the emulator).
    log_path = tmp_path_factory.mktemp("firestore-emulator") / "emulator.log"
    log = open(log_path, "wb")
    # Its own process group: the launcher is a shell script whose java child must go with it.
    proc = subprocess.Popen(
        [str(launcher), "start", "--host=127.0.0.1", f"--port={port}", f"--project_id={PROJECT}"],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    emu = Emulator(port)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, log_path.read_text(errors="replace")[-3000:]
            try:
                with urllib.request.urlopen(emu.base + "/", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the Firestore emulator did not start in 90 s"
            time.sleep(0.5)
        rules = (ROOT / "infra" / "firestore.rules").read_text()
        status = emu.call(
            "PUT",
            f"{emu.base}/emulator/v1/projects/{PROJECT}:securityRules",
            {"rules": {"files": [{"name": "firestore.rules", "content": rules}]}},
        )
        assert status == 200, "the emulator refused the rules (syntax error?)"
        seed = {
            "projects/p1": {"ownerUid": ALICE, "name": "Alice's"},
            "projects/p1/tokens/t1": {"projectId": "p1", "hex": "#112233"},  # written before typed tokens
            "projects/p1/tokens/t2": {"projectId": "p1", "type": "typography", "name": "Body"},
            "projects/p2/tokens/t3": {"projectId": "p2", "type": "typography", "name": "Body"},
            "projects/p2": {"ownerUid": BOB, "name": "Bob's"},
            "jobs/j1": {"ownerUid": ALICE, "projectId": "p1", "status": "done"},
            "jobs/j2": {"ownerUid": BOB, "projectId": "p2", "status": "done"},
            "costRollups/2026-01-01_uid_alice": {"uid": ALICE, "day": "2026-01-01"},
            "costRollups/2026-01-01": {"day": "2026-01-01"},
            "costRecords/c1": {"uid": ALICE, "day": "2026-01-01"},
            f"users/{ALICE}": {"plan": "free"},
            "events/e1": {"kind": "storage"},
            "extractions/x1": {"model": "m"},
            f"aiBudgetHolds/{ALICE}/holds/h1": {"usd": 0.001},
            "dropKeys/dk_k1": {"ownerUid": ALICE, "projectId": "p1"},
            "quarantine/q1": {"object": "drops/p1/a.png", "prefix": "p1"},
        }
        for path, fields in seed.items():
            assert emu.put(path, fields, admin=True) == 200, path
        yield emu
    finally:
        _stop_group(proc)
        log.close()


OWNED = [
    "projects/p1",
    "projects/p1/tokens/t1",
    "jobs/j1",
    "costRollups/2026-01-01_uid_alice",
    f"users/{ALICE}",
]
# aiBudgetHolds/{uid} is named after the user, but their holds are the server's bookkeeping: not theirs to read.
SERVER_ONLY = ["costRecords/c1", "events/e1", "extractions/x1", "costRollups/2026-01-01",
               f"aiBudgetHolds/{ALICE}/holds/h1",
               # A drop key names its owner, but it is a credential: server-only (issue 17).
               "dropKeys/dk_k1", "quarantine/q1"]


@pytest.mark.parametrize("path", OWNED)
def test_owner_reads_their_documents(emulator, path):
    assert emulator.get(path, uid=ALICE) == 200


@pytest.mark.parametrize("path", OWNED)
def test_others_and_anonymous_cannot(emulator, path):
    assert emulator.get(path, uid=BOB) == 403
    assert emulator.get(path) == 403


@pytest.mark.parametrize("path", SERVER_ONLY)
def test_server_only_collections_are_unreadable(emulator, path):
    assert emulator.get(path, uid=ALICE) == 403


def test_list_queries_must_be_scoped_to_the_owner(emulator):
    assert emulator.query("", "jobs", {"ownerUid": ALICE}, uid=ALICE) == 200
    assert emulator.query("", "projects", {"ownerUid": ALICE}, uid=ALICE) == 200
    assert emulator.query("", "jobs", None, uid=ALICE) == 403
    assert emulator.query("", "jobs", {"ownerUid": BOB}, uid=ALICE) == 403
    assert emulator.query("projects/p1", "tokens", None, uid=ALICE) == 200
    assert emulator.query("projects/p2", "tokens", None, uid=ALICE) == 403
    # Tokens of one type (what the web app lists per section): the same rule, whatever the type.
    assert emulator.query("projects/p1", "tokens", {"type": "typography"}, uid=ALICE) == 200
    assert emulator.query("projects/p2", "tokens", {"type": "typography"}, uid=ALICE) == 403


@pytest.mark.parametrize(
    "path",
    [
        "projects/p1",
        "projects/p1/tokens/t9",
        "jobs/j1",
        "jobs/new",
        f"users/{ALICE}",
        "costRecords/c9",
        "costRollups/x",
        "events/e9",
        "extractions/x9",
        "dropKeys/dk_mine",
        "quarantine/q9",
        "anything/else",
    ],
)
def test_no_client_writes(emulator, path):
    assert emulator.put(path, {"ownerUid": ALICE, "uid": ALICE}, uid=ALICE) == 403
    assert emulator.call("DELETE", f"{emulator.docs}/{path}", uid=ALICE) == 403
