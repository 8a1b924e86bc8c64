"""Experimental weights-free text-line detector for UI screenshots (numpy + opencv-python-headless).

Not production code: a baseline for tests/benchmarks/text_detectors_benchmark.py.

    lines = detect_lines(rgb)          # rgb: HxWx3 uint8 -> list of (x0, y0, x1, y1) ink boxes

1. Foreground against the local background: the 3x3 morphological gradient (dilate - erode) of every
   channel, max over channels, thresholded. On flat UI backgrounds this marks the outline of every
   glyph whatever its polarity (dark on light, light on dark, coloured on coloured) and whatever its
   size (large glyphs give hollow outlines, which have the same bounding box).
2. Connected components (8-connected) of that mask: glyphs, or whole words where small glyphs touch.
   Their boxes are shrunk by the 1 px the gradient adds on each side, so they are INK boxes.
3. Components that are no glyph: too thin/small, too big, hollow containers (a component whose box
   holds other components: cards, buttons, input outlines), long rules.
4. Grouping into lines (union-find over neighbours in x order): two components join when they overlap
   vertically by >= 50 % of the smaller one, their heights are within a factor 2.2 (capitals vs x-height
   vs punctuation stays inside), and the horizontal gap is <= 0.9 x the taller one's height (word gaps
   join, columns and nav items with larger gaps stay apart).
5. A line is kept when it has >= 2 components (or one component at least 1.8x as wide as high: a word
   whose glyphs touched), its height is >= 5 px, and the background just around it is flat: >= 60 % of
   a 2 px ring outside its box is within 16 gray levels of the ring's median (photos and textures fail),
   and a row across its middle crosses >= 3 mask runs and >= 1 per line-height of width (glyph strokes;
   a filled shape — toggle, skeleton bar, progress bar — has only its two edges).
"""
from __future__ import annotations

import cv2
import numpy as np

GRAD_T = 28          # foreground: local contrast (max - min in 3x3, any channel) above this
MIN_H, MAX_H = 4, 400
JOIN_OVERLAP, JOIN_HRATIO, JOIN_GAP = 0.5, 2.2, 0.9
RING_TOL, RING_FLAT = 16, 0.6
STROKES_PER_H = 1.0


def _find(parent: np.ndarray, i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def detect_lines(rgb: np.ndarray, grad_t: int = GRAD_T) -> list[tuple[int, int, int, int]]:
    k = np.ones((3, 3), np.uint8)
    grad = cv2.morphologyEx(rgb, cv2.MORPH_GRADIENT, k)
    if grad.ndim == 3:  # cv2.max, not ndarray.max(axis=2): the strided numpy reduction is ~10x slower
        c = cv2.split(grad)
        g = cv2.max(cv2.max(c[0], c[1]), c[2])
    else:
        g = grad
    mask = cv2.threshold(g, grad_t - 1, 1, cv2.THRESH_BINARY)[1]
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n <= 1:
        return []
    x, y, w, h, area = (stats[1:, i].astype(np.int64) for i in range(5))
    # ink box: the gradient adds 1 px on each side
    x0, y0, x1, y1 = x + 1, y + 1, x + w - 1, y + h - 1
    hh, ww = y1 - y0, x1 - x0
    ok = (hh >= MIN_H - 1) & (hh <= MAX_H) & (ww >= 1)
    ok &= ~((hh <= 3) & (ww > 6 * hh))                     # rules, underlines, borders
    ok &= ~((ww > 25 * np.maximum(hh, 1)) & (hh < 12))   # long bars
    idx = np.nonzero(ok)[0]
    # containers: a component whose box strictly holds the centre of another kept component
    if len(idx):
        cx, cy = (x0[idx] + x1[idx]) / 2, (y0[idx] + y1[idx]) / 2
        big = idx[(hh[idx] > 12) & (ww[idx] > 12)]
        drop = set()
        for b in big:
            inside = (cx > x0[b] + 1) & (cx < x1[b] - 1) & (cy > y0[b] + 1) & (cy < y1[b] - 1) & (idx != b)
            sub = idx[inside]
            # a glyph can hold a dot/accent component; a container holds several, or one much smaller than it
            if len(sub) >= 3 or (len(sub) >= 1 and hh[sub].max() < 0.5 * hh[b] and ww[b] > 2.5 * hh[b]):
                drop.add(int(b))
        if drop:
            idx = np.array([i for i in idx if int(i) not in drop], dtype=np.int64)
    if len(idx) == 0:
        return []
    order = idx[np.argsort(x0[idx], kind="stable")]
    X0, Y0, X1, Y1, H = x0[order], y0[order], x1[order], y1[order], hh[order].astype(np.float64)
    m = len(order)
    parent = np.arange(m)
    WIN = 60
    for off in range(1, min(WIN, m)):
        a, b = np.arange(m - off), np.arange(off, m)
        gap = X0[b] - X1[a]
        hmax, hmin = np.maximum(H[a], H[b]), np.maximum(np.minimum(H[a], H[b]), 1)
        ov = np.minimum(Y1[a], Y1[b]) - np.maximum(Y0[a], Y0[b])
        cond = (gap <= JOIN_GAP * hmax) & (gap >= -hmax) & (ov >= JOIN_OVERLAP * hmin) & (hmax <= JOIN_HRATIO * hmin)
        for i, j in zip(a[cond], b[cond]):
            ri, rj = _find(parent, int(i)), _find(parent, int(j))
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    roots = np.array([_find(parent, i) for i in range(m)])
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if rgb.ndim == 3 else rgb
    H, W = gray.shape
    out = []
    for r in np.unique(roots):
        mem = roots == r
        bx0, by0, bx1, by1 = X0[mem].min(), Y0[mem].min(), X1[mem].max(), Y1[mem].max()
        cnt = int(mem.sum())
        bh, bw = by1 - by0, bx1 - bx0
        if bh < MIN_H + 1:
            continue
        if cnt < 2 and bw < 1.8 * bh:
            continue
        if bw < 0.6 * bh:   # tall and narrow: vertical bars, a lone glyph pair stacked
            continue
        # flat background around the line: a 2 px ring just outside the box (the glyphs' interiors
        # are no background, so the box itself is not used); a few intruding pixels of a neighbour allowed
        ry0, ry1, rx0, rx1 = max(by0 - 3, 0), min(by1 + 3, H), max(bx0 - 3, 0), min(bx1 + 3, W)
        ring = np.concatenate([gray[ry0:max(by0 - 1, ry0), rx0:rx1].ravel(), gray[min(by1 + 1, ry1):ry1, rx0:rx1].ravel(),
                               gray[by0:by1, rx0:max(bx0 - 1, rx0)].ravel(), gray[by0:by1, min(bx1 + 1, rx1):rx1].ravel()])
        if ring.size == 0:
            continue
        med = float(np.median(ring))
        if np.mean(np.abs(ring.astype(np.float32) - med) <= RING_TOL) < RING_FLAT:
            continue
        # glyph strokes: rows across the line, binarised against that background at half the line's
        # contrast, cross many strokes; a filled shape (toggle, skeleton bar, progress bar, avatar)
        # has only its two edges
        dev = np.abs(gray[by0:by1, bx0:bx1].astype(np.float32) - med)
        ink = dev > 0.5 * dev.max()
        rows = ink[[(bh * f) // 6 for f in (2, 3, 4)]]
        trans = int((np.diff(rows.astype(np.int8), axis=1) == 1).sum(axis=1).max()) + 1
        if trans < 3 or trans < STROKES_PER_H * bw / bh:
            continue
        out.append((int(bx0), int(by0), int(bx1), int(by1)))
    return out
