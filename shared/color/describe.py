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
    return raw_hue_family(h)


def raw_hue_family(h: float) -> str:
    """The family of a hue angle, even for near-greys (whose tint may still be named)."""
    # A negative hue a hair under 0 is 360.0 after the modulo (float rounding): 0°, pink.
    return next((name for bound, name in _HUE_FAMILIES if h % 360.0 < bound), "pink")


# Basic color words in names and the hue families they may describe. Crowd-sourced name lists
# contain names whose words contradict their color (e.g. a blue named "… Red"); such a name
# is skipped when a plausible one is nearly as close.
_TERM_FAMILIES = {
    "red": {"red", "pink", "magenta", "orange"},
    "orange": {"orange", "red", "amber"},
    "yellow": {"yellow", "amber", "lime", "orange"},
    "green": {"green", "lime", "teal", "yellow", "cyan"},
    "blue": {"blue", "sky blue", "cyan", "violet", "teal"},
    "purple": {"purple", "violet", "magenta", "blue", "pink"},
    "violet": {"violet", "purple", "blue", "magenta"},
    "pink": {"pink", "magenta", "red", "purple"},
    "brown": {"orange", "amber", "red", "yellow"},
}


def name_is_plausible(name: str, l: float, c: float, h: float) -> bool:
    words = {w.strip(".,'()-").lower() for w in name.split()}
    fam = raw_hue_family(h)
    for term, fams in _TERM_FAMILIES.items():
        if term in words and fam not in fams:
            return False
        if term in words and term != "brown" and c < 0.01:  # a chromatic word on a true grey
            return False
    if words & {"grey", "gray"} and c >= 0.08:
        return False
    if "white" in words and l < 0.8:
        return False
    if "black" in words and l > 0.35:
        return False
    return True


def descriptor(l: float, c: float, h: float) -> str:
    """E.g. "dark vivid blue", "very light grey"."""
    parts = [lightness_level(l)]
    if not is_neutral(c):
        parts.append(saturation_level(c))
    parts.append(hue_family(c, h))
    return " ".join(p for p in parts if p != "medium")
