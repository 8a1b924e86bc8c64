"""Paragraph blocks and their line pitch (typography/blocks.py)."""
import pytest

from shared.extraction.typography.blocks import WRAP_MIN_EMS, WRAP_SHARE, link_blocks, read_x_only_lines
from shared.extraction.typography.classify import em_px
from shared.extraction.typography.lines import TextLine

ASCENT = 11.5  # em ≈ 16 px


def _stack(widths, pitch=24):
    lines = []
    for i, w in enumerate(widths):
        ln = TextLine(100, 100 + pitch * i, 100 + w, 116 + pitch * i, glyphs=max(2, w // 8), ascent=ASCENT)
        ln.baseline = 112 + pitch * i
        lines.append(ln)
    link_blocks(lines)
    return lines


def test_a_wrapped_paragraph_gives_its_pitch():
    em = em_px(TextLine(0, 0, 1, 1, glyphs=1, ascent=ASCENT))
    lines = _stack([int(30 * em), int(29 * em), int(10 * em)])
    assert len({ln.block for ln in lines}) == 1
    assert [ln.pitch for ln in lines] == [24, 24, None]


def test_stacked_short_items_give_no_pitch():
    lines = _stack([60, 80, 50, 70])  # nav items: aligned and evenly spaced, but a few ems wide
    assert len({ln.block for ln in lines}) == 1
    assert all(ln.pitch is None for ln in lines)


@pytest.mark.parametrize("second,wrapped", [(WRAP_SHARE + 0.02, True), (WRAP_SHARE - 0.02, False)])
def test_a_line_before_the_last_must_span_most_of_the_block(second, wrapped):
    em = em_px(TextLine(0, 0, 1, 1, glyphs=1, ascent=ASCENT))
    widest = int(2 * WRAP_MIN_EMS * em)
    lines = _stack([int(second * widest), int(second * widest), widest])
    assert (lines[0].pitch is not None) == wrapped


def _paragraph_end(last_height, x_height=20.0, x0=100):
    """A paragraph line (ascenders, x-height `x_height`) and under it a short last line that the
    measurer read as capitals `last_height` tall."""
    a = TextLine(100, 100, 900, 140, glyphs=60, ascent=29.0, x_height=x_height, tall="ascender")
    a.baseline = 130.0
    b = TextLine(x0, 160, x0 + 200, 190, glyphs=14, ascent=last_height, tall="capital")
    b.baseline = 130.0 + 1.5 * em_px(a)
    return a, b


@pytest.mark.parametrize("share,x_only", [(0.075, True), (0.085, False)])  # X_MATCH: 8 %
def test_a_last_line_as_tall_as_the_x_height_above_is_lowercase(share, x_only):
    a, b = _paragraph_end(20.0 * (1 + share))
    assert read_x_only_lines([a, b]) == int(x_only)
    if x_only:
        assert b.tall == "none" and b.x_height == b.ascent
        assert em_px(b) == pytest.approx(em_px(a) * (1 + share))
        link_blocks([a, b])
        assert a.block == b.block  # now the paragraph's size, so its last line
    else:
        assert b.tall == "capital" and em_px(b) < 0.88 * em_px(a)


@pytest.mark.parametrize("height,x_only", [(6.9, True), (7.1, False)])  # 1 px at small sizes
def test_small_x_heights_match_within_a_pixel(height, x_only):
    a = TextLine(100, 100, 500, 112, glyphs=40, ascent=8.5, x_height=6.0, tall="ascender")
    a.baseline = 110.0
    b = TextLine(100, 120, 160, 130, glyphs=6, ascent=height, tall="capital")
    b.baseline = 110.0 + 1.5 * em_px(a)
    assert read_x_only_lines([a, b]) == int(x_only)


def test_a_capitals_line_elsewhere_keeps_its_reading():
    a, b = _paragraph_end(20.0, x0=100 + int(em_px(TextLine(0, 0, 1, 1, glyphs=1, ascent=29.0))))  # an em to the right
    assert read_x_only_lines([a, b]) == 0 and b.tall == "capital"
