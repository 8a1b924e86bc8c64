"""Imagery detection at its published edges (shared/extraction/palette/imagery.py), on the numpy passes
(the reference the compiled core is compared with in test_pixel_core.py): about 8,000 samples, blocks of
min side / 35 px (at least 8 px, at least 4 samples); a sample is smooth when both neighbours differ by
1–24 levels, an edge above 24; an imagery block has ≥ 30 % smooth and ≤ 10 % edge samples; a region
needs 3 blocks filling ≥ 35 % of its box (8-connected); a colour is a region's with ≥ 60 % of its
members there (members: within 12 levels), unless ≥ 85 % of them are within 1 level of it (flat)."""
from __future__ import annotations

import numpy as np
import pytest

from shared.extraction.palette import extractor as E
from shared.extraction.palette import imagery
from shared.extraction.palette.imagery import (Region, _components, _grid, _imagery_blocks, _members,
                                               classify, imagery_regions)


@pytest.mark.parametrize("shape,grid", [
    ((100, 80), (1, 8, 12, 9)),  # 8,000 px: every pixel sampled; 8 px blocks
    ((80, 100), (1, 8, 9, 12)),
    ((80, 101), (2, 4, 10, 12)),  # 8,080 px: every other pixel; 8 px = 4 samples
    ((127, 63), (2, 4, 15, 7)),  # 8,001 px
    ((178, 178), (2, 4, 22, 22)),  # min side / 35 = 5 px: the 8 px floor, 4 samples
    ((10, 10), (1, 8, 1, 1)),
    ((700, 1050), (10, 4, 17, 26)),  # 20 px blocks would be 2 samples: 4 at least
    ((2000, 1280), (18, 4, 28, 18)),
    ((20, 10000), (5, 4, 1, 500)),  # blocks from the short side: 8 px, 2 samples, so 4
])
def test_sample_stride_and_block_grid(shape, grid):
    assert _grid(shape) == grid


def test_an_imagery_block_has_30_percent_smooth_and_10_percent_edge_samples():
    # b = 10: 100 samples a block.
    smooth = np.array([[30, 29, 30, 30]])
    edge = np.array([[10, 0, 11, 0]])
    assert _imagery_blocks(smooth, edge, 10).tolist() == [[True, False, False, True]]


def _diffs(right: int, down: int, shape=(4, 12)) -> tuple[np.ndarray, np.ndarray]:
    return np.full(shape, right, dtype=np.int16), np.full(shape, down, dtype=np.int16)


def test_smooth_samples_differ_from_both_neighbours_by_1_to_24_levels():
    whole = [Region(0, 0, 3, 1)]  # three 4 x 4 blocks in a row
    assert imagery_regions(*_diffs(24, 1), 4) == whole
    assert imagery_regions(*_diffs(1, 24), 4) == whole
    assert imagery_regions(*_diffs(0, 5), 4) == []  # flat to the right: not smooth
    assert imagery_regions(*_diffs(5, 0), 4) == []
    assert imagery_regions(*_diffs(25, 5), 4) == []  # an edge
    assert imagery_regions(*_diffs(5, 25), 4) == []


def test_one_edge_sample_in_sixteen_is_allowed_and_two_are_not():
    # b = 4: 10 % of 16 samples is 1.6. Four blocks in a row; the first gets the edges.
    right, down = _diffs(5, 5, (4, 16))
    right[0, 0] = 30
    assert imagery_regions(right, down, 4) == [Region(0, 0, 4, 1)]
    right[1, 1] = 30
    assert imagery_regions(right, down, 4) == [Region(1, 0, 4, 1)]


def test_five_smooth_samples_in_sixteen_make_a_block_and_four_do_not():
    # 30 % of 16 is 4.8; the other samples are flat to the right (neither smooth nor edge).
    right, down = _diffs(0, 5, (4, 16))
    right[:, 4:] = 5  # blocks 1-3 all smooth
    right[0, 0:4] = 5
    right[1, 0] = 5  # block 0: five smooth samples
    assert imagery_regions(right, down, 4) == [Region(0, 0, 4, 1)]
    right[1, 0] = 0  # four
    assert imagery_regions(right, down, 4) == [Region(1, 0, 4, 1)]


def _mask(rows: list[str]) -> np.ndarray:
    return np.array([[ch == "#" for ch in row] for row in rows])


def test_a_region_needs_three_blocks():
    assert _components(_mask(["##..", "....", "..##"])) == []
    assert _components(_mask(["###.", "....", "..##"])) == [Region(0, 0, 3, 1)]
    assert _components(_mask(["#...", "#...", "#..."])) == [Region(0, 0, 1, 3)]
    assert _components(_mask(["....", "...."])) == []


