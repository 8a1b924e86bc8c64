"""Corner radii from the corners' curves.

A box's corner rounded with radius r misses (1 − π/4)·r² of the square corner its two straight
edges meet at. Each pixel of the corner is a blend of the exterior and the box's edge colour (the
border's, else the fill's); its share of the edge colour is its anti-aliased coverage, so the
missing area is the sum of the uncovered shares, row by row from the side edge inward until the box
is solid (and the same column by column from the top or bottom edge; the two are averaged). The
exterior is the colour just outside the box in that row (column), which follows a shadow's falloff.
On a bordered box whose fill is the exterior's colour the scan stops at the border's ring.

Sizes do not enter: a 40 px button and a 400 px card with the same curve get the same radius. A
radius within a pixel of half the short side is a pill (a circle when the box is square).
"""
from __future__ import annotations

import math

import numpy as np

from shared.extraction.layout.surfaces import Surface

K = 1.0 - math.pi / 4.0
MAX_RADIUS = 96  # px (work scale): the corner square scanned is at most this big
SOLID = 0.92
PILL_SLACK = 1.0  # px: a radius this close to half the short side is a pill
STRAIGHT_ROWS = 3  # rows past the arc that give the straight edge's own offset
TAIL = 0.15  # px of a row's width: the arc has met the straight edge
MIN_RADIUS = 0.75  # px: below this a corner is square (anti-aliasing of a straight corner)
# image px: a JPEG's blur rounds a square corner up to about this much (the development half at
# DPR 1: 90 % of square corners read under 1.2 px, 2 px corners 1.0–2.9; 2.5 px deleted most of those)
LOSSY_MIN_RADIUS = 2.0


def _coverage(px: np.ndarray, ext: np.ndarray, edge: np.ndarray, ring: bool) -> np.ndarray:
    """Share of the box's edge colour in each pixel (…, 3) against the exterior colour(s) (…, 3).
    Across a border's ring a pixel can blend three colours (exterior, border, fill): there any
    departure from the exterior counts, up to the border's own distance from it."""
    d = edge - ext
    dd = np.maximum((d * d).sum(-1), 1e-6)
    if ring:
        c = np.sqrt(((px - ext) ** 2).sum(-1) / dd)
    else:
        c = ((px - ext) * d).sum(-1) / dd
    return np.clip(c, 0.0, 1.0)


def _missing(cov: np.ndarray, ring: bool) -> np.ndarray:
    """Per row of coverage scanned from the outside inward, the uncovered area until the box is
    solid (or, across a border's ring, until the ring's peak)."""
    n, m = cov.shape
    solid = cov >= SOLID
    if ring:
        nxt = np.concatenate((cov[:, 1:], np.full((n, 1), 2.0)), axis=1)
        peak = (cov >= 0.3) & (nxt < cov - 0.1)  # the border's ring crossed diagonally
    else:
        peak = np.zeros_like(solid)
    stop = solid | peak
    has = stop.any(axis=1)
    idx = np.where(has, stop.argmax(axis=1), m)
    gap = np.concatenate((np.zeros((n, 1)), np.cumsum(1.0 - cov, axis=1)), axis=1)
    total = gap[np.arange(n), idx]
    rows = np.flatnonzero(has)
    last = 1.0 - cov[rows, idx[rows]]
    total[rows] += np.where(solid[rows, idx[rows]], last, 0.5 * last)  # half a ring pixel's gap is outside
    return total


def _crossing(cov: np.ndarray, ring: bool) -> np.ndarray:
    """Per row, where the coverage first rises through one half (between pixel centres): the
    contour's distance from the row's start. Across a border's ring, through half its peak, the
    highest of the three pixels from the first one at 0.2 (a 1 px border crossed diagonally never
    covers half a pixel). Robust to a lossy image's noise inside the box, which the
    summed gaps of `_missing` would count as uncovered."""
    n, m = cov.shape
    ar = np.arange(n)
    start = cov >= 0.2
    has = start.any(axis=1)
    i0 = np.where(has, start.argmax(axis=1), m - 1)
    win = np.stack([cov[ar, np.minimum(i0 + j, m - 1)] for j in range(3)], axis=1)
    half = np.minimum(0.5, 0.5 * win.max(axis=1)) if ring else np.full(n, 0.5)
    up = cov >= half[:, None]
    i = np.where(has, up.argmax(axis=1), m)
    prev = np.where(i > 0, cov[ar, np.maximum(i - 1, 0)], 0.0)
    cur = np.where(i < m, cov[ar, np.minimum(i, m - 1)], 1.0)
    frac = (half - prev) / np.maximum(cur - prev, 1e-6)
    # a pixel half covered has its edge at its middle: the contour lies `frac` past the previous
    # pixel's centre, (i − 1) + 0.5 from the row's start
    return np.where(i > 0, i - 0.5 + frac, 0.5 * (1.0 - cur) / max(1e-6, 1.0)).astype(np.float64)


