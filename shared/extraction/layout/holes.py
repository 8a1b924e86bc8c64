"""Boxes that are not flat inside: the shapes in a container's holes.

A small filled box — a chip, a badge, a button with its label, an avatar photo — may have no flat
interior to find: its label's anti-aliasing (or, in a JPEG, the ringing around it) reaches every
pixel of its fill. It still stands out from its container as one piece: the pixels inside a large
flat region that are not of it and differ from its colour (the container's colour here, row and
column means taken so that a gradient canvas counts as one colour) form connected components, and
a component shaped like a box (surfaces.box_like) that is not a glyph of a text line is a box.

Its edge on each side is where the colour leaves the container's: the coverage of the box's edge
colour (the pixel just inside the outline farthest from the exterior: a border's colour, else the
fill's) summed outward from the outline, the median row on a straight side, the outermost on a
curved one. A ring of a different colour than the inside is a border.
"""
from __future__ import annotations

import numpy as np

from shared.extraction.layout.regions import Region, Runs, label_runs, regions
from shared.extraction.layout.surfaces import (DEPTH, MIN_STRAIGHT, PROFILE_ROWS, SIDES, SideEdge, Surface,
                                               _sample, _straight_part, _strip, box_like)

CONTAINER_AREA = 1200  # px (work scale): flat regions this large are searched for boxes
INSIDE = 2  # px read inside a box's outline
LOSSLESS_TOL = 4.0  # the flatness tolerance of a lossless image (layout.TOL_LOSSLESS)
RING_AGREE = 3.0  # × tol: a border's colour on every side (as surfaces._borders_agree)
RING_REACH = 8  # px beyond the outline a shadowed box's fill may run on (where the hole's outline cut it short)
MAX_HOLE_SHARE = 0.8  # a hole covering most of its container is the container's content, not a box


def label_image(runs: Runs, shape: tuple[int, int]) -> np.ndarray:
    """Region label of every pixel (−1: not flat)."""
    h, w = shape
    lab = np.full(h * w, -1, np.int32)
    length = runs.end - runs.start
    if length.size:
        starts = runs.row.astype(np.int64) * w + runs.start
        offs = np.arange(int(length.sum())) - np.repeat(np.cumsum(length) - length, length)
        lab[np.repeat(starts, length) + offs] = np.repeat(runs.label.astype(np.int32), length)
    return lab.reshape(h, w)


