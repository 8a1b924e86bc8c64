"""Blend pixels at the edges of their definition (shared/extraction/palette/blends.py): a pixel is a blend
when its two opposite neighbours are at least 24 sRGB units apart (Euclidean), it sits strictly between
8 % and 92 % of the way from one to the other, and at most max(6, 12 % of their distance) off the
segment joining them. Each case is a tiny image with one value just inside and one just outside, against
those published numbers, not the module's constants."""
from __future__ import annotations

import numpy as np
import pytest

from shared.extraction.palette.blends import detect_blends


def strip(*pixels) -> np.ndarray:
    return np.array([pixels], dtype=np.uint8)


def is_blend(a, p, b) -> bool:
    got = detect_blends(strip(a, p, b), None)
    return bool(got.mask[0, 1])


def test_neighbours_24_units_apart_are_two_colours_and_23_4_are_one():
    # (24, 0, 0) is exactly 24 from black; (23, 4, 0) is 23.35 away.
    assert is_blend((0, 0, 0), (12, 0, 0), (24, 0, 0))
    assert not is_blend((0, 0, 0), (12, 2, 0), (23, 4, 0))
    assert not is_blend((100, 100, 100), (111, 100, 100), (123, 100, 100))  # 23 apart


def test_position_strictly_between_8_and_92_percent():
    black, red = (0, 0, 0), (100, 0, 0)
    assert not is_blend(black, (8, 0, 0), red)  # t = 0.08 exactly: an end with noise, not a ramp
    assert is_blend(black, (9, 0, 0), red)
    assert is_blend(black, (91, 0, 0), red)
    assert not is_blend(black, (92, 0, 0), red)  # t = 0.92


def test_off_the_segment_by_at_most_6_units_for_close_ends():
    # Ends 30 apart: 12 % of 30 is 3.6, so the 6-unit floor decides.
    a, b = (0, 0, 0), (30, 0, 0)
    assert is_blend(a, (15, 6, 0), b)
    assert not is_blend(a, (15, 7, 0), b)


def test_off_the_segment_by_at_most_12_percent_for_far_ends():
    # Ends 200 apart: 12 % is 24 units.
    a, b = (0, 0, 0), (200, 0, 0)
    assert is_blend(a, (100, 24, 0), b)
    assert not is_blend(a, (100, 25, 0), b)


def test_the_area_goes_to_the_ends_by_position():
    got = detect_blends(strip((10, 20, 30), (35, 20, 30), (110, 20, 30)), None)
    assert got.mask.tolist() == [[False, True, False]]
    assert got.end_a.tolist() == [[10, 20, 30]] and got.end_b.tolist() == [[110, 20, 30]]
    assert got.end_a.dtype == np.uint8 and got.t.dtype == np.float64
    assert got.t.tolist() == pytest.approx([0.25])


def test_vertical_ramps_are_found_too_and_narrow_images_have_none_across():
    col = np.array([[(0, 0, 0)], [(50, 50, 50)], [(100, 100, 100)]], dtype=np.uint8)  # 3 x 1
    got = detect_blends(col, None)
    assert got.mask[:, 0].tolist() == [False, True, False]
    assert got.t.tolist() == pytest.approx([0.5])
    two = np.array([[(0, 0, 0), (100, 100, 100)]], dtype=np.uint8)  # 1 x 2: no middle pixel either way
    none = detect_blends(two, None)
    assert not none.mask.any() and none.end_a.shape == (0, 3) and none.t.shape == (0,)


def test_a_pixel_blended_both_ways_counts_once_with_its_horizontal_ends():
    rgb = np.full((3, 3, 3), 128, dtype=np.uint8)
    rgb[1] = [(0, 0, 0), (100, 100, 100), (200, 200, 200)]  # horizontal ramp through the centre
    rgb[0, 1], rgb[2, 1] = (60, 140, 100), (140, 60, 100)  # and a vertical one (centre at t = 0.5)
    got = detect_blends(rgb, None)
    assert got.mask.sum() == 1 and got.mask[1, 1]
    assert got.end_a.tolist() == [[0, 0, 0]] and got.end_b.tolist() == [[200, 200, 200]]


def test_blends_are_reported_in_row_major_order_across_axes():
    rgb = np.full((4, 5, 3), 255, dtype=np.uint8)
    rgb[0, 0:3] = [(0, 0, 0), (50, 0, 0), (100, 0, 0)]  # horizontal, middle at (0, 1)
    rgb[1:4, 4] = [(0, 0, 200), (0, 0, 100), (0, 0, 0)]  # vertical, middle at (2, 4)
    rgb[3, 1:4] = [(0, 90, 0), (0, 45, 0), (0, 0, 0)]  # horizontal, middle at (3, 2)
    got = detect_blends(rgb, None)
    assert [tuple(map(int, p)) for p in np.argwhere(got.mask)] == [(0, 1), (2, 4), (3, 2)]
    assert got.end_a.tolist() == [[0, 0, 0], [0, 0, 200], [0, 90, 0]]
    assert got.end_b.tolist() == [[100, 0, 0], [0, 0, 0], [0, 0, 0]]
    assert got.t.tolist() == pytest.approx([0.5, 0.5, 0.5])


@pytest.mark.parametrize("hidden", [0, 1, 2])
def test_a_transparent_pixel_or_end_is_no_blend(hidden):
    rgb = strip((0, 0, 0), (50, 50, 50), (100, 100, 100))
    valid = np.ones((1, 3), dtype=bool)
    assert detect_blends(rgb, valid).mask[0, 1]
    valid[0, hidden] = False
    got = detect_blends(rgb, valid)
    assert not got.mask.any() and got.t.size == 0
