"""The documented Firestore fallback (npm @firestore-emulator/server, for machines without Google's
emulator) starts from the stack's launcher and serves the official client."""
from __future__ import annotations

import subprocess

from shared.localstack import tools
from shared.localstack.supervisor import port_open


def test_the_node_fallback_serves_the_official_client(stack, monkeypatch):
    port = stack.layout.base_port + 31
    argv = tools.firestore_fallback(stack.layout.tools_dir)
    proc = subprocess.Popen([*argv, str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert "listening" in proc.stdout.readline()
        assert port_open(port)
        monkeypatch.setenv("FIRESTORE_EMULATOR_HOST", f"127.0.0.1:{port}")
        from google.cloud import firestore

        db = firestore.Client(project="demo-fallback")
        db.collection("jobs").document("j1").set({"status": "queued"})
        assert db.collection("jobs").document("j1").get().to_dict() == {"status": "queued"}
    finally:
        proc.terminate()
        proc.wait(10)
