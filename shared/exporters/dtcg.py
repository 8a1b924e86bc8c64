"""DTCG 2025.10 (Design Tokens Format Module + Color Module, Final CG Reports, 28 October 2025).

Layout::

    { "$description", "$extensions": {"app.copythat": {project…}},
      "palette":  {"$type": "color", "<slug>": {"$value": {colorSpace, components, alpha, hex}, …}},
      "scale":    {"$type": "color", "<slug>": {"50": {...}, …, "950": {...}}},
      "semantic": {"$type": "color", "light": {"<role>": {"$value": "{palette.<slug>}"}}, "dark": …},
      "font":     {"family": {"$type": "fontFamily", "<slug>": {"$value": ["Inter", …, "sans-serif"]}},
                   "weight": {"$type": "fontWeight", "<slug>": {"$value": 400}}},
      "typography": {"$type": "typography", "<slug>": {"$value": {"fontFamily": "{font.family.<slug>}",
                     "fontSize": {value, unit}, "fontWeight": "{font.weight.<slug>}",
                     "letterSpacing": {value, unit}, "lineHeight": 1.5}}},
      "spacing" / "radius": {"$type": "dimension", "<slug>": {"$value": {value, unit}}},
      "shadow":   {"$type": "shadow", "<slug>": {"$value": {color, offsetX, offsetY, blur, spread, inset}
                   or a list of them}} }

* Colors are sRGB objects (the hex is the source of truth, so ``srgb`` components are exact);
  ``hex`` is the 6-digit fallback; ``alpha`` is 1. OKLCH goes under ``$extensions``.
* Semantic tokens are aliases: ``{palette.<slug>}`` when the scheme value is a palette color,
  ``{scale.<slug>.<step>}`` when it is a scale step, a literal color otherwise.
* A text style's ``fontFamily`` / ``fontWeight`` is an alias of the family / weight token with
  that value, a literal when there is none. An unmeasured line height is written as 1.2 (what
  ``normal`` is for most faces) and ``$extensions`` says ``lineHeightMeasured: false``.
* Groups without tokens are left out (a library without colors has no ``palette``).
* No root ``$schema``: the 2025.10 schema tolerates it but it is not part of the format.
* ``$type`` is set on every group *and* every token (tools that ignore group inheritance still
  see it).
"""

from __future__ import annotations

from typing import Any

from shared.domain.tokens import ShadowLayer, Token

from ._model import VENDOR_KEY, View, comment_text, dumps_pretty, header_lines, json_safe, oklch_rounded
from ._typed import LINE_HEIGHT_NORMAL, DimensionEntry, TextEntry
from ._values import dimension_dtcg, hex_rgb, num

NAME = "dtcg"
LABEL = "Design Tokens (DTCG 2025.10)"
CONTENT_TYPE = "application/design-tokens+json"


def filename(slug: str) -> str:
    return f"{slug}.tokens.json"


