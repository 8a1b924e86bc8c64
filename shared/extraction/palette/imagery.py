"""Photos, gradients and illustrations are imagery, not design colours: each region gives at most one.

UI is made of flat fills with sharp edges: next to a pixel of a fill, the pixel to its right or the
one below it has exactly its value (or, across an edge, a very different one). A photo or a
gradient changes a little everywhere: both neighbours differ, by a few levels. Blocks of about
16 CSS px where that holds for many pixels, with few strong edges, are imagery; their connected
groups are the imagery regions, each taken as its bounding box (photos, gradients and
illustrations sit in boxes in a UI, and their flat patches — a clear sky, a gradient's slow end —
then count too). A palette colour most of whose pixels lie in one region is that region's colour:
the region's first (most important) colour is kept, marked as imagery, and its others are dropped.

Flat illustrations (SVG blobs, undraw-style art) are not smooth: their fills are as flat as a UI's.
What gives them away is how the fills meet: three or more compact solid colours touching one another
along slanted or curved edges (see the section below). Such a group gives its first colour, marked
as imagery, like a photo.

Measured on a strided sample of pixel pairs (about SAMPLES), so its cost does not grow with the
image; the compiled palette core runs the pixel passes over the samples (about a tenth of a
millisecond in all; numpy, the same counts, where it was not built). Deterministic.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

SAMPLES = 8_000
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


def _grid(shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """(sample stride, block side in samples, blocks down, blocks across): samples are the pixels
    (i·s, j·s) that have a right and a lower neighbour, cropped to whole blocks (an image smaller
    than a block has none, so no imagery)."""
    h, w = shape
    s = max(1, math.ceil(math.sqrt(h * w / SAMPLES)))  # math, not numpy: called per image on scalars
    block_px = max(MIN_BLOCK_PX, int(round(min(h, w) * BLOCK_FRACTION)))
    b = max(4, int(round(block_px / s)))
    return s, b, ((h - 2) // s + 1) // b, ((w - 2) // s + 1) // b


def _samples(rgb: np.ndarray, s: int, b: int, nby: int, nbx: int) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Per channel (int16, 2-D): the sampled pixels of the whole blocks; and per sample the
    largest channel difference to the pixel on its right and to the one below."""
    sh, sw = nby * b, nbx * b
    ys, xs = slice(0, (sh - 1) * s + 1, s), slice(0, (sw - 1) * s + 1, s)
    ys1, xs1 = slice(1, (sh - 1) * s + 2, s), slice(1, (sw - 1) * s + 2, s)
    chans, right, down = [], None, None
    # Per channel on 2-D arrays: numpy reduces over a length-3 axis slowly.
    for c in range(3):
        p = rgb[ys, xs, c].astype(np.int16)
        r = np.abs(rgb[ys, xs1, c] - p)
        d = np.abs(rgb[ys1, xs, c] - p)
        chans.append(p)
        right = r if right is None else np.maximum(right, r)
        down = d if down is None else np.maximum(down, d)
    return chans, right, down


def imagery_regions(right: np.ndarray, down: np.ndarray, b: int) -> list[Region]:
    """The imagery regions (block boxes) from the samples' neighbour differences."""
    hi = np.maximum(right, down)
    sh, sw = hi.shape
    # One pass: +1 per smooth sample, +1024 per edge sample, summed per block (b² ≤ 1023 samples).
    code = ((right > 0) & (down > 0) & (hi <= SMOOTH_MAX)).view(np.int8).astype(np.int32)
    code += (hi > SMOOTH_MAX).view(np.int8).astype(np.int32) << 10
    sums = np.add.reduceat(np.add.reduceat(code, np.arange(0, sh, b), axis=0), np.arange(0, sw, b), axis=1)
    return _components(_imagery_blocks(sums & 1023, sums >> 10, b))


def _imagery_blocks(smooth: np.ndarray, edge: np.ndarray, b: int) -> np.ndarray:
    """Which blocks are imagery, from their smooth and strong-edge sample counts."""
    n = b * b
    return (smooth >= SMOOTH_SHARE * n) & (edge <= EDGE_SHARE * n)


