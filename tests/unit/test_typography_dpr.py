"""Device-pixel ratio recognition (typography/dpr.py): body text, small print, viewport, hairlines."""
import numpy as np
import pytest

from shared.extraction.typography.dpr import (
    RULE_LEN, RULE_MIN, body_em, hairlines, infer_dpr, small_em)


def _page(rule_px: int, length: int = 200, count: int = 3, vertical: bool = False) -> np.ndarray:
    g = np.full((300, 400), 255, np.uint8)
    for k in range(count):
        y = 40 + 60 * k
        if vertical:
            g[20:20 + length, y:y + rule_px] = 200
        else:
            g[y:y + rule_px, 20:20 + length] = 200
    return g


def test_body_em_is_the_size_with_the_most_glyphs():
    ems = [16.0, 16.4, 15.8, 48.0, 12.0]
    glyphs = [60, 70, 55, 20, 10]
    assert body_em(ems, glyphs) == pytest.approx(16.07, abs=0.1)
    # a long headline of few glyphs does not outvote the paragraphs
    assert body_em([16.0, 40.0], [80, 79]) == 16.0


def test_small_em_is_the_tenth_glyph_weighted_percentile():
    assert small_em([10.0, 16.0, 16.0, 30.0], [10, 80, 80, 10]) == 16.0
    assert small_em([10.0, 16.0], [30, 70]) == 10.0
    assert body_em([], []) is None and small_em([], []) is None


@pytest.mark.parametrize("px,vertical", [(1, False), (2, False), (1, True), (2, True)])
def test_hairlines_count_rules_by_thickness(px, vertical):
    thin, double = hairlines(_page(px, vertical=vertical))
    assert (thin, double) == ((3, 0) if px == 1 else (0, 3))


def test_hairlines_need_a_long_rule_and_ignore_thick_bars():
    assert hairlines(_page(1, length=RULE_LEN)) == (3, 0)
    assert hairlines(_page(1, length=RULE_LEN - 5)) == (0, 0)
    assert hairlines(_page(4)) == (0, 0)


def test_desktop_capture_with_16px_body_is_1x():
    assert infer_dpr([16.0] * 20, [40] * 20, 1280, 900)[0] == 1.0


def test_retina_capture_with_32px_body_is_2x():
    assert infer_dpr([32.0] * 20, [40] * 20, 2560, 1800)[0] == 2.0


def test_phone_width_alone_decides_without_text():
    assert infer_dpr([], [], 780, 1688)[0] == 2.0  # a 390 px phone at 2×
    assert infer_dpr([], [], 1170, 2532)[0] == 3.0  # a 390 px phone at 3×
    assert infer_dpr([], [], 1280, 900)[0] == 1.0  # landscape: a desktop, not a phone at 3×


def test_small_print_bounds_the_ratio():
    # 22 px body text on a 2560 image reads as 11 px at 2×, but 11 px small print cannot be 5.5 px
    ems, glyphs = [22.0] * 10 + [11.0] * 3, [40] * 10 + [20] * 3
    assert infer_dpr(ems, glyphs, 2560, 1800)[0] < 2.0


def test_hairlines_vote_between_ambiguous_ratios():
    # 24 px text on a 2560-wide image: 24 px at 1×, 16 at 1.5× or 12 at 2×; the hairlines tell
    ems, glyphs = [24.0] * 20, [40] * 20
    assert infer_dpr(ems, glyphs, 2560, 1800, (RULE_MIN, 0))[0] < 2.0
    assert infer_dpr(ems, glyphs, 2560, 1800, (0, RULE_MIN))[0] == 2.0
    assert infer_dpr(ems, glyphs, 2560, 1800, (RULE_MIN - 1, 0))[0] == 2.0  # one rule does not vote
    assert infer_dpr(ems, glyphs, 2560, 1800, (RULE_MIN, RULE_MIN))[0] == 2.0  # mixed: no vote


