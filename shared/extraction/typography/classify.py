"""From a line's measured shape to CSS terms: font size, weight class and family class.

- Size: the em is the glyphs' height over the share of the em such glyphs take. Ascenders (b, d, h,
  k, l) reach ~0.74 em in most text faces, capitals and digits ~0.70 em, the x-height ~0.52; a
  line is measured on its ascenders, else its capitals, else (lowercase without ascenders) its
  x-height.
- Weight: the vertical stem's width as a share of the em grows with the weight class (Regular
  ≈ 0.09 em, Semibold ≈ 0.125, Bold ≈ 0.15): the nearest class boundary decides.
- Family class: monospace when the glyphs sit on a regular grid, serif when the strokes show a
  serif face's contrast (thin horizontals; the bound falls for heavier stems, whose horizontals
  are thinner in sans faces too), sans-serif otherwise; judged on a style's lines pooled.
The constants are fitted on the calibration set, rendered with fonts the benchmark does not use:
tests/benchmarks/typography_calibration.py prints them. When the learned model ships (fontnet.py),
its estimates replace them: the em from the line's shape, and weight and family class as
log-probabilities pooled over a style's lines (weighted by glyphs, capped).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from shared.extraction.typography.lines import TextLine

EM_SHARE = {"ascender": 0.72, "capital": 0.704, "none": 0.474}  # of the em: ascender, capital, x-height
# Upper bounds of stem/em for each weight class (midpoints between the classes' medians).
WEIGHT_BOUNDS = ((100, 0.042), (200, 0.056), (300, 0.077), (400, 0.099), (500, 0.115), (600, 0.133),
                 (700, 0.156), (800, 0.18))
MONO_GRID = 0.828  # comb fit of glyph centres above which the line is monospaced
MONO_MIN_GLYPHS = 6  # glyphs a line needs for its grid fit to count
SERIF_CONTRAST = 0.69  # horizontal/vertical stroke ratio below which a regular face is a serif
SERIF_SLOPE = 0.0  # how the bound moves per unit of stem/em away from a regular stem
REGULAR_STEM = 0.09  # stem/em of a regular weight
# The learned model's classes (fontnet.py), in the order of its outputs.
LEARNED_WEIGHTS = (100, 200, 300, 400, 500, 600, 700, 800, 900)
LEARNED_CLASSES = ("sans-serif", "serif", "monospace", "display")
USE_LEARNED_EM = True  # the learned em instead of the font-blind shares
POOL_CAP = 12  # glyphs: a line counts in proportion to its glyphs up to this many


def em_px(line: TextLine) -> float:
    """The line's em in image px: the learned estimate (fontnet.py) when its model ships, else the
    measured height over the font-blind share of the em."""
    context = line.features.get("em_context")  # read from its paragraph (blocks.read_x_only_lines)
    if context:
        return context
    learned = line.features.get("fn_em") if USE_LEARNED_EM else None
    if learned:
        return learned
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


def _weighted_median(values: Sequence[float], weights: Sequence[float]) -> float:
    v, w = np.asarray(values, float), np.asarray(weights, float)
    order = np.argsort(v)
    c = np.cumsum(w[order])
    return float(v[order][np.searchsorted(c, 0.5 * c[-1])])


def pooled(lines: Sequence[TextLine], attr: str) -> np.ndarray | None:
    """The learned log-probabilities of lines set in one face, summed with weights by glyphs (a long
    line says more than a label, but no line more than `POOL_CAP` short ones), as probabilities."""
    got = [(getattr(ln, attr), ln.glyphs) for ln in lines if getattr(ln, attr) is not None]
    if not got:
        return None
    total = sum(np.asarray(v, float) * min(max(g, 1), POOL_CAP) / POOL_CAP for v, g in got)
    total = total - total.max()
    p = np.exp(total)
    return p / p.sum()


def weight_of(lines: Sequence[TextLine]) -> int:
    """The weight class of lines set in one face: the learned estimate pooled when the model ships,
    else the most common of the lines' classes."""
    p = pooled(lines, "fn_weight")
    if p is not None:
        return LEARNED_WEIGHTS[int(p.argmax())]
    return Counter(ln.weight for ln in lines).most_common(1)[0][0]


def family_of(lines: Sequence[TextLine]) -> tuple[str, float]:
    """The family class of lines set in one face (a paragraph, a style): their features pooled,
    weighted by glyphs, so one short line's noise does not decide. The glyph grid is only judged
    on lines of enough glyphs to show one. With the learned model, its pooled probabilities decide."""
    p = pooled(lines, "fn_family")
    if p is not None:
        k = int(p.argmax())
        return LEARNED_CLASSES[k], round(float(p[k]), 3)
    glyphs = [max(ln.glyphs, 1) for ln in lines]
    gridded = [ln for ln in lines if ln.glyphs >= MONO_MIN_GLYPHS]
    if gridded:
        mono = _weighted_median([ln.features.get("mono", 0.0) for ln in gridded], [ln.glyphs for ln in gridded])
        if mono >= MONO_GRID:
            return "monospace", round(min(1.0, 0.5 + (mono - MONO_GRID) * 2), 3)
    contrast = _weighted_median([ln.contrast for ln in lines], glyphs)
    stem = _weighted_median([ln.stem / max(em_px(ln), 1.0) for ln in lines], glyphs)
    # Heavier strokes thin a sans face's horizontals too: the boundary falls with the weight.
    bound = SERIF_CONTRAST + SERIF_SLOPE * (stem - REGULAR_STEM)
    if contrast < bound:
        return "serif", round(min(1.0, 0.5 + (bound - contrast) * 2), 3)
    return "sans-serif", round(min(1.0, 0.5 + (contrast - bound) * 2), 3)


def family_class(line: TextLine) -> tuple[str, float]:
    return family_of([line])


def classify(line: TextLine, image_px_per_css_px: float) -> TextLine:
    em = em_px(line)
    line.size = em / image_px_per_css_px
    line.weight = weight_of([line]) if line.fn_weight is not None else weight_class(line.stem, em)
    line.family_class, fam_conf = family_class(line)
    line.confidence = {"fontSize": size_confidence(line), "fontWeight": weight_confidence(line.stem, em),
                       "family": fam_conf}
    if not math.isfinite(line.size):
        line.size = 0.0
    return line