def _components(mask: np.ndarray) -> list[Region]:
    """Bounding boxes of the 8-connected groups of True blocks that are big and dense enough: runs
    per row, joined to the overlapping runs of the row above (union-find over runs, few per row)."""
    if not mask.any():
        return []
    nby, nbx = mask.shape
    padded = np.zeros((nby, nbx + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    edges = np.flatnonzero(np.diff(padded.reshape(-1)))  # starts and ends alternate; never across rows
    starts, ends = edges[::2], edges[1::2]
    rows = starts // (nbx + 2)
    runs = [(int(y), int(x0 - y * (nbx + 2)), int(x1 - y * (nbx + 2))) for y, x0, x1 in zip(rows, starts, ends)]
    row_runs: list[list[int]] = [[] for _ in range(nby)]
    for i, (y, _x0, _x1) in enumerate(runs):
        row_runs[y].append(i)
    parent = list(range(len(runs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for y in range(1, len(row_runs)):
        for i in row_runs[y]:
            for j in row_runs[y - 1]:
                if runs[j][1] <= runs[i][2] and runs[i][1] <= runs[j][2]:  # overlap, diagonals included
                    parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(runs)):
        groups.setdefault(find(i), []).append(i)
    out = []
    for members in sorted(groups.values()):
        cells = sum(runs[i][2] - runs[i][1] for i in members)
        r = Region(min(runs[i][1] for i in members), min(runs[i][0] for i in members),
                   max(runs[i][2] for i in members), max(runs[i][0] for i in members) + 1)
        if cells >= MIN_REGION_BLOCKS and cells >= MIN_REGION_DENSITY * (r.x1 - r.x0) * (r.y1 - r.y0):
            out.append(r)
    return out


def classify(rgb: np.ndarray, valid: np.ndarray | None, colors: list[tuple[int, int, int]],
             core=None) -> tuple[list[bool], list[bool]]:
    """(keep, imagery) per colour of `colors` (most important first): which to report, and which of
    those stand for an imagery region (its dominant colour) rather than for the design: photos and
    gradients (smooth blocks), then flat illustrations (touching curved fills). `core`: the compiled
    palette core, which runs the pixel passes (same counts as the numpy ones)."""
    k = len(colors)
    keep, imagery = [True] * k, [False] * k
    if k == 0 or rgb.shape[0] < 2 or rgb.shape[1] < 2:
        return keep, imagery
    s, b, nby, nbx = _grid(rgb.shape[:2])
    if nby == 0 or nbx == 0:
        return keep, imagery
    keep, imagery = _smooth_regions(rgb, valid, colors, core, (s, b, nby, nbx))
    if k < ILLUS_MIN_SHAPES:
        return keep, imagery
    rows, cols = nby * b, nbx * b
    st = (shape_stats(label_grid(rgb, valid, s, rows, cols, colors), len(colors)) if core is None
          else compiled_shape_stats(core, rgb, valid, s, rows, cols, colors))
    # A photo's or a gradient's colours are settled: they are not fills (a button over a photo
    # touches the photo's colours).
    eligible = np.array([k_ and not im for k_, im in zip(keep, imagery)])
    for group in illustrations(st, rows, cols, eligible):
        imagery[group[0]] = True
        for i in group[1:]:
            keep[i] = False
    return keep, imagery


def _smooth_regions(rgb: np.ndarray, valid: np.ndarray | None, colors: list[tuple[int, int, int]],
                    core, grid: tuple[int, int, int, int]) -> tuple[list[bool], list[bool]]:
    """classify's first part: photos and gradients, on classify's sample grid (at least one block)."""
    k = len(colors)
    keep, imagery = [True] * k, [False] * k
    h, w = rgb.shape[:2]
    s, b, nby, nbx = grid
    if core is not None:
        rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
        counts = np.frombuffer(core.imagery_blocks(rgb, h, w, s, b, SMOOTH_MAX, nby, nbx), dtype=np.int32)
        regions = _components(_imagery_blocks(counts[:nby * nbx].reshape(nby, nbx),
                                              counts[nby * nbx:].reshape(nby, nbx), b))
    else:
        chans, right, down = _samples(rgb, s, b, nby, nbx)
        regions = imagery_regions(right, down, b)
    if not regions:
        return keep, imagery
    # Region index of every block (-1 outside); regions may overlap: the first wins.
    where = np.full((nby, nbx), -1, dtype=np.int32)
    for i, r in reversed(list(enumerate(regions))):
        where[r.y0:r.y1, r.x0:r.x1] = i
    nr = len(regions)
    if core is not None:
        mask = None if valid is None else np.ascontiguousarray(valid).view(np.uint8)
        out = np.frombuffer(core.imagery_members(rgb, h, w, mask, s, b, where, nbx, nr,
                                                 np.asarray(colors, dtype=np.uint8).tobytes(), MEMBER_LEVELS,
                                                 EXACT_LEVELS), dtype=np.int64)
        counts, flat_members = out[:(k + 1) * (nr + 1)].reshape(k + 1, nr + 1), out[(k + 1) * (nr + 1):]
    else:
        counts, flat_members = _members(chans, valid, s, b, where, nr, colors)
    members = counts[:k].sum(axis=1)
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


def _members(chans: list[np.ndarray], valid: np.ndarray | None, s: int, b: int, where: np.ndarray, nr: int,
             colors: list[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """(colour, region) sample counts ((k + 1) × (nr + 1): colour k = none of them, region column 0
    = outside every region) and each colour's samples within EXACT_LEVELS of it, on every other
    sample each way (a quarter: enough for shares, and cheap)."""
    k = len(colors)
    sh, sw = chans[0].shape
    sample_region = np.repeat(np.repeat(where, b, axis=0), b, axis=1)[::2, ::2].reshape(-1)
    pal = np.asarray(colors, dtype=np.int16)
    # (samples, colours) largest channel difference, one array op per channel; nearest colour first.
    dist = None
    for c in range(3):
        dc = np.abs(chans[c][::2, ::2].reshape(-1, 1) - pal[None, :, c])
        dist = dc if dist is None else np.maximum(dist, dc)
    label = dist.argmin(axis=1).astype(np.int32)
    best = np.take_along_axis(dist, label[:, None], axis=1)[:, 0]
    label[best > MEMBER_LEVELS] = k
    if valid is not None:
        label[~valid[0:sh * s:s, 0:sw * s:s][::2, ::2].reshape(-1)] = k
    counts = np.bincount(label * (nr + 1) + (sample_region + 1), minlength=(k + 1) * (nr + 1)).reshape(k + 1, nr + 1)
    flat_members = np.bincount(label[best <= EXACT_LEVELS], minlength=k + 1)[:k]
    return counts, flat_members


# ---- Flat illustrations (SVG blobs, undraw-style art) ----
# UI colours sit side by side on a surface: a button, a badge, an avatar each touch the surface
# around them (and their text), rarely another solid fill. An illustration's flat fills overlap one
# another along curved or rotated edges. On the grid of samples labelled with their nearest palette
# colour: a colour is a SHAPE when it has solid 2×2 windows and fits in a compact box; two shapes
# TOUCH when enough windows hold both, with the boundary between them mostly not axis-aligned (a
# window split 3:1 or diagonally, not half and half along a row or a column). A shape whose box
# holds every shape it touches is a container (a card holding its avatar and badge), not a fill.
# At least ILLUS_MIN_SHAPES touching shapes are an illustration: its first colour is kept (imagery),
# the others dropped, with every other shape whose box overlaps the illustration's (a fill that
# touches the rest only along a straight edge), except a box around it all (the card it sits on).
ILLUS_MIN_SHAPES = 3
SHAPE_MIN_SOLID = 4        # solid 2×2 windows
SHAPE_MAX_SIDE = 0.45      # of the grid's width and of its height
TOUCH_MIN_WINDOWS = 3
# A sample takes its nearest palette colour within this many levels (every channel): wider than
# MEMBER_LEVELS, so that JPEG ringing and half-way blends along a fill's edge still read as one side.
FILL_LEVELS = 24
TOUCH_MIN_OBLIQUE = 0.1    # share of the pair's two-colour windows that are not an axis-aligned split


@dataclass(frozen=True)
class ShapeStats:
    solid: np.ndarray      # (k,) solid 2×2 windows per colour
    bbox: np.ndarray       # (k, 4) x0, y0, x1, y1 of its solid windows, in samples (zeros: none)
    touch: np.ndarray      # (k, k) windows holding both colours
    oblique: np.ndarray    # (k, k) windows of exactly the two colours, split 3:1 or diagonally
    straight: np.ndarray   # (k, k) windows of exactly the two colours, split along a row or a column


def label_grid(rgb: np.ndarray, valid: np.ndarray | None, s: int, rows: int, cols: int,
               colors: list[tuple[int, int, int]]) -> np.ndarray:
    """(rows, cols) uint8: each sample's nearest palette colour (largest channel difference), k when
    none is within FILL_LEVELS or the pixel is not valid."""
    k = len(colors)
    pal = np.asarray(colors, dtype=np.int16)
    dist = None
    for c in range(3):
        p = rgb[0:(rows - 1) * s + 1:s, 0:(cols - 1) * s + 1:s, c].astype(np.int16)
        dc = np.abs(p[:, :, None] - pal[None, None, :, c])
        dist = dc if dist is None else np.maximum(dist, dc)
    lab = dist.argmin(axis=2).astype(np.uint8)
    lab[dist.min(axis=2) > FILL_LEVELS] = k
    if valid is not None:
        lab[~valid[0:(rows - 1) * s + 1:s, 0:(cols - 1) * s + 1:s]] = k
    return lab


def compiled_shape_stats(core, rgb: np.ndarray, valid: np.ndarray | None, s: int, rows: int, cols: int,
                         colors: list[tuple[int, int, int]]) -> ShapeStats:
    """shape_stats(label_grid(...)) in the compiled core: a pass over the samples, one over the windows."""
    k = len(colors)
    h, w = rgb.shape[:2]
    mask = None if valid is None else np.ascontiguousarray(valid).view(np.uint8)
    pal = np.asarray(colors, dtype=np.uint8).tobytes()
    out = np.frombuffer(core.illustration_stats(np.ascontiguousarray(rgb, dtype=np.uint8), h, w, mask, s,
                                                rows, cols, pal, FILL_LEVELS), dtype=np.int64)
    kk = k * k
    return ShapeStats(solid=out[:k], bbox=out[k:5 * k].reshape(k, 4),
                      touch=out[5 * k:5 * k + kk].reshape(k, k),
                      oblique=out[5 * k + kk:5 * k + 2 * kk].reshape(k, k),
                      straight=out[5 * k + 2 * kk:].reshape(k, k))


def shape_stats(lab: np.ndarray, k: int) -> ShapeStats:
    """The reference for the compiled core's illustration_stats: per 2×2 window of `lab`."""
    a, b, c, d = lab[:-1, :-1], lab[:-1, 1:], lab[1:, :-1], lab[1:, 1:]
    win = np.stack([a, b, c, d], -1).reshape(-1, 4).astype(np.int32)
    uniform = (win == win[:, :1]).all(1)
    solid = np.bincount(win[uniform, 0], minlength=k + 1)[:k]
    # The box of a colour's solid windows (top-left samples): stray samples of its colour elsewhere
    # (anti-aliased text, a blend) do not stretch it.
    bbox = np.zeros((k, 4), dtype=np.int64)
    first = lab[:-1, :-1]
    solid_at = np.zeros(first.shape, dtype=bool)
    solid_at.reshape(-1)[:] = uniform
    for i in range(k):
        ys, xs = np.nonzero(solid_at & (first == i))
        if len(xs):
            bbox[i] = (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)
    oblique = np.zeros((k, k), dtype=np.int64)
    lo, hi = win.min(1), win.max(1)
    nlo = (win == lo[:, None]).sum(1)
    two = (lo != hi) & (hi < k) & ((win == lo[:, None]) | (win == hi[:, None])).all(1)
    # A 2:2 window split along a row or a column: the top pair (a, b) or the left pair (a, c) equal.
    axis = (nlo == 2) & ((win[:, 0] == win[:, 1]) | (win[:, 0] == win[:, 2]))
    ob = two & ~axis
    np.add.at(oblique, (lo[ob], hi[ob]), 1)
    straight = np.zeros((k, k), dtype=np.int64)
    sa = two & axis
    np.add.at(straight, (lo[sa], hi[sa]), 1)
    present = np.zeros((len(win), k + 1), dtype=bool)
    present[np.arange(len(win))[:, None], win] = True
    p = present[:, :k].astype(np.int64)
    touch = p.T @ p
    np.fill_diagonal(touch, 0)
    return ShapeStats(solid=solid, bbox=bbox, touch=touch, oblique=oblique + oblique.T,
                      straight=straight + straight.T)


def illustrations(st: ShapeStats, rows: int, cols: int,
                  eligible: np.ndarray | None = None) -> list[list[int]]:
    """Groups of colour indices (ascending, so the most important first) that form an illustration,
    among the `eligible` colours (all when None). Plain Python over at most max_colors colours:
    cheaper than numpy calls on arrays this small."""
    k = len(st.solid)
    solid, bbox = st.solid.tolist(), st.bbox.tolist()
    ok = [True] * k if eligible is None else [bool(e) for e in eligible]
    shape = [ok[i] and solid[i] >= SHAPE_MIN_SOLID and bbox[i][2] - bbox[i][0] <= SHAPE_MAX_SIDE * cols
             and bbox[i][3] - bbox[i][1] <= SHAPE_MAX_SIDE * rows for i in range(k)]
    idx = [i for i in range(k) if shape[i]]
    if len(idx) < ILLUS_MIN_SHAPES:
        return []
    touch, oblique, straight = st.touch.tolist(), st.oblique.tolist(), st.straight.tolist()
    # Only the exactly-two-colour windows show the boundary's direction (blends, text muddle the rest).
    nbrs: dict[int, set[int]] = {i: set() for i in idx}
    for a, i in enumerate(idx):
        for j in idx[a + 1:]:
            ob, two = oblique[i][j], oblique[i][j] + straight[i][j]
            if touch[i][j] >= TOUCH_MIN_WINDOWS and ob > 0 and ob >= TOUCH_MIN_OBLIQUE * two:
                nbrs[i].add(j)
                nbrs[j].add(i)
    if sum(len(v) for v in nbrs.values()) < 2 * (ILLUS_MIN_SHAPES - 1):
        return []  # fewer touching pairs than the smallest illustration has
    containers = [i for i in idx if nbrs[i] and all(_inside(bbox[j], bbox[i]) for j in nbrs[i])]
    for i in containers:  # a card holding its avatar and badge, not a fill
        for j in nbrs.pop(i):
            nbrs[j].discard(i)
    out, seen = [], set()
    for i in sorted(nbrs):
        if i in seen or not nbrs[i]:
            continue
        group, todo = {i}, [i]
        while todo:
            for j in nbrs[todo.pop()]:
                if j not in group:
                    group.add(j)
                    todo.append(j)
        seen |= group
        if len(group) < ILLUS_MIN_SHAPES:
            continue
        box = (min(bbox[g][0] for g in group), min(bbox[g][1] for g in group),
               max(bbox[g][2] for g in group), max(bbox[g][3] for g in group))
        out.append(sorted(group | {j for j in idx if _overlap(bbox[j], box) and not _inside(box, bbox[j])}))
    return out


def _inside(inner, outer) -> bool:
    return inner[0] >= outer[0] and inner[1] >= outer[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
