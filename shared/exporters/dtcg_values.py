"""What a resolved DTCG value means: a color, a dimension in px, a font weight, shadow layers.

The 2025.10 forms first — colors as ``{colorSpace, components, alpha?, hex?}`` in any of the Color
Module's spaces (components may be ``"none"``; HSL/HWB take 0–100 like CSS), dimensions as
``{value, unit}`` in px or rem, font weights as numbers or the format's keywords — and, because files
from older tools still say so, hex and CSS color strings and "16px"/"1rem" strings. Anything else
is None: the caller skips the token (and may say so), a file is never refused for one odd value.
"""
from __future__ import annotations

import math
import re
from typing import Any

from coloraide import Color

from shared.domain.tokens import ROOT_FONT_PX, Dimension, ShadowLayer

# DTCG colorSpace -> coloraide space, and the divisor that brings each component to coloraide's range.
SPACES = {
    "srgb": ("srgb", (1, 1, 1)), "srgb-linear": ("srgb-linear", (1, 1, 1)),
    "hsl": ("hsl", (1, 100, 100)), "hwb": ("hwb", (1, 100, 100)),
    "lab": ("lab", (1, 1, 1)), "lch": ("lch", (1, 1, 1)), "oklab": ("oklab", (1, 1, 1)),
    "oklch": ("oklch", (1, 1, 1)), "display-p3": ("display-p3", (1, 1, 1)), "a98-rgb": ("a98-rgb", (1, 1, 1)),
    "prophoto-rgb": ("prophoto-rgb", (1, 1, 1)), "rec2020": ("rec2020", (1, 1, 1)),
    "xyz-d65": ("xyz-d65", (1, 1, 1)), "xyz-d50": ("xyz-d50", (1, 1, 1)), "xyz": ("xyz-d65", (1, 1, 1)),
}
HEX = re.compile(r"^#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?|-?\.\d+)\s*(px|rem|em)?\s*$")
WEIGHTS = {"thin": 100, "hairline": 100, "extra-light": 200, "ultra-light": 200, "light": 300, "normal": 400,
           "regular": 400, "book": 400, "medium": 500, "semi-bold": 600, "demi-bold": 600, "bold": 700,
           "extra-bold": 800, "ultra-bold": 800, "black": 900, "heavy": 900, "extra-black": 950,
           "ultra-black": 950}


def _hex_of(c: Color) -> str:
    srgb = c.convert("srgb")
    if not srgb.in_gamut():
        srgb = c.convert("oklch").fit("srgb", method="oklch-chroma").convert("srgb")
    return srgb.to_string(hex=True, fit="clip").upper()


def _number(x: Any) -> float | None:
    if isinstance(x, bool):
        return None
    if isinstance(x, (int, float)) and math.isfinite(x):
        return float(x)
    return None


def color_of(value: Any) -> tuple[str, float] | None:
    """(#RRGGBB in sRGB, alpha 0–1) of a color value; out-of-gamut colors are mapped the CSS way."""
    try:
        if isinstance(value, dict):
            alpha = _number(value.get("alpha", 1))
            alpha = 1.0 if alpha is None else min(max(alpha, 0.0), 1.0)
            space = SPACES.get(str(value.get("colorSpace", "")).lower())
            comps = value.get("components")
            if space and isinstance(comps, list) and len(comps) == 3:
                nums = [0.0 if c == "none" else _number(c) for c in comps]
                if all(n is not None for n in nums):
                    name, div = space
                    return _hex_of(Color(name, [n / d for n, d in zip(nums, div)])), alpha
            hex_ = value.get("hex")
            if isinstance(hex_, str) and HEX.match(hex_):
                return _hex_of(Color(hex_)), alpha
            return None
        if isinstance(value, str) and value.strip():
            c = Color(value.strip())
            return _hex_of(c.clone().set("alpha", 1)), float(c.alpha(nans=False))
    except (ValueError, TypeError, KeyError):
        return None
    return None


def px_of(value: Any) -> float | None:
    """A dimension in CSS px: {value, unit px|rem} (rem = 16 px), or a "16px"/"1rem" string, or a bare
    number (px, as older tools write it)."""
    if isinstance(value, dict):
        v, unit = _number(value.get("value")), value.get("unit", "px")
        if v is None or unit not in ("px", "rem"):
            return None
        return Dimension(value=v, unit=unit).px
    if isinstance(value, str):
        m = LENGTH.match(value)
        if not m:
            return None
        v, unit = float(m.group(1)), m.group(2) or "px"
        return v * ROOT_FONT_PX if unit in ("rem", "em") else v
    return _number(value)


def weight_of(value: Any) -> int | None:
    if isinstance(value, str):
        return WEIGHTS.get(value.strip().lower())
    n = _number(value)
    return int(n) if n is not None and 1 <= n <= 1000 else None


def shadow_of(value: Any) -> list[ShadowLayer] | None:
    """The layers of a shadow value (one object or a list of them)."""
    layers = value if isinstance(value, list) else [value]
    out = []
    for layer in layers:
        if not isinstance(layer, dict):
            return None
        color = color_of(layer.get("color"))
        dims = [px_of(layer.get(k, 0)) for k in ("offsetX", "offsetY", "blur", "spread")]
        if color is None or any(d is None for d in dims):
            return None
        x, y, blur, spread = (Dimension(value=d) for d in dims)
        out.append(ShadowLayer(color=color[0], alpha=color[1], offset_x=x, offset_y=y, blur=blur, spread=spread,
                               inset=bool(layer.get("inset", False))))
    return out or None
