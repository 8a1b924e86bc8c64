"""From a line's measured shape to CSS terms: font size, weight class and family class.

- Size: the em is the glyphs' height over the share of the em such glyphs take. Ascenders (b, d, h,
  k, l) reach ~0.74 em in most text faces, capitals and digits ~0.70 em, the x-height ~0.52; a
  line is measured on its ascenders, else its capitals, else (lowercase without ascenders) its
  x-height.
- Weight: the vertical stem's width as a share of the em grows with the weight class (Regular
  ≈ 0.09 em, Semibold ≈ 0.125, Bold ≈ 0.15): the nearest class boundary decides.
- Family class: monospace when the glyphs sit on a regular grid, serif when the strokes show a
  serif face's contrast (thin horizontals), sans-serif otherwise.
The constants are the medians measured on rendered pages (tests/benchmarks/typography_calibration.py).
"""
from __future__ import annotations

import math

from shared.extraction.typography.lines import TextLine

EM_SHARE = {"ascender": 0.74, "capital": 0.70, "none": 0.52}  # of the em: ascender, capital, x-height
# Upper bounds of stem/em for each weight class (midpoints between the classes' medians).
WEIGHT_BOUNDS = ((100, 0.035), (200, 0.05), (300, 0.077), (400, 0.101), (500, 0.117), (600, 0.136),
                 (700, 0.160), (800, 0.19))
MONO_GRID = 0.68  # comb fit of glyph centres above which the line is monospaced
SERIF_CONTRAST = 0.72  # horizontal/vertical stroke ratio below which the face is a serif


def em_px(line: TextLine) -> float:
    """The line's em in image px."""
    if line.tall == "none" and line.x_height:
        return line.x_height / EM_SHARE["none"]
    return line.ascent / EM_SHARE["capital" if line.tall == "capital" else "ascender"]


def size_confidence(line: TextLine) -> float:
    """Small glyphs are quantised by the pixel grid (hinting snaps heights to whole pixels), and a
    line of two glyphs may hold no ascender at all."""
    px = line.ascent
    return round(min(1.0, 0.35 + 0.05 * px) * min(1.0, 0.5 + 0.1 * line.glyphs), 3)


def weight_class(stem: float, em: float) -> int:
    if em <= 0 or stem <= 0:
        return 400
    r = stem / em
    for weight, bound in WEIGHT_BOUNDS:
        if r < bound:
            return weight
    return 900


def weight_confidence(stem: float, em: float) -> float:
    """Distance to the nearest class boundary, in units of the class width (0.5 at a boundary)."""
    if em <= 0 or stem <= 0:
        return 0.0
    r = stem / em
    bounds = [b for _, b in WEIGHT_BOUNDS]
    d = min(abs(r - b) for b in bounds)
    return round(min(1.0, 0.5 + d / 0.025), 3)


def family_class(line: TextLine) -> tuple[str, float]:
    mono = line.features.get("mono", 0.0)
    if mono >= MONO_GRID and line.glyphs >= 6:
        return "monospace", round(min(1.0, 0.5 + (mono - MONO_GRID) * 2), 3)
    if line.contrast < SERIF_CONTRAST:
        return "serif", round(min(1.0, 0.5 + (SERIF_CONTRAST - line.contrast) * 2), 3)
    return "sans-serif", round(min(1.0, 0.5 + abs(line.contrast - SERIF_CONTRAST)), 3)


def classify(line: TextLine, image_px_per_css_px: float) -> TextLine:
    em = em_px(line)
    line.size = em / image_px_per_css_px
    line.weight = weight_class(line.stem, em)
    line.family_class, fam_conf = family_class(line)
    line.confidence = {"fontSize": size_confidence(line), "fontWeight": weight_confidence(line.stem, em),
                       "family": fam_conf}
    if not math.isfinite(line.size):
        line.size = 0.0
    return line
