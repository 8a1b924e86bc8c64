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
# Loaded on first use only (a job that asks for typography or layout), never at import.
LAZY = ["shared.extraction.typography", "shared.extraction.typography.detect", "shared.extraction.layout",
        "shared.extraction.layout.shadow"]
# What each function may load at import because every request uses it. Not `export` (issue 17
# item 16): it formats the theme stored when the library changed, so a user's first export after a
# quiet hour does not wait for numpy and coloraide (loaded lazily for a project without one).
ALLOWED = {"extract": {"PIL", "numpy", "coloraide"}, "enrich": {"numpy", "coloraide"}}

CODE = r"""
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("main", sys.argv[1])
mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
print(json.dumps(sorted(m for m in json.loads(sys.argv[2]) if m in sys.modules)))
"""


@pytest.mark.parametrize("name", FUNCTIONS)
def test_function_module_import_is_lean(name):
    watched = NEVER_AT_IMPORT + IMAGE_STACK + LAZY
    out = subprocess.run([sys.executable, "-c", CODE, str(ROOT / "functions" / name / "main.py"), json.dumps(watched)],
                         cwd=ROOT, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    loaded = json.loads(out.stdout)
    assert not set(loaded) & set(NEVER_AT_IMPORT + LAZY), loaded
    assert set(loaded) <= ALLOWED.get(name, set()), loaded


DEPS_CODE = r"""
import importlib.util, json, sys
from shared.bootstrap import Container
from shared.services import cost_rollup as svc
from tests.fakes.memory import test_settings

def load(path):
    spec = importlib.util.spec_from_file_location("fn", path)
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
    return mod

c = Container(test_settings())
c.__dict__.update(costs=object(), rollups=object(), quarantine=object())  # no Google client: only the AI settings are built for real
rollup = load(sys.argv[1])._deps(c)
load(sys.argv[2])  # usage: builds UsageDeps from the same c.ai_config in its handler
usage = svc.UsageDeps(rollups=c.rollups, clock=c.clock, user_daily_usd=c.ai_config.user_daily_usd,
                      user_monthly_usd=c.ai_config.user_monthly_usd)
assert rollup.user_daily_usd == usage.user_daily_usd is not None
print(json.dumps(sorted(m for m in json.loads(sys.argv[3]) if m in sys.modules)))
"""


def test_usage_and_cost_rollup_dependencies_do_not_load_the_image_stack():
    """They read only AiConfig's budget caps: the AI runner's PIL/numpy/coloraide would be paid for nothing."""
    out = subprocess.run([sys.executable, "-c", DEPS_CODE, str(ROOT / "functions" / "cost_rollup" / "main.py"),
                          str(ROOT / "functions" / "usage" / "main.py"), json.dumps(IMAGE_STACK)],
                         cwd=ROOT, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT)}, check=False)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == []
