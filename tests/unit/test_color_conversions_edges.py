"""Conversions at their edges: CSS Color 4 gamut mapping (not clipping), the OKLCH clamps, the
documented input rounding (5 decimals for L and C, 3 for the hue), hue distance across 0°/180°,
and the plain sRGB/HSL/HSV numbers.

Reference hexes are coloraide's CSS Color 4 results (its `oklch-chroma` fit is the spec's
binary-search algorithm), written out here so a change of ours shows."""
from __future__ import annotations

import pytest
from coloraide import Color

from shared.color.conversions import (
    delta_e_2000, hsl, hsv, hue_distance, mix, oklab_coords, oklch_coords, oklch_to_hex, rgb255, to_hex,
)


def _unrounded(l, c, h):
    return Color("oklch", [l, c, h]).convert("srgb").to_string(hex=True, fit="clip").upper()


def test_out_of_gamut_is_mapped_by_chroma_not_clipped():
    # oklch(70% 0.35 145) lies outside sRGB: CSS Color 4 reduces chroma at constant L and hue
    # (#00C300); clipping each channel would give #00CD00.
    assert oklch_to_hex(0.7, 0.35, 145.0) == "#00C300"
    assert _unrounded(0.7, 0.35, 145.0) == "#00CD00"
    assert to_hex(Color("oklch", [0.7, 0.35, 145.0])) == "#00C300"


def test_in_gamut_colors_convert_unchanged():
    assert to_hex(Color("srgb", [0.2, 0.4, 0.8])) == "#3366CC"
    assert oklch_to_hex(*oklch_coords("#3366CC")) == "#3366CC"


@pytest.mark.parametrize("l,want", [(1.2, "#FFFFFF"), (1.0, "#FFFFFF"), (-0.1, "#000000"), (0.0, "#000000")])
def test_lightness_is_clamped_to_0_1(l, want):
    assert oklch_to_hex(l, 0.1, 30.0) == want


def test_negative_chroma_is_grey():
    assert oklch_to_hex(0.6, -0.1, 30.0) == oklch_to_hex(0.6, 0.0, 30.0) == "#808080"


def test_hue_is_taken_modulo_360():
    assert oklch_to_hex(0.6, 0.15, 400.0) == oklch_to_hex(0.6, 0.15, -320.0) == oklch_to_hex(0.6, 0.15, 40.0)


# The documented rounding of oklch_to_hex's inputs (L and C to 5 decimals, H to 3), shown at an
# 8-bit edge: the unrounded value falls on one side, the rounded one on the other.
@pytest.mark.parametrize("l,c,h,rounded,unrounded", [
    (0.601556, 0.0, 0.0, "#818181", "#808080"),  # L 0.601556 → 0.60156; the first edge at L 0.6015597
    (0.6, 0.140276, 250.0, "#3184D0", "#3284D0"),  # C 0.140276 → 0.14028; the edge at C 0.1402784
    (0.6, 0.15, 30.3126, "#CA5746", "#CA5747"),  # H 30.3126° → 30.313°; the edge at 30.31267°
])
def test_inputs_are_rounded_before_conversion(l, c, h, rounded, unrounded):
    assert _unrounded(l, c, h) == unrounded
    assert oklch_to_hex(l, c, h) == rounded


def test_rgb255_reads_each_channel():
    assert rgb255("#123456") == (0x12, 0x34, 0x56)
    assert rgb255("#abcdef") == (171, 205, 239)


def test_achromatic_hue_is_zero_not_nan():
    assert oklch_coords("#808080")[2] == 0.0
    assert oklch_coords("#FFFFFF")[2] == 0.0


def test_oklab_of_reference_colors():
    # Björn Ottosson's OKLab: white is (1, 0, 0); sRGB red is (0.62796, 0.22486, 0.12585).
    assert oklab_coords("#FFFFFF") == pytest.approx((1.0, 0.0, 0.0), abs=1e-6)
    assert oklab_coords("#FF0000") == pytest.approx((0.62796, 0.22486, 0.12585), abs=1e-4)


def test_hsl_and_hsv_in_percent():
    assert hsl("#3366CC") == pytest.approx((220.0, 60.0, 50.0))
    assert hsv("#3366CC") == pytest.approx((220.0, 75.0, 80.0))
    assert hsl("#FF0000") == pytest.approx((0.0, 100.0, 50.0))
    assert hsv("#FF0000") == pytest.approx((0.0, 100.0, 100.0))


@pytest.mark.parametrize("a,b,want", [
    (10.0, 350.0, 20.0), (350.0, 10.0, 20.0), (0.0, 180.0, 180.0), (0.0, 180.5, 179.5), (0.0, 179.5, 179.5),
    (370.0, 10.0, 0.0), (-10.0, 10.0, 20.0), (90.0, 300.0, 150.0), (30.0, 30.0, 0.0), (400.0, 0.0, 40.0),
])
def test_hue_distance_is_the_shorter_arc(a, b, want):
    assert hue_distance(a, b) == pytest.approx(want)


def test_delta_e_2000_black_white_is_100():
    assert delta_e_2000("#000000", "#FFFFFF") == pytest.approx(100.0)
    assert delta_e_2000("#3366CC", "#3366cc") == 0.0


@pytest.mark.parametrize("a,b,amount,want", [
    ("#000000", "#FFFFFF", 0.5, "#636363"),  # OKLab L 0.5
    ("#FF0000", "#0000FF", 0.25, "#C6496D"),
    ("#3366CC", "#FFFFFF", 0.0, "#3366CC"),
    ("#3366CC", "#FFFFFF", 1.0, "#FFFFFF"),
])
def test_mix_interpolates_in_oklab(a, b, amount, want):
    assert mix(a, b, amount) == want
    ref = Color(a).mix(Color(b), amount, space="oklab").convert("srgb")
    assert ref.to_string(hex=True, fit="clip").upper() == want
