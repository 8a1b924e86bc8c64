"""Connected components of a binary mask, in numpy: horizontal runs per row, runs of adjacent rows
joined when they touch (8-connectivity), labels by min-label propagation with pointer jumping.

Returns only what the text detector needs, each component's box; no label image is built (that would
be an image-sized array for a list of a few thousand boxes)."""
from __future__ import annotations

import numpy as np


def component_boxes(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x0, y0, x1, y1) arrays (end-exclusive) of the 8-connected components of a 0/1 mask."""
    h, w = mask.shape
    d = np.diff(np.pad(mask.astype(np.int8), ((0, 0), (1, 1))), axis=1)
    rs, cs = np.nonzero(d == 1)  # run starts, row-major
    _, ce = np.nonzero(d == -1)  # run ends (exclusive), same order
    if rs.size == 0:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty, empty
    inv = link_runs(rs, cs, ce, h, w, diagonal=True)
    m = int(inv.max()) + 1
    big = np.iinfo(np.int64).max
    x0, y0 = np.full(m, big), np.full(m, big)
    x1, y1 = np.full(m, -1), np.full(m, -1)
    np.minimum.at(x0, inv, cs)
    np.maximum.at(x1, inv, ce)
    np.minimum.at(y0, inv, rs)
    np.maximum.at(y1, inv, rs + 1)
    return x0, y0, x1, y1


def group_boxes(x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray, *, gap: float, overlap: float,
                height_ratio: float, ok: np.ndarray | None = None, window: int = 60) -> np.ndarray:
    """Group labels of boxes sorted by x0: neighbours within `window` places join when the horizontal
    gap ≤ gap × the taller height, they overlap vertically by ≥ overlap × the smaller height and their
    heights are within `height_ratio`."""
    m = x0.size
    hgt = (y1 - y0).astype(np.float64)
    pa, pb = [], []
    for off in range(1, min(window, m)):
        a, b = np.arange(m - off), np.arange(off, m)
        g = x0[b] - x1[a]
        hmax, hmin = np.maximum(hgt[a], hgt[b]), np.maximum(np.minimum(hgt[a], hgt[b]), 1)
        ov = np.minimum(y1[a], y1[b]) - np.maximum(y0[a], y0[b])
        cond = (g <= gap * hmax) & (g >= -hmax) & (ov >= overlap * hmin) & (hmax <= height_ratio * hmin)
        if ok is not None:
            cond &= ok[a] & ok[b]
        pa.append(a[cond])
        pb.append(b[cond])
    labels = np.arange(m)
    if not pa:
        return labels
    a, b = np.concatenate(pa), np.concatenate(pb)
    while True:
        mn = np.minimum(labels[a], labels[b])
        new = labels.copy()
        np.minimum.at(new, a, mn)
        np.minimum.at(new, b, mn)
        new = new[new]
        if np.array_equal(new, labels):
            return labels
        labels = new


def link_runs(rs: np.ndarray, cs: np.ndarray, ce: np.ndarray, h: int, w: int, *, diagonal: bool) -> np.ndarray:
    """Component index (0..m-1) of each horizontal run (row `rs`, columns `cs`..`ce` exclusive, row-major
    order): runs of adjacent rows are joined when they touch — sharing a column, or with `diagonal` also
    at a corner (8- instead of 4-connectivity). The text detector and the layout's flat regions both
    label this way."""
    n = rs.size
    if n == 0:
        return np.zeros(0, np.int64)
    row_first = np.searchsorted(rs, np.arange(h + 1))
    # Within a row starts and ends increase, so the runs a run touches above are one contiguous range:
    # 8-connected: ce[a] >= cs[b] and cs[a] <= ce[b]; 4-connected: ce[a] > cs[b] and cs[a] < ce[b].
    b_idx = np.flatnonzero(rs > 0)
    lo, hi = row_first[rs[b_idx] - 1], row_first[rs[b_idx]]
    key = rs.astype(np.int64) * (w + 2)
    first = np.searchsorted(key + ce, key[b_idx] - (w + 2) + cs[b_idx], side="left" if diagonal else "right")
    last = np.searchsorted(key + cs, key[b_idx] - (w + 2) + ce[b_idx], side="right" if diagonal else "left")
    first, last = np.maximum(first, lo), np.minimum(last, hi)
    cnt = np.maximum(last - first, 0)
    a = np.repeat(first, cnt) + (np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt))
    b = np.repeat(b_idx, cnt)
    labels = np.arange(n)
    while a.size:
        mn = np.minimum(labels[a], labels[b])
        new = labels.copy()
        np.minimum.at(new, a, mn)
        np.minimum.at(new, b, mn)
        while True:  # pointer jumping: every label points at its root
            nn = new[new]
            if np.array_equal(nn, new):
                break
            new = nn
        if np.array_equal(new, labels):
            break
        labels = new
    _, inv = np.unique(labels, return_inverse=True)
    return inv
