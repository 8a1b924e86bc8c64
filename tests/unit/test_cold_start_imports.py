"""Entry points import only what they need: no AI SDK, no Google client is loaded at import time
(clients are built lazily by the container); the image and color stacks only where every request uses them."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from shared.localstack.layout import FUNCTIONS

ROOT = Path(__file__).resolve().parents[2]
NEVER_AT_IMPORT = ["anthropic", "openai", "google.cloud.firestore", "google.cloud.storage",
                   "google.cloud.tasks_v2", "google.cloud.secretmanager", "firebase_admin"]
IMAGE_STACK = ["PIL", "numpy", "coloraide"]
# What each function may load at import because every request uses it.
ALLOWED = {"extract": {"PIL", "numpy", "coloraide"}, "enrich": {"numpy", "coloraide"}, "export": {"numpy", "coloraide"}}

CODE = r"""
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("main", sys.argv[1])
mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
print(json.dumps(sorted(m for m in json.loads(sys.argv[2]) if m in sys.modules)))
"""


@pytest.mark.parametrize("name", FUNCTIONS)
def test_function_module_import_is_lean(name):
    watched = NEVER_AT_IMPORT + IMAGE_STACK
    out = subprocess.run([sys.executable, "-c", CODE, str(ROOT / "functions" / name / "main.py"), json.dumps(watched)],
                         cwd=ROOT, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    loaded = json.loads(out.stdout)
    assert not set(loaded) & set(NEVER_AT_IMPORT), loaded
    assert set(loaded) <= ALLOWED.get(name, set()), loaded
