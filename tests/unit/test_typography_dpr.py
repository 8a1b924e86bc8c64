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
