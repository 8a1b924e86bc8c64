"""Plain JSON: simple maps for scripts and apps that do not speak DTCG.

``{"project", "generatedAt"?, "palette": {slug: "#RRGGBB"}, "scales": {slug: {"50": …}},
"schemes": {"light": {role: "#RRGGBB"}, …}, "tokens": [{slug, name, hex, role, oklch, scale,
contrast, provenance}]}``. Hex is upper case ``#RRGGBB`` here, like the API.
"""

from __future__ import annotations

from typing import Any

from ._model import View, contrast_info, dumps_pretty, json_safe, oklch_rounded

NAME = "json"
LABEL = "Plain JSON"
CONTENT_TYPE = "application/json"


def filename(slug: str) -> str:
    return f"{slug}.colors.json"


def build(view: View) -> dict[str, Any]:
    b = view.bundle
    doc: dict[str, Any] = {"project": {"id": b.project_id, "name": b.project_name}}
    if b.generated_at is not None:
        doc["generatedAt"] = b.generated_at.isoformat()
    doc["palette"] = {e.slug: e.hex.upper() for e in view.entries}
    doc["scales"] = {e.slug: {str(k): h.upper() for k, h in e.scale.items()} for e in view.entries if e.scale}
    doc["schemes"] = {name: {s.role: s.hex.upper() for s in items} for name, items in view.schemes.items()}
    doc["tokens"] = [
        {
            "slug": e.slug,
            "id": e.token.id,
            "name": e.token.name,
            "hex": e.hex.upper(),
            "role": e.token.role,
            "oklch": list(oklch_rounded(e.hex)),
            "contrast": contrast_info(e.token, e.hex),
            "provenance": json_safe(e.token.provenance),
        }
        for e in view.entries
    ]
    return doc


def render_view(view: View) -> bytes:
    return (dumps_pretty(build(view), leaf_depth=2) + "\n").encode("utf-8")
