"""The layout scales at their published edges (shared/extraction/layout/scales.py): spacing values are
"the same" within 1 px up to 16 px and 5 % above; radii within max(1 px, 12 %); a corner counts up to
45 % of the box's short side; a box's agreeing corners weigh 1, plus a quarter per corner beyond two,
a corner of its own half (0.35 when no two agree); a step needs a summed weight of 1.5; its value snaps
to a whole px within a third of one (0.34), else to a half; a progression is linear when the steps are
whole multiples of the base unit evenly spaced, geometric when consecutive ratios agree within 12 %
around a mean ratio above 1.15."""
from __future__ import annotations

import numpy as np
import pytest

from shared.extraction.layout.scales import (RADIUS_SUPPORT, SPACING_SUPPORT, Step, _snap, base_unit,
                                             box_radii, progression, radius_tol, spacing_tol, vote)


def test_spacing_tolerance_is_1_px_up_to_16_and_5_percent_above():
    assert spacing_tol(16) == 1.0 and spacing_tol(4) == 1.0
    assert spacing_tol(16.5) == pytest.approx(0.825) and spacing_tol(40) == pytest.approx(2.0)


def test_radius_tolerance_is_1_px_or_12_percent():
    assert radius_tol(5) == 1.0 and radius_tol(8) == 1.0
    assert radius_tol(10) == pytest.approx(1.2) and radius_tol(20) == pytest.approx(2.4)


def test_a_box_whose_four_corners_agree_weighs_1_5():
    assert box_radii([8, 8, 8, 8], 100) == [(8.0, 1.5)]
    assert box_radii([8, 8, 8, 0], 100) == [(8.0, 1.25)]
    assert box_radii([8, 8, 0, 0], 100) == [(8.0, 1.0)]


def test_a_lone_corner_weighs_half_beside_agreeing_ones_and_0_35_alone():
    assert box_radii([2, 2, 8, 8], 100) == [(2.0, 1.0), (8.0, 0.5)]  # the first of equal groups leads
    assert box_radii([12, 0, 0, 0], 100) == [(12.0, 0.35)]
    assert box_radii([12, 30, 0, 0], 100) == [(12.0, 0.35), (30.0, 0.35)]


def test_a_corner_counts_up_to_45_percent_of_the_short_side():
    assert box_radii([45, 45, 0, 0], 100) == [(45.0, 1.0)]
    assert box_radii([46, 46, 0, 0], 100) == []
    assert box_radii([0, 0, 0, 0], 100) == []
    assert box_radii([1, 1, 0, 0], 100) == [(1.0, 1.0)]  # any radius above 0 counts


def test_corners_group_within_the_radius_tolerance_of_the_group_start():
    assert box_radii([8, 9, 0, 0], 100) == [(8.5, 1.0)]  # 1 px apart: one
    assert box_radii([8, 10, 0, 0], 100) == [(8.0, 0.35), (10.0, 0.35)]  # 2 px: two
    assert box_radii([20, 22.4, 0, 0], 100) == [(21.2, 1.0)]  # 12 % of 20
    assert box_radii([20, 22.5, 0, 0], 100) == [(20.0, 0.35), (22.5, 0.35)]
    assert box_radii([8, 9, 10, 0], 100) == [(8.5, 1.0), (10.0, 0.5)]  # measured from the group's first


def test_a_step_snaps_to_a_whole_px_within_0_34_and_to_a_half_beyond():
    assert _snap(7.34) == 7.0 and _snap(7.66) == 8.0
    assert _snap(7.35) == 7.5 and _snap(7.6) == 7.5
    assert _snap(12.0) == 12.0
    assert _snap(0.34) == 0.0  # exactly 0.34 from a whole px (0.34 - 0 is exact in floating point)


def _vote(values, weights=None, support=SPACING_SUPPORT):
    weights = [1.0] * len(values) if weights is None else weights
    return vote(np.array(values, float), np.array(weights, float), spacing_tol, support)


def test_a_step_needs_a_weight_of_1_5():
    steps, off = _vote([8, 8.5, 24], [1.0, 0.5, 1.0])
    assert [(s.value, s.count, s.weight, s.members) for s in steps] == [(8.0, 2, 1.5, [0, 1])]
    assert off == [2]
    steps, off = _vote([8, 8.5, 24], [1.0, 0.49, 1.0])
    assert steps == [] and off == [0, 1, 2]


def test_a_radius_step_needs_one_box_whose_four_corners_agree():
    steps, _ = vote(np.array([8.0]), np.array([1.5]), radius_tol, RADIUS_SUPPORT)
    assert [(s.value, s.weight) for s in steps] == [(8.0, 1.5)]
    steps, off = vote(np.array([8.0]), np.array([1.25]), radius_tol, RADIUS_SUPPORT)  # three corners
    assert steps == [] and off == [0]


