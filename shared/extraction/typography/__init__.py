"""Typography from pixels: text lines found and measured, grouped into styles, a scale and roles.

    result = extract_typography(detail_image, device_pixel_ratio=None)   # TypographyResult

Deterministic and key-free. `detail_image` is `load_image(data, detail=True)` (the full-resolution
pixels); images 1800+ px wide are searched for lines at half size and measured at full size. Sizes
come out in CSS px: the caller's device-pixel ratio, or the one recognised from the text sizes, the
image's shape and its hairlines (dpr.py). An image without text gives no styles, and so does one
whose few glyph-like shapes add up to less than a few words (icons).

    detect.py      lines of text (outlines → glyph components → lines on a smooth background)
    measure.py     per line: baseline, ascent (ascenders, else capitals), x-height, descent, stems,
                   stroke contrast, glyph grid, ink and background colours
    fontnet.py     per line, learned: the em (a face-aware share of the measured height), weight and
                   family class log-probabilities (a small CNN run in numpy; weights in data/, trained
                   on fonts disjoint from the benchmark's: tests/benchmarks/fontnet_train.py)
    classify.py    per line: CSS size, weight class; family class of pooled lines (the learned
                   estimates when the model ships, else constants fitted on the calibration set:
                   tests/benchmarks/typography_calibration.py)
    blocks.py      paragraphs and the baseline pitch of wrapped ones (line height)
    styles.py      lines → sizes (density basins), then styles (family, weight class: neighbouring
                   classes the lines cannot tell apart are one) within a size
    scale.py       the modular ratio or fixed step behind the sizes
    roles.py       display, headings, lead, body, small, caption, label, overline, code
    dpr.py         the device-pixel ratio when the caller does not give one
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from shared.domain.typography import TypographyResult
from shared.extraction.image import NormalizedImage
from shared.extraction.typography import fontnet
from shared.extraction.typography.blocks import link_blocks, read_x_only_lines
from shared.extraction.typography.classify import classify, em_px
from shared.extraction.typography.detect import detect_lines, detect_lines_halved, gray_of
from shared.extraction.typography.dpr import RULE_SAMPLE, grid_spans, hairlines, hairlines_sampled, infer_dpr
from shared.extraction.typography.lines import TextLine
from shared.extraction.typography.measure import measure
from shared.extraction.typography.roles import StyleFacts, assign_roles
from shared.extraction.typography.scale import detect_scale
from shared.extraction.typography.styles import cluster_lines, to_style

MAX_STYLES = 16  # beyond this, the smallest shares are noise or one-off text
# Less text than this in the whole image (line widths in ems) is an icon or two that look like
# glyphs (a bar chart's bars, a spinner's dots), not typography: one short word is 3–5 ems.
MIN_TEXT_EMS = 6.0
# Glyph-like shapes bigger than this (CSS px of em) are a photo's or an illustration's, not type: a
# hero headline of a desktop page is at most ~160 px (Tailwind's largest step is 128).
MAX_CSS_PX = 200.0
# Wider images (2× captures of desktop layouts) are searched for lines at half size: the smallest
# text of a 1600 px-wide 1× capture (~10 px) would be 5 px there, too small to find.
HALVE_WIDTH = 1800


def text_ems(lines: list[TextLine]) -> float:
    """How much text the lines hold: their widths in ems, summed."""
    return float(sum(ln.width / max(em_px(ln), 1.0) for ln in lines))


@dataclass
class Measured:
    """What the pixels gave, before any CSS interpretation: the measured lines (image px) and the
    image facts the device-pixel ratio is judged on."""

    lines: list[TextLine]
    height: int  # of the array the lines were found in
    width: int
    source_width: int  # of the image as captured (the detail image may have been shrunk)
    source_height: int
    hairlines: tuple[int, int]
    grid: tuple[int, int, int] = (0, 0, 0)  # spans between long edges: all, even, multiples of 3 (dpr.py)


def measure_image(image: NormalizedImage, *, learned: bool = True) -> Measured:
    """Lines found and measured; with `learned`, the font-property model's estimates too (fontnet)."""
    rgb = image.rgb
    if rgb.shape[1] >= HALVE_WIDTH:  # the grey of the whole image is never needed: boxes and samples
        lines = detect_lines_halved(rgb)
        columns, rows = gray_of(rgb[:, ::RULE_SAMPLE]), gray_of(rgb[::RULE_SAMPLE])
        rules = hairlines_sampled(columns, rows)
    else:
        gray8 = gray_of(rgb)
        lines = detect_lines(rgb, gray8)
        rules = hairlines(gray8)
        columns, rows = gray8[:, ::RULE_SAMPLE], gray8[::RULE_SAMPLE]
    grid = grid_spans(columns, rows)
    measured = [m for ln in lines if (m := measure(None, rgb, ln)) is not None]
    if learned:
        fontnet.annotate(measured, rgb)
    shrunk = rgb.shape[1] != image.width
    return Measured(measured, rgb.shape[0], rgb.shape[1], image.width, image.height,
                    (0, 0) if shrunk else rules, (0, 0, 0) if shrunk else grid)


