"""Color parsing and conversions shared by the color modules.

Every color enters as "#RRGGBB" and every derived color leaves as "#RRGGBB": sRGB is what the
exporters write. Derived colors are built in OKLCH and brought into sRGB with the CSS Color 4
gamut-mapping algorithm (coloraide's `oklch-chroma`: binary search on OKLCH chroma with a
ΔEOK JND of 0.02), so hue and lightness survive and only chroma is given up.
"""
from __future__ import annotations

import math
from functools import lru_cache

from coloraide import Color

from shared.domain.models import normalize_hex

# CSS Color 4 §13.2 "binsearch" gamut mapping as implemented by coloraide.
GAMUT_MAP_METHOD = "oklch-chroma"


@lru_cache(maxsize=16384)
def _parsed(hex_: str) -> Color:
    return Color(hex_)


def color(hex_: str) -> Color:
    """A fresh coloraide Color (callers may mutate it: coloraide's fit() works in place)."""
    return _parsed(normalize_hex(hex_)).clone()


def to_hex(c: Color) -> str:
    """Any coloraide color as #RRGGBB, gamut-mapped to sRGB with the CSS Color 4 method."""
    srgb = c.convert("srgb")
    if not srgb.in_gamut():
        # Map from OKLCH (not from the clipped sRGB) as CSS does.
        srgb = c.convert("oklch").fit("srgb", method=GAMUT_MAP_METHOD).convert("srgb")
    return srgb.to_string(hex=True, fit="clip").upper()


@lru_cache(maxsize=65536)
def _oklch_to_hex_cached(l: float, c: float, h: float) -> str:
    return to_hex(Color("oklch", [l, c, h]))


def oklch_to_hex(l: float, c: float, h: float) -> str:
    """OKLCH → #RRGGBB (CSS Color 4 gamut mapping). Inputs rounded to 5 decimals for caching."""
    l = min(max(l, 0.0), 1.0)
    return _oklch_to_hex_cached(round(l, 5), round(max(c, 0.0), 5), round(h % 360.0, 3))


def _coords(hex_: str, space: str) -> list[float]:
    return [float(v) for v in _parsed(normalize_hex(hex_)).convert(space).coords(nans=False)]


def rgb255(hex_: str) -> tuple[int, int, int]:
    h = normalize_hex(hex_)
    return int(h[1:3], 16), int(h[3:5], 16), int(h[5:7], 16)


@lru_cache(maxsize=16384)
def oklch_coords(hex_: str) -> tuple[float, float, float]:
    """(L 0–1, C, H degrees); H is 0 for achromatic colors (coloraide reports NaN)."""
    l, c, h = _coords(hex_, "oklch")
    return l, c, (0.0 if math.isnan(h) else h)


def oklab_coords(hex_: str) -> tuple[float, float, float]:
    l, a, b = _coords(hex_, "oklab")
    return l, a, b


def hsl(hex_: str) -> tuple[float, float, float]:
    """(H degrees, S 0–100, L 0–100)."""
    h, s, l = _coords(hex_, "hsl")
    return h, s * 100, l * 100


def hsv(hex_: str) -> tuple[float, float, float]:
    """(H degrees, S 0–100, V 0–100)."""
    h, s, v = _coords(hex_, "hsv")
    return h, s * 100, v * 100


def hue_distance(a: float, b: float) -> float:
    """Shortest angle between two hues, 0–180."""
    d = abs(a - b) % 360.0
    return 360.0 - d if d > 180.0 else d


def delta_e_2000(a: str, b: str) -> float:
    """CIEDE2000 between two sRGB colors, in CIELab D65 (coloraide's default for ΔE2000)."""
    return float(_parsed(normalize_hex(a)).delta_e(_parsed(normalize_hex(b)), method="2000"))


def mix(a: str, b: str, amount: float) -> str:
    """`amount` of b mixed into a, interpolated in OKLab (CSS color-mix default space)."""
    return to_hex(color(a).mix(color(b), amount, space="oklab"))


# Vectorised sRGB → OKLab for the name indexes (tens of thousands of rows): the shared implementation;
# agreement with coloraide's OKLab is checked in the tests.
from shared.color.fast_delta_e import srgb255_to_oklab  # noqa: E402,F401


def delta_e_2000_lab(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 between two CIELab triples, both taken as CIELab D65 (no adaptation applied).

    coloraide's ΔE2000 works in `lab-d65`; building the colors in D50 `lab` would make it
    chromatically adapt them first and change the numbers.
    """
    return float(Color("lab-d65", list(lab1)).delta_e(Color("lab-d65", list(lab2)), method="2000"))