def _local_colour(crop: np.ndarray, mine: np.ndarray, thr: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The container's colour at every pixel of its crop: row means + column means − the mean, of
    its own pixels (a linear gradient stays one colour) — as (rows, cols, mean) — and where the crop
    differs from it by more than `thr` in some channel. One channel plane at a time: a reduction over
    a trailing axis of 3 is numpy's slowest (this was a fifth of the layout analysis)."""
    h, w = mine.shape
    m = mine.astype(np.float32)
    tot = max(float(m.sum()), 1.0)
    rc, cc = m.sum(1), m.sum(0)
    rows, cols, mean = np.empty((h, 3), np.float32), np.empty((w, 3), np.float32), np.empty(3, np.float32)
    differs = np.zeros((h, w), bool)
    d = np.empty((h, w), np.float32)
    for c in range(3):
        ch = crop[..., c].astype(np.float32)
        x = ch * m
        mean[c] = x.sum() / tot
        rows[:, c] = np.where(rc > 0, x.sum(1) / np.maximum(rc, 1), mean[c])
        cols[:, c] = np.where(cc > 0, x.sum(0) / np.maximum(cc, 1), mean[c])
        np.subtract(ch, rows[:, c, None], out=d)
        d -= cols[None, :, c]
        d += mean[c]
        np.abs(d, out=d)
        differs |= d > thr
    return rows, cols, mean, differs


def _edge_extents(strip: np.ndarray, ext: np.ndarray, edge: np.ndarray) -> np.ndarray:
    """Per row of a strip whose index INSIDE is the outline's pixel (earlier ones inside, later ones
    outward): the coverage summed from the outline outward."""
    d = edge - ext
    dd = max(float(d @ d), 1e-6)
    seg = strip[:, INSIDE:, :]
    cov = np.clip(((seg - ext) @ d) / dd, 0.0, 1.0)
    cov = np.nan_to_num(cov)
    # stop at the first pixel that is exterior
    out = cov < 0.05
    first = np.where(out.any(1), out.argmax(1), cov.shape[1])
    mask = np.arange(cov.shape[1])[None, :] < first[:, None]
    return (cov * mask).sum(1), first


def measure_hole(rgb: np.ndarray, r: Region, ext: np.ndarray, tol: float) -> Surface | None:
    h, w = rgb.shape[:2]
    coords = {"left": float(r.x0), "right": float(r.x1), "top": float(r.y0), "bottom": float(r.y1)}
    strips, runs_, edges = {}, {}, []
    for side in SIDES:
        if {"left": r.x0 <= 1, "right": r.x1 >= w - 1, "top": r.y0 <= 1, "bottom": r.y1 >= h - 1}[side]:
            return None
        sp = _straight_part(r, side)
        if sp is None:
            return None
        pos, start = sp
        along = _sample(pos, PROFILE_ROWS)
        inward = INSIDE if side in ("left", "top") else -INSIDE
        strip = _strip(rgb, side, along, start + inward, DEPTH + INSIDE)
        if np.isnan(strip[:, :INSIDE + 4]).any():
            return None
        strips[side] = (strip, along)
        runs_[side] = pos.size
        med = np.median(strip, axis=0)
        # the edge colour: of the outline pixel and the one inside it, the farther from the exterior
        cand = med[INSIDE - 1:INSIDE + 1]
        edges.append(cand[int(np.abs(cand - ext).max(1).argmax())])
    edge = np.median(np.array(edges), axis=0)
    if np.abs(edge - ext).max() < 2 * tol:
        return None
    inner = np.median(np.array([np.median(s[0][:, 0], axis=0) for s in strips.values()]), axis=0)
    bordered = bool(np.abs(inner - edge).max() > 2 * tol)
    # a ring darker on one side than another is a shadow's first pixels (`0 1px 2px` darkens below
    # more than beside and above), not a border: the box ends where its fill does
    # (in a lossless image: a JPEG's ringing makes a ring's sides differ as much)
    shadowed = bordered and tol <= LOSSLESS_TOL and np.ptp(np.array(edges), axis=0).max() > RING_AGREE * tol
    ringed = _hole_surface(r, strips, runs_, coords, ext, edge, inner, bordered, False, tol)
    if not shadowed:
        return ringed
    s = _hole_surface(r, strips, runs_, coords, ext, edge, inner, False, True, tol)
    # a fill a level or two off its page shows its corners only through the shadow's ring: they are
    # read on the ring's outline
    s.corners = ringed
    return s


def _hole_surface(r: Region, strips: dict, runs_: dict, coords: dict, ext: np.ndarray, edge: np.ndarray,
                  inner: np.ndarray, bordered: bool, shadowed: bool, tol: float) -> Surface:
    coords = dict(coords)
    longest = max(runs_.values())
    sides: dict[str, SideEdge | None] = {}
    for side in SIDES:
        strip, along = strips[side]
        with np.errstate(all="ignore"):
            prof = np.median(strip, axis=0)
        if shadowed:  # the first pixel from inside that leaves the fill's colour
            off = np.flatnonzero(np.abs(prof[:INSIDE + RING_REACH] - inner).max(axis=1) > 2 * tol)
            k = int(off[0]) if off.size else INSIDE
            extent = float(k - INSIDE)
        else:
            ext_rows, first = _edge_extents(strip, ext, edge)
            curved = runs_[side] < max(MIN_STRAIGHT, 0.5 * longest)
            extent = float(np.max(ext_rows)) if curved else float(np.median(ext_rows))
            k = INSIDE + int(np.median(first))
        # the outline pixel's inner boundary, moved outward by the coverage
        base = coords[side] + (1.0 if side in ("left", "top") else -1.0)
        edge_at = base - extent if side in ("left", "top") else base + extent
        sides[side] = SideEdge(edge_at, 1 if bordered else 0, edge.astype(np.float32) if bordered else None,
                               prof[k:], (int(along.min()), int(along.max()) + 1))
        coords[side] = edge_at
    fill = inner.astype(np.float32) if bordered or shadowed else edge.astype(np.float32)
    return Surface(r, fill, sides, coords["left"], coords["top"], coords["right"], coords["bottom"])


def hole_surfaces(rgb: np.ndarray, lab: np.ndarray, regs: list[Region], tol: float,
                  text_boxes: np.ndarray, known: list[tuple[float, float, float, float]]) -> list[Surface]:
    """Boxes found in the holes of the large flat regions, other than those already `known`."""
    out: list[Surface] = []
    kb = np.array(known, np.float64).reshape(-1, 4)
    for c in regs:
        if c.area < CONTAINER_AREA:
            continue
        crop = rgb[c.y0:c.y1, c.x0:c.x1]
        labc = lab[c.y0:c.y1, c.x0:c.x1]
        cols = np.arange(c.w)[None, :] + c.x0
        inside = (cols >= c.left[:, None]) & (cols < c.right[:, None])
        mine = labc == c.index
        rows, cols, mean, diff = _local_colour(crop, mine, 2 * tol)
        hole = inside & diff & ~mine
        runs = label_runs(hole)
        for r in regions(crop, runs, min_side=8, min_area=48):
            if r.w * r.h > MAX_HOLE_SHARE * c.w * c.h:
                continue
            g = Region(r.index, r.x0 + c.x0, r.y0 + c.y0, r.x1 + c.x0, r.y1 + c.y0, r.area, r.color,
                       r.left + c.x0, r.right + c.x0)
            if not box_like(g):
                continue
            if text_boxes.size:
                t = text_boxes
                if ((t[:, 0] - 2 <= g.x0) & (t[:, 1] - 2 <= g.y0) & (t[:, 2] + 2 >= g.x1) & (t[:, 3] + 2 >= g.y1)).any():
                    continue  # a glyph
            if kb.size:
                iw = np.minimum(kb[:, 2], g.x1) - np.maximum(kb[:, 0], g.x0)
                ih = np.minimum(kb[:, 3], g.y1) - np.maximum(kb[:, 1], g.y0)
                inter = np.clip(iw, 0, None) * np.clip(ih, 0, None)
                union = (kb[:, 2] - kb[:, 0]) * (kb[:, 3] - kb[:, 1]) + g.w * g.h - inter
                if (inter / np.maximum(union, 1) > 0.8).any():
                    continue
            ey, ex = min(max((g.y0 + g.y1) // 2 - c.y0, 0), c.h - 1), min(max(g.x0 - 2 - c.x0, 0), c.w - 1)
            ext = rows[ey] + cols[ex] - mean
            s = measure_hole(rgb, g, ext, tol)
            if s is not None:
                out.append(s)
                kb = np.vstack([kb, np.array(s.box())[None, :]])
    return out
