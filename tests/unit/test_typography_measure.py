"""Per-line measurement (typography/measure.py): what the tall glyphs are, and the em from them.

Lines are drawn with Pillow's bundled scalable face (Aileron), black on white."""
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from shared.extraction.typography import MIN_TEXT_EMS, text_ems
from shared.extraction.typography.classify import em_px
from shared.extraction.typography.detect import detect_lines, gray_of
from shared.extraction.typography.lines import TextLine
from shared.extraction.typography.measure import luminance, measure

SIZE = 40


def _measured(text: str, size: int = SIZE) -> TextLine:
    im = Image.new("RGB", (40 + size * len(text), 3 * size), "white")
    ImageDraw.Draw(im).text((20, size), text, fill="black", font=ImageFont.load_default(size=size))
    rgb = np.asarray(im)
    lines = detect_lines(rgb, gray_of(rgb))
    assert len(lines) == 1
    ln = measure(luminance(rgb), rgb, lines[0])
    assert ln is not None
    return ln


@pytest.mark.parametrize("text,tall", [("hold the ball", "ascender"), ("Save more", "capital"),
                                       ("young guy", "none"), ("ABCDEF", "capital"),
                                       ("mining", "none")])  # the i's dots stand apart: not in the line
def test_what_the_tall_glyphs_are(text, tall):
    ln = _measured(text)
    assert ln.tall == tall
    assert (ln.x_height is None) == (text == "ABCDEF")


def test_ascenders_decide_over_capitals():
    # a capital in a line of ascenders does not pull the ascent down to cap height
    assert _measured("Hold the ball").ascent == pytest.approx(_measured("hold the ball").ascent, abs=1.0)


@pytest.mark.parametrize("text,rel", [("hold the ball", 0.1), ("Save more", 0.1), ("ABCDEF", 0.1),
                                      ("young guy", 0.15)])  # x-heights vary more between faces
def test_the_em_is_near_the_drawn_size_whatever_the_letters(text, rel):
    assert em_px(_measured(text)) == pytest.approx(SIZE, rel=rel)


def test_a_few_glyph_like_icons_are_not_text():
    em = em_px(TextLine(0, 0, 1, 20, glyphs=3, ascent=14.0))
    assert text_ems([TextLine(0, 0, int(3 * em), 20, glyphs=3, ascent=14.0)]) == pytest.approx(3.0, abs=0.1)
    just_enough = TextLine(0, 0, int(em * MIN_TEXT_EMS) + 1, 20, glyphs=6, ascent=14.0)
    just_short = TextLine(0, 0, int(em * MIN_TEXT_EMS) - 1, 20, glyphs=6, ascent=14.0)
    assert text_ems([just_enough]) >= MIN_TEXT_EMS > text_ems([just_short])
