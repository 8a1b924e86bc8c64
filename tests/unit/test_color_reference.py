"""Color science checked against published reference values (sources named per table)."""
from __future__ import annotations

import pytest
from coloraide import Color

from shared.color.contrast import apca_lc, wcag_contrast
from shared.color.conversions import GAMUT_MAP_METHOD, delta_e_2000_lab, oklch_to_hex
from shared.color.scales import anchor_step, scale_targets, tonal_scale

# G. Sharma, W. Wu, E. N. Dalal, "The CIEDE2000 Color-Difference Formula: Implementation Notes,
# Supplementary Test Data, and Mathematical Observations", Color Res. Appl. 30(1):21–30, 2005,
# Table 1 (all 34 pairs): L1, a1, b1, L2, a2, b2, ΔE00.
SHARMA_2005 = [
    (50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425),
    (50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615),
    (50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412),
    (50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000),
    (50.0000, -1.1848, -84.8006, 50.0000, 0.0000, -82.7485, 1.0000),
    (50.0000, -0.9009, -85.5211, 50.0000, 0.0000, -82.7485, 1.0000),
    (50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669),
    (50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0010, 7.1792),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0012, 7.2195),
    (50.0000, -0.0010, 2.4900, 50.0000, 0.0009, -2.4900, 4.8045),
    (50.0000, -0.0010, 2.4900, 50.0000, 0.0010, -2.4900, 4.8045),
    (50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461),
    (50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065),
    (50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492),
    (50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977),
    (50.0000, 2.5000, 0.0000, 56.0000, -27.0000, -3.0000, 31.9030),
    (50.0000, 2.5000, 0.0000, 58.0000, 24.0000, 15.0000, 19.4535),
    (50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000),
    (50.0000, 2.5000, 0.0000, 50.0000, 3.2972, 0.0000, 1.0000),
    (50.0000, 2.5000, 0.0000, 50.0000, 1.8634, 0.5757, 1.0000),
    (50.0000, 2.5000, 0.0000, 50.0000, 3.2592, 0.3350, 1.0000),
    (60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644),
    (63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630),
    (61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731),
    (35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645),
    (22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373),
    (36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146),
    (90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441),
    (90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381),
    (6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377),
    (2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082),
]


def test_sharma_table_has_all_34_pairs():
    assert len(SHARMA_2005) == 34


@pytest.mark.parametrize("l1,a1,b1,l2,a2,b2,expected", SHARMA_2005)
def test_ciede2000_matches_sharma_2005_to_4_decimals(l1, a1, b1, l2, a2, b2, expected):
    assert round(delta_e_2000_lab((l1, a1, b1), (l2, a2, b2)), 4) == expected
    # ΔE2000 is symmetric; the paper's table is checked both ways round.
    assert round(delta_e_2000_lab((l2, a2, b2), (l1, a1, b1)), 4) == expected


def test_building_pairs_in_d50_lab_would_not_match_the_paper():
    # Why delta_e_2000_lab uses lab-d65: coloraide's ΔE2000 adapts D50 Lab to D65 first.
    d50 = Color("lab", [50, 2.6772, -79.7751]).delta_e(Color("lab", [50, 0, -82.7485]), method="2000")
    assert abs(d50 - 2.0425) > 0.1


# WCAG 2.x contrast ratio. 21:1 and 1:1 are the ends of the range given in the WCAG 2.2
# definition of "contrast ratio" (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio).
# #767676 on white = 4.54:1 (the lightest grey passing AA on white) and #777777 = 4.48:1, as
# reported by WebAIM's contrast checker (https://webaim.org/resources/contrastchecker/) and
# widely cited (e.g. auditbuffet.com pattern ab-000065: "#767676 on white = exactly 4.54:1",
# "#595959 on white = 7.0:1", "#888 on #ffffff … 3.5:1").
WCAG_REFERENCE = [
    ("#000000", "#FFFFFF", 21.0, 2),
    ("#FFFFFF", "#FFFFFF", 1.0, 2),
    ("#767676", "#FFFFFF", 4.54, 2),
    ("#777777", "#FFFFFF", 4.48, 2),
    ("#595959", "#FFFFFF", 7.0, 1),
    ("#888888", "#FFFFFF", 3.5, 1),
]


@pytest.mark.parametrize("a,b,expected,places", WCAG_REFERENCE)
def test_wcag_contrast_reference_values(a, b, expected, places):
    assert round(wcag_contrast(a, b), places) == expected
    assert round(wcag_contrast(b, a), places) == expected


def test_wcag_aa_boundary_greys():
    assert wcag_contrast("#767676", "#FFFFFF") >= 4.5 > wcag_contrast("#777777", "#FFFFFF")


