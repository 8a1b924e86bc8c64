"""Paragraph blocks and their line pitch (typography/blocks.py)."""
import pytest

from shared.extraction.typography.blocks import WRAP_MIN_EMS, WRAP_SHARE, link_blocks
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
