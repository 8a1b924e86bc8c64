"""Plain JSON: simple maps for scripts and apps that do not speak DTCG.

``{"project", "generatedAt"?, "palette": {slug: "#RRGGBB"}, "scales": {slug: {"50": …}},
"schemes": {"light": {role: "#RRGGBB"}, …}, "tokens": [{slug, name, hex, role, oklch, scale,
contrast, provenance}], …}``. Hex is upper case ``#RRGGBB`` here, like the API.

Typed tokens: maps ``fontFamilies`` (slug → names), ``fontWeights`` (slug → number),
``typography`` (slug → {fontFamily: names, fontSize: "16px", fontWeight, lineHeight,
letterSpacing}), ``spacing`` / ``radius`` (slug → "16px"), ``shadows`` (slug → CSS box-shadow);
and one token list per kind (``fontFamilyTokens``, ``fontWeightTokens``, ``typographyTokens``,
``spacingTokens``, ``radiusTokens``, ``shadowTokens``) with ids, names, roles, structured values
(dimensions as ``{value, unit}``), the family / weight slugs a text style uses, whether its line
height was measured, and provenance.
"""

from __future__ import annotations

from typing import Any

from shared.domain.tokens import Token

from ._model import View, contrast_info, dumps_pretty, json_safe, oklch_rounded
from ._typed import DimensionEntry, TextEntry
from ._values import dimension, dimension_dtcg, num, shadow

NAME = "json"
LABEL = "Plain JSON"
CONTENT_TYPE = "application/json"


def filename(slug: str) -> str:
    return f"{slug}.colors.json"


def _meta(slug: str, t: Token) -> dict[str, Any]:
    return {"slug": slug, "id": t.id, "name": t.name, "role": t.role}


def _text(e: TextEntry) -> dict[str, Any]:
    return {
        "fontFamily": list(e.families),
        "fontSize": dimension(e.font_size),
        "fontWeight": e.weight,
        "lineHeight": num(e.line_height),
        "letterSpacing": dimension(e.letter_spacing),
    }


def _text_token(e: TextEntry) -> dict[str, Any]:
    enrichment = e.token.enrichment
    return {
        **_meta(e.slug, e.token),
        "value": {**_text(e), "fontSize": dimension_dtcg(e.font_size),
                  "letterSpacing": dimension_dtcg(e.letter_spacing)},
        "fontFamilyRef": e.family.slug if e.family else None,
        "fontWeightRef": e.weight_ref.slug if e.weight_ref else None,
        "lineHeightMeasured": e.line_height_measured,
        "confidence": json_safe(enrichment.get("confidence")),
        "color": json_safe(enrichment.get("color")),
        "uppercase": bool(enrichment.get("uppercase", False)),
        "provenance": json_safe(e.token.provenance),
    }


def _dimension_tokens(entries: list[DimensionEntry]) -> list[dict[str, Any]]:
    return [{**_meta(d.slug, d.token), "value": dimension_dtcg(d.value), "provenance": json_safe(d.token.provenance)}
            for d in entries]


def typed(view: View) -> dict[str, Any]:
    ty = view.typed
    return {
        "fontFamilies": {f.slug: list(f.families) for f in ty.families},
        "fontWeights": {w.slug: w.value for w in ty.weights},
        "typography": {e.slug: _text(e) for e in ty.text},
        "spacing": {d.slug: dimension(d.value) for d in ty.spacing},
        "spacingBaseUnit": ty.base_unit,
        "radius": {d.slug: dimension(d.value) for d in ty.radius},
        "shadows": {s.slug: shadow(s.layers) for s in ty.shadows},
        "fontFamilyTokens": [
            {**_meta(f.slug, f.token), "families": list(f.families), "familyClass": f.token.value.family_class,
             "named": f.token.value.named, "provenance": json_safe(f.token.provenance)} for f in ty.families],
        "fontWeightTokens": [
            {**_meta(w.slug, w.token), "value": w.value, "provenance": json_safe(w.token.provenance)}
            for w in ty.weights],
        "typographyTokens": [_text_token(e) for e in ty.text],
        "spacingTokens": _dimension_tokens(ty.spacing),
        "radiusTokens": _dimension_tokens(ty.radius),
        "shadowTokens": [
            {**_meta(s.slug, s.token),
             "layers": [{"color": x.color.upper(), "alpha": num(x.alpha), "offsetX": dimension_dtcg(x.offset_x),
                         "offsetY": dimension_dtcg(x.offset_y), "blur": dimension_dtcg(x.blur),
                         "spread": dimension_dtcg(x.spread), "inset": x.inset} for x in s.layers],
             "provenance": json_safe(s.token.provenance)} for s in ty.shadows],
    }


def build(view: View) -> dict[str, Any]:
    b = view.bundle
    doc: dict[str, Any] = {"project": {"id": b.project_id, "name": b.project_name}}
    if b.generated_at is not None:
        doc["generatedAt"] = b.generated_at.isoformat()
    doc["palette"] = {e.slug: e.hex.upper() for e in view.entries}
    doc["scales"] = {e.prefix: {str(k): h.upper() for k, h in e.scale.items()} for e in view.entries if e.scale}
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
    doc.update(typed(view))
    return doc


def render_view(view: View) -> bytes:
    return (dumps_pretty(build(view), leaf_depth=2) + "\n").encode("utf-8")
