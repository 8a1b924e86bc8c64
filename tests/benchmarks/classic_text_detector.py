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
   join, columns and nav items with larger gaps stay apart). Then a second pass joins word-like groups
   (>= 2 components, or one at least 1.8x as wide as high) that overlap vertically by >= 60 %, have
   heights within 1.5x and a gap <= 1.0x the taller (larger gaps merge table columns).
5. A line is kept when it has >= 2 components (or one component at least 1.8x as wide as high: a word
   whose glyphs touched), its height is >= 5 px, and the background just around it is smooth: along the
   rows 2 px above and below its box >= 80 % of the steps between neighbouring pixels are <= 16 gray
   levels, and >= 80 % of the columns differ by <= 24 between the two rows (flat colours and gradients
   pass, photos and textures fail); the background under the line is the per-column mean of those rows,
   and a row across its middle crosses >= 3 mask runs and >= 1 per line-height of width (glyph strokes;
   a filled shape — toggle, skeleton bar, progress bar — has only its two edges).
6. The box is trimmed to the pixels at >= 40 % of the line's contrast against that background, so it is
   the ink box (antialiasing fringes and JPEG ringing excluded).
"""
from __future__ import annotations

import cv2
import numpy as np

GRAD_T = 40          # foreground: local contrast (max - min in 3x3, any channel) above this
MIN_H, MAX_H = 4, 400
JOIN_OVERLAP, JOIN_HRATIO, JOIN_GAP = 0.5, 2.2, 0.9
JOIN2_OVERLAP, JOIN2_HRATIO, JOIN2_GAP = 0.6, 1.5, 1.0
RING_TOL, RING_FLAT, STEP_TOL = 24, 0.8, 16
STROKES_PER_H = 1.0
INK_FRAC = 0.4


def _group(X0, Y0, X1, Y1, gap_k, ov_k, hratio, ok=None, win=60) -> np.ndarray:
    """Label boxes (sorted by x0) into lines: neighbours within `win` places in x order join when the
    horizontal gap <= gap_k x the taller height, the vertical overlap >= ov_k x the smaller height and
    the heights are within `hratio`. Connected components by vectorised label propagation."""
    m = len(X0)
    H = (Y1 - Y0).astype(np.float64)
    A, B = [], []
    for off in range(1, min(win, m)):
        a, b = np.arange(m - off), np.arange(off, m)
        gap = X0[b] - X1[a]
        hmax, hmin = np.maximum(H[a], H[b]), np.maximum(np.minimum(H[a], H[b]), 1)
        ov = np.minimum(Y1[a], Y1[b]) - np.maximum(Y0[a], Y0[b])
        cond = (gap <= gap_k * hmax) & (gap >= -hmax) & (ov >= ov_k * hmin) & (hmax <= hratio * hmin)
        if ok is not None:
            cond &= ok[a] & ok[b]
        A.append(a[cond]); B.append(b[cond])
    labels = np.arange(m)
    if not A:
        return labels
    a, b = np.concatenate(A), np.concatenate(B)
    while True:
        mn = np.minimum(labels[a], labels[b])
        new = labels.copy()
        np.minimum.at(new, a, mn)
        np.minimum.at(new, b, mn)
        new = new[new]
        if np.array_equal(new, labels):
            return labels
        labels = new


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
    X0, Y0, X1, Y1 = x0[order], y0[order], x1[order], y1[order]
    roots = _group(X0, Y0, X1, Y1, JOIN_GAP, JOIN_OVERLAP, JOIN_HRATIO)
    # stage 2: word-like groups on the same line with wider gaps (monospace, letter-spaced, justified)
    ug, inv = np.unique(roots, return_inverse=True)
    gx0 = np.full(len(ug), 1 << 30); gy0 = gx0.copy(); gx1 = np.full(len(ug), -1); gy1 = gx1.copy()
    np.minimum.at(gx0, inv, X0); np.minimum.at(gy0, inv, Y0); np.maximum.at(gx1, inv, X1); np.maximum.at(gy1, inv, Y1)
    cnt = np.bincount(inv, minlength=len(ug))
    wordlike = (cnt >= 2) | ((gx1 - gx0) >= 1.8 * (gy1 - gy0))
    go = np.argsort(gx0, kind="stable")
    g2 = _group(gx0[go], gy0[go], gx1[go], gy1[go], JOIN2_GAP, JOIN2_OVERLAP, JOIN2_HRATIO, ok=wordlike[go])
    group_of = np.empty(len(ug), np.int64)
    group_of[go] = g2
    roots = group_of[inv]
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
        # smooth background around the line: the rows 2 px above and below the box (the glyphs'
        # interiors are no background, so the box itself is not used). Flat or a smooth gradient passes;
        # texture (photos, foliage, noise) fails: most steps between neighbouring pixels along those rows
        # must be small (a few intruding ascenders/descenders of a neighbouring line are allowed).
        # The background under the line is then, per column, the mean of the two rows.
        ta, bb = max(by0 - 2, 0), min(by1 + 1, H - 1)
        top = gray[ta, bx0:bx1].astype(np.float32)
        bot = gray[bb, bx0:bx1].astype(np.float32)
        if bw < 2:
            continue
        smooth = np.mean(np.abs(np.diff(top)) <= STEP_TOL), np.mean(np.abs(np.diff(bot)) <= STEP_TOL)
        if min(smooth) < RING_FLAT:
            continue
        bgcol = cv2.blur(((top + bot) / 2)[None, :], (9, 1))[0] if bw >= 9 else (top + bot) / 2
        if np.mean(np.abs(top - bot) <= RING_TOL) < RING_FLAT:   # a background that changes across the line
            continue
        # glyph strokes: rows across the line, binarised against that background at half the line's
        # contrast, cross many strokes; a filled shape (toggle, skeleton bar, progress bar, avatar)
        # has only its two edges
        dev = np.abs(gray[by0:by1, bx0:bx1].astype(np.float32) - bgcol[None, :])
        ink = dev > 0.5 * dev.max()
        rows = ink[[(bh * f) // 6 for f in (2, 3, 4)]]
        trans = int((np.diff(rows.astype(np.int8), axis=1, prepend=0) == 1).sum(axis=1).max())  # ink runs
        if trans < 3 or trans < STROKES_PER_H * bw / bh:
            continue
        # ink box: trim to the pixels at >= 40 % of the line's contrast against the ring's background
        # (JPEG ringing and the gradient's soft edge sit below that)
        ys, xs = np.nonzero(dev >= INK_FRAC * dev.max())
        out.append((int(bx0 + xs.min()), int(by0 + ys.min()), int(bx0 + xs.max() + 1), int(by0 + ys.max() + 1)))
    return out
