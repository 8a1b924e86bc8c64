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

import numpy as np

try:
    import cv2
except ImportError:  # numpy-only fallback (slower): see _mask_numpy and _components_numpy
    cv2 = None

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


def _mask_numpy(rgb: np.ndarray, grad_t: int) -> np.ndarray:
    """3x3 morphological gradient (max - min over the 3x3 neighbourhood, edge pixels replicated) of each
    channel, max over channels, >= grad_t: the same mask as the OpenCV path."""
    img = rgb if rgb.ndim == 3 else rgb[:, :, None]
    p = np.pad(img, ((1, 1), (1, 1), (0, 0)), mode="edge")
    hmax = np.maximum(np.maximum(p[:, :-2], p[:, 1:-1]), p[:, 2:])
    hmin = np.minimum(np.minimum(p[:, :-2], p[:, 1:-1]), p[:, 2:])
    vmax = np.maximum(np.maximum(hmax[:-2], hmax[1:-1]), hmax[2:])
    vmin = np.minimum(np.minimum(hmin[:-2], hmin[1:-1]), hmin[2:])
    g = vmax - vmin
    m = g[:, :, 0] >= grad_t
    for c in range(1, g.shape[2]):
        m |= g[:, :, c] >= grad_t
    return m.astype(np.uint8)


