"""COPYTHAT_HIDE_GCLOUD_EMULATORS=1 really gives the stand-ins' path (so the `make test` pass that sets
it proves that path, not the emulators' again), and the stack says which path it took."""
from __future__ import annotations

import os
import subprocess
import sys

from shared.localstack import tools
from shared.localstack.layout import REPO_ROOT


def test_the_stack_runs_what_the_machine_and_the_switch_say(stack):
    hidden = tools.gcloud_emulators_hidden()
    want_fs = "standin" if hidden or tools.firestore_jar_launcher() is None else "emulator"
    want_ps = "standin" if hidden or tools.pubsub_launcher() is None else "emulator"
    assert (stack.firestore_backend, stack.pubsub_backend) == (want_fs, want_ps)
    if hidden:
        assert (want_fs, want_ps) == ("standin", "standin")


def test_the_which_line_names_each_path(monkeypatch):
    def which(hide: bool) -> list[str]:
        env = {k: v for k, v in os.environ.items() if k != tools.HIDE_GCLOUD}
        if hide:
            env[tools.HIDE_GCLOUD] = "1"
        return subprocess.run([sys.executable, "-m", "shared.localstack.tools", "--which"], cwd=REPO_ROOT,
                              env={**env, "PYTHONPATH": str(REPO_ROOT)}, capture_output=True, text=True,
                              check=True).stdout.splitlines()

    assert which(hide=True) == [
        "firestore: the Firestore STAND-IN shared/localstack/firestore_server.py (hidden by COPYTHAT_HIDE_GCLOUD_EMULATORS=1)",
        "pubsub: the Pub/Sub STAND-IN shared/localstack/pubsub_server.py (hidden by COPYTHAT_HIDE_GCLOUD_EMULATORS=1)"]
    monkeypatch.delenv(tools.HIDE_GCLOUD, raising=False)
    jar, pubsub = tools.firestore_jar_launcher(), tools.pubsub_launcher()
    firestore_line, pubsub_line = which(hide=False)
    assert firestore_line == (f"firestore: Google's Firestore emulator (google-cloud-cli-firestore-emulator) at {jar}"
                              if jar else "firestore: the Firestore STAND-IN shared/localstack/firestore_server.py "
                                          "(google-cloud-cli's emulator not installed)")
    assert pubsub_line == (f"pubsub: Google's Pub/Sub emulator (google-cloud-cli-pubsub-emulator) at {pubsub}"
                           if pubsub else "pubsub: the Pub/Sub STAND-IN shared/localstack/pubsub_server.py "
                                          "(google-cloud-cli's emulator not installed)")
