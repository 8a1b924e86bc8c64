"""Contrast at its edges: the WCAG 2.x levels exactly at 3, 4.5 and 7, the linearisation's knee,
the two-decimal floor that never shows a failing ratio as passing, and APCA's low-contrast clip and
near-black soft clamp — each pinned to the published number, not to the module's constants."""
from __future__ import annotations

import pytest

from shared.color.contrast import apca_lc, floor2, relative_luminance, wcag_contrast, wcag_levels


def _grey(v: int) -> str:
    return "#%02X%02X%02X" % (v, v, v)


# WCAG 2.2 success criteria 1.4.3 / 1.4.6: AA 4.5:1 (large text 3:1), AAA 7:1 (large text 4.5:1),
# "at least": a ratio exactly at the number passes.
@pytest.mark.parametrize("ratio, expected", [
    (2.999, dict(aaNormal=False, aaLarge=False, aaaNormal=False, aaaLarge=False)),
    (3.0, dict(aaNormal=False, aaLarge=True, aaaNormal=False, aaaLarge=False)),
    (4.499, dict(aaNormal=False, aaLarge=True, aaaNormal=False, aaaLarge=False)),
    (4.5, dict(aaNormal=True, aaLarge=True, aaaNormal=False, aaaLarge=True)),
    (6.999, dict(aaNormal=True, aaLarge=True, aaaNormal=False, aaaLarge=True)),
    (7.0, dict(aaNormal=True, aaLarge=True, aaaNormal=True, aaaLarge=True)),
])
def test_wcag_levels_at_their_published_edges(ratio, expected):
    assert wcag_levels(ratio) == expected


def test_floor2_never_rounds_a_failing_ratio_up():
    assert floor2(4.4999) == 4.49 and floor2(4.5) == 4.5 and floor2(21.0) == 21.0
    # Decimal values a float holds a hair below (4.35 * 100 = 434.99999999999994) stay themselves.
    assert floor2(4.35) == 4.35 and floor2(0.29) == 0.29 and floor2(1.15) == 1.15


def test_the_srgb_knee_is_at_0_04045():
    # WCAG 2.2's relative luminance: c/12.92 for c <= 0.04045, else ((c + 0.055)/1.055)^2.4.
    # 10/255 = 0.0392 is below the knee; 11/255 = 0.0431 and 12/255 = 0.0471 are above it.
    assert relative_luminance(_grey(10)) == pytest.approx((10 / 255) / 12.92, rel=1e-12)
    assert relative_luminance(_grey(11)) == pytest.approx(((11 / 255 + 0.055) / 1.055) ** 2.4, rel=1e-12)
    assert relative_luminance(_grey(12)) == pytest.approx(((12 / 255 + 0.055) / 1.055) ** 2.4, rel=1e-12)
    # The coefficients of R, G and B (ITU-R BT.709 as WCAG gives them).
    assert relative_luminance("#FF0000") == pytest.approx(0.2126)
    assert relative_luminance("#00FF00") == pytest.approx(0.7152)
    assert relative_luminance("#0000FF") == pytest.approx(0.0722)


def test_wcag_ratio_of_the_published_4_5_pair():
    # WebAIM: #767676 on white is 4.54:1, the lightest grey that passes AA; #777777 is 4.478…:1
    # (WebAIM rounds it to 4.48; floored, it shows 4.47 and fails).
    assert floor2(wcag_contrast("#767676", "#FFFFFF")) == 4.54
    assert floor2(wcag_contrast("#777777", "#FFFFFF")) == 4.47


# APCA 0.0.98G-4g: |SAPC| under loClip (0.1) is reported as 0; above it the offset 0.027 is taken off,
# so the smallest non-zero |Lc| is about 7.3. Values printed by apca-w3 0.1.9 (npm), APCAcontrast(
# sRGBtoY(text), sRGBtoY(background)), for grey pairs on both sides of the clip, both polarities.
@pytest.mark.parametrize("text, bg, expected", [
    (238, 255, 7.567424744881627), (239, 255, 0.0),      # dark on light, last above / first below
    (255, 240, -7.587356127782225), (255, 241, 0.0),     # light on dark
    (156, 174, 7.300568524795172), (74, 46, -7.303682394288148),  # the smallest |Lc| over all greys
    # Near black the soft clamp (blkThrs 0.022, blkClmp 1.414) lifts the dark side's luminance.
    (0, 100, 24.438418569325957), (100, 0, -22.196891709805914),
    (0, 160, 52.97360635261709), (160, 0, -50.86225683756515),
    (10, 200, 74.08866897401568), (200, 10, -73.15550340402271),
    (30, 90, 17.7423639766271), (90, 30, -16.246329980570472),
    (20, 120, 32.45143926028085), (120, 20, -30.283734290834293),
])
def test_apca_low_contrast_clip_and_black_clamp_match_apca_w3(text, bg, expected):
    assert apca_lc(_grey(text), _grey(bg)) == pytest.approx(expected, abs=1e-9)
