"""A flat region inside a text line's box: a glyph's counter or stroke, or a shape the line took for ink.

Text detection can read a filled button beside an avatar (or a row of chart bars) as a line of a few
large glyphs; the button's flat fill then lay inside a text line's box and was dropped as a glyph's
counter (the layout benchmark's even half: 2–3 % of the true boxes of every split).
"""
from __future__ import annotations

import numpy as np
import pytest

from shared.extraction.layout.regions import Region, label_runs, range3, regions
from shared.extraction.layout.surfaces import find_surfaces, swallowed

RED, WHITE = (171.0, 42.0, 61.0), (255.0, 255.0, 255.0)


def _region(w: int, h: int, colour) -> Region:
    return Region(0, 40, 30, 40 + w, 30 + h, w * h, tuple(colour), np.full(h, 40), np.full(h, 40 + w))


def _line(ink, bg, stem: float) -> np.ndarray:
    return np.array([[*ink, *bg, stem]], np.float64)


@pytest.mark.parametrize("stem,expected", [(5.0, False), (4.9, True)])
def test_a_region_of_the_ink_colour_is_a_stroke_up_to_two_stems_across(stem, expected):
    """A glyph's stroke (or strokes run together) is at most 2 stems across: 10 px at a 5 px stem is
    one, at a 4.9 px stem (9.8 px) it is wider than any stroke, a shape of the ink's colour."""
    assert swallowed(_region(10, 40, RED), _line(RED, WHITE, stem), 8.0) is expected


@pytest.mark.parametrize("off,expected", [(24.0, False), (25.0, True)])
def test_a_region_of_the_background_colour_is_a_counter(off, expected):
    """A counter shows the line's background: within 3 × the flatness tolerance (24 levels at a lossy
    image's 8) it is one, at 25 levels it is a third colour, no part of the glyph."""
    fill = (255.0 - off, 255.0, 255.0)
    assert swallowed(_region(30, 30, fill), _line((20.0, 20.0, 20.0), WHITE, 2.0), 8.0) is expected


def test_a_button_read_as_a_text_line_is_a_surface():
    """A 110×20 red button whose line box (button and label read as two glyphs) holds it: its fill is
    the line's ink but 20 px across at a 2.4 px stem, so it is measured as a surface; the same region
    inside a text block with no line data stays a glyph's part, as before."""
    rgb = np.full((90, 200, 3), 255, np.uint8)
    rgb[30:50, 40:150] = np.array(RED, np.uint8)
    tol = 4.0
    regs = [r for r in regions(rgb, label_runs(range3(rgb) <= tol)) if r.w < 190]
    block = np.array([[38.0, 24.0, 170.0, 56.0]])
    line = np.array([[38.0, 24.0, 170.0, 56.0, *RED, *WHITE, 2.4]])
    found = find_surfaces(rgb, regs, tol, block, line)
    assert len(found) == 1 and max(abs(a - b) for a, b in zip(found[0].box(), (40, 30, 150, 50))) <= 0.5
    assert find_surfaces(rgb, regs, tol, block) == []
