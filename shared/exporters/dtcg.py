"""DTCG 2025.10 (Design Tokens Format Module + Color Module, Final CG Reports, 28 October 2025).

Layout::

    { "$description", "$extensions": {"app.copythat": {project…}},
      "palette":  {"$type": "color", "<slug>": {"$value": {colorSpace, components, alpha, hex}, …}},
      "scale":    {"$type": "color", "<slug>": {"50": {...}, …, "950": {...}}},
      "semantic": {"$type": "color", "light": {"<role>": {"$value": "{palette.<slug>}"}}, "dark": …} }

* Colors are sRGB objects (the hex is the source of truth, so ``srgb`` components are exact);
  ``hex`` is the 6-digit fallback; ``alpha`` is 1. OKLCH goes under ``$extensions``.
* Semantic tokens are aliases: ``{palette.<slug>}`` when the scheme value is a palette color,
  ``{scale.<slug>.<step>}`` when it is a scale step, a literal color otherwise.
* No root ``$schema``: the 2025.10 schema tolerates it but it is not part of the format.
* ``$type`` is set on every group *and* every token (tools that ignore group inheritance still
  see it).
"""

from __future__ import annotations

from typing import Any

from ._model import VENDOR_KEY, Entry, View, dumps_pretty, header_lines, json_safe, oklch_rounded

NAME = "dtcg"
LABEL = "Design Tokens (DTCG 2025.10)"
CONTENT_TYPE = "application/design-tokens+json"


def filename(slug: str) -> str:
    return f"{slug}.tokens.json"


def color_value(hex_: str) -> dict[str, Any]:
    r, g, b = (int(hex_[i : i + 2], 16) for i in (1, 3, 5))
    return {
        "colorSpace": "srgb",
        "components": [round(r / 255, 6), round(g / 255, 6), round(b / 255, 6)],
        "alpha": 1,
        "hex": hex_,
    }


def no_braces(value: Any) -> Any:
    """Curly braces in any string become parentheses: Style Dictionary (and other tools) read
    ``{…}`` in descriptions and $extensions as token references and fail on them. The exact human
    name stays in the plain JSON export."""
    if isinstance(value, str):
        return value.replace("{", "(").replace("}", ")")
    if isinstance(value, dict):
        return {no_braces(k): no_braces(v) for k, v in value.items()}
    if isinstance(value, list):
        return [no_braces(v) for v in value]
    return value


def _token_ext(e: Entry) -> dict[str, Any]:
    t = e.token
    ext: dict[str, Any] = {"id": t.id, "name": t.name}
    if t.role:
        ext["role"] = t.role
    ext["oklch"] = list(oklch_rounded(e.hex))
    ext["provenance"] = json_safe(t.provenance)
    if t.enrichment:
        ext["enrichment"] = json_safe(t.enrichment)
    return {VENDOR_KEY: no_braces(ext)}


def _description(e: Entry) -> str:
    t = e.token
    return no_braces(f"{t.name} ({t.role})" if t.role else t.name)


def build(view: View) -> dict[str, Any]:
    b = view.bundle
    project: dict[str, Any] = {"projectId": b.project_id, "projectName": b.project_name}
    if b.generated_at is not None:
        project["generatedAt"] = b.generated_at.isoformat()
    doc: dict[str, Any] = {
        "$description": no_braces(header_lines(view, "Color tokens")[0]),
        "$extensions": {VENDOR_KEY: no_braces(project)},
    }
    palette: dict[str, Any] = {
        "$type": "color",
        "$description": "The extracted colors, most important first.",
    }
    for e in view.entries:
        palette[e.slug] = {
            "$type": "color",
            "$value": color_value(e.hex),
            "$description": _description(e),
            "$extensions": _token_ext(e),
        }
    doc["palette"] = palette
    if any(e.scale for e in view.entries):
        scale: dict[str, Any] = {
            "$type": "color",
            "$description": "OKLCH tonal scales (50 lightest … 950 darkest), sRGB gamut-mapped.",
        }
        for e in view.entries:
            if not e.scale:
                continue
            group: dict[str, Any] = {
                "$type": "color",
                "$description": no_braces(f"Tonal scale of {e.token.name}"),
            }
            for step, h in e.scale.items():
                group[str(step)] = {"$type": "color", "$value": color_value(h)}
            scale[e.slug] = group
        doc["scale"] = scale
    if view.schemes:
        semantic: dict[str, Any] = {"$type": "color", "$description": "Semantic roles per color scheme."}
        for scheme, items in view.schemes.items():
            group = {"$type": "color", "$description": f"{scheme.capitalize()} scheme"}
            for s in items:
                if s.ref.kind == "palette":
                    value: Any = f"{{palette.{s.ref.slug}}}"
                elif s.ref.kind == "scale":
                    value = f"{{scale.{s.ref.slug}.{s.ref.step}}}"
                else:
                    value = color_value(s.hex)
                group[s.role] = {"$type": "color", "$value": value}
            semantic[scheme] = group
        doc["semantic"] = semantic
    return doc


def render_view(view: View) -> bytes:
    return (dumps_pretty(build(view), leaf_depth=8) + "\n").encode("utf-8")
