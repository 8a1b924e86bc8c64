"""Per-color enrichment: everything the web app shows about one token, JSON-safe.

`enrich_color(hex)` returns camelCase keys and plain floats/ints/bools/strings/lists only, so the
dict can be stored in Firestore as is. `delta_e_2000`, `contrast` and `oklch` keep the first
version's signatures (other modules call them).
"""
from __future__ import annotations

from typing import Any

from shared.color import describe
from shared.color.contrast import apca_lc, floor2, wcag_contrast, wcag_levels
from shared.color.conversions import (
    delta_e_2000,
    hsl,
    hsv,
    mix,
    oklab_coords,
    oklch_coords,
    rgb255,
)
from shared.color.naming import NAME_DATASET, closest_css_named, closest_web_safe, descriptive_name
from shared.domain.models import normalize_hex

__all__ = ["enrich_color", "delta_e_2000", "contrast", "oklch"]

WHITE, BLACK, GREY = "#FFFFFF", "#000000", "#808080"
# Tint/shade/tone: the classic painter's mixes with white/black/grey, done in OKLab.
MIX_AMOUNT = 0.25


def contrast(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio."""
    return wcag_contrast(a, b)


def oklch(hex_: str) -> list[float]:
    l, c, h = oklch_coords(hex_)
    return [round(l, 4), round(c, 4), round(h, 2)]


def _r(values, nd: int = 2) -> list[float]:
    return [round(float(v), nd) for v in values]


def _wcag(hex_: str, against: str) -> dict[str, Any]:
    r = wcag_contrast(hex_, against)
    return {"ratio": floor2(r), **wcag_levels(r)}


def enrich_color(hex_: str, *, dominant_hex: str | None = None) -> dict[str, Any]:
    hex_ = normalize_hex(hex_)
    l, c, h = oklch_coords(hex_)
    on_white, on_black = _wcag(hex_, WHITE), _wcag(hex_, BLACK)
    name = descriptive_name(hex_)
    css = closest_css_named(hex_)
    web = closest_web_safe(hex_)
    return {
        "hex": hex_,
        "rgb": list(rgb255(hex_)),
        "hsl": _r(hsl(hex_)),
        "hsv": _r(hsv(hex_)),
        "oklch": oklch(hex_),
        "oklab": _r(oklab_coords(hex_), 4),
        "temperature": describe.temperature(c, h),
        "saturationLevel": describe.saturation_level(c),
        "lightnessLevel": describe.lightness_level(l),
        "isNeutral": describe.is_neutral(c),
        "hueFamily": describe.hue_family(c, h),
        "descriptor": describe.descriptor(l, c, h),
        "name": name.name,
        "nameMatch": {"hex": name.hex, "deltaE": round(name.delta_e, 2), "dataset": NAME_DATASET},
        "contrast": {
            # First-version keys, kept for existing readers.
            "onWhite": on_white["ratio"],
            "onBlack": on_black["ratio"],
            "aaOnWhite": on_white["aaNormal"],
            "aaOnBlack": on_black["aaNormal"],
            # WCAG 2.x detail and APCA (this color as text on white / black backgrounds).
            "white": on_white,
            "black": on_black,
            "apcaOnWhite": round(apca_lc(hex_, WHITE), 2),
            "apcaOnBlack": round(apca_lc(hex_, BLACK), 2),
        },
        "tint": mix(hex_, WHITE, MIX_AMOUNT),
        "shade": mix(hex_, BLACK, MIX_AMOUNT),
        "tone": mix(hex_, GREY, MIX_AMOUNT),
        "webSafe": {"hex": web.hex, "deltaE": round(web.delta_e, 2)},
        "cssNamed": {"name": css.name, "hex": css.hex, "deltaE": round(css.delta_e, 2)},
        "deltaEToDominant": round(delta_e_2000(hex_, dominant_hex), 2) if dominant_hex else None,
    }
