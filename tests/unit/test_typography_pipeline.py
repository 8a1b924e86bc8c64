"""Typography from pixels, end to end on images drawn here (Pillow's bundled Aileron face, so no
system font is needed): sizes in CSS px at DPR 1 and 2, line height from a paragraph, no styles
without text. And the parts with a specified rule: the type scale, the device-pixel ratio, roles."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from shared.extraction.image import load_image
from shared.extraction.typography import extract_typography
from shared.extraction.typography.dpr import infer_dpr
from shared.extraction.typography.roles import StyleFacts, assign_roles
from shared.extraction.typography.scale import detect_scale

TEXT = "The quick brown fox jumps over the lazy dog while designers hold their"


def _page(scale: int = 1, *, body: int = 16, pitch: int = 24, heading: int = 40) -> bytes:
    img = Image.new("RGB", (1280 * scale, 800 * scale), "#FFFFFF")
    d = ImageDraw.Draw(img)
    d.text((80 * scale, 120 * scale), "Heading of the page", font=ImageFont.load_default(size=heading * scale),
           fill="#111827", anchor="ls")
    for i in range(6):
        d.text((80 * scale, (300 + pitch * i) * scale), TEXT, font=ImageFont.load_default(size=body * scale),
               fill="#374151", anchor="ls")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _within(measured: float, true: float) -> bool:
    return abs(measured - true) <= max(1.0, 0.06 * true)


@pytest.mark.parametrize("scale", [1, 2])
def test_sizes_and_line_height_in_css_px_at_dpr_1_and_2(scale):
    result = extract_typography(load_image(_page(scale), detail=True))
    assert result.device_pixel_ratio == scale and result.dpr_source == "measured"
    body = next(s for s in result.styles if s.role == "body")
    assert _within(body.font_size, 16) and body.lines == 6
    assert body.line_height == pytest.approx(24 / 16, abs=0.1)
    assert body.color == "#374151" and body.family_class == "sans-serif"
    top = max(result.styles, key=lambda s: s.font_size)
    assert _within(top.font_size, 40) and top.role in ("display", "heading-1")
    assert all(b.w > 0 and b.h > 0 for s in result.styles for b in s.boxes)


def test_the_callers_device_pixel_ratio_is_used_as_given():
    result = extract_typography(load_image(_page(2), detail=True), device_pixel_ratio=2)
    assert result.dpr_source == "caller" and _within(next(s for s in result.styles if s.role == "body").font_size, 16)


def test_no_text_no_styles():
    rng = np.random.default_rng(3)
    photo = (rng.normal(128, 40, (400, 600, 3)).clip(0, 255)).astype(np.uint8)  # texture, like a photo
    flat = Image.new("RGB", (600, 400), "#F7F8FA")
    d = ImageDraw.Draw(flat)
    d.rounded_rectangle((40, 40, 300, 200), radius=16, fill="#2563EB")
    d.ellipse((350, 60, 520, 230), fill="#F59E0B")
    for img in (Image.fromarray(photo), flat):
        out = io.BytesIO()
        img.save(out, "PNG")
        assert extract_typography(load_image(out.getvalue(), detail=True)).styles == []


# --- the type scale: a named ratio or a step, never a scale in random sizes ---------------------

def test_a_modular_ratio_is_named():
    assert detect_scale([16, 20, 25, 31.25, 39.06], 16).ratio == 1.25
    assert detect_scale([16, 19.2, 23.04, 27.65], 16).ratio == 1.2


def test_a_fixed_step():
    s = detect_scale([12, 14, 16, 18, 20, 22], 16)
    assert s.kind == "step" and s.step == 2.0


@pytest.mark.parametrize("sizes", [[16, 20, 25], [12, 14, 16, 20, 24, 30, 36, 48], [11, 17.3, 29.1, 41.7]])
def test_three_sizes_or_a_tailwind_ladder_are_no_modular_scale(sizes):
    # Three sizes are too few to tell (4 needed); Tailwind's ladder is neither a ratio nor one step.
    assert detect_scale(sizes, 16).kind == "none"


# --- device-pixel ratio: body text and image width together --------------------------------------

@pytest.mark.parametrize("body_px,size,dpr", [(16, (1280, 900), 1.0), (32, (2560, 1800), 2.0),
                                              (15, (2560, 1440), 1.0), (48, (1170, 2532), 3.0),
                                              (16, (390, 844), 1.0), (None, (3840, 2400), 2.0)])
def test_device_pixel_ratio(body_px, size, dpr):
    ems = [body_px] if body_px else []
    assert infer_dpr(ems, [200] * len(ems), *size)[0] == dpr


# --- roles -----------------------------------------------------------------------------------------

def _f(size, share, *, weight=400, multiline=False, lines=1, mean_len=10.0, upper=False, tracking=0.0,
       cls="sans-serif", glyphs=0):
    return StyleFacts(size=size, weight=weight, family_class=cls, share=share, lines=lines, multiline=multiline,
                      mean_len=mean_len, uppercase=upper, tracking=tracking, top=0.5, glyphs=glyphs)


def test_roles_from_size_rank_weight_and_shape():
    styles = [_f(16, 0.5, multiline=True, lines=20, mean_len=40), _f(48, 0.1, weight=700),
              _f(30, 0.08, weight=600), _f(22, 0.07, weight=600), _f(18, 0.06, multiline=True, lines=3),
              _f(12, 0.05, upper=True, tracking=1.2), _f(14, 0.05, weight=600), _f(12, 0.04),
              _f(14, 0.05, cls="monospace")]
    assert assign_roles(styles) == ["body", "display", "heading-1", "heading-2", "lead", "overline", "label",
                                    "caption", "code"]


@pytest.mark.parametrize("size,role", [(40, "display"), (39.5, "heading-1")])
def test_display_starts_at_40_px(size, role):
    roles = assign_roles([_f(18, 0.6, multiline=True, lines=9, mean_len=40), _f(size, 0.1, weight=700)])
    assert roles[1] == role  # 39.5 is under 40 px and under 2.5 × the 18 px body (45 px)


def test_body_is_the_text_not_the_area():
    # A big share of short all-caps labels (150 glyphs) does not make them body text (280 glyphs).
    roles = assign_roles([_f(14, 0.6, upper=True, lines=30, mean_len=5, glyphs=150),
                          _f(15, 0.3, multiline=True, lines=8, mean_len=35, glyphs=280)])
    assert roles[1] == "body"


@pytest.mark.parametrize("split,body", [(16.0, 0), (16.0 * 1.011, 2)])
def test_body_is_the_size_with_the_most_glyphs_summed_over_its_styles(split, body):
    # A paragraph's 16 px text split by weight (200 + 150 glyphs) outweighs 300 glyphs at 14 px: the benchmark's
    # body is the size with the most characters. Styles of one size share its value exactly (styles.py); 1.1 %
    # apart they are two sizes, and the 14 px style (300) beats either.
    roles = assign_roles([_f(16, 0.3, multiline=True, lines=6, mean_len=35, glyphs=200),
                          _f(split, 0.1, weight=700, glyphs=150),
                          _f(14, 0.3, multiline=True, lines=9, mean_len=35, glyphs=300)])
    assert roles[body] == "body"


def test_glyph_like_shapes_beyond_200_css_px_are_not_type():
    from shared.extraction.typography import MAX_CSS_PX, Measured, styles_of
    from shared.extraction.typography.lines import TextLine

    def line(y: int, ascent: float, glyphs: int = 12) -> TextLine:
        ln = TextLine(10, y, 10 + int(ascent * 8), y + int(ascent), glyphs=glyphs, baseline=y + ascent,
                      ascent=ascent, x_height=0.7 * ascent, stem=0.12 * ascent)
        return ln

    body = [line(40 * i, 11.52) for i in range(1, 6)]  # 16 px at 1x (ascender share 0.72)
    for size, kept in ((0.99 * MAX_CSS_PX, True), (1.01 * MAX_CSS_PX, False)):
        big = line(300, 0.72 * size, glyphs=3)
        m = Measured([*body, big], 2000, 2000, 2000, 2000, (0, 0))
        sizes = {s.font_size for s in styles_of(m, device_pixel_ratio=1).styles}
        assert (max(sizes) > 100) is kept