def color_value(hex_: str, alpha: float = 1) -> dict[str, Any]:
    r, g, b = hex_rgb(hex_)
    return {
        "colorSpace": "srgb",
        "components": [round(r / 255, 6), round(g / 255, 6), round(b / 255, 6)],
        "alpha": num(alpha),
        "hex": hex_.lower(),
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


def _ext(t: Token, **extra: Any) -> dict[str, Any]:
    ext: dict[str, Any] = {"id": t.id, "name": t.name}
    if t.role:
        ext["role"] = t.role
    ext.update(extra)
    ext["provenance"] = json_safe(t.provenance)
    if t.enrichment:
        ext["enrichment"] = json_safe(t.enrichment)
    return {VENDOR_KEY: no_braces(ext)}


def _description(t: Token) -> str:
    """One line, no ``*/``: tools print descriptions as comments (Style Dictionary's CSS does,
    unescaped, so a name with ``*/`` would end its comment early)."""
    # A color keeps its evocative name ("Glowing Brake Disc") here whatever its token name's style.
    evocative = t.enrichment.get("name") if t.is_color else None
    name = comment_text(evocative if isinstance(evocative, str) and evocative else t.name)
    return no_braces(f"{name} ({t.role})" if t.role else name)


def _token(kind: str, value: Any, t: Token, **extra: Any) -> dict[str, Any]:
    return {"$type": kind, "$value": value, "$description": _description(t), "$extensions": _ext(t, **extra)}


def _group(kind: str, description: str, tokens: dict[str, Any]) -> dict[str, Any]:
    return {"$type": kind, "$description": description, **tokens}


def typography_value(e: TextEntry) -> dict[str, Any]:
    return {
        "fontFamily": f"{{font.family.{e.family.slug}}}" if e.family else list(e.families),
        "fontSize": dimension_dtcg(e.font_size),
        "fontWeight": f"{{font.weight.{e.weight_ref.slug}}}" if e.weight_ref else e.weight,
        "letterSpacing": dimension_dtcg(e.letter_spacing),
        "lineHeight": num(e.line_height),
    }


def _line_height_ext(e: TextEntry) -> dict[str, Any]:
    if e.line_height_measured:
        return {"lineHeightMeasured": True}
    return {"lineHeightMeasured": False,
            "lineHeightNote": f"not measured (single lines only): {LINE_HEIGHT_NORMAL} approximates CSS normal"}


def shadow_value(layers: tuple[ShadowLayer, ...]) -> dict[str, Any] | list[dict[str, Any]]:
    objs = [{"color": color_value(s.color, s.alpha), "offsetX": dimension_dtcg(s.offset_x),
             "offsetY": dimension_dtcg(s.offset_y), "blur": dimension_dtcg(s.blur),
             "spread": dimension_dtcg(s.spread), "inset": s.inset} for s in layers]
    return objs[0] if len(objs) == 1 else objs


def _dimensions(entries: list[DimensionEntry]) -> dict[str, Any]:
    return {e.slug: _token("dimension", dimension_dtcg(e.value), e.token) for e in entries}


def typed_groups(view: View) -> dict[str, Any]:
    """The groups of the typed tokens, each only when it has tokens."""
    ty = view.typed
    out: dict[str, Any] = {}
    font: dict[str, Any] = {}
    if ty.families:
        font["family"] = _group("fontFamily", "Font families, most to least preferred.", {
            f.slug: _token("fontFamily", list(f.families), f.token) for f in ty.families})
    if ty.weights:
        font["weight"] = _group("fontWeight", "Font weights (1–1000).", {
            w.slug: _token("fontWeight", w.value, w.token) for w in ty.weights})
    if font:
        out["font"] = {"$description": "Fonts of the text styles.", **font}
    if ty.text:
        out["typography"] = _group("typography", "Text styles, largest first.", {
            e.slug: _token("typography", typography_value(e), e.token, **_line_height_ext(e)) for e in ty.text})
    if ty.spacing:
        out["spacing"] = _group("dimension", "Spacing scale, smallest first.", _dimensions(ty.spacing))
        if ty.base_unit:
            out["spacing"]["$extensions"] = {VENDOR_KEY: {"baseUnit": ty.base_unit}}
    if ty.radius:
        out["radius"] = _group("dimension", "Corner radii, smallest first.", _dimensions(ty.radius))
    if ty.shadows:
        out["shadow"] = _group("shadow", "Shadows (elevations).", {
            s.slug: _token("shadow", shadow_value(s.layers), s.token) for s in ty.shadows})
    return out


def build(view: View) -> dict[str, Any]:
    b = view.bundle
    project: dict[str, Any] = {"projectId": b.project_id, "projectName": b.project_name}
    if b.generated_at is not None:
        project["generatedAt"] = b.generated_at.isoformat()
    doc: dict[str, Any] = {
        "$description": no_braces(comment_text(header_lines(view, "Design tokens")[0])),
        "$extensions": {VENDOR_KEY: no_braces(project)},
    }
    palette: dict[str, Any] = {
        "$type": "color",
        "$description": "The extracted colors, most important first.",
    }
    for e in view.entries:
        palette[e.slug] = _token("color", color_value(e.hex), e.token, oklch=list(oklch_rounded(e.hex)))
    if view.entries:
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
                "$description": no_braces(f"Tonal scale of {comment_text(e.token.name)}"),
            }
            for step, h in e.scale.items():
                # A family scale's own (and its members') step is a palette color: an alias to it.
                own = e.palette_at(step)
                group[str(step)] = {"$type": "color", "$value": f"{{palette.{own}}}" if own else color_value(h)}
            scale[e.prefix] = group
        doc["scale"] = scale
    if view.schemes:
        semantic: dict[str, Any] = {"$type": "color", "$description": "Semantic roles per color scheme."}
        for scheme, items in view.schemes.items():
            group = {"$type": "color", "$description": f"{scheme.capitalize()} scheme"}
            for s in items:
                if s.ref.kind == "palette":
                    value: Any = f"{{palette.{s.ref.slug}}}"
                elif s.ref.kind == "scale":
                    value = f"{{scale.{s.ref.prefix}.{s.ref.step}}}"
                else:
                    value = color_value(s.hex)
                group[s.role] = {"$type": "color", "$value": value}
            semantic[scheme] = group
        doc["semantic"] = semantic
    doc.update(typed_groups(view))
    return doc


def render_view(view: View) -> bytes:
    return (dumps_pretty(build(view), leaf_depth=8) + "\n").encode("utf-8")
