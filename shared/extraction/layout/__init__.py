"""Layout from pixels: the boxes a UI is made of, its spacing scale, corner radii and shadows.

    result = extract_layout(detail_image, text=None, device_pixel_ratio=None)   # LayoutResult

Deterministic and key-free; numpy and Pillow only. `detail_image` is `load_image(data, detail=True)`;
`text` is what typography measured on it (`typography.measure_image`), measured here when not
given. Lengths come out in CSS px: the caller's device-pixel ratio, or the one typography's rules
recognise from the text (typography/dpr.py). A DPR-2 capture is analysed at half size (its CSS
pixels), where its edges are as sharp as a DPR-1 capture's; corners are read at full size.

    regions.py   flat regions (one colour, or a slow gradient) as labelled runs
    surfaces.py  the box-shaped regions, their edges (sub-pixel), borders and exterior profiles
    radius.py    each corner's radius from the area its curve cuts off; pills
    shadow.py    each box's shadow fitted to the falloff outside its edges
    content.py   text blocks (typography's lines) and other ink inside the boxes
    spacing.py   paddings, gaps and section spacing, weighted by how exactly they can be read
    scales.py    steps of the spacing scale (base unit, progression), radius steps, elevations

An image without a UI (a photo, a logo, an illustration: too little text, or no boxes holding
content) gives an empty result: no tokens are invented.
"""
from __future__ import annotations

import math
import time

import numpy as np

from shared.domain.layout import Elevation, LayoutResult, RadiusStep, SpacingStep
from shared.domain.tokens import Box, Dimension, ShadowLayer
from shared.extraction.image import NormalizedImage
from shared.extraction.layout import scales
from shared.extraction.layout.holes import hole_surfaces, label_image
from shared.extraction.layout.content import Element, ink_elements, text_elements
from shared.extraction.layout.radius import measure_radii
from shared.extraction.layout.regions import label_runs, range3, regions
from shared.extraction.layout.shadow import fit_insets, fit_shadows
from shared.extraction.layout.spacing import assign_parents, measure
from shared.extraction.layout.surfaces import (FINE_TOL, FINE_TOL_LOSSLESS, Surface, find_surfaces, finer_regions,
                                               stepped)
from shared.extraction.typography import MIN_TEXT_EMS, Measured, measure_image, text_ems
from shared.extraction.typography.blocks import link_blocks
from shared.extraction.typography.classify import em_px
from shared.extraction.typography.detect import half_size
from shared.extraction.typography.dpr import infer_dpr

TOL_LOSSLESS, TOL_LOSSY = 4, 8  # levels: a 3×3 neighbourhood this even is flat
MIN_BOX_CSS = 14  # CSS px: the short side of the smallest box (a checkbox, a chip, a badge)
MIN_BOXES = 2  # surfaces holding content an image needs to count as a UI
# CSS px, share: key shadows this close are one elevation (offset y within 2 px, blur within
# max(2 px, 30 %): what the issue calls the same shadow)
SAME_Y, SAME_BLUR = 2.0, 0.3
EVIDENCE = 8  # boxes kept per step


def text_dpr(m: Measured, device_pixel_ratio: float | None) -> tuple[float, str]:
    """The device-pixel ratio as typography decides it (`styles_of`), without classifying lines."""
    if device_pixel_ratio:
        return float(device_pixel_ratio), "caller"
    shrink = m.width / m.source_width if m.source_width else 1.0
    lines = m.lines if text_ems(m.lines) >= MIN_TEXT_EMS else []
    dpr = infer_dpr([em_px(ln) / shrink for ln in lines], [ln.glyphs for ln in lines],
                    m.source_width, m.source_height, m.hairlines, m.grid)[0]
    return dpr, ("measured" if lines else "default")


def _work_image(rgb: np.ndarray, factor: int) -> np.ndarray:
    out = rgb
    for _ in range(int(round(math.log2(factor))) if factor > 1 else 0):
        out = half_size(out)
    return out


def _box(b: tuple[float, float, float, float], k: float) -> Box:
    x0, y0, x1, y1 = (v * k for v in b)
    return Box(x=int(round(x0)), y=int(round(y0)), w=max(int(round(x1 - x0)), 0), h=max(int(round(y1 - y0)), 0))


