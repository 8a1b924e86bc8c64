"""Text lines in a screenshot, found without a model: glyph outlines → components → lines.

1. Local contrast: the 3×3 morphological gradient (max − min) of every channel, max over channels.
   On the flat backgrounds of UI it outlines every glyph whatever its polarity and color.
2. Its 8-connected components: glyphs (or words, where glyphs touch). Boxes shrink by the pixel the
   gradient adds on each side (ink boxes). Not glyphs: specks, rules and borders, long bars, and
   containers (a box holding other components clear of its edges: cards, buttons, inputs).
3. Components join into lines when they overlap vertically by half the smaller, their heights are
   within 2.2× (capitals, x-height letters and punctuation) and the gap is under 0.9× the taller;
   then words join into lines with gaps up to 1.0× and heights within 1.5× (tracked or monospaced
   text, justified lines), but not across the wider gaps between table columns.
4. A line is kept when it looks like text on a background: two components or a word-shaped one, the
   rows just above and below it smooth (flat colour or gradient, not photo texture), and a row
   across it crossing several strokes (a toggle or a progress bar has only its two edges).
5. Its box is trimmed to the pixels at ≥ 40 % of its contrast: the ink box.

Images wider than the product's halving width are searched at half size (detect_lines_halved) and
each line trimmed to its ink at full size, where it is measured.

Measured in the typography benchmark against a learned detector (PP-OCR DB on onnxruntime): see
tests/benchmarks/text_detectors_benchmark.py.
"""
from __future__ import annotations

import numpy as np
from PIL import Image

from shared.extraction.typography.components import component_boxes, group_boxes
from shared.extraction.typography.lines import TextLine

GRADIENT_MIN = 40  # 0–255: local contrast that makes a pixel part of an outline
MIN_H, MAX_H = 4, 400  # ink box height of a glyph, image px
JOIN = dict(gap=0.9, overlap=0.5, height_ratio=2.2)
JOIN_WORDS = dict(gap=1.0, overlap=0.6, height_ratio=1.5)
STEP_TOL, RING_TOL, RING_FLAT = 16, 24, 0.8  # background smoothness around a line
STROKES_PER_H = 1.0
INK_FRACTION = 0.4
HALVED_PAD = 3  # full-size px added around a box found at half size before trimming it to its ink
CLEARANCE = 0.08  # of a container's smaller side: what its contents keep from its outline


def gray_of(rgb: np.ndarray) -> np.ndarray:
    """BT.601 luma, uint8 (integer arithmetic: fast and exact enough to find outlines). Accumulated
    in place in one uint32 plane (the same values as the three int32 copies it replaced, at a third
    of the time)."""
    acc = np.multiply(rgb[..., 0], np.uint32(4899), dtype=np.uint32)
    tmp = np.multiply(rgb[..., 1], np.uint32(9617), dtype=np.uint32)
    acc += tmp
    np.multiply(rgb[..., 2], np.uint32(1868), out=tmp, dtype=np.uint32)
    acc += tmp
    acc += 8192
    acc >>= 14
    return acc.astype(np.uint8)


def outline_mask(rgb: np.ndarray) -> np.ndarray:
    """1 where some channel's 3×3 range reaches GRADIENT_MIN. One channel plane at a time: on
    interleaved RGB every shifted view strides by 3 and the final max reduces over a trailing axis
    of 3, numpy's slowest case (8× the time on a 1280×900 screenshot, the same mask)."""
    g = None
    for c in range(3):
        p = np.pad(rgb[..., c], 1, mode="edge")
        hmax = np.maximum(np.maximum(p[:, :-2], p[:, 1:-1]), p[:, 2:])
        hmin = np.minimum(np.minimum(p[:, :-2], p[:, 1:-1]), p[:, 2:])
        gc = np.maximum(np.maximum(hmax[:-2], hmax[1:-1]), hmax[2:]) - np.minimum(np.minimum(hmin[:-2], hmin[1:-1]), hmin[2:])
        g = gc if g is None else np.maximum(g, gc, out=g)
    return (g >= GRADIENT_MIN).astype(np.uint8)


