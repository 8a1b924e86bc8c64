"""The vectorised color math at its piecewise edges: the sRGB transfer knee (IEC 61966-2-1: linear
below 0.04045, the 2.4 power above) and CIELab's ε = 216/24389 (linear below, cube root above),
each checked on the 8-bit values either side against the published formulas and coloraide."""
from __future__ import annotations

import numpy as np
import pytest
from coloraide import Color

from shared.color.fast_delta_e import ciede2000, srgb255_to_lab_d65, srgb_to_linear


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