def extract_layout(image: NormalizedImage, *, text: Measured | None = None,
                   device_pixel_ratio: float | None = None) -> LayoutResult:
    t0 = time.perf_counter()
    m = text if text is not None else measure_image(image)
    dpr, source = text_dpr(m, device_pixel_ratio)
    lines = m.lines if text_ems(m.lines) >= MIN_TEXT_EMS else []
    empty = LayoutResult(device_pixel_ratio=dpr, dpr_source=source)
    if not lines:
        empty.ms = round((time.perf_counter() - t0) * 1000, 1)
        return empty
    link_blocks(lines)  # paragraphs' pitches (what styles_of sets; the same answer when it already ran)
    analysis = analyse(image.rgb, lines, dpr * (m.width / m.source_width if m.source_width else 1.0),
                       lossy=image.format in ("JPEG", "WEBP"))
    result = analysis.result(dpr, source)
    result.ms = round((time.perf_counter() - t0) * 1000, 1)
    return result


class Analysis:
    """Everything measured on one image (work px), kept for callers that want the boxes."""

    def __init__(self, surfaces: list[Surface], elements: list[Element], distances, k: float, css: float) -> None:
        self.surfaces = surfaces
        self.elements = elements
        self.distances = distances
        self.k = k  # image px per work px
        self.css = css  # work px per CSS px

    def ui(self) -> bool:
        holders = {e.parent for e in self.elements if e.kind == "text" and e.parent >= 0}
        return len(self.surfaces) >= MIN_BOXES and len(holders) >= 1

    def result(self, dpr: float, source: str) -> LayoutResult:
        out = LayoutResult(device_pixel_ratio=dpr, dpr_source=source)
        if not self.ui():
            return out
        css, k = self.css, self.k
        d = self.distances
        steps, left = scales.spacing_steps(np.array([x.value for x in d]), np.array([x.weight for x in d]))
        for st in steps:
            uses = sorted({d[i].use for i in st.members})
            ev = sorted(st.members, key=lambda i: -d[i].weight)[:EVIDENCE]
            out.spacing.append(SpacingStep(value=st.value, count=st.count, uses=uses,
                                           confidence=round(min(1.0, st.weight / (st.count + 1.0) + 0.1 * min(st.count, 5)), 3),
                                           boxes=[_box(d[i].box, k) for i in ev]))
        out.base_unit = scales.base_unit(steps)
        out.progression = scales.progression([s.value for s in steps], out.base_unit)
        out.off_scale = sorted({round(d[i].value, 1) for i in left if d[i].weight >= 0.5})
        # radii
        vals, wts, owners, pills = [], [], [], []
        for si, s in enumerate(self.surfaces):
            if s.pill:
                pills.append(si)
                continue
            for v, wt in scales.box_radii([r / css for r in s.radii], min(s.w, s.h) / css):
                vals.append(v)
                wts.append(wt)
                owners.append(si)
        rsteps, _ = scales.vote(np.array(vals), np.array(wts), scales.radius_tol, scales.RADIUS_SUPPORT)
        for st in rsteps:
            own = sorted({owners[i] for i in st.members})
            out.radii.append(RadiusStep(value=st.value, count=len(own), confidence=round(min(1.0, st.weight / 4), 3),
                                        boxes=[_box(self.surfaces[i].box(), k) for i in own[:EVIDENCE]]))
        if pills:  # one step for every fully rounded box (its value: the typical half short side)
            out.radii.append(RadiusStep(value=round(float(np.median([min(self.surfaces[i].w, self.surfaces[i].h)
                                                                      for i in pills])) / 2 / css, 1),
                                        count=len(pills), pill=True, confidence=0.8,
                                        boxes=[_box(self.surfaces[i].box(), k) for i in pills[:EVIDENCE]]))
        # elevations: boxes whose key layers (the one reaching furthest below) agree
        casting = [(si, s) for si, s in enumerate(self.surfaces) if s.shadow is not None]
        groups: list[list[int]] = []
        keys: list[tuple[float, float, bool]] = []
        for si, s in casting:
            ly = s.shadow.layers[-1]
            y, blur = ly.y / css, 2 * ly.sigma / css
            for g, (gy, gb, gi) in zip(groups, keys):
                if gi == ly.inset and abs(gy - y) <= SAME_Y and abs(gb - blur) <= max(SAME_Y, SAME_BLUR * gb):
                    g.append(si)
                    break
            else:
                groups.append([si])
                keys.append((y, blur, ly.inset))
        levels = []
        for g in groups:
            # the group's typical box: the one whose key layer is nearest the group's median
            ky = np.median([self.surfaces[i].shadow.layers[-1].y for i in g])
            kb = np.median([self.surfaces[i].shadow.layers[-1].sigma for i in g])
            rep = min(g, key=lambda i: abs(self.surfaces[i].shadow.layers[-1].y - ky)
                      + abs(self.surfaces[i].shadow.layers[-1].sigma - kb))
            layers = [ShadowLayer(color="#%02x%02x%02x" % ly.color, alpha=round(min(ly.alpha, 1.0), 3),
                                  offset_x=Dimension(value=round(ly.x / css, 1)),
                                  offset_y=Dimension(value=round(ly.y / css, 1)),
                                  blur=Dimension(value=round(2 * ly.sigma / css, 1)),
                                  spread=Dimension(value=round(ly.spread / css, 1)), inset=ly.inset)
                      for ly in self.surfaces[rep].shadow.layers]
            key = layers[-1]
            levels.append((key.offset_y.value + key.blur.value + key.spread.value, layers, g))
        levels.sort(key=lambda t: t[0])
        for n, (_, layers, g) in enumerate(levels, 1):
            out.shadows.append(Elevation(layers=layers, level=n, count=len(g), confidence=0.6,
                                         boxes=[_box(self.surfaces[i].box(), k) for i in g[:EVIDENCE]]))
        out.boxes = len(self.surfaces)
        return out


