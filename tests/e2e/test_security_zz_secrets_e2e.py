"""Runs last among the e2e modules (the name sorts last): after the other tests have driven the
stack — including AI jobs that read the provider keys from Secret Manager and sent them to the fake
providers — nothing the stack logged, no function process's environment and no file in the state
folder holds a test secret's value (plain, base64 or URL-encoded)."""
from __future__ import annotations

import base64
import os
import urllib.parse
import uuid
from pathlib import Path

from shared.localstack.client import StackClient
from tests.conftest import TEST_SECRETS
from tests.e2e.test_pipeline_e2e import wait_for_job
from tests.support import ui_png


def _forms(value: str) -> set[bytes]:
    raw = value.encode()
    return {raw, base64.b64encode(raw), base64.urlsafe_b64encode(raw), urllib.parse.quote(value).encode(),
            raw[::-1]}


def find_secrets(paths, secrets: dict[str, str]) -> list[tuple[str, str]]:
    """(path, secret name) for every file that holds any form of a secret value."""
    hits = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError:
            continue
        for name, value in secrets.items():
            if any(form in data for form in _forms(value)):
                hits.append((str(path), name))
    return hits


def test_the_scanner_finds_a_planted_secret(tmp_path):
    log = tmp_path / "fn-x.log"
    log.write_text('{"severity":"INFO","message":"calling","key":"' + TEST_SECRETS["openai-api-key"] + '"}\n')
    enc = tmp_path / "fn-y.log"
    enc.write_bytes(b"auth " + base64.b64encode(TEST_SECRETS["anthropic-api-key"].encode()))
    clean = tmp_path / "fn-z.log"
    clean.write_text("nothing to see")
    assert sorted(find_secrets([log, enc, clean], TEST_SECRETS)) == [
        (str(log), "openai-api-key"), (str(enc), "anthropic-api-key")]


def test_no_secret_in_logs_env_or_state_files(stack, fake_ai):
    # Make sure the keys were really used in this session: one AI job (fake Claude) end to end.
    from google.cloud import firestore

    for fake in fake_ai.values():
        fake.set_mode("valid")
    client = StackClient(stack.layout)
    _, token = client.sign_up(f"secrets-{uuid.uuid4().hex[:8]}@example.com")
    img = ui_png(("#FDF4FF", "#A21CAF", "#1E1B4B"), size=(251 + uuid.uuid4().int % 50, 163))  # no cache hit
    ticket = client.start_upload(token, img, "image/png", createProject=True, strategy="quality")
    job = wait_for_job(firestore.Client(project=stack.layout.project), ticket["jobId"])
    assert job["status"] == "done", job.get("error")
    assert job.get("provider") not in (None, "pixels"), job.get("provider")  # a provider was called with a key

    logs = sorted(stack.layout.logs_dir.glob("*.log"))
    assert len(logs) >= 6, logs
    total = sum(p.stat().st_size for p in logs)
    hits = find_secrets(logs, TEST_SECRETS)
    # Every function process's environment (secrets come only from Secret Manager at run time).
    env_hits = []
    for proc in stack.sup.procs:
        try:
            environ = Path(f"/proc/{proc.popen.pid}/environ").read_bytes()
        except OSError:
            continue
        env_hits += [(proc.name, n) for n, v in TEST_SECRETS.items() if v.encode() in environ]
    assert not any(v in os.environ.get(k, "") for k in os.environ for v in TEST_SECRETS.values())
    # Files in the state folder outside the installed tools.
    state_files = [p for p in stack.layout.state_dir.rglob("*") if p.is_file() and "tools" not in p.parts and "logs" not in p.parts
                   and p.stat().st_size < 20 * 1024 * 1024]
    file_hits = find_secrets(state_files, TEST_SECRETS)
    print(f"\n[secret scan] {len(logs)} log files ({total} bytes), {len(stack.sup.procs)} process environments, "
          f"{len(state_files)} state files scanned for {len(TEST_SECRETS)} secrets: "
          f"{len(hits) + len(env_hits) + len(file_hits)} hits")
    assert not hits, hits
    assert not env_hits, env_hits
    assert not file_hits, file_hits
