"""One token's enrichment, every number pinned at the precision the web app shows.

#3A6FD3 has no round coordinate, so each rounding (OKLCH L and C to 4 decimals, hue and HSL/HSV to
2, OKLab to 4, ΔE and APCA Lc to 2) is visible. The coordinates and ΔE2000 are checked against
coloraide (CSS Color 4 / CIE formulas) computed here; WCAG ratios are floored to 2 decimals (never
rounded up over a threshold); tint/shade/tone are 25 % mixes with white/black/grey in OKLab."""
from __future__ import annotations

import math

from coloraide import Color

from shared.color.enrichment import enrich_color

HEX = "#3A6FD3"
WANT = {
    "hex": "#3A6FD3", "rgb": [58, 111, 211],
    "hsl": [219.22, 63.49, 52.75], "hsv": [219.22, 72.51, 82.75],
    "oklch": [0.5591, 0.1644, 261.67], "oklab": [0.5591, -0.0238, -0.1627],
    "temperature": "cool", "saturationLevel": "vivid", "lightnessLevel": "medium", "isNeutral": False,
    "hueFamily": "blue", "descriptor": "vivid blue",
    "name": "Enchanting Sapphire",
    "nameMatch": {"hex": "#276DD6", "deltaE": 1.57, "dataset": "color-name-list@14.29.0 (MIT, meodai/color-names)"},
    "contrast": {
        "onWhite": 4.77, "onBlack": 4.39, "aaOnWhite": True, "aaOnBlack": False,
        "white": {"ratio": 4.77, "aaNormal": True, "aaLarge": True, "aaaNormal": False, "aaaLarge": True},
        "black": {"ratio": 4.39, "aaNormal": False, "aaLarge": True, "aaaNormal": False, "aaaLarge": False},
        "apcaOnWhite": 72.78, "apcaOnBlack": -28.91,
    },
    "tint": "#6A94E1", "shade": "#24498F", "tone": "#4D75BF",
    "webSafe": {"hex": "#3366CC", "deltaE": 3.27},
    "cssNamed": {"name": "royalblue", "hex": "#4169E1", "deltaE": 3.49},
    "deltaEToDominant": 45.12,
}


def test_enrichment_of_a_color_with_no_round_coordinate():
    assert enrich_color(HEX, dominant_hex="#FAFAFA") == WANT


def test_the_pinned_numbers_are_coloraide_s_rounded():
    c = Color(HEX)
    l, ch, h = c.convert("oklch").coords()
    assert WANT["oklch"] == [round(l, 4), round(ch, 4), round(h, 2)]
    assert WANT["oklab"] == [round(v, 4) for v in c.convert("oklab").coords()]
    hh, s, li = c.convert("hsl").coords()
    assert WANT["hsl"] == [round(hh, 2), round(s * 100, 2), round(li * 100, 2)]
    hh, s, v = c.convert("hsv").coords()
    assert WANT["hsv"] == [round(hh, 2), round(s * 100, 2), round(v * 100, 2)]
    de = lambda other: round(c.delta_e(Color(other), method="2000"), 2)  # noqa: E731
    assert WANT["nameMatch"]["deltaE"] == de("#276DD6")
    assert WANT["webSafe"]["deltaE"] == de("#3366CC")
    assert WANT["cssNamed"]["deltaE"] == de("#4169E1")
    assert WANT["deltaEToDominant"] == de("#FAFAFA")
    for other, key in (("#FFFFFF", "white"), ("#000000", "black")):
        assert WANT["contrast"][key]["ratio"] == math.floor(c.contrast(Color(other), method="wcag21") * 100) / 100
    for other, key in (("#FFFFFF", "tint"), ("#000000", "shade"), ("#808080", "tone")):
        mixed = Color(HEX).mix(Color(other), 0.25, space="oklab").convert("srgb")
        assert mixed.to_string(hex=True, fit="clip").upper() == WANT[key]


def test_lc_and_delta_e_are_shown_to_2_decimals():
    # #C0392B: APCA Lc on black −25.7948, web-safe ΔE 3.4584, ΔE to #FAFAFA 48.7523 (their third
    # decimals are not 0, unlike #3A6FD3's).
    e = enrich_color("#C0392B", dominant_hex="#FAFAFA")
    assert e["contrast"]["apcaOnBlack"] == -25.79
    assert e["webSafe"] == {"hex": "#CC3333", "deltaE": 3.46}
    assert e["deltaEToDominant"] == 48.75
    assert round(Color("#C0392B").delta_e(Color("#CC3333"), method="2000"), 2) == 3.46