def analyse(rgb: np.ndarray, lines, px_per_css: float, lossy: bool = False) -> Analysis:
    """Surfaces, content and distances of an image whose CSS px are `px_per_css` image px."""
    factor = 2 if px_per_css >= 1.75 else 1
    work = _work_image(rgb, factor)
    css = px_per_css / factor
    tol = TOL_LOSSY if lossy else TOL_LOSSLESS
    spread = range3(work)
    flat = spread <= tol
    runs = label_runs(flat)
    regs = regions(work, runs)
    texts = text_elements(lines, factor, em_px)
    tboxes = np.array([(t.x0, t.y0, t.x1, t.y1) for t in texts], np.float64).reshape(-1, 4)
    lab = label_image(runs, work.shape[:2])
    tlines = np.array([(ln.x0 / factor, ln.y0 / factor, ln.x1 / factor, ln.y1 / factor, *ln.ink, *ln.background,
                        ln.stem / factor) for ln in lines], np.float64).reshape(-1, 11)
    surfaces = find_surfaces(work, regs, tol, tboxes, tlines)
    if lossy:  # (their edges read at the tolerance they were found at)
        surfaces += find_surfaces(work, finer_regions(work, spread, lab, regs), FINE_TOL, tboxes)
    else:  # exactly flat panels joined to their surroundings through their shadow's gradient
        fine = find_surfaces(work, finer_regions(work, spread, lab, regs, FINE_TOL_LOSSLESS, spill=True), FINE_TOL_LOSSLESS, tboxes)
        surfaces += [s for s in fine if stepped(s, 2 * tol)]
    surfaces += hole_surfaces(work, lab, regs, tol, tboxes, [s.box() for s in surfaces])
    # smaller shapes are icons and dots, not the boxes a layout is built of
    surfaces = [s for s in surfaces if min(s.w, s.h) >= MIN_BOX_CSS * css]
    measure_radii(rgb, surfaces, factor, lossy)
    fit_shadows(surfaces, tol)
    fit_insets(work, surfaces, tol)
    elements: list[Element] = []
    surf_idx = []
    for si, s in enumerate(surfaces):
        surf_idx.append(len(elements))
        elements.append(Element(s.x0, s.y0, s.x1, s.y1, "surface", ref=si))
    sb = np.array([s.box() for s in surfaces]).reshape(-1, 4)
    elements += texts
    halos = [(s.box(), max(3 * ly.sigma + abs(ly.x) + abs(ly.y) + max(ly.spread, 0.0) for ly in s.shadow.layers) + 2.0)
             for s in surfaces if s.shadow is not None and not s.shadow.layers[-1].inset]
    elements += ink_elements(flat, texts, sb, halos)
    assign_parents(elements, surf_idx)
    inner = {surf_idx[si]: s.inner() for si, s in enumerate(surfaces)}
    h, w = work.shape[:2]
    distances = measure(elements, inner, (float(w), float(h)), css)
    return Analysis(surfaces, elements, distances, float(factor), css)
