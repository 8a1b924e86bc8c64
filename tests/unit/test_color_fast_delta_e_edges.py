"""The vectorised color math at its piecewise edges: the sRGB transfer knee (IEC 61966-2-1: linear
below 0.04045, the 2.4 power above) and CIELab's ε = 216/24389 (linear below, cube root above),
each checked on the 8-bit values either side against the published formulas and coloraide."""
from __future__ import annotations

import numpy as np
import pytest
from coloraide import Color

from shared.color.fast_delta_e import ciede2000, srgb255_to_lab_d65, srgb255_to_oklab, srgb_to_linear


def _iec(v: int) -> float:
    c = v / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def test_srgb_transfer_either_side_of_the_knee():
    # 10/255 = 0.0392 is on the linear segment, 11/255 = 0.0431 and 12/255 = 0.0471 on the power one.
    got = srgb_to_linear(np.array([0, 10, 11, 12, 13, 128, 255]))
    want = [0.0, 10 / 255 / 12.92, 0.0033465357638991595, 0.003676507324047436, 0.004024717018496307,
            0.21586050011389926, 1.0]
    assert got == pytest.approx(want, abs=1e-12)
    assert [_iec(v) for v in (0, 10, 11, 12, 13, 128, 255)] == pytest.approx(want, abs=1e-12)


def test_lab_of_every_grey_matches_coloraide():
    # Greys 0–24 have Y under ε (L* = κY), 25 and up over it (L* = 116 ∛Y − 16).
    greys = np.array([[v, v, v] for v in range(256)])
    ours = srgb255_to_lab_d65(greys)
    ref = np.array([Color("srgb", [v / 255] * 3).convert("lab-d65").coords() for v in range(256)])
    assert np.max(np.abs(ours - ref)) < 1e-6
    assert ours[255] == pytest.approx([100.0, 0.0, 0.0], abs=1e-6)


def test_lab_of_dark_colors_matches_coloraide():
    rng = np.random.default_rng(3)
    rgb = rng.integers(0, 40, size=(300, 3))
    ours = srgb255_to_lab_d65(rgb)
    ref = np.array([Color("srgb", [v / 255 for v in row]).convert("lab-d65").coords() for row in rgb])
    assert np.max(np.abs(ours - ref)) < 1e-6


def test_ciede2000_broadcasts_and_is_zero_on_itself():
    lab = srgb255_to_lab_d65(np.array([[51, 102, 204], [255, 0, 0]]))
    assert ciede2000(lab, lab) == pytest.approx([0.0, 0.0], abs=1e-12)
    assert ciede2000(lab[0], lab).shape == (2,)
    assert float(ciede2000(srgb255_to_lab_d65(np.array([0, 0, 0])), srgb255_to_lab_d65(np.array([255, 255, 255])))) \
        == pytest.approx(100.0, abs=1e-6)


def test_srgb_transfer_at_the_knee_itself_is_linear():
    # IEC 61966-2-1: C ≤ 0.04045 → C / 12.92. At 0.04045 exactly (a float channel, e.g. a cluster mean of
    # 10.31475) the power branch would give 0.0031308073, the linear one 0.0031308050.
    assert 0.04045 * 255 / 255 == 0.04045
    assert srgb_to_linear(np.array([0.04045 * 255]))[0] == pytest.approx(0.04045 / 12.92, abs=1e-13)


def test_lab_either_side_of_epsilon_matches_coloraide_closely():
    # Every 8-bit color (channels < 64) with an X/Xn, Y or Z/Zn within 1 % of CIE's ε = 216/24389 ≈ 0.008856:
    # where linear and cube-root segments meet, a moved ε or κ shifts L*, a*, b* by ~1e-5.
    rgb = np.stack(np.meshgrid(*[np.arange(64)] * 3, indexing="ij"), -1).reshape(-1, 3)
    lin = srgb_to_linear(rgb)
    xyz = np.stack([lin @ [0.4123907992659595, 0.357584339383878, 0.1804807884018343] / (0.3127 / 0.3290),
                    lin @ [0.21263900587151036, 0.715168678767756, 0.07219231536073371],
                    lin @ [0.01933081871559185, 0.11919477979462599, 0.9505321522496606]
                    / ((1 - 0.3127 - 0.3290) / 0.3290)], -1)
    near = rgb[np.any(np.abs(xyz / (216 / 24389) - 1) < 0.01, axis=1)]
    assert len(near) > 1000
    ref = np.array([Color("srgb", list(row / 255)).convert("lab-d65").coords() for row in near])
    assert np.max(np.abs(srgb255_to_lab_d65(near) - ref)) < 1e-9


