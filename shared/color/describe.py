"""Coarse, rule-based descriptors: temperature, saturation and lightness levels, hue family.

Thresholds are on OKLCH (perceptual) rather than HSL, so "light" means looks light.
"""
from __future__ import annotations

NEUTRAL_CHROMA = 0.03  # below this OKLCH chroma a color reads as grey

# OKLCH hue → family (upper bound of each range, degrees). OKLCH red ≈ 29°, yellow ≈ 110°,
# green ≈ 142°, cyan ≈ 195°, blue ≈ 264°, magenta ≈ 328°.
_HUE_FAMILIES = ((15, "pink"), (45, "red"), (70, "orange"), (100, "amber"), (120, "yellow"),
                 (135, "lime"), (165, "green"), (185, "teal"), (220, "cyan"), (240, "sky blue"),
                 (280, "blue"), (305, "violet"), (335, "purple"), (350, "magenta"), (360, "pink"))


def is_neutral(c: float) -> bool:
    return c < NEUTRAL_CHROMA


def temperature(c: float, h: float) -> str:
    """warm (reds→yellows, hue < 105° or ≥ 330°), cool (greens→purples) or neutral (greys)."""
    if is_neutral(c):
        return "neutral"
    return "warm" if h < 105.0 or h >= 330.0 else "cool"


def saturation_level(c: float) -> str:
    if c < NEUTRAL_CHROMA:
        return "neutral"
    if c < 0.08:
        return "muted"
    if c < 0.16:
        return "moderate"
    return "vivid"


def lightness_level(l: float) -> str:
    if l < 0.25:
        return "very dark"
    if l < 0.45:
        return "dark"
    if l < 0.7:
        return "medium"
    if l < 0.9:
        return "light"
    return "very light"


def hue_family(c: float, h: float) -> str:
    if is_neutral(c):
        return "grey"
    return next(name for bound, name in _HUE_FAMILIES if h % 360.0 < bound)


def descriptor(l: float, c: float, h: float) -> str:
    """E.g. "dark vivid blue", "very light grey"."""
    parts = [lightness_level(l)]
    if not is_neutral(c):
        parts.append(saturation_level(c))
    parts.append(hue_family(c, h))
    return " ".join(p for p in parts if p != "medium")