def test_hairlines_from_sampled_rows_and_columns_are_the_same_count():
    from shared.extraction.typography.dpr import RULE_SAMPLE, hairlines_sampled
    for px, vertical in ((1, False), (2, True)):
        g = _page(px, vertical=vertical)
        assert hairlines_sampled(g[:, ::RULE_SAMPLE], g[::RULE_SAMPLE]) == hairlines(g)


def _boxes(spans: list[int], length: int = 64) -> np.ndarray:
    """Grey bands `spans` px wide with crisp edges, `length` px long: stacked down the page at its
    left, and side by side across it at its bottom (apart, so that their edges do not cross)."""
    total = sum(spans)
    g = np.full((40 + total + 40 + length + 20, 120 + total + 20), 250, np.uint8)
    y = 40
    for k, s in enumerate(spans):
        grey = 180 if k % 2 == 0 else 120
        g[y:y + s, 20:20 + length] = grey
        g[-20 - length:-20, 80 + y:80 + y + s] = grey
        y += s
    return g


def test_grid_spans_count_distances_between_long_edges_by_parity_and_thirds():
    from shared.extraction.typography.dpr import RULE_SAMPLE, grid_spans

    g = _boxes([48, 32, 30, 21])  # even: 48, 32, 30; multiples of 3: 48, 30, 21
    spans, even, thirds = grid_spans(g[:, ::RULE_SAMPLE], g[::RULE_SAMPLE])
    # each band once down the page and once across, and the bands' 64 px length once per direction
    assert (spans, even, thirds) == (10, 8, 6)
    # edges shorter than 16 px (glyphs, icons) are no box sides: read every 4th px, a 12 px side shows
    # in 3 samples (12 px: no span), a 16 px one in 4
    for side, found in ((12, False), (16, True)):
        dots = np.full((200, 200), 250, np.uint8)
        for y in range(20, 180, 40):
            for x in range(20, 180, 40):
                dots[y:y + side, x:x + side] = 120
        assert (grid_spans(dots[:, ::RULE_SAMPLE], dots[::RULE_SAMPLE])[0] > 0) is found


def test_the_grid_decides_between_1_5_and_2_at_a_lead_of_15_percent_of_30_spans_or_more():
    # small body text on a 2560-wide capture (22 image px: 11 CSS px at 2×, 14.7 at 1.5×) reads 1.5×
    ems, glyphs = [21.9] * 20, [40] * 20
    assert infer_dpr(ems, glyphs, 2560, 1800)[0] == 1.5
    assert infer_dpr(ems, glyphs, 2560, 1800, (0, 0), (100, 60, 45))[0] == 2.0  # even spans lead by 15 %
    assert infer_dpr(ems, glyphs, 2560, 1800, (0, 0), (100, 59, 45))[0] == 1.5  # 14 %: no vote
    assert infer_dpr(ems, glyphs, 2560, 1800, (0, 0), (30, 30, 10))[0] == 2.0  # 30 spans vote
    assert infer_dpr(ems, glyphs, 2560, 1800, (0, 0), (29, 29, 10))[0] == 1.5  # 29 do not
    # the reverse: multiples of 3 leading contradict 2× (26 image px text would be 2× otherwise)
    ems = [26.0] * 20
    assert infer_dpr(ems, glyphs, 2560, 1800)[0] == 2.0
    assert infer_dpr(ems, glyphs, 2560, 1800, (0, 0), (100, 45, 60))[0] == 1.5
    assert infer_dpr(ems, glyphs, 2560, 1800, (0, 0), (100, 45, 59))[0] == 2.0
    # the vote never touches 1×: a 1280-wide capture with 16 px text stays 1× whatever its grid
    assert infer_dpr([16.0] * 20, glyphs, 1280, 900, (0, 0), (100, 100, 10))[0] == 1.0
    assert infer_dpr([16.0] * 20, glyphs, 1280, 900, (0, 0), (100, 10, 100))[0] == 1.0
