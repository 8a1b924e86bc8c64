"""OKLCH tonal scales 50–950.

Each step has a fixed OKLCH lightness target (spaced like common design-system ramps, lighter
steps closer together where the eye is more sensitive); hue is the key color's; chroma is the
key color's tapered towards the ends, where sRGB cannot hold much chroma anyway. Each target is
gamut-mapped to sRGB with CSS Color 4 mapping, which keeps L and H and reduces only C, so the
scale stays monotonic in lightness. The step whose target is nearest the key color's lightness
is replaced by the key color itself, so the brand color appears verbatim in its scale.
"""
from __future__ import annotations

from shared.color.conversions import oklch_coords, oklch_to_hex
from shared.domain.models import normalize_hex

STEPS = (50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950)
LIGHTNESS = {50: 0.975, 100: 0.94, 200: 0.885, 300: 0.81, 400: 0.72, 500: 0.63,
             600: 0.55, 700: 0.47, 800: 0.39, 900: 0.31, 950: 0.23}
CHROMA_TAPER = {50: 0.18, 100: 0.32, 200: 0.5, 300: 0.72, 400: 0.9, 500: 1.0,
                600: 1.0, 700: 0.92, 800: 0.8, 900: 0.66, 950: 0.5}


def scale_targets(hex_: str) -> dict[int, tuple[float, float, float]]:
    """The OKLCH target (before gamut mapping) of every step."""
    _, c, h = oklch_coords(hex_)
    return {s: (LIGHTNESS[s], c * CHROMA_TAPER[s], h) for s in STEPS}


def anchor_step(hex_: str) -> int:
    l, _, _ = oklch_coords(hex_)
    return min(STEPS, key=lambda s: (abs(LIGHTNESS[s] - l), s))


def tonal_scale(hex_: str, *, anchor: bool = True) -> dict[int, str]:
    hex_ = normalize_hex(hex_)
    scale = {s: oklch_to_hex(*t) for s, t in scale_targets(hex_).items()}
    if anchor:
        scale[anchor_step(hex_)] = hex_
    return scale