def _glyphs(mask: np.ndarray) -> tuple[np.ndarray, ...]:
    x, y, xe, ye = component_boxes(mask)
    x0, y0, x1, y1 = x + 1, y + 1, xe - 1, ye - 1  # the outline adds a pixel on each side
    hh, ww = y1 - y0, x1 - x0
    ok = (hh >= MIN_H - 1) & (hh <= MAX_H) & (ww >= 1)
    ok &= ~((hh <= 3) & (ww > 6 * hh))  # rules, underlines, borders
    ok &= ~((ww > 25 * np.maximum(hh, 1)) & (hh < 12))  # long bars
    idx = np.flatnonzero(ok)
    if idx.size:
        drop = set()
        for b in idx[(hh[idx] > 12) & (ww[idx] > 12)]:
            # Inside with room on every side: the dot of an i in a word drawn as one component
            # touches the word's top edge; a button's label keeps clear of the button's outline.
            c = max(2.0, CLEARANCE * min(hh[b], ww[b]))
            inside = ((x0[idx] >= x0[b] + c) & (x1[idx] <= x1[b] - c) & (y0[idx] >= y0[b] + c)
                      & (y1[idx] <= y1[b] - c) & (idx != b))
            sub = idx[inside]
            # A glyph can hold a dot or an accent; a container holds several, or one much smaller.
            if sub.size >= 3 or (sub.size >= 1 and hh[sub].max() < 0.5 * hh[b] and ww[b] > 2.5 * hh[b]):
                drop.add(int(b))
        if drop:
            idx = np.array([i for i in idx if int(i) not in drop], dtype=np.int64)
    order = idx[np.argsort(x0[idx], kind="stable")]
    return x0[order], y0[order], x1[order], y1[order]


def _line_groups(x0, y0, x1, y1) -> np.ndarray:
    roots = group_boxes(x0, y0, x1, y1, **JOIN)
    ug, inv = np.unique(roots, return_inverse=True)
    gx0 = np.full(ug.size, 1 << 30)
    gy0 = gx0.copy()
    gx1 = np.full(ug.size, -1)
    gy1 = gx1.copy()
    np.minimum.at(gx0, inv, x0)
    np.minimum.at(gy0, inv, y0)
    np.maximum.at(gx1, inv, x1)
    np.maximum.at(gy1, inv, y1)
    cnt = np.bincount(inv, minlength=ug.size)
    wordlike = (cnt >= 2) | ((gx1 - gx0) >= 1.8 * (gy1 - gy0))
    go = np.argsort(gx0, kind="stable")
    second = group_boxes(gx0[go], gy0[go], gx1[go], gy1[go], ok=wordlike[go], **JOIN_WORDS)
    group_of = np.empty(ug.size, np.int64)
    group_of[go] = second
    return group_of[inv]


