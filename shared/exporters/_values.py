"""Typed values written the same way by every text format: numbers, dimensions, font stacks,
shadows (CSS syntax, which SCSS, Tailwind, TypeScript and JSON share) and their DTCG objects."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from shared.domain.tokens import Dimension, ShadowLayer

# CSS generic family keywords: never quoted (a quoted "serif" is a font named serif).
GENERIC_FAMILIES = frozenset({
    "serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "ui-serif", "ui-sans-serif",
    "ui-monospace", "ui-rounded", "math", "emoji", "fangsong",
})
# Words that may not appear unquoted in a family name.
_CSS_WIDE = frozenset({"inherit", "initial", "unset", "revert", "revert-layer", "default"})
_IDENT = re.compile(r"-?[A-Za-z_][A-Za-z0-9_-]*")


def num(v: float, digits: int = 4) -> int | float:
    """A JSON number: an integer when whole (16, not 16.0), else rounded to `digits` places."""
    r = round(float(v), digits)
    return int(r) if r == int(r) else r


def num_css(v: float, digits: int = 4) -> str:
    return str(num(v, digits))


def dimension(d: Dimension) -> str:
    return f"{num_css(d.value)}{d.unit}"


def dimension_dtcg(d: Dimension) -> dict[str, Any]:
    return {"value": num(d.value), "unit": d.unit}


def is_generic(name: str) -> bool:
    return name.lower() in GENERIC_FAMILIES


def css_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def font_name(name: str) -> str:
    """A family name as CSS writes it: bare when it is a generic or one plain identifier
    (``Georgia``, ``SFMono-Regular``), quoted otherwise (``"Times New Roman"``, and whatever has
    digits, punctuation, quotes or a CSS-wide keyword)."""
    if is_generic(name) or (_IDENT.fullmatch(name) and name.lower() not in _CSS_WIDE):
        return name
    return css_string(name)


def font_stack(names: Sequence[str]) -> str:
    return ", ".join(font_name(n) for n in names)


def hex_rgb(hex_: str) -> tuple[int, int, int]:
    return int(hex_[1:3], 16), int(hex_[3:5], 16), int(hex_[5:7], 16)


def shadow_color(layer: ShadowLayer) -> str:
    h = layer.color.lower()
    if layer.alpha >= 1:
        return h
    r, g, b = hex_rgb(h)
    return f"rgb({r} {g} {b} / {num_css(layer.alpha)})"


def shadow(layers: Sequence[ShadowLayer]) -> str:
    """The CSS box-shadow value: ``[inset] x y blur spread color``, layers comma-separated."""
    return ", ".join(
        ("inset " if s.inset else "")
        + " ".join(dimension(d) for d in (s.offset_x, s.offset_y, s.blur, s.spread))
        + " " + shadow_color(s)
        for s in layers
    )
