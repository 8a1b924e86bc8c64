"""Every library format's bytes are pinned for a fixed stored library (issue 17 item 16).

The digests in `tests/fixtures/export_golden.json` were taken from the code before exports read the
theme (tonal scales, light/dark schemes) stored when the library changes: the stored theme, the
theme computed for an old document that lacks it, and today's path must all give these bytes.
The library (`export_library.json`) is what enrich wrote for two images (plan_merge) plus the sample
typed tokens; `legacy_color_tokens.json` is a document from before typed tokens.
Regenerate only for an intended change of the output: `python -m tests.unit.test_export_golden`.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from shared.domain.tokens import Token
from shared.exporters import FORMATS, render
from shared.services.export import bundle_from_tokens

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = FIXTURES / "export_golden.json"
UPDATED = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)


def _load(name: str) -> list[Token]:
    docs = json.loads((FIXTURES / name).read_text())
    return [Token.model_validate({**doc, "id": tid}) for tid, doc in docs.items()]


def libraries() -> dict[str, list[Token]]:
    """The fixture libraries by case: roles held by tokens, roles to re-derive, an old document,
    and a library without colors."""
    enriched = _load("export_library.json")
    unroled = [t.model_copy(update={"role": None}) if t.is_color else t for t in enriched]
    return {"enriched": enriched, "unroled": unroled, "legacy": _load("legacy_color_tokens.json"),
            "typed-only": [t for t in enriched if not t.is_color]}


def digests(render_case) -> dict[str, dict[str, str]]:
    """{case: {format: sha256 of the body}} with `render_case(case, tokens) -> ExportBundle`."""
    out = {}
    for case, tokens in libraries().items():
        bundle = render_case(case, tokens)
        out[case] = {fmt: hashlib.sha256(render(fmt, bundle).body).hexdigest() for fmt in FORMATS}
    return out


def computed(case: str, tokens: list[Token]):
    return bundle_from_tokens("proj-fixture", f"Fixture {case}", tokens, UPDATED)


@pytest.fixture(scope="module")
def golden() -> dict[str, dict[str, str]]:
    return json.loads(GOLDEN.read_text())


def test_every_format_renders_the_pinned_bytes(golden):
    assert set(golden) == set(libraries()) and all(set(v) == set(FORMATS) for v in golden.values())
    assert digests(computed) == golden


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(digests(computed), indent=1, sort_keys=True) + "\n")