def _ref_de(p, q) -> float:
    return Color("lab-d65", list(p)).delta_e(Color("lab-d65", list(q)), method="2000")


# Sharma, Wu, Dalal (2005) at its branch points: h' differences of exactly ±180° (eq. 10 keeps them),
# past ±180° (wrapped), hue sums below and above 360° (eq. 14), one or both colors achromatic (h' = 0,
# Δh' = 0, h̄' = h1' + h2'), the blue band near h̄' 275° and C̄' near 25 (the R_T term).
EDGE_PAIRS = [
    ((50, 0, 30), (50, 0, -20)), ((50, 0, -20), (50, 0, 30)),  # h' 90 and 270: Δh' = +180 / −180
    ((60, 30, 0), (40, -20, 0)), ((40, -20, 0), (60, 30, 0)),  # h' 0 and 180
    ((50, 5, 30), (55, 10, -25)), ((55, 10, -25), (50, 5, 30)),  # Δh' > 180, h' sum < 360
    ((50, -30, 5), (45, 40, -20)), ((45, 40, -20), (50, -30, 5)),  # Δh' > 180, h' sum ≥ 360
    ((50, 0, 0), (60, 0, 0)), ((50, 0, 0), (50, 10, 10)), ((50, 10, 10), (50, 0, 0)), ((0, 0, 0), (100, 0, 0)),
    ((50, 2, -40), (50, 8, -38)), ((50, -5, -45), (60, 10, -30)), ((50, 25, 0), (50, 24, 3)),
    ((20, -10, -10), (25, -12, -8)), ((90, 3, 80), (85, -4, 70)),
    ((50, 0, 1), (52, 0, -1)),  # C' exactly 1 on both (a = 0 leaves a' = 0): h' 90 and 270, C1'·C2' = 1
    ((50, 0, 1), (55, 5, 5)), ((55, 5, 5), (50, 0, 1)),
    ((50, -10.2, -1.1), (55, 59.7, 5.8)), ((55, 59.7, 5.8), (50, -10.2, -1.1)),  # Δh' −180.6 (wrapped), h̄' ≈ 275
]


@pytest.mark.parametrize("p,q", EDGE_PAIRS)
def test_ciede2000_at_its_branch_points_matches_coloraide(p, q):
    assert float(ciede2000(np.array(p, float), np.array(q, float))) == pytest.approx(_ref_de(p, q), abs=1e-9)


def test_ciede2000_on_random_lab_pairs_matches_coloraide():
    rng = np.random.default_rng(11)
    a = rng.uniform([0, -100, -100], [100, 100, 100], size=(800, 3))
    b = rng.uniform([0, -100, -100], [100, 100, 100], size=(800, 3))
    a[::4, 1] = 0.0  # on the b axis: h' exactly 90 or 270
    b[1::4, 2] = 0.0  # on the a axis: h' exactly 0 or 180
    b[2::8, 1:] = 0.0  # achromatic
    ours = ciede2000(a, b)
    ref = np.array([_ref_de(p, q) for p, q in zip(a, b)])
    assert np.max(np.abs(ours - ref)) < 1e-9


def test_ciede2000_hue_mean_at_a_hue_sum_of_exactly_360():
    # (50, 20, 5) and (50, 40, −10) have h' = θ and 360 − θ (|Δh'| > 180) summing to exactly 360: eq. 14
    # takes (h1' + h2' − 360) / 2 = 0 for a sum ≥ 360, so the value continues the ≥ 360 side (b2 a hair
    # above −10), not the < 360 side (h̄' 360, where R_T adds 6e-5). coloraide's float sum lands on the
    # other side here, so the reference is coloraide just inside the ≥ 360 side.
    ours = float(ciede2000(np.array([50.0, 20.0, 5.0]), np.array([50.0, 40.0, -10.0])))
    at_or_over = _ref_de((50, 20, 5), (50, 40, -9.99999))
    under = _ref_de((50, 20, 5), (50, 40, -10.00001))
    assert abs(ours - at_or_over) < 1e-5 < abs(ours - under)


def test_oklab_matches_coloraide_to_ottosson_s_published_precision():
    # Ottosson's published matrices (10 digits) against coloraide's: agreement to ~4e-8.
    rgb = np.random.default_rng(2).integers(0, 256, size=(200, 3))
    ref = np.array([Color("srgb", list(row / 255)).convert("oklab").coords() for row in rgb])
    assert np.max(np.abs(srgb255_to_oklab(rgb) - ref)) < 1e-6
    assert srgb255_to_oklab(np.array([255, 255, 255])) == pytest.approx([1.0, 0.0, 0.0], abs=1e-6)
