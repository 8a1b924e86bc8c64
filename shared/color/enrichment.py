"""Per-color enrichment computed locally with coloraide (first version, walking skeleton).

The enrichment issue extends this; the contract is `enrich_color(hex) -> dict` of JSON-safe
values and `delta_e_2000(a, b)`.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from coloraide import Color


@lru_cache(maxsize=4096)
def _color(hex_: str) -> Color:
    return Color(hex_)


def delta_e_2000(a: str, b: str) -> float:
    return float(_color(a).delta_e(_color(b), method="2000"))


def contrast(a: str, b: str) -> float:
    return float(_color(a).contrast(_color(b), method="wcag21"))


def oklch(hex_: str) -> list[float]:
    l, c, h = _color(hex_).convert("oklch").coords(nans=False)
    return [round(l, 4), round(c, 4), round(h, 2)]


def enrich_color(hex_: str) -> dict[str, Any]:
    c = _color(hex_)
    r, g, b = (round(v * 255) for v in c.convert("srgb").coords())
    h, s, l = c.convert("hsl").coords(nans=False)
    on_white, on_black = contrast(hex_, "#FFFFFF"), contrast(hex_, "#000000")
    return {
        "hex": hex_,
        "rgb": [r, g, b],
        "hsl": [round(h, 2), round(s * 100, 2), round(l * 100, 2)],
        "oklch": oklch(hex_),
        "contrast": {
            "onWhite": round(on_white, 2),
            "onBlack": round(on_black, 2),
            "aaOnWhite": on_white >= 4.5,
            "aaOnBlack": on_black >= 4.5,
        },
    }