def test_steps_come_out_ascending_each_with_its_values():
    steps, off = _vote([16, 8, 16, 8, 8, 40, 16.5])
    assert [(s.value, s.count, s.members) for s in steps] == [(8.0, 3, [1, 3, 4]), (16.0, 3, [0, 2, 6])]
    assert off == [5]


def test_values_exactly_1_px_apart_are_one_step():
    steps, off = _vote([8, 9])
    assert [(s.value, s.count) for s in steps] == [(8.0, 2)] and off == []


def test_of_equally_supported_values_the_first_wins():
    # 8 gathers 7, 8, 9 and 9 gathers 8, 9, 10, both weighing 2.0: 8 is taken, its weighted median is 7,
    # and 9 and 10 make the next step.
    steps, off = _vote([7, 8, 9, 10], [1.0, 0.5, 0.5, 1.0])
    assert [(s.value, s.count) for s in steps] == [(7.0, 2), (10.0, 2)] and off == []


def test_a_step_is_the_weighted_median_of_its_values():
    steps, _ = _vote([10, 10.5, 11])
    assert [s.value for s in steps] == [10.5]
    steps, _ = _vote([10, 10.5, 11], [0.2, 0.2, 2.0])
    assert [s.value for s in steps] == [11.0]
    steps, _ = _vote([10, 10.5, 11], [2.0, 0.2, 0.2])
    assert [s.value for s in steps] == [10.0]


def test_the_best_supported_value_becomes_a_step_first():
    # 21 gathers 20 to 22 (within 5 % of 21); 20 alone would gather only 20 and 21.
    steps, off = _vote([20, 21, 22, 22])
    assert [(s.value, s.count, s.members) for s in steps] == [(21.0, 4, [0, 1, 2, 3])] and off == []
    # Two groups apart: the heavier (22) is taken first, the other still makes a step of its own.
    steps, off = _vote([20, 20, 22, 22, 22])
    assert [(s.value, s.count) for s in steps] == [(20.0, 2), (22.0, 3)]


def test_base_unit_follows_the_steps_use_counts():
    # The largest of 8, 4, 2 that 70 % of the uses are multiples of (the others on 2 px only here).
    assert base_unit([Step(8.0, 7, 7.0), Step(14.0, 3, 3.0)]) == 8
    assert base_unit([Step(8.0, 6, 6.0), Step(14.0, 4, 4.0)]) == 2
    # 8 only while under 10 % of the uses are on 4 but off 8: 9 of 100 uses at 12 px, 10 of 100
    assert base_unit([Step(8.0, 91, 1.0), Step(12.0, 9, 9.0)]) == 8
    assert base_unit([Step(8.0, 90, 1.0), Step(12.0, 10, 1.0)]) == 4
    assert base_unit([]) is None


def test_progressions():
    assert progression([4, 8, 12, 16], 4) == "linear"
    assert progression([4, 8, 16, 32], 4) == "geometric"  # multiples, not evenly spaced
    assert progression([4, 8], 4) == "none"
    assert progression([0, 4, 8], 4) == "none"  # zero is no step
    assert progression([4, 8, 12, 16], None) == "none"  # ratios 2, 1.5, 1.33: spread over 12 %
    assert progression([4, 8, 12.5, 16], 4) == "none"


def test_a_linear_scale_allows_1_percent_of_its_first_spacing():
    assert progression([100, 200, 301], 1) == "linear"  # differences 100 and 101
    assert progression([100, 200, 299], 1) == "linear"  # 100 and 99: 1 % of the first
    assert progression([100, 200, 302], 1) == "none"  # ratios 2 and 1.51
    assert progression([1000, 2000, 3012], 4) == "none"  # 12 off: over 1 % of 1,000
    assert progression([1, 2, 3], 1) == "linear"  # 1 px is a step
    assert progression([100, 200, 301, 403], 1) == "none"  # 102 is 2 % off the first spacing


def test_a_linear_scale_is_whole_multiples_of_the_base():
    assert progression([6, 12, 18], 4) == "none"  # evenly spaced, but 6 and 18 are no multiples of 4
    assert progression([6, 12, 18], 2) == "linear"
    assert progression([10.022, 20.022, 30.022], 2) == "none"  # 1.1 % off a multiple


def test_a_geometric_scale_needs_ratios_within_12_percent_around_a_mean_over_1_15():
    assert progression([100, 120, 144], None) == "geometric"  # ratio 1.2
    assert progression([100, 115, 132.25], None) == "none"  # ratio 1.15 exactly
    assert progression([100, 116, 134.56], None) == "geometric"  # 1.16
    # Ratios 2 and 1.6: mean 1.8, the spread 0.2 is 11 % of it; 2 and 1.5 (14 %) is not.
    assert progression([10, 20, 32], None) == "geometric"
    assert progression([10, 20, 30], None) == "none"