def test_blocks_touching_at_a_corner_are_one_region():
    # 8-connected: each row's run starts where the one above ends.
    assert _components(_mask(["##...", "..#..", "..###"])) == [Region(0, 0, 5, 3)]
    assert _components(_mask(["..###", ".#...", "##..."])) == [Region(0, 0, 5, 3)]  # the other diagonal
    # A column between them: two regions.
    assert _components(_mask(["...###", ".#....", "##...."])) == [Region(3, 0, 6, 1), Region(0, 1, 2, 3)]
    # One column more between them: the first two blocks are a piece of their own, too small.
    assert _components(_mask(["##....", "...#..", "...###"])) == [Region(3, 1, 6, 3)]


def test_a_region_fills_at_least_35_percent_of_its_box():
    # 7 blocks in a 5 x 4 box: 35 %; one fewer (6 of 20, 30 %) is scattered texture, not a region.
    seven = ["###..", "...#.", "....#", "...##"]
    assert _components(_mask(seven)) == [Region(0, 0, 5, 4)]
    six = ["###..", "...#.", "....#", "....#"]
    assert _components(_mask(six)) == []


def test_regions_come_in_reading_order_of_their_first_block():
    mask = _mask(["....###", "###....", "......."])
    assert _components(mask) == [Region(4, 0, 7, 1), Region(0, 1, 3, 2)]


def test_a_member_is_within_12_levels_and_exact_within_1():
    # Every other sample each way of a 4 x 8 sample grid (2 x 4 blocks of 2): 8 member samples. Their
    # largest channel difference to (100, 100, 100): 0, 1, 2, 12, 13, 30 and, in another channel, 12, 13.
    grey = np.full((4, 8), 100, dtype=np.int16)
    r, g = grey.copy(), grey.copy()
    for i, v in enumerate([100, 101, 102, 112, 113, 130]):
        r[0 if i < 4 else 2, 2 * (i % 4)] = v
    g[2, 4], g[2, 6] = 88, 87
    where = np.array([[0, 0, -1, -1], [0, 0, -1, -1]], dtype=np.int32)
    counts, flat = _members([r, g, grey.copy()], None, 1, 2, where, 1, [(100, 100, 100)])
    # Rows: the colour, then "none"; columns: outside every region, region 0 (the first two samples of
    # each row). Members: 100, 101 in the region, 102, 112 and 88 outside; not 113, 130 (in) or 87 (out).
    assert counts.tolist() == [[3, 2], [1, 2]]
    assert flat.tolist() == [2]  # 100 and 101


# ------------------------------------------------------------- classify (numpy passes and compiled ones)
# The numpy passes (the reference) and the compiled core's passes, where it is built, must both give
# the published answers.
@pytest.fixture(params=[None] + ([E._core] if E._core is not None else []),
                ids=["numpy", "compiled"][:1 + (E._core is not None)])
def core(request):
    return request.param


# A 42 x 120 image: every pixel sampled, 8 px blocks, a 5 x 14 block grid. Texture: a grey that steps
# by 3 levels every pixel (both neighbours differ, by 3 to 9: smooth), on a flat grey 14 to 20 levels
# lighter. Its sampled colours (every other sample) are 100 and 106.
GROUND = (120, 120, 120)
TEXTURE = (103, 103, 103)  # within 12 levels of every texture pixel, farther from the ground


def _page(region_blocks: list[tuple[int, int]], other_blocks: list[tuple[int, int]]) -> np.ndarray:
    rgb = np.empty((42, 120, 3), dtype=np.uint8)
    rgb[:] = GROUND
    ys, xs = np.mgrid[0:42, 0:120]
    texture = (100 + 3 * ((xs + 2 * ys) % 4)).astype(np.uint8)
    for by, bx in region_blocks + other_blocks:
        sl = (slice(by * 8, by * 8 + 8), slice(bx * 8, bx * 8 + 8))
        rgb[sl] = texture[sl][..., None]
    return rgb


REGION = [(1, 1), (1, 2), (1, 3)]  # 3 blocks: a region; 16 member samples each


def test_a_colour_with_60_percent_of_its_members_in_a_region_is_its_imagery(core):
    rgb = _page(REGION, [(3, 8), (3, 9)])  # 48 of 80 member samples in the region: 60 %
    assert imagery_regions(*imagery._samples(rgb, *_grid(rgb.shape[:2]))[1:], 8) == [Region(1, 1, 4, 2)]
    assert classify(rgb, None, core=core, colors=[GROUND, TEXTURE]) == ([True, True], [False, True])
    rgb = _page(REGION, [(3, 8), (3, 9), (3, 11)])  # 48 of 96: 50 %
    assert classify(rgb, None, core=core, colors=[GROUND, TEXTURE]) == ([True, True], [False, False])


def test_a_region_keeps_its_first_colour_only(core):
    rgb = _page(REGION, [])
    first, second = (102, 102, 102), (108, 108, 108)  # the 100 samples are nearest the one, 106 the other
    got = classify(rgb, None, core=core, colors=[GROUND, first, second])
    assert got == ([True, True, False], [False, True, False])
    got = classify(rgb, None, core=core, colors=[second, GROUND, first])
    assert got == ([True, True, False], [True, False, False])


