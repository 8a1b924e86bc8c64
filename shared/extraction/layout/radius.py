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
MIN_RADIUS = 0.75  # px: below this a corner is square (anti-aliasing of a straight corner)


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


def _missing(cov: np.ndarray, ring: bool) -> float:
    """Uncovered area of rows of coverage scanned from the outside inward (each row until solid)."""
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
    return float(total.sum())


def corner_radius(rgb: np.ndarray, s: Surface, corner: int, scale: int = 1) -> float:
    """Radius (work px) of corner 0..3 (tl, tr, br, bl); `rgb` may be the full-resolution image
    `scale` times the work image (the corner is read there, more finely)."""
    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = (round(v * scale) for v in s.box())
    size = int(min(MAX_RADIUS * scale, (x1 - x0) // 2, (y1 - y0) // 2))
    if size < 2:
        return 0.0
    left, top = corner in (0, 3), corner in (0, 1)
    xs = np.arange(x0, x0 + size) if left else np.arange(x1 - 1, x1 - 1 - size, -1)
    ys = np.arange(y0, y0 + size) if top else np.arange(y1 - 1, y1 - 1 - size, -1)
    xo = x0 - 2 if left else x1 + 1  # the exterior beside the box, per row
    yo = y0 - 2 if top else y1 + 1  # and above / below it, per column
    if not (0 <= xo < w and 0 <= yo < h) or xs.min() < 0 or ys.min() < 0 or xs.max() >= w or ys.max() >= h:
        return float("nan")
    sq = rgb[ys[:, None], xs[None, :]].astype(np.float32)  # rows from the corner's edge inward
    bw = s.border * scale
    side_h = s.sides.get("left" if left else "right")
    side_v = s.sides.get("top" if top else "bottom")
    edge_col = None
    for sd in (side_h, side_v):
        if sd is not None and sd.border_color is not None:
            edge_col = sd.border_color.astype(np.float32)
    fill = s.fill.astype(np.float32)
    if edge_col is None:
        edge_col = fill
    ext_rows = rgb[ys, xo].astype(np.float32)[:, None, :]
    ext_cols = rgb[yo, xs].astype(np.float32)[None, :, :]
    # A bordered box is scanned up to its border's ring: past the ring's peak the pixels blend the
    # border with the fill, which is inside whatever its colour.
    ring = edge_col is not fill
    cov_r = _coverage(sq, ext_rows, edge_col, ring)
    cov_c = _coverage(sq, ext_cols, edge_col, ring)
    a_rows = _missing(cov_r, ring)
    a_cols = _missing(cov_c.T, ring)
    area = 0.5 * (a_rows + a_cols) / (scale * scale)
    return math.sqrt(max(area, 0.0) / K)


def measure_radii(rgb: np.ndarray, surfaces: list[Surface], scale: int = 1) -> None:
    """Set each surface's four radii (work px) and whether it is a pill, in place."""
    for s in surfaces:
        short = min(s.w, s.h)
        radii = []
        for c in range(4):
            r = corner_radius(rgb, s, c, scale)
            radii.append(r)
        s.radii = [0.0 if (math.isnan(r) or r < MIN_RADIUS) else min(r, short / 2) for r in radii]
        known = [r for r in radii if not math.isnan(r)]
        s.pill = bool(known) and short >= 6 and all(r >= short / 2 - PILL_SLACK for r in known)
