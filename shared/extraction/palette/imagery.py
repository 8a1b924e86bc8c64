"""Photos, gradients and illustrations are imagery, not design colours: each region gives at most one.

UI is made of flat fills with sharp edges: next to a pixel of a fill, the pixel to its right or the
one below it has exactly its value (or, across an edge, a very different one). A photo or a
gradient changes a little everywhere: both neighbours differ, by a few levels. Blocks of about
16 CSS px where that holds for many pixels, with few strong edges, are imagery; their connected
groups are the imagery regions, each taken as its bounding box (photos, gradients and
illustrations sit in boxes in a UI, and their flat patches — a clear sky, a gradient's slow end —
then count too). A palette colour most of whose pixels lie in one region is that region's colour:
the region's first (most important) colour is kept, marked as imagery, and its others are dropped.

Measured on a strided sample of pixel pairs (about SAMPLES), so it costs about a millisecond at
any size. Deterministic.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SAMPLES = 60_000
# A block's side: about 16 CSS px at DPR 1 on a 1280-wide capture (min side / 35), at least 8 px.
BLOCK_FRACTION = 1 / 35
MIN_BLOCK_PX = 8
# A sample is "smooth" when both neighbours differ from it, by at most SMOOTH_MAX levels.
SMOOTH_MAX = 24
# An imagery block: at least this share of smooth samples and at most this share of strong edges.
SMOOTH_SHARE = 0.3
EDGE_SHARE = 0.1
# A region needs this many blocks, filling at least this share of its bounding box.
MIN_REGION_BLOCKS = 3
MIN_REGION_DENSITY = 0.35
# A pixel belongs to its nearest palette colour when no channel is farther than this (levels).
MEMBER_LEVELS = 12
# A colour is a region's when at least this share of its pixels lie in that region's box ...
IN_REGION = 0.6
# ... unless it is flat: this share of its pixels within EXACT_LEVELS (every channel) of it. A button,
# a logo or text over a photo is flat; a photo's own colours spread (even under a dark overlay).
FLAT_SHARE = 0.85
EXACT_LEVELS = 1


@dataclass(frozen=True)
class Region:
    x0: int  # block grid coordinates, inclusive-exclusive
    y0: int
    x1: int
    y1: int


def _grid(shape: tuple[int, int]) -> tuple[int, int]:
    """(sample stride, block side in samples)."""
    h, w = shape
    s = max(1, int(np.sqrt(h * w / SAMPLES)))
    block_px = max(MIN_BLOCK_PX, int(round(min(h, w) * BLOCK_FRACTION)))
    return s, max(2, int(round(block_px / s)))


def imagery_regions(rgb: np.ndarray, s: int, b: int) -> tuple[list[Region], tuple[int, int]]:
    """The imagery regions (block boxes) and the block grid's (rows, cols)."""
    h, w = rgb.shape[:2]
    p = rgb[0:h - 1:s, 0:w - 1:s].astype(np.int16)
    right = np.abs(rgb[0:h - 1:s, 1:w:s].astype(np.int16) - p).max(axis=2)
    down = np.abs(rgb[1:h:s, 0:w - 1:s].astype(np.int16) - p).max(axis=2)
    lo, hi = np.minimum(right, down), np.maximum(right, down)
    smooth = (lo > 0) & (hi <= SMOOTH_MAX)
    edge = hi > SMOOTH_MAX
    sh, sw = p.shape[:2]
    nby, nbx = -(-sh // b), -(-sw // b)

    def per_block(m: np.ndarray) -> np.ndarray:
        padded = np.zeros((nby * b, nbx * b), dtype=np.float32)
        padded[:sh, :sw] = m
        return padded.reshape(nby, b, nbx, b).sum(axis=(1, 3))

    n = per_block(np.ones((sh, sw), dtype=bool))
    texture = (per_block(smooth) >= SMOOTH_SHARE * n) & (per_block(edge) <= EDGE_SHARE * n) & (n > 0)
    return _components(texture), (nby, nbx)


def _components(mask: np.ndarray) -> list[Region]:
    """Bounding boxes of the 8-connected groups of True blocks that are big and dense enough."""
    seen = np.zeros_like(mask)
    out = []
    nby, nbx = mask.shape
    for y, x in zip(*np.nonzero(mask)):
        if seen[y, x]:
            continue
        stack, cells = [(int(y), int(x))], []
        seen[y, x] = True
        while stack:
            cy, cx = stack.pop()
            cells.append((cy, cx))
            for ny in range(max(cy - 1, 0), min(cy + 2, nby)):
                for nx in range(max(cx - 1, 0), min(cx + 2, nbx)):
                    if mask[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        stack.append((ny, nx))
        ys, xs = [c[0] for c in cells], [c[1] for c in cells]
        r = Region(min(xs), min(ys), max(xs) + 1, max(ys) + 1)
        if len(cells) >= MIN_REGION_BLOCKS and len(cells) >= MIN_REGION_DENSITY * (r.x1 - r.x0) * (r.y1 - r.y0):
            out.append(r)
    return out


def classify(rgb: np.ndarray, valid: np.ndarray | None,
             colors: list[tuple[int, int, int]]) -> tuple[list[bool], list[bool]]:
    """(keep, imagery) per colour of `colors` (most important first): which to report, and which of
    those stand for an imagery region (its dominant colour) rather than for the design."""
    k = len(colors)
    keep, imagery = [True] * k, [False] * k
    if k == 0 or rgb.shape[0] < 2 or rgb.shape[1] < 2:
        return keep, imagery
    s, b = _grid(rgb.shape[:2])
    regions, (nby, nbx) = imagery_regions(rgb, s, b)
    if not regions:
        return keep, imagery
    h, w = rgb.shape[:2]
    p = rgb[0:h - 1:s, 0:w - 1:s]
    sh, sw = p.shape[:2]
    # Region index of every sample (-1 outside); regions may overlap: the first wins.
    where = np.full((nby, nbx), -1, dtype=np.int32)
    for i, r in reversed(list(enumerate(regions))):
        where[r.y0:r.y1, r.x0:r.x1] = i
    sample_region = np.repeat(np.repeat(where, b, axis=0), b, axis=1)[:sh, :sw].reshape(-1)
    px = p.reshape(-1, 3).astype(np.int16)
    pal = np.asarray(colors, dtype=np.int16)
    best = np.full(len(px), 32767, dtype=np.int16)
    label = np.full(len(px), k, dtype=np.int32)
    for i in range(k):  # nearest colour by the largest channel difference; k is small
        d = np.abs(px - pal[i]).max(axis=1)
        closer = d < best
        best[closer] = d[closer]
        label[closer] = i
    label[best > MEMBER_LEVELS] = k
    if valid is not None:
        label[~valid[0:h - 1:s, 0:w - 1:s].reshape(-1)] = k
    nr = len(regions)
    counts = np.bincount(label * (nr + 1) + (sample_region + 1), minlength=(k + 1) * (nr + 1)).reshape(k + 1, nr + 1)
    members = counts[:k].sum(axis=1)
    flat_members = np.bincount(label[best <= EXACT_LEVELS], minlength=k + 1)[:k]
    taken: set[int] = set()
    for i in range(k):
        if members[i] == 0 or flat_members[i] >= FLAT_SHARE * members[i]:
            continue  # no pixels sampled, or a flat design colour (over imagery or not)
        r = int(np.argmax(counts[i, 1:]))
        if counts[i, 1 + r] < IN_REGION * members[i]:
            continue  # a design colour (or one only partly in imagery)
        if r in taken:
            keep[i] = False
        else:
            taken.add(r)
            imagery[i] = True
    return keep, imagery