def _text_on_background(gray: np.ndarray, bx0: int, by0: int, bx1: int, by1: int) -> tuple[int, int, int, int] | None:
    """The line's ink box when it reads as text on a smooth background, else None."""
    h = gray.shape[0]
    bh, bw = by1 - by0, bx1 - bx0
    if bw < 2:
        return None
    top = gray[max(by0 - 2, 0), bx0:bx1].astype(np.float32)
    bottom = gray[min(by1 + 1, h - 1), bx0:bx1].astype(np.float32)
    if min(np.mean(np.abs(np.diff(top)) <= STEP_TOL), np.mean(np.abs(np.diff(bottom)) <= STEP_TOL)) < RING_FLAT:
        return None  # texture (a photo) around it
    if np.mean(np.abs(top - bottom) <= RING_TOL) < RING_FLAT:
        return None  # the background changes across the line
    bg = (top + bottom) / 2
    if bw >= 9:
        bg = np.convolve(np.pad(bg, 4, mode="edge"), np.full(9, 1 / 9, np.float32), mode="valid")
    dev = np.abs(gray[by0:by1, bx0:bx1].astype(np.float32) - bg[None, :])
    peak = float(dev.max())
    if peak <= 0:
        return None
    ink = dev > 0.5 * peak
    rows = ink[[(bh * f) // 6 for f in (2, 3, 4)]]
    strokes = int((np.diff(rows.astype(np.int8), axis=1, prepend=0) == 1).sum(axis=1).max())
    if strokes < 3 or strokes < STROKES_PER_H * bw / bh:
        return None  # a filled shape: only its two edges
    ys, xs = np.nonzero(dev >= INK_FRACTION * peak)
    return bx0 + int(xs.min()), by0 + int(ys.min()), bx0 + int(xs.max()) + 1, by0 + int(ys.max()) + 1


def half_size(rgb: np.ndarray) -> np.ndarray:
    """The image at half width and height, each pixel the mean of a 2×2 block."""
    h, w = rgb.shape[0] // 2, rgb.shape[1] // 2
    # Pillow's 2×2 reduce is this mean, (sum + 2) >> 2, in C: the same bytes at under half the time.
    return np.asarray(Image.fromarray(np.ascontiguousarray(rgb[:2 * h, :2 * w])).reduce(2))


def detect_lines_halved(rgb: np.ndarray, gray: np.ndarray | None = None) -> list[TextLine]:
    """Lines of a large image found at half size (a 2× capture halved reads like a 1× one, at a
    quarter of the cost), then each box scaled back and trimmed to its ink at full size (the grey of
    the box only, when `gray` of the whole image is not given)."""
    small = half_size(rgb)
    out = []
    h, w = rgb.shape[:2]
    for ln in detect_lines(small, gray_of(small)):
        x0, y0 = max(2 * ln.x0 - HALVED_PAD, 0), max(2 * ln.y0 - HALVED_PAD, 0)
        x1, y1 = min(2 * ln.x1 + HALVED_PAD, w), min(2 * ln.y1 + HALVED_PAD, h)
        box = _ink_box(gray, x0, y0, x1, y1, rgb)
        if box is not None:
            out.append(TextLine(*box, glyphs=ln.glyphs))
    return out


def _ink_box(gray: np.ndarray | None, bx0: int, by0: int, bx1: int, by1: int,
            rgb: np.ndarray | None = None) -> tuple[int, int, int, int] | None:
    """The box trimmed to the pixels at ≥ INK_FRACTION of its peak deviation from the background
    (the grey of its top and bottom rows, column by column)."""
    crop = (gray[by0:by1, bx0:bx1] if gray is not None else gray_of(rgb[by0:by1, bx0:bx1])).astype(np.float32)
    if crop.shape[0] < 3 or crop.shape[1] < 2:
        return None
    bg = (crop[0] + crop[-1]) / 2
    dev = np.abs(crop - bg[None, :])
    peak = float(dev.max())
    if peak <= 0:
        return None
    ys, xs = np.nonzero(dev >= INK_FRACTION * peak)
    return bx0 + int(xs.min()), by0 + int(ys.min()), bx0 + int(xs.max()) + 1, by0 + int(ys.max()) + 1


def detect_lines(rgb: np.ndarray, gray: np.ndarray | None = None) -> list[TextLine]:
    if gray is None:
        gray = gray_of(rgb)
    x0, y0, x1, y1 = _glyphs(outline_mask(rgb))
    if x0.size == 0:
        return []
    roots = _line_groups(x0, y0, x1, y1)
    out = []
    for r in np.unique(roots):
        mem = roots == r
        bx0, by0, bx1, by1 = int(x0[mem].min()), int(y0[mem].min()), int(x1[mem].max()), int(y1[mem].max())
        n = int(mem.sum())
        bh, bw = by1 - by0, bx1 - bx0
        if bh < MIN_H + 1 or (n < 2 and bw < 1.8 * bh) or bw < 0.6 * bh:
            continue
        box = _text_on_background(gray, bx0, by0, bx1, by1)
        if box is not None:
            out.append(TextLine(*box, glyphs=n))
    return out
