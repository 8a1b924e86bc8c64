"""Family names (blue-700) at every documented edge: the neutral chroma threshold and its taper, the
neutral tints' hue ranges, the slate chroma, white and black, steps and fine steps.

The numbers are the module's documented ones (Tailwind CSS v4's families and 500 hues, our tonal
scales' lightness targets 50: 0.975 … 950: 0.23); `family_of` takes OKLCH floats, so those edges are
tested exactly, and white/black through 8-bit colors found on either side."""
from __future__ import annotations

import math

import pytest

from shared.color.conversions import oklch_coords
from shared.color.family_names import family_candidates, family_name, family_of, fine_step, step_of

EPS = 1e-6
# Our tonal scales' OKLCH lightness targets (shared.color.scales), as documented there.
TARGETS = {50: 0.975, 100: 0.94, 200: 0.885, 300: 0.81, 400: 0.72, 500: 0.63,
           600: 0.55, 700: 0.47, 800: 0.39, 900: 0.31, 950: 0.23}


@pytest.mark.parametrize("step,l", sorted(TARGETS.items()))
def test_step_of_each_target(step, l):
    assert step_of(l) == step


@pytest.mark.parametrize("lighter,darker", list(zip(sorted(TARGETS), sorted(TARGETS)[1:])))
def test_step_of_changes_at_the_midpoint_between_targets(lighter, darker):
    mid = (TARGETS[lighter] + TARGETS[darker]) / 2
    assert step_of(mid + 1e-4) == lighter
    assert step_of(mid - 1e-4) == darker


def test_step_of_beyond_the_ends():
    assert step_of(1.0) == 50 and step_of(0.0) == 950


@pytest.mark.parametrize("l,want", [
    (1.0, 50.0), (0.975, 50.0), (0.99, 50.0),
    (0.23, 950.0), (0.1, 950.0), (0.0, 950.0),
    (0.59, 550.0),  # halfway between 500 (0.63) and 600 (0.55)
    (0.25, 937.5),  # a quarter of the way from 950 (0.23) to 900 (0.31)
    (0.9575, 75.0),  # halfway between 50 (0.975) and 100 (0.94)
    (0.63, 500.0), (0.47, 700.0),
])
def test_fine_step_interpolates_between_targets(l, want):
    got = fine_step(l)
    assert isinstance(got, float)
    assert got == pytest.approx(want, abs=1e-9)


def test_fine_step_is_monotonic():
    ls = [i / 200 for i in range(201)]
    steps = [fine_step(l) for l in ls]
    assert all(a >= b for a, b in zip(steps, steps[1:]))


# The neutral chroma threshold: 0.05 at the 500 step, scaled by the tonal taper toward the ends
# (floored at 0.3): 50 → 0.05 × 0.3 (0.18 floored), 100 → × 0.32, 300 → × 0.72, 950 → × 0.5.
@pytest.mark.parametrize("l,threshold", [
    (0.63, 0.05), (0.55, 0.05), (0.975, 0.015), (0.94, 0.016), (0.81, 0.036), (0.23, 0.025), (0.31, 0.033),
])
def test_neutral_chroma_threshold_tapers_toward_the_ends(l, threshold):
    assert family_of(l, threshold - EPS, 150.0) == "gray"  # 150°: no neutral tint range
    assert family_of(l, threshold + EPS, 150.0) == "green"


@pytest.mark.parametrize("l,threshold", [(0.63, 0.05), (0.23, 0.025)])  # × 1.0 and × 0.5: exact in floats
def test_a_chroma_exactly_on_the_neutral_threshold_is_chromatic(l, threshold):
    assert family_of(l, threshold, 150.0) == "green"


@pytest.mark.parametrize("c,want", [(0.006 - EPS, "neutral"), (0.006, "gray"), (0.0, "neutral")])
def test_untinted_below_chroma_0_006(c, want):
    assert family_of(0.63, c, 0.0) == want


@pytest.mark.parametrize("h,want", [
    (20.0 - 0.01, "gray"), (20.0, "stone"), (110.0 - 0.01, "stone"), (110.0, "gray"),
    (215.0 - 0.01, "gray"), (215.0, "slate"), (275.0 - 0.01, "slate"), (275.0, "zinc"),
    (320.0 - 0.01, "zinc"), (320.0, "gray"), (0.0, "gray"), (180.0, "gray"),
])
def test_neutral_tint_hue_ranges(h, want):
    assert family_of(0.63, 0.04, h) == want  # 0.04: over slate's 0.035, under the neutral 0.05