def _arc_area(per_row: np.ndarray, offset: float) -> float:
    """The corner's cut-off: each row's uncovered width beyond the straight edge's (`offset`: how
    far the box's edge lies inside the first pixel scanned, negative when it lies before it),
    summed until the arc has met the straight edge (two rows within TAIL of it): the rows past it
    would only add noise."""
    low = per_row - max(offset, 0.0) < TAIL
    end = np.flatnonzero(low[:-1] & low[1:])
    stop = int(end[0]) if end.size else per_row.size
    return float(np.clip(per_row[:stop] - offset, 0.0, None).sum())


def corner_radius(rgb: np.ndarray, s: Surface, corner: int, scale: int = 1, lossy: bool = False) -> float:
    """Radius (work px) of corner 0..3 (tl, tr, br, bl); `rgb` may be the full-resolution image
    `scale` times the work image (the corner is read there, more finely)."""
    h, w = rgb.shape[:2]
    bx0, by0, bx1, by1 = (v * scale for v in s.box())
    size = int(min(MAX_RADIUS * scale, (bx1 - bx0) / 2, (by1 - by0) / 2)) + 1
    if size < 3:
        return 0.0
    left, top = corner in (0, 3), corner in (0, 1)
    # scan from the pixel boundary nearest the edge; `fx`/`fy`: how far inside the first pixel the
    # edge lies (negative: before it)
    if left:
        cx = round(bx0); fx = bx0 - cx
        xs = np.arange(cx, cx + size)
    else:
        cx = round(bx1) - 1; fx = round(bx1) - bx1
        xs = np.arange(cx, cx - size, -1)
    if top:
        cy = round(by0); fy = by0 - cy
        ys = np.arange(cy, cy + size)
    else:
        cy = round(by1) - 1; fy = round(by1) - by1
        ys = np.arange(cy, cy - size, -1)
    # The exterior: the pixel diagonally outside the corner (a neighbour a few px beside or above
    # the box does not reach it; a shadow there is about as dark as in the corner's cut-off).
    xo = cx - 1 if left else cx + 1
    yo = cy - 1 if top else cy + 1
    if not (0 <= xo < w and 0 <= yo < h) or xs.min() < 0 or ys.min() < 0 or xs.max() >= w or ys.max() >= h:
        return float("nan")
    sq = rgb[ys[:, None], xs[None, :]].astype(np.float32)  # rows from the corner's edge inward
    side_h = s.sides.get("left" if left else "right")
    side_v = s.sides.get("top" if top else "bottom")
    edge_col = None
    for sd in (side_h, side_v):
        if sd is not None and sd.border_color is not None:
            edge_col = sd.border_color.astype(np.float32)
    fill = s.fill.astype(np.float32)
    if edge_col is None:
        edge_col = fill
    ext = rgb[yo, xo].astype(np.float32)[None, None, :]
    # A bordered box is scanned up to its border's ring: past the ring's peak the pixels blend the
    # border with the fill, which is inside whatever its colour.
    ring = edge_col is not fill
    cov = _coverage(sq, ext, edge_col, ring)
    # the edge row and column are only partly inside the box: their own share is full coverage
    rows_cov = cov.copy()
    rows_cov[0] = np.clip(rows_cov[0] / (1.0 - max(fy, 0.0)), 0.0, 1.0)
    cols_cov = cov.copy()
    cols_cov[:, 0] = np.clip(cols_cov[:, 0] / (1.0 - max(fx, 0.0)), 0.0, 1.0)
    per_row = (lambda c: _crossing(c, ring)) if lossy else (lambda c: _missing(c, ring))
    rows, cols = per_row(rows_cov), per_row(cols_cov.T)
    r0 = math.sqrt(max(0.5 * (_arc_area(rows, fx) + _arc_area(cols, fy)), 0.0) / K)
    # Where the scan reaches past the arc, the straight edge is read by the same rows: their own
    # offset, not the side's, is the baseline (a lossy image's edges blur differently along a
    # side's profile and in a corner).
    k = int(math.ceil(r0)) + 2
    if size - k >= STRAIGHT_ROWS:
        fx = float(np.median(rows[k:]))
        fy = float(np.median(cols[k:]))
    area = 0.5 * (_arc_area(rows, fx) + _arc_area(cols, fy)) / (scale * scale)
    return math.sqrt(max(area, 0.0) / K)


def measure_radii(rgb: np.ndarray, surfaces: list[Surface], scale: int = 1, lossy: bool = False) -> None:
    """Set each surface's four radii (work px) and whether it is a pill, in place."""
    for s in surfaces:
        short = min(s.w, s.h)
        radii = []
        for c in range(4):
            r = corner_radius(rgb, s.corners or s, c, scale, lossy)
            radii.append(r)
        floor = max(MIN_RADIUS, LOSSY_MIN_RADIUS / scale) if lossy else MIN_RADIUS
        s.radii = [0.0 if (math.isnan(r) or r < floor) else min(r, short / 2) for r in radii]
        known = [r for r in radii if not math.isnan(r)]
        s.pill = bool(known) and short >= 6 and all(r >= short / 2 - PILL_SLACK for r in known)
