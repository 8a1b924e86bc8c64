"""Surfaces: the filled, bordered or shadowed boxes a UI is made of, with their edges to the pixel.

A surface starts as a flat region (regions.py) shaped like a box: its outline, row by row, is
convex (it only narrows towards the top and bottom, as rounded corners, pills and circles do) and
fills most of its bounding box. Each side's straight part is then read across its edge: a median
profile over the side's rows (a neighbour that crosses some rows does not move it) walked outward
from the flat interior. The interior colour ends at the box's edge, or at a border (a run of 1–4
px of one colour, then a different one); a pixel that is a mix of the two sides is an edge crossing
it (its share gives the sub-pixel position). What lies beyond the edge is the side's exterior
profile: the background, with the shadow's falloff when the box casts one (shadow.py).

Regions that are the counters and stems of large glyphs (inside a text line) are not surfaces;
a region inside a line's box of neither the line's background nor its ink (or of the ink but
wider than two stems) is a shape the text detection took for glyphs: a button, an avatar.
In a lossy image the large regions are looked into again at a finer tolerance (finer_regions): a
card a few levels off its page joins the page's region through its JPEG-blurred corners. In a
lossless one they are looked into for exactly flat fills: a toast or a dropdown joins the page (or
the card it lies over) through its own shadow's slow gradient; such a region is a box where its
sides step (`stepped`), not where the gradients between two boxes' shadows bound it.
A side lying on the image's border is open (a full-width bar): it has no edge and no profile.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from shared.extraction.layout.regions import Region, label_runs, regions

SIDES = ("top", "right", "bottom", "left")
MIN_SIDE = 8  # px (work scale): smaller flat regions are glyph parts, dots, specks
HULL_FILL = 0.7  # the outline's area over the bounding box's: a circle is 0.785
JITTER = 1  # px an outline may step against convexity (anti-aliasing, JPEG)
STRAIGHT_SHARE = 0.6  # of the rows between a side's first and last straight row
PROFILE_ROWS = 24  # rows (columns) sampled along a side
DEPTH = 72  # px of exterior read beyond each side
MAX_BORDER = 4  # px
MIN_STRAIGHT = 4  # px of straight side needed to read a border on it
IN_TOL = 1.5  # × the flatness tolerance: still the interior colour
# In a lossy image a card a few levels off its page (white on #f3f4f6 is 12) joins the page's region
# through its corners, whose anti-aliased curve the JPEG blurs into steps under the flatness
# tolerance; the large regions that are no box are looked into again this much flatter
FINE_TOL = 5  # levels
# In a lossless image a floating panel (a toast, a dropdown) joins the page, or the card it lies
# over, through its own shadow: a slow gradient, flat at the tolerance, that reaches the panel's
# colour. Exactly flat fills are looked for inside the large regions too, and kept as boxes where
# their edges are steps (STEPPED sides), not the gradient of a shadow between two boxes.
FINE_TOL_LOSSLESS = 1  # levels
STEPPED = 3  # sides
FINE_AREA = 1200  # px (work scale): regions this large (a page, a panel) are looked into, for boxes as large
SAME_BOX = 0.8  # IoU: a region found again
# A flat region inside a text line is a glyph's counter when of the line's background colour, a
# stroke when of its ink colour and at most STROKES stems across (the colours within SAME_COLOUR × the
# flatness tolerance)
SAME_COLOUR = 3
STROKES = 2
SPILL = 6  # px: how deep, in how many rows, a fine region may spill past its corners and still be a box


@dataclass
class SideEdge:
    edge: float  # coordinate of the box's outer edge on this side (x for left/right, y for top/bottom)
    border: int  # px, 0 without a border
    border_color: np.ndarray | None
    exterior: np.ndarray  # (depth, 3) float: median colour at distance 0.5, 1.5, … px beyond the edge
    span: tuple[int, int]  # the straight part sampled along the side (image coordinates)


@dataclass
class Surface:
    region: Region
    fill: np.ndarray  # interior colour (3,)
    sides: dict[str, SideEdge | None]  # None: open (image border) or unreadable
    x0: float = 0.0
    y0: float = 0.0
    x1: float = 0.0
    y1: float = 0.0
    radii: list[float] = field(default_factory=lambda: [0.0] * 4)  # tl, tr, br, bl (px)
    pill: bool = False
    shadow: object | None = None  # shadow.Fit when it casts one
    parent: int | None = None
    index: int = 0
    corners: "Surface | None" = None  # where the corners are read instead (holes.py: a shadow's ring)

    @property
    def w(self) -> float:
        return self.x1 - self.x0

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    @property
    def border(self) -> int:
        bs = [s.border for s in self.sides.values() if s is not None]
        return max(bs) if bs else 0

    def box(self) -> tuple[float, float, float, float]:
        return self.x0, self.y0, self.x1, self.y1

    def inner(self) -> tuple[float, float, float, float]:
        """The padding box: inside the borders."""
        b = {k: (s.border if s is not None else 0) for k, s in self.sides.items()}
        return self.x0 + b["left"], self.y0 + b["top"], self.x1 - b["right"], self.y1 - b["bottom"]


def _monotone_sides(prof: np.ndarray) -> bool:
    """A side outline (distance inward per row, 0 on the straight part) is a box's when it only
    decreases into the straight part and only increases after it (within JITTER)."""
    m = prof.min()
    straight = np.flatnonzero(prof <= m)
    a, b = straight[0], straight[-1]
    if straight.size < STRAIGHT_SHARE * (b - a + 1):
        return False
    head, tail = prof[: a + 1], prof[b:]
    return bool((np.diff(head) <= JITTER).all() and (np.diff(tail) >= -JITTER).all())


def box_like(r: Region) -> bool:
    if r.w < MIN_SIDE or r.h < MIN_SIDE:
        return False
    width = np.clip(r.right - r.left, 0, None)
    if width.sum() < HULL_FILL * r.w * r.h or (width <= 0).any():
        return False
    return _monotone_sides(r.left - r.x0) and _monotone_sides(r.x1 - r.right)


def _envelope(prof: np.ndarray) -> np.ndarray:
    """A side outline (distance inward per row) made convex the way a box's is: from its straight
    part outward, never nearer the side than the row before (a row that reaches further out is a
    spill past a corner's curve)."""
    straight = np.flatnonzero(prof <= prof.min())
    a, b = straight[0], straight[-1]
    out = prof.copy()
    out[:a + 1] = np.maximum.accumulate(prof[:a + 1][::-1])[::-1]
    out[b:] = np.maximum.accumulate(prof[b:])
    return out


def despill(r: Region) -> Region | None:
    """`r` with a thin spill past its corners cut off (a fine tolerance's region leaks a few
    pixels along its edge into a shadow of nearly its colour), when that makes it box-like and the
    spill is at most SPILL px deep in at most SPILL rows; None otherwise."""
    if box_like(r):
        return r
    if r.w < MIN_SIDE or r.h < MIN_SIDE:
        return None
    lo, hi = r.left - r.x0, r.x1 - r.right
    el, eh = _envelope(lo), _envelope(hi)
    cut = np.maximum(el - lo, eh - hi)
    if cut.max() > SPILL or np.count_nonzero(cut) > SPILL:
        return None
    g = Region(r.index, r.x0, r.y0, r.x1, r.y1, r.area - int((el - lo).sum() + (eh - hi).sum()), r.color,
               r.x0 + el, r.x1 - eh)
    return g if box_like(g) else None


def _strip(rgb: np.ndarray, side: str, along: np.ndarray, start: int, depth: int) -> np.ndarray:
    """Pixels from `start` (the region's outermost flat pixel) outward, for each position `along`
    the side: (len(along), depth, 3) with NaN beyond the image."""
    h, w = rgb.shape[:2]
    k = np.arange(depth)
    if side == "left":
        xs, ys = start - k[None, :], along[:, None] + 0 * k[None, :]
    elif side == "right":
        xs, ys = start + k[None, :], along[:, None] + 0 * k[None, :]
    elif side == "top":
        ys, xs = start - k[None, :], along[:, None] + 0 * k[None, :]
    else:
        ys, xs = start + k[None, :], along[:, None] + 0 * k[None, :]
    ok = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    out = rgb[np.clip(ys, 0, h - 1), np.clip(xs, 0, w - 1)].astype(np.float32)
    out[~ok] = np.nan
    return out


def _straight_part(r: Region, side: str) -> tuple[np.ndarray, int] | None:
    """Positions along the side where the region reaches its outermost line, and that line."""
    if side in ("left", "right"):
        prof = (r.left - r.x0) if side == "left" else (r.x1 - r.right)
        rows = np.flatnonzero(prof <= prof.min())
        if rows.size == 0:
            return None
        lo, hi = rows[0], rows[-1]
        # keep clear of the corners' curves: the middle of the straight run
        pos = rows + r.y0
        start = r.x0 if side == "left" else r.x1 - 1
        return pos, start
    # top / bottom: the first (last) row's extent, trimmed by a pixel each end
    row = 0 if side == "top" else r.h - 1
    a, b = int(r.left[row]), int(r.right[row])
    if b - a < 1:
        return None
    return np.arange(a, b), (r.y0 if side == "top" else r.y1 - 1)


def _sample(pos: np.ndarray, n: int) -> np.ndarray:
    if pos.size <= n:
        return pos
    # the middle 80 % (clear of the corners), evenly
    lo, hi = int(0.1 * pos.size), int(0.9 * pos.size)
    return pos[np.linspace(lo, max(hi - 1, lo), n).astype(np.int64)]


def _mix(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(t, residual): p ≈ a + t (b − a) with t in [0, 1]; residual in levels."""
    d = b - a
    dd = float(d @ d)
    if dd < 1e-6:
        return 0.0, float(np.abs(p - a).max())
    t = float(np.clip((p - a) @ d / dd, 0.0, 1.0))
    return t, float(np.abs(p - (a + t * d)).max())


@dataclass
class SideRead:
    plain: tuple[float, int]  # no border: (outward extent of the box, index of the first exterior pixel)
    border: tuple[float, int, np.ndarray, int] | None  # (extent, width, colour, first exterior) if it can be one
    k1: int = 1  # the first pixel that is not the interior's colour


def read_side(prof: np.ndarray, fill: np.ndarray, tol: float) -> SideRead | None:
    """From a median profile (depth, 3) starting at the region's outermost flat pixel, the box's
    outward extent beyond that pixel's outer boundary, read without a border and (when the pixels
    allow it) with one. None when no edge shows within the first few pixels."""
    depth = prof.shape[0]
    itol = IN_TOL * tol
    k1 = None
    for k in range(1, min(6, depth)):
        if np.isnan(prof[k]).any():
            return None
        if np.abs(prof[k] - fill).max() > itol:
            k1 = k
            break
    if k1 is None or k1 + 2 >= depth or np.isnan(prof[k1 + 2]).any():
        return None
    first = prof[k1]
    # no border: pixel k1 is the exterior, or a blend of the interior and the exterior (the edge crosses it)
    t, res = _mix(first, prof[k1 + 1], fill)
    plain = (float(k1 - 1 + t), k1 + (1 if t > 0.5 else 0)) if res <= tol else (float(k1 - 1), k1)
    border = None
    n = 1
    while k1 + n < depth and n <= MAX_BORDER and not np.isnan(prof[k1 + n]).any() \
            and np.abs(prof[k1 + n] - first).max() <= max(tol, 0.25 * np.abs(first - fill).max()):
        n += 1
    nxt = k1 + n
    if n <= MAX_BORDER and nxt + 2 < depth and not np.isnan(prof[nxt:nxt + 3]).any():
        beyond = prof[nxt]
        steady = np.abs(prof[nxt + 1] - beyond).max() <= 2 * tol  # the exterior, not a neighbour's edge
        if np.abs(beyond - first).max() > 2 * tol and steady:
            tb, rb = _mix(first, fill, beyond)
            if not (rb <= tol and 0.1 < tb < 0.9 and n == 1):  # not a blend of the two sides
                border = (float(k1 + n - 1), n, first, nxt)
    return SideRead(plain, border, k1)


def _extents(strip: np.ndarray, fill: np.ndarray, bcol: np.ndarray | None, k1: int, first_out: int) -> np.ndarray | None:
    """Per row of a side's strip, the box's extent beyond pixel 0: the interior's pixels, then the
    coverage (share of the fill's or the border's colour against the exterior, the second pixel
    past the edge) summed over the pixels from the first non-interior one to the first exterior one."""
    seg = strip[:, k1:first_out + 1, :]
    if np.isnan(seg).any():
        return None
    # the exterior: clear of the edge's anti-aliasing, as the median row has it (a neighbour a few px
    # away must not stand in for it)
    k = min(first_out + 1, strip.shape[1] - 1)
    if np.isnan(strip[:, k]).any():
        k = first_out
    ext = np.median(strip[:, k, :], axis=0)[None, None, :]
    cols = [fill] if bcol is None else [fill, bcol]
    cov = None
    for c in cols:
        d = c[None, None, :] - ext
        dd = (d * d).sum(-1)
        t = np.where(dd > 16.0, ((seg - ext) * d).sum(-1) / np.maximum(dd, 1e-6), 0.0)
        cov = t if cov is None else np.maximum(cov, t)
    return (k1 - 1) + np.clip(cov, 0.0, 1.0).sum(axis=1)


def _borders_agree(reads: dict[str, SideRead], tol: float) -> bool:
    """A border is read only where every readable side shows one of the same width and colour."""
    bs = [r.border for r in reads.values()]
    if not bs or any(b is None for b in bs):
        return False
    # widths within a pixel: a shadow's first pixel can match a border's colour and lengthen it
    w0, c0 = min(b[1] for b in bs), bs[0][2]
    return all(b[1] - w0 <= 1 and np.abs(b[2] - c0).max() <= 3 * tol for b in bs[1:])


def measure_surface(rgb: np.ndarray, r: Region, tol: float) -> Surface | None:
    h, w = rgb.shape[:2]
    fill = np.asarray(r.color, np.float32)
    coords = {"left": float(r.x0), "right": float(r.x1), "top": float(r.y0), "bottom": float(r.y1)}
    reads: dict[str, SideRead] = {}
    profs: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    runs: dict[str, int] = {}
    open_sides = 0
    for side in SIDES:
        if {"left": r.x0 <= 1, "right": r.x1 >= w - 1, "top": r.y0 <= 1, "bottom": r.y1 >= h - 1}[side]:
            coords[side] = {"left": 0.0, "right": float(w), "top": 0.0, "bottom": float(h)}[side]
            open_sides += 1
            continue
        sp = _straight_part(r, side)
        if sp is None:
            continue
        pos, start = sp
        along = _sample(pos, PROFILE_ROWS)
        strip = _strip(rgb, side, along, start, DEPTH)
        if np.isnan(strip).any():
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                prof = np.nanmedian(strip, axis=0)
        else:
            prof = np.median(strip, axis=0)
        got = read_side(prof, fill, tol)
        if got is not None:
            reads[side] = got
            profs[side] = (prof, along, strip)
            runs[side] = pos.size
    if len(reads) + open_sides < 4 or len(reads) < 1:
        return None
    # The border is decided on the straight sides (a pill's ends and a circle's sides are curves,
    # read through their anti-aliasing).
    longest = max(runs[k] for k in reads)
    straight = {k: v for k, v in reads.items() if runs[k] >= max(MIN_STRAIGHT, 0.5 * longest)} or reads
    bordered = _borders_agree(straight, tol) if len(straight) >= 2 else bool(
        (b := next(iter(straight.values())).border) is not None and b[1] <= 2)
    width = min(r.border[1] for r in straight.values()) if bordered else 0
    bcol_all = next(iter(straight.values())).border[2] if bordered else None
    sides: dict[str, SideEdge | None] = {k: None for k in SIDES}
    for side, rd in reads.items():
        prof, along, strip = profs[side]
        if bordered and rd.border is not None and width <= rd.border[1] <= width + 1:
            ext, bw, bcol, first_out = rd.border
            ext, first_out, bw = ext - (bw - width), first_out - (bw - width), width
        elif bordered:  # a curved side: the straight sides' border, then the plain reading's edge
            (ext, first_out), bw, bcol = rd.plain, width, bcol_all
            ext += width
            first_out += width
        else:
            (ext, first_out), bw, bcol = rd.plain, 0, None
        # The extent row by row: the coverage of the box's colours summed outward from the interior.
        # A straight side takes the median row, a curved one (a pill's end) its outermost.
        if first_out + 1 < strip.shape[1]:
            rows = _extents(strip, fill, bcol, rd.k1, first_out)
            if rows is not None:
                ext = float(np.max(rows)) if side not in straight else float(np.median(rows))
        edge = coords[side] - ext if side in ("left", "top") else coords[side] + ext
        sides[side] = SideEdge(edge, bw, bcol, prof[first_out:], (int(along.min()), int(along.max()) + 1))
        coords[side] = edge
    return Surface(r, fill, sides, coords["left"], coords["top"], coords["right"], coords["bottom"])


def finer_regions(rgb: np.ndarray, spread: np.ndarray, lab: np.ndarray, regs: list[Region],
                  fine: float = FINE_TOL, spill: bool = False) -> list[Region]:
    """The box-shaped regions, at `fine` levels, inside the large regions, other than those regions
    themselves. `spread`: range3 of `rgb`; `lab`: every pixel's region index (holes.label_image);
    `spill`: a region spilling past its corners is trimmed (despill) rather than dropped."""
    big = [r for r in regs if r.area >= FINE_AREA]
    if not big:
        return []
    keep = np.zeros(int(lab.max()) + 2, bool)
    keep[np.array([r.index for r in big]) + 1] = True
    runs = label_runs(keep[lab + 1] & (spread <= fine))
    kb = np.array([(r.x0, r.y0, r.x1, r.y1) for r in regs], np.float64)
    out = []
    for g in regions(rgb, runs):
        if g.area < FINE_AREA or (g := despill(g) if spill else (g if box_like(g) else None)) is None:
            continue
        iw = np.minimum(kb[:, 2], g.x1) - np.maximum(kb[:, 0], g.x0)
        ih = np.minimum(kb[:, 3], g.y1) - np.maximum(kb[:, 1], g.y0)
        inter = np.clip(iw, 0, None) * np.clip(ih, 0, None)
        union = (kb[:, 2] - kb[:, 0]) * (kb[:, 3] - kb[:, 1]) + g.w * g.h - inter
        if not (inter / np.maximum(union, 1) > SAME_BOX).any():  # not a region already there
            out.append(g)
    return out


def stepped(s: Surface, step: float) -> bool:
    """Whether at least STEPPED of the box's sides end in a border or a step of `step` levels from
    its fill to the first pixel beyond its edge."""
    n = 0
    for sd in s.sides.values():
        if sd is not None and (sd.border or (sd.exterior.shape[0] and np.abs(sd.exterior[0] - s.fill).max() >= step)):
            n += 1
    return n >= STEPPED


def swallowed(r: Region, lines: np.ndarray, tol: float) -> bool:
    """Whether a flat region inside text lines' boxes is a shape their detection took for ink (a
    filled button beside an avatar, read as a two-glyph line), not a glyph's part. `lines`: per line
    that holds the region, (ink rgb, background rgb, stem px). A glyph's counter has the line's
    background colour; its stroke the line's ink colour and at most STROKES stems across. A region of
    the ink's colour wider than that both ways, or of a third colour, is no part of a glyph."""
    if lines.size == 0:
        return False
    fill = np.asarray(r.color, np.float64)
    for ln in lines:
        ink, bg, stem = ln[0:3], ln[3:6], ln[6]
        if np.abs(fill - bg).max() <= SAME_COLOUR * tol:
            return False  # a counter
        if np.abs(fill - ink).max() <= SAME_COLOUR * tol and min(r.w, r.h) <= STROKES * stem:
            return False  # a stroke
    return True