def _components_numpy(mask: np.ndarray) -> tuple[np.ndarray, ...]:
    """8-connected components of a 0/1 mask as (x, y, w, h) arrays: horizontal runs per row, runs of
    consecutive rows joined when they touch (diagonals included), labels by min-label propagation."""
    H, W = mask.shape
    d = np.diff(np.pad(mask, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    rs, cs = np.nonzero(d == 1)      # run starts (row-major order)
    _, ce = np.nonzero(d == -1)      # run ends (exclusive), same order
    n = len(rs)
    if n == 0:
        return (np.zeros(0, np.int64),) * 4
    row_first = np.searchsorted(rs, np.arange(H + 1))   # runs of row r: row_first[r]:row_first[r+1]
    # for each run b in row r >= 1: runs a of row r-1 with ce[a] >= cs[b] (touching diagonally: ce[a] + 1 > cs[b])
    # and cs[a] <= ce[b] (cs[a] < ce[b] + 1). Within a row starts and ends both increase.
    b_idx = np.nonzero(rs > 0)[0]
    prev_lo, prev_hi = row_first[rs[b_idx] - 1], row_first[rs[b_idx]]
    # first a in [lo, hi) with ce[a] >= cs[b]; last a with cs[a] <= ce[b]
    key = rs.astype(np.int64) * (W + 2)
    first = np.searchsorted(key + ce, key[b_idx] - (W + 2) + cs[b_idx], side="left")
    last = np.searchsorted(key + cs, key[b_idx] - (W + 2) + ce[b_idx], side="right")
    first, last = np.maximum(first, prev_lo), np.minimum(last, prev_hi)
    cnt = np.maximum(last - first, 0)
    A = np.repeat(first, cnt) + (np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt))
    B = np.repeat(b_idx, cnt)
    labels = np.arange(n)
    while len(A):
        mn = np.minimum(labels[A], labels[B])
        new = labels.copy()
        np.minimum.at(new, A, mn)
        np.minimum.at(new, B, mn)
        while True:  # pointer jumping
            nn = new[new]
            if np.array_equal(nn, new):
                break
            new = nn
        if np.array_equal(new, labels):
            break
        labels = new
    u, inv = np.unique(labels, return_inverse=True)
    big = np.iinfo(np.int64).max
    x0 = np.full(len(u), big); y0 = x0.copy()
    x1 = np.full(len(u), -1); y1 = x1.copy()
    np.minimum.at(x0, inv, cs); np.maximum.at(x1, inv, ce)
    np.minimum.at(y0, inv, rs); np.maximum.at(y1, inv, rs + 1)
    _components_numpy.runs = (rs, cs, ce, inv)  # for _center_fill
    return x0, y0, x1 - x0, y1 - y0


def _center_fill(comp: np.ndarray, x, y, w, h, labels=None) -> np.ndarray:
    """For the components `comp`: the share of the middle half (in x and y) of each one's box that the
    component's own mask covers. A container (card, button, input outline) is an empty frame: ~0; a
    cluster of touching glyphs has strokes there."""
    out = np.zeros(len(comp))
    if labels is not None:  # OpenCV path: the label image (labels are component index + 1)
        for k, i in enumerate(comp):
            cx0, cx1, cy0, cy1 = x[i] + w[i] // 4, x[i] + w[i] - w[i] // 4, y[i] + h[i] // 4, y[i] + h[i] - h[i] // 4
            sub = labels[cy0:cy1, cx0:cx1]
            out[k] = (sub == i + 1).mean() if sub.size else 0.0
        return out
    rs, cs, ce, inv = _components_numpy.runs
    pos = {int(i): k for k, i in enumerate(comp)}
    sel = np.isin(inv, comp)
    r, a, b, lab = rs[sel], cs[sel], ce[sel], inv[sel]
    cx0, cx1 = x[lab] + w[lab] // 4, x[lab] + w[lab] - w[lab] // 4
    cy0, cy1 = y[lab] + h[lab] // 4, y[lab] + h[lab] - h[lab] // 4
    inrow = (r >= cy0) & (r < cy1)
    cover = np.where(inrow, np.clip(np.minimum(b, cx1) - np.maximum(a, cx0), 0, None), 0)
    tot = np.bincount(np.array([pos[int(l)] for l in lab], dtype=np.int64), weights=cover, minlength=len(comp)) if len(lab) else out
    area = np.maximum((w[comp] - 2 * (w[comp] // 4)) * (h[comp] - 2 * (h[comp] // 4)), 1)
    return tot / area


def detect_lines(rgb: np.ndarray, grad_t: int = GRAD_T, numpy_only: bool = False,
                 photo_text: bool = False) -> list[tuple[int, int, int, int]]:
    """photo_text=False is the frozen v1 (tuned on the self-rendered pages only); True is v2, which
    also takes lines over photos and gradients (developed on the dataset's even pages)."""
    use_cv2 = cv2 is not None and not numpy_only
    if use_cv2:
        grad = cv2.morphologyEx(rgb, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
        if grad.ndim == 3:  # cv2.max, not ndarray.max(axis=2): the strided numpy reduction is ~10x slower
            c = cv2.split(grad)
            g = cv2.max(cv2.max(c[0], c[1]), c[2])
        else:
            g = grad
        mask = cv2.threshold(g, grad_t - 1, 1, cv2.THRESH_BINARY)[1]
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        if n <= 1:
            return []
        x, y, w, h = (stats[1:, i].astype(np.int64) for i in range(4))
    else:
        mask = _mask_numpy(rgb, grad_t)
        labels = None
        x, y, w, h = _components_numpy(mask)
        if len(x) == 0:
            return []
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
        if drop and photo_text:
            # v2: touching bold glyphs hold their counters ('e', 'a', 'o' outlines) as inner components;
            # only an empty frame is a container
            cand = np.array(sorted(drop), dtype=np.int64)
            fill = _center_fill(cand, x, y, w, h, labels)
            drop = {int(c) for c, f in zip(cand, fill) if f < 0.03}
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
    if rgb.ndim == 3:
        gray = (cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if use_cv2 else
                ((rgb[:, :, 0].astype(np.int32) * 4899 + rgb[:, :, 1].astype(np.int32) * 9617
                 + rgb[:, :, 2].astype(np.int32) * 1868 + 8192) >> 14).astype(np.uint8))
    else:
        gray = rgb
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
        on_image = min(smooth) < RING_FLAT or np.mean(np.abs(top - bot) <= RING_TOL) < RING_FLAT
        if on_image:
            # v2 (photo_text=True): a line on a photo or gradient is still taken when its glyphs look like
            # a line of text: >= 3 components of homogeneous height, wide, strong contrast (checked below)
            if not photo_text or cnt < 3 or bw < 2.5 * bh:
                continue
            hs = (Y1[mem] - Y0[mem]).astype(np.float32)
            if hs.std() > 0.5 * np.median(hs):
                continue
        bgcol = (top + bot) / 2
        if bw >= 9:  # 9-px box blur along the row, edges replicated
            bgcol = np.convolve(np.pad(bgcol, 4, mode="edge"), np.full(9, 1 / 9, np.float32), mode="valid")
        # glyph strokes: rows across the line, binarised against that background at half the line's
        # contrast, cross many strokes; a filled shape (toggle, skeleton bar, progress bar, avatar)
        # has only its two edges
        dev = np.abs(gray[by0:by1, bx0:bx1].astype(np.float32) - bgcol[None, :])
        ink = dev > 0.5 * dev.max()
        rows = ink[[(bh * f) // 6 for f in (2, 3, 4)]]
        trans = int((np.diff(rows.astype(np.int8), axis=1, prepend=0) == 1).sum(axis=1).max())  # ink runs
        if trans < 3 or trans < STROKES_PER_H * bw / bh:
            continue
        if on_image and (dev.max() < 80 or trans < 1.5 * STROKES_PER_H * bw / bh):
            continue
        # ink box: trim to the pixels at >= 40 % of the line's contrast against the ring's background
        # (JPEG ringing and the gradient's soft edge sit below that)
        ys, xs = np.nonzero(dev >= INK_FRAC * dev.max())
        out.append((int(bx0 + xs.min()), int(by0 + ys.min()), int(bx0 + xs.max() + 1), int(by0 + ys.max() + 1)))
    return out
