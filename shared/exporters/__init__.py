"""Exporters: pure functions of an ExportBundle (first version, walking skeleton: DTCG and CSS)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from shared.domain.errors import AppError, InvalidRequest
from shared.exporters.bundle import ExportBundle


@dataclass(frozen=True)
class Rendered:
    body: bytes
    content_type: str
    filename: str


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "color"


def _names(bundle: ExportBundle) -> list[tuple[str, str]]:
    seen: dict[str, int] = {}
    out = []
    for t in bundle.tokens:
        s = _slug(t.name)
        seen[s] = seen.get(s, 0) + 1
        out.append((s if seen[s] == 1 else f"{s}-{seen[s]}", t.hex))
    return out


def _dtcg(bundle: ExportBundle) -> Rendered:
    palette = {}
    for name, hex_ in _names(bundle):
        comps = [round(int(hex_[i:i + 2], 16) / 255, 4) for i in (1, 3, 5)]
        palette[name] = {"$value": {"colorSpace": "srgb", "components": comps, "alpha": 1, "hex": hex_.lower()}}
    doc = {"palette": {"$type": "color", **palette}}
    return Rendered(json.dumps(doc, indent=2).encode(), "application/design-tokens+json",
                    f"{_slug(bundle.project_name)}.tokens.json")


def _css(bundle: ExportBundle) -> Rendered:
    lines = [":root {"] + [f"  --color-{n}: {h.lower()};" for n, h in _names(bundle)] + ["}", ""]
    return Rendered("\n".join(lines).encode(), "text/css; charset=utf-8", f"{_slug(bundle.project_name)}.css")


FORMATS = {"dtcg": _dtcg, "css": _css}


def render(fmt: str, bundle: ExportBundle) -> Rendered:
    if fmt not in FORMATS:
        raise InvalidRequest(f"unknown format; use one of {', '.join(sorted(FORMATS))}", code="unknown_format")
    if not bundle.tokens:
        raise AppError("the project has no tokens yet", code="empty_library", status=409, retryable=False)
    return FORMATS[fmt](bundle)