def find_surfaces(rgb: np.ndarray, regs: list[Region], tol: float,
                  text_boxes=(), text_lines=None) -> list[Surface]:
    """The box-shaped regions of `regs` measured as surfaces. `text_boxes` (n, 4): the text blocks,
    whose glyphs' counters and strokes are not boxes; `text_lines` (m, 11): per text line its box,
    ink, background and stem (work px), to tell a shape a line swallowed from a glyph's part."""
    h, w = rgb.shape[:2]
    out: list[Surface] = []
    tb = np.asarray(text_boxes, np.float64).reshape(-1, 4)
    tl = np.zeros((0, 11)) if text_lines is None else np.asarray(text_lines, np.float64).reshape(-1, 11)
    for r in regs:
        if r.w >= w - 2 and r.h >= h - 2:
            continue  # the page itself
        if not box_like(r):
            continue
        if tb.size:
            inside = (tb[:, 0] - 2 <= r.x0) & (tb[:, 1] - 2 <= r.y0) & (tb[:, 2] + 2 >= r.x1) & (tb[:, 3] + 2 >= r.y1)
            if inside.any():
                held = (tl[:, 0] - 2 <= r.x0) & (tl[:, 1] - 2 <= r.y0) & (tl[:, 2] + 2 >= r.x1) & (tl[:, 3] + 2 >= r.y1)
                if not (held.any() and swallowed(r, tl[held, 4:], tol)):
                    continue
        s = measure_surface(rgb, r, tol)
        if s is not None:
            out.append(s)
    return out