# APCA Lc, from the reference implementation's own test suite: apca-w3 0.1.9 (npm),
# test/index.js `contrastResult` (text color first, background second). The README of
# https://github.com/Myndex/apca-w3 documents the 0.0.98G-4g constants these come from.
APCA_REFERENCE = [
    ("#888888", "#FFFFFF", 63.056469930209424),
    ("#FFFFFF", "#888888", -68.54146436644962),
    ("#000000", "#AAAAAA", 58.146262578561334),
    ("#AAAAAA", "#000000", -56.24113336839742),
    ("#112233", "#DDEEFF", 91.66830811481631),
    ("#DDEEFF", "#112233", -93.06770049484275),
    ("#112233", "#444444", 8.32326136957393),
    ("#444444", "#112233", -7.526878460278154),
]


@pytest.mark.parametrize("text,bg,expected", APCA_REFERENCE)
def test_apca_matches_apca_w3_reference(text, bg, expected):
    assert apca_lc(text, bg) == pytest.approx(expected, abs=1e-9)


def test_apca_identical_colors_is_zero():
    assert apca_lc("#336699", "#336699") == 0.0


# Gamut mapping: our OKLCH → sRGB must equal coloraide's CSS Color 4 mapping
# (`fit('srgb', method='oklch-chroma')`, CSS Color 4 §13.2 binary search on OKLCH chroma).
OUT_OF_GAMUT_OKLCH = [
    (0.7, 0.35, 150.0), (0.6, 0.4, 29.0), (0.9, 0.3, 110.0), (0.45, 0.35, 264.0),
    (0.8, 0.25, 200.0), (0.3, 0.3, 330.0), (0.97, 0.2, 60.0), (0.15, 0.2, 250.0),
]


def _coloraide_css4(l: float, c: float, h: float) -> str:
    mapped = Color("oklch", [l, c, h]).fit("srgb", method="oklch-chroma").convert("srgb")
    return mapped.to_string(hex=True).upper()


@pytest.mark.parametrize("lch", OUT_OF_GAMUT_OKLCH)
def test_gamut_mapping_equals_coloraide_css4(lch):
    assert not Color("oklch", list(lch)).in_gamut("srgb")
    assert GAMUT_MAP_METHOD == "oklch-chroma"
    assert oklch_to_hex(*lch) == _coloraide_css4(*lch)
    # coloraide's generic MINDE chroma reduction defaults to OKLCH + ΔEOK JND 0.02: same thing.
    minde = Color("oklch", list(lch)).fit("srgb", method="minde-chroma").convert("srgb")
    assert oklch_to_hex(*lch) == minde.to_string(hex=True).upper()


@pytest.mark.parametrize("key", ["#FF0000", "#00FF00", "#0000FF", "#3366CC", "#F59E0B", "#7C3AED", "#10B981"])
def test_scale_steps_are_coloraide_css4_mapped_targets(key):
    scale, targets = tonal_scale(key), scale_targets(key)
    anchor = anchor_step(key)
    for step, (l, c, h) in targets.items():
        expected = key if step == anchor else _coloraide_css4(round(l, 5), round(c, 5), round(h, 3))
        assert scale[step] == expected, step


def test_vectorised_ciede2000_matches_sharma_2005():
    import numpy as np

    from shared.color.fast_delta_e import ciede2000

    table = np.array(SHARMA_2005)
    assert np.round(ciede2000(table[:, :3], table[:, 3:6]), 4).tolist() == table[:, 6].tolist()
    assert np.round(ciede2000(table[:, 3:6], table[:, :3]), 4).tolist() == table[:, 6].tolist()


def test_vectorised_ciede2000_agrees_with_coloraide_on_srgb_colors():
    import numpy as np

    from shared.color.conversions import delta_e_2000
    from shared.color.fast_delta_e import ciede2000, srgb255_to_lab_d65

    rgb = np.random.default_rng(3).integers(0, 256, size=(150, 3))
    hexes = ["#%02X%02X%02X" % tuple(int(v) for v in row) for row in rgb]
    lab = srgb255_to_lab_d65(rgb)
    for i in (0, 1, 2):
        fast = ciede2000(lab[i:i + 1], lab)
        exact = [delta_e_2000(hexes[i], h) for h in hexes]
        assert np.max(np.abs(fast - np.array(exact))) < 1e-6


def test_wcag_luminance_agrees_with_coloraide_wcag21():
    # coloraide derives Y from its sRGB matrix (0.21264…), WCAG rounds to 0.2126 etc.: tiny drift.
    import random

    rng = random.Random(5)
    for _ in range(200):
        a, b = ("#%06X" % rng.randrange(0x1000000) for _ in range(2))
        assert wcag_contrast(a, b) == pytest.approx(Color(a).contrast(Color(b), method="wcag21"), rel=1e-3)
