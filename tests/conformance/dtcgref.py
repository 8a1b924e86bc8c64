"""The reference every format is checked against: the values of the exported DTCG file, aliases
resolved, in one comparable shape per type.

* colors: flat name -> "#rrggbb" (``palette.X`` -> X, ``scale.X.S`` -> X-S,
  ``semantic.SCHEME.ROLE`` -> SCHEME-ROLE);
* typed: ``{"font": {slug: names}, "weight": {slug: int}, "text": {slug: {family, size, weight,
  lineHeight, letterSpacing}}, "spacing" / "radius": {slug: (value, unit)}, "shadow": {slug:
  [layer]}}`` with dimensions as ``(value, unit)`` and shadow layers as `cssparse.shadows` gives them.
"""

from __future__ import annotations

import re
from typing import Any

ALIAS = re.compile(r"\{([^{}]+)\}")


def _items(group: dict) -> list[tuple[str, Any]]:
    return [(k, v) for k, v in group.items() if not k.startswith("$")]


def resolver(doc: dict):
    def lookup(path: str) -> dict:
        node = doc
        for part in path.split("."):
            node = node[part]
        return node

    def value(v: Any, depth: int = 0) -> Any:
        """A $value (or a property of one) with its alias followed to the final value."""
        while isinstance(v, str) and ALIAS.fullmatch(v):
            assert depth < 10, f"alias loop at {v}"
            v = lookup(ALIAS.fullmatch(v).group(1))["$value"]
            depth += 1
        return v

    return value


def colors(doc: dict) -> dict[str, str]:
    value = resolver(doc)
    out = {}
    for slug, tok in _items(doc.get("palette", {})):
        out[slug] = value(tok["$value"])["hex"].lower()
    for slug, group in _items(doc.get("scale", {})):
        for step, tok in _items(group):
            out[f"{slug}-{step}"] = value(tok["$value"])["hex"].lower()
    for scheme, group in _items(doc.get("semantic", {})):
        for role, tok in _items(group):
            out[f"{scheme}-{role}"] = value(tok["$value"])["hex"].lower()
    return out


def dim(d: dict) -> tuple[float, str]:
    return float(d["value"]), d["unit"]


def px(d: tuple[float, str]) -> float:
    return d[0] * 16 if d[1] == "rem" else d[0]


def shadow_layers(v: Any) -> list[dict]:
    out = []
    for layer in v if isinstance(v, list) else [v]:
        c = layer["color"]
        rgb = tuple(round(x * 255) for x in c["components"])
        assert "#" + "".join(f"{x:02x}" for x in rgb) == c["hex"]
        out.append({"inset": bool(layer.get("inset", False)), "x": px(dim(layer["offsetX"])),
                    "y": px(dim(layer["offsetY"])), "blur": px(dim(layer["blur"])),
                    "spread": px(dim(layer["spread"])), "rgb": rgb, "alpha": round(float(c["alpha"]), 4)})
    return out


def typed(doc: dict) -> dict[str, dict]:
    value = resolver(doc)
    font = doc.get("font", {})
    out: dict[str, dict] = {
        "font": {s: tuple(t["$value"]) for s, t in _items(font.get("family", {}))},
        "weight": {s: int(t["$value"]) for s, t in _items(font.get("weight", {}))},
        "text": {},
        "spacing": {s: dim(t["$value"]) for s, t in _items(doc.get("spacing", {}))},
        "radius": {s: dim(t["$value"]) for s, t in _items(doc.get("radius", {}))},
        "shadow": {s: shadow_layers(t["$value"]) for s, t in _items(doc.get("shadow", {}))},
    }
    for slug, tok in _items(doc.get("typography", {})):
        v = tok["$value"]
        out["text"][slug] = {
            "family": tuple(value(v["fontFamily"])),
            "size": dim(value(v["fontSize"])),
            "weight": int(value(v["fontWeight"])),
            "lineHeight": float(value(v["lineHeight"])),
            "letterSpacing": dim(value(v["letterSpacing"])),
        }
    return out