def test_a_colour_85_percent_exact_over_imagery_is_a_design_colour(core):
    # A ring of texture blocks (rows 1-3, columns 1-4, open in the middle) is one region; a 10 x 8 px
    # button inside its box has 20 member samples, some 2 levels off. 17 exact of 20 (85 %): flat, a
    # design colour. 16 of 20: a photo's colour, and the region's first.
    ring = [(1, 1), (1, 2), (1, 3), (1, 4), (2, 1), (2, 4), (3, 1), (3, 2), (3, 3), (3, 4)]
    button = (60, 60, 60)
    for off, expect in ((3, ([True, True, True], [False, True, False])),
                        (4, ([True, False, True], [True, False, False]))):
        rgb = _page(ring, [])
        rgb[16:24, 16:26] = button
        for i in range(off):
            rgb[16 + 2 * (i // 5), 16 + 2 * (i % 5)] = (62, 62, 62)
        assert classify(rgb, None, core=core, colors=[button, TEXTURE, GROUND]) == expect, off


def test_a_colour_with_no_member_or_a_tiny_image_is_kept_as_design(core):
    rgb = _page(REGION, [])
    got = classify(rgb, None, core=core, colors=[GROUND, TEXTURE, (0, 200, 0)])
    assert got == ([True, True, True], [False, True, False])
    assert classify(rgb[:1], None, core=core, colors=[GROUND, TEXTURE]) == ([True, True], [False, False])
    assert classify(rgb[:, :1], None, core=core, colors=[GROUND, TEXTURE]) == ([True, True], [False, False])
    assert classify(rgb, None, core=core, colors=[]) == ([], [])


def test_transparent_samples_are_no_members(core):
    rgb = _page(REGION, [(3, 8)])  # 48 of 64 in the region: 75 %
    valid = np.ones(rgb.shape[:2], dtype=bool)
    valid[8:16, 8:32] = False  # the region's pixels do not count: 0 of 16
    assert classify(rgb, valid, core=core, colors=[GROUND, TEXTURE]) == ([True, True], [False, False])
    # Only the sampled pixels (every other one each way) hidden: the same (the samples' own pixels are read).
    valid = np.ones(rgb.shape[:2], dtype=bool)
    valid[8:16:2, 8:32:2] = False
    assert classify(rgb, valid, core=core, colors=[GROUND, TEXTURE]) == ([True, True], [False, False])
    assert classify(rgb, None, core=core, colors=[GROUND, TEXTURE]) == ([True, True], [False, True])


def test_a_single_colour_of_a_region_is_its_imagery(core):
    assert classify(_page(REGION, []), None, core=core, colors=[TEXTURE]) == ([True], [True])


def test_without_texture_or_whole_blocks_nothing_is_imagery(core):
    got = classify(_page([], []), None, core=core, colors=[GROUND, TEXTURE])
    assert got == ([True, True], [False, False])
    strip = np.random.default_rng(4).integers(90, 110, (6, 900, 3), dtype=np.uint8)  # under one block tall
    got = classify(strip, None, core=core, colors=[(100, 100, 100), (0, 0, 0)])
    assert got == ([True, True], [False, False])


def test_one_row_of_blocks_can_be_a_region(core):
    rgb = _page([(0, 1), (0, 2), (0, 3)], [])[:12]  # 12 px tall: one row of 8 px blocks
    assert _grid(rgb.shape[:2])[2] == 1
    assert classify(rgb, None, core=core, colors=[GROUND, TEXTURE]) == ([True, True], [False, True])


def test_a_colour_of_the_second_region_is_that_region_s_imagery(core):
    rgb = _page(REGION, [])
    ys, xs = np.mgrid[0:42, 0:120]
    second = (130 + 3 * ((xs + 2 * ys) % 4)).astype(np.uint8)  # 10-19 over the ground
    rgb[24:32, 64:88] = second[24:32, 64:88][..., None]  # blocks (3, 8) to (3, 10)
    got = classify(rgb, None, core=core, colors=[GROUND, TEXTURE, (133, 133, 133)])
    assert got == ([True, True, True], [False, True, True])


def test_one_column_of_blocks_can_be_a_region(core):
    rgb = _page([(1, 1), (2, 1), (3, 1)], [])[:, 4:16]  # 12 px wide: one column of 8 px blocks
    assert _grid(rgb.shape[:2])[3] == 1
    assert classify(rgb, None, core=core, colors=[GROUND, TEXTURE]) == ([True, True], [False, True])


def test_a_colour_with_a_single_member_in_a_taken_region_is_dropped(core):
    rgb = _page(REGION, [])
    rgb[10, 10] = (60, 60, 60)  # one sampled pixel, 3 levels from the colour below: not exact
    got = classify(rgb, None, core=core, colors=[GROUND, TEXTURE, (63, 63, 63)])
    assert got == ([True, True, False], [False, True, False])
