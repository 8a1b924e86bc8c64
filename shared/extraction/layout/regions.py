"""Flat regions of an image: the areas of one colour (or a slow gradient) that surfaces are made of.

A pixel is flat when its 3×3 neighbourhood spans at most `tol` levels in every channel; flat pixels
4-connected to each other form a region. Every step of more than `tol` between two colours (a box's
edge, a border, a glyph) is a band of non-flat pixels, so regions stop one pixel short of the edges
that bound them, and a slow gradient (a canvas gradient, the soft falloff of a shadow) stays one
region. Labelled as horizontal runs (no label image): per run its row, start, end and region.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shared.extraction.typography.components import link_runs


def range3(rgb: np.ndarray) -> np.ndarray:
    """Per pixel, the largest channel range (max − min) over its 3×3 neighbourhood (uint8)."""
    out = None
    for c in range(3):
        ch = rgb[..., c]
        p = np.pad(ch, 1, mode="edge")
        hmax = np.maximum(np.maximum(p[:, :-2], p[:, 1:-1]), p[:, 2:])
        hmin = np.minimum(np.minimum(p[:, :-2], p[:, 1:-1]), p[:, 2:])
        vmax = np.maximum(np.maximum(hmax[:-2], hmax[1:-1]), hmax[2:])
        vmin = np.minimum(np.minimum(hmin[:-2], hmin[1:-1]), hmin[2:])
        r = vmax - vmin
        out = r if out is None else np.maximum(out, r)
    return out


@dataclass
class Runs:
    row: np.ndarray  # per run
    start: np.ndarray
    end: np.ndarray  # exclusive
    label: np.ndarray  # region index, 0..n-1
    n: int


def label_runs(mask: np.ndarray) -> Runs:
    """4-connected components of a boolean mask, as labelled runs."""
    h, w = mask.shape
    d = np.diff(np.pad(mask.view(np.int8), ((0, 0), (1, 1))), axis=1)
    rs, cs = np.nonzero(d == 1)
    _, ce = np.nonzero(d == -1)
    return _link(rs, cs, ce, h, w)


@dataclass
class Region:
    index: int
    x0: int  # bbox, end-exclusive
    y0: int
    x1: int
    y1: int
    area: int
    color: tuple[float, float, float]
    left: np.ndarray  # per row y0..y1-1: the region's outermost pixel (x) on the left
    right: np.ndarray  # per row: one past its outermost pixel on the right

    @property
    def w(self) -> int:
        return self.x1 - self.x0

    @property
    def h(self) -> int:
        return self.y1 - self.y0


def regions(rgb: np.ndarray, runs: Runs, *, min_side: int = 6, min_area: int = 40) -> list[Region]:
    """The regions at least `min_side` px on each side and `min_area` px, with their row extents."""
    if runs.n == 0:
        return []
    lab = runs.label
    length = runs.end - runs.start
    area = np.bincount(lab, weights=length, minlength=runs.n)
    big = np.iinfo(np.int64).max
    x0 = np.full(runs.n, big); y0 = np.full(runs.n, big)
    x1 = np.full(runs.n, -1); y1 = np.full(runs.n, -1)
    np.minimum.at(x0, lab, runs.start); np.maximum.at(x1, lab, runs.end)
    np.minimum.at(y0, lab, runs.row); np.maximum.at(y1, lab, runs.row + 1)
    keep = ((x1 - x0) >= min_side) & ((y1 - y0) >= min_side) & (area >= min_area)
    ids = np.flatnonzero(keep)
    if ids.size == 0:
        return []
    sel = keep[lab]
    r_lab, r_row, r_s, r_e = lab[sel], runs.row[sel], runs.start[sel], runs.end[sel]
    order = np.lexsort((r_row, r_lab))
    r_lab, r_row, r_s, r_e = r_lab[order], r_row[order], r_s[order], r_e[order]
    # colour: mean of each run's middle pixel, weighted by the run's length
    mid = (r_s + r_e - 1) // 2
    px = rgb[r_row, mid].astype(np.float64)
    wts = (r_e - r_s).astype(np.float64)
    grp = np.flatnonzero(np.r_[True, (np.diff(r_lab) != 0) | (np.diff(r_row) != 0)])
    g_lab, g_row = r_lab[grp], r_row[grp]
    g_l = np.minimum.reduceat(r_s, grp)
    g_r = np.maximum.reduceat(r_e, grp)
    lab_first = np.searchsorted(g_lab, ids)
    lab_last = np.searchsorted(g_lab, ids, side="right")
    run_first = np.searchsorted(r_lab, ids)
    run_last = np.searchsorted(r_lab, ids, side="right")
    out = []
    for k, i in enumerate(ids):
        a, b = lab_first[k], lab_last[k]
        h = int(y1[i] - y0[i])
        left = np.full(h, int(x1[i]), np.int64)
        right = np.full(h, int(x0[i]), np.int64)
        rows = g_row[a:b] - y0[i]
        left[rows] = g_l[a:b]
        right[rows] = g_r[a:b]
        ra, rb = run_first[k], run_last[k]
        ww = wts[ra:rb]
        col = tuple(float(v) for v in (px[ra:rb] * ww[:, None]).sum(0) / ww.sum())
        out.append(Region(int(i), int(x0[i]), int(y0[i]), int(x1[i]), int(y1[i]), int(area[i]), col, left, right))
    return out


def _link(rs: np.ndarray, cs: np.ndarray, ce: np.ndarray, h: int, w: int) -> Runs:
    """Runs of each row linked to the runs of the row above that share a column → labelled runs."""
    if rs.size == 0:
        z = np.zeros(0, np.int64)
        return Runs(z, z, z, z, 0)
    inv = link_runs(rs, cs, ce, h, w, diagonal=False)
    return Runs(rs, cs, ce, inv, int(inv.max()) + 1)