@pytest.mark.parametrize("l,c,want", [
    (0.63, 0.035, "slate"), (0.63, 0.035 - EPS, "gray"),
    (0.23, 0.0175, "slate"), (0.23, 0.0175 - EPS, "gray"),  # 950: both thresholds × 0.5
])
def test_slate_from_chroma_0_035_times_the_taper(l, c, want):
    assert family_of(l, c, 250.0) == want


def test_achromatic_nan_hue_reads_as_zero():
    assert family_of(0.63, 0.02, math.nan) == "gray"
    assert family_of(0.63, 0.2, math.nan) == family_of(0.63, 0.2, 0.0) == "pink"


@pytest.mark.parametrize("h,want", [
    (25.3, "red"), (47.6, "orange"), (70.1, "amber"), (86.0, "yellow"), (130.9, "lime"), (149.6, "green"),
    (162.5, "emerald"), (182.5, "teal"), (215.2, "cyan"), (237.3, "sky"), (259.8, "blue"), (277.1, "indigo"),
    (292.7, "violet"), (303.9, "purple"), (322.2, "fuchsia"), (354.3, "pink"), (16.4, "rose"),
    (20.8, "rose"), (20.9, "red"),  # either side of the rose/red midpoint 20.85
    (5.0, "pink"), (359.0, "pink"), (365.0, "pink"),  # across 0°
])
def test_chromatic_family_is_the_nearest_tailwind_500_hue(h, want):
    assert family_of(0.63, 0.15, h) == want


# White: chroma under 0.01 and OKLCH L from 0.995; black: chroma under 0.01 and L up to 0.08.
@pytest.mark.parametrize("hex_,name", [
    ("#FFFFFF", "white"), ("#FEFEFE", "white"),  # L 0.9970
    ("#FDFDFD", "neutral-50"),  # L 0.9940, under 0.995
    ("#FFFEFA", "white"),  # L 0.9967, C 0.0054
    ("#FFFFF7", "stone-50"),  # L 0.9978 but C 0.0105
    ("#000000", "black"), ("#010101", "black"),  # L 0.0672
    ("#020202", "neutral-950"),  # L 0.0847, over 0.08
    ("#020102", "black"),  # L 0.0742, C 0.0098
    ("#000101", "gray-950"),  # L 0.0608 but C 0.0104
])
def test_white_and_black_edges(hex_, name):
    assert family_name(hex_) == name


def test_the_edge_colors_lie_where_the_cases_say():
    # coloraide's OKLCH of the 8-bit colors used above (CSS Color 4 OKLab).
    assert oklch_coords("#FEFEFE")[0] > 0.995 > oklch_coords("#FDFDFD")[0]
    assert oklch_coords("#010101")[0] < 0.08 < oklch_coords("#020202")[0]
    assert oklch_coords("#FFFFF7")[1] > 0.01 > oklch_coords("#FFFEFA")[1]
    assert oklch_coords("#000101")[1] > 0.01 > oklch_coords("#020102")[1]


def test_candidates_go_to_50_then_10_then_1():
    # #3B82F6: OKLCH L 0.62308 → fine step 500 + (0.63 - 0.62308) / 0.08 × 100 = 508.65.
    assert family_candidates("#3B82F6") == ["blue-500", "blue-510", "blue-509"]
    # #5B7FC0: L 0.59815 → 539.8: 550, 540, and 540 again (listed once).
    assert family_candidates("#5B7FC0") == ["blue-500", "blue-550", "blue-540"]


def test_white_and_black_have_one_candidate():
    assert family_candidates("#FFFFFF") == ["white"]
    assert family_candidates("#000000") == ["black"]


def test_red_and_orange_meet_midway_between_tailwinds_500_hues():
    # Tailwind CSS v4's red-500 is at OKLCH hue 25.3°, orange-500 at 47.6°: the border is 36.45°.
    assert family_of(0.6, 0.15, 36.4) == "red"
    assert family_of(0.6, 0.15, 36.5) == "orange"
    assert family_of(0.6, 0.15, 40.0) == "orange"
