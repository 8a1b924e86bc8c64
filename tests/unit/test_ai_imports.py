"""The AI SDKs are imported only when a provider is actually called (cold start of every function)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _loaded_after(code: str) -> list[str]:
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(m for m in sys.modules " \
                   "if m.split('.')[0] in ('anthropic', 'openai', 'httpx2', 'httpx'))))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_ai_package_and_routing_loads_no_sdk():
    assert _loaded_after("import shared.extraction.ai\nimport shared.extraction.ai.routing\n"
                         "import shared.extraction.ai.runner, shared.extraction.ai.pricing") == []


def test_importing_provider_modules_loads_no_sdk():
    assert _loaded_after("import shared.extraction.ai.anthropic_provider, shared.extraction.ai.openai_provider") == []


def test_pixel_only_run_loads_no_sdk():
    code = """
from shared.extraction.ai import *
from shared.extraction.pixels import extract_palette
from tests.fakes.ai_servers import sample_ui_image
img = sample_ui_image()
deps = AiDeps(secrets=DictSecretStore({}), cache=InMemoryExtractionCache(), costs=InMemoryCostSink(),
              budget=FixedBudgetLedger())
out = run_extraction(img, extract_palette(img, 8), ExtractionRequest(uid='u', project_id='p', job_id='j',
                     strategy='quality'), deps)
assert out.provider == 'pixels'
"""
    assert _loaded_after(code) == []