def extract_typography(image: NormalizedImage, *, device_pixel_ratio: float | None = None) -> TypographyResult:
    t0 = time.perf_counter()
    return styles_of(measure_image(image), device_pixel_ratio=device_pixel_ratio, started=t0)


def styles_of(m: Measured, *, device_pixel_ratio: float | None = None, started: float | None = None) -> TypographyResult:
    """The styles, scale and roles of measured lines (classifies the lines in place)."""
    t0 = time.perf_counter() if started is None else started
    # The detail image may have been shrunk from a very large source: px of this array per source px.
    shrink = m.width / m.source_width if m.source_width else 1.0
    measured = m.lines if text_ems(m.lines) >= MIN_TEXT_EMS else []
    read_x_only_lines(measured)
    if device_pixel_ratio:
        dpr, source = float(device_pixel_ratio), "caller"
    else:
        dpr = infer_dpr([em_px(ln) / shrink for ln in measured], [ln.glyphs for ln in measured],
                        m.source_width, m.source_height, m.hairlines, m.grid)[0]
        source = "measured" if measured else "default"
    px_per_css = dpr * shrink
    for ln in measured:
        classify(ln, px_per_css)
    measured = [ln for ln in measured if 0 < ln.size <= MAX_CSS_PX]
    link_blocks(measured)
    total = float(sum(ln.width * ln.height for ln in measured))
    pairs = sorted(((to_style(c, total, px_per_css), c) for c in cluster_lines(measured)),
                   key=lambda sc: -sc[0].share)[:MAX_STYLES]
    styles = [s for s, _ in pairs]
    facts = [StyleFacts(size=s.font_size, weight=s.font_weight, family_class=s.family_class, share=s.share,
                        lines=s.lines, multiline=s.line_height is not None, uppercase=s.uppercase,
                        tracking=s.letter_spacing,
                        mean_len=float(np.mean([ln.width / max(em_px(ln), 1.0) for ln in c.lines])),
                        top=min(ln.y0 for ln in c.lines) / max(m.height, 1),
                        glyphs=sum(ln.glyphs for ln in c.lines)) for s, c in pairs]
    for s, role in zip(styles, assign_roles(facts)):
        s.role = role
    body = next((s for s in styles if s.role == "body"), styles[0] if styles else None)
    scale = detect_scale([s.font_size for s in styles], body.font_size) if body else None
    h, w = m.height, m.width
    return TypographyResult(
        styles=styles, scale=scale, device_pixel_ratio=dpr, dpr_source=source, lines=len(measured),
        text_area=round(total / float(h * w), 4) if h * w else 0.0, ms=round((time.perf_counter() - t0) * 1000, 1),
    )
