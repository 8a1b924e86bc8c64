"""Spacing: the distances a layout keeps, measured between the boxes the pixels show.

Every element (surface, text block, other ink) belongs to the smallest surface that holds it, or to
the page. Inside each container three kinds of distance are read:

* padding: from the container's inner edge (inside its border) to the nearest content, per side;
* gap: between neighbouring children side by side (overlapping rows) or stacked (overlapping
  columns) with nothing between them: rows, columns and grids. Two stacked boxes that each have
  text beside them are the leading graphics of rows whose own boxes do not show (a list's avatars,
  a menu's icon tiles): the distance between them spans those rows' paddings and gap, no one
  spacing, and is not read;
* section: a gap between the page's own top-level children, when large.

How exactly a distance can be read depends on what bounds it. Box edges are exact. A text line's
ink starts a fraction of an em inside its line box horizontally (the glyphs' side bearing), and
vertically the line box reaches half the leading beyond the ink; a wrapped paragraph's pitch gives
its line height, a single line's is unknown. So each distance carries a weight: 1 between box
edges, less where text or an icon's ink bounds it, least across text vertically, and the vertical
text distances are corrected by the leading where it is known.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shared.extraction.layout.content import Element

MIN_GAP = 1.0  # px (CSS): smaller distances are touching
# px (CSS): ink this close to a box or to other ink is the edge's own fringe (anti-aliasing, a JPEG's
# ringing broken into specks), not content placed at a spacing. On the development half of the layout
# benchmark ink-bounded distances under 2.5 px made false steps of 1-3 px (spacing F1 +0.02 summed over
# the four splits without them; 2 px: +0.01, 3-3.5 px: the same as 2.5)
MIN_INK_GAP = 2.5
MAX_PAD_SHARE = 0.45  # a padding is less than this share of its container's size
OVERLAP = 0.5  # of the smaller extent: two children share a row (column)
TEXT_SIDE_BEARING = 0.06  # em: ink starts this far inside the line box (measured on the dev half)
TEXT_CENTER = 0.35  # em above the baseline: the middle of a line box (ascent and descent of common faces)
NORMAL_LINE = 1.25  # em: the line height assumed for a line whose own is not known
W_EXACT, W_TEXT_X, W_INK, W_TEXT_Y = 1.0, 0.8, 0.5, 0.25
# How often a distance of each kind (use, axis, container or first element > second) landed on one
# of the page's spacing values, beyond the ~30 % a random distance does: measured on the
# development half of the layout benchmark (tests/benchmarks/layout_benchmark.py --half even,
# dpr1-png), rounded. Horizontal text-to-anything gaps are mostly space-between rows (a label
# pushed away from its button): they say nothing about the scale. An icon's ink sits inside its
# box by a margin of its own, so ink-bounded gaps say little.
WEIGHT = {
    ("padding", "x", "surface>text"): 0.8, ("padding", "y", "surface>text"): 0.0,
    ("padding", "x", "surface>surface"): 0.8, ("padding", "y", "surface>surface"): 0.6,
    ("padding", "x", "surface>ink"): 0.3, ("padding", "y", "surface>ink"): 0.2,
    ("gap", "x", "surface>surface"): 0.8, ("gap", "y", "surface>surface"): 0.5,
    ("gap", "x", "surface>text"): 0.9, ("gap", "y", "surface>text"): 0.0,
    ("gap", "x", "surface>ink"): 0.6, ("gap", "y", "surface>ink"): 0.5,
    ("gap", "y", "text>surface"): 0.0, ("gap", "y", "text>ink"): 0.0, ("gap", "y", "ink>ink"): 0.2,
}


@dataclass
class Distance:
    value: float  # CSS px
    use: str  # padding | gap | section
    weight: float
    box: tuple[float, float, float, float]  # where (work px): the strip the distance spans
    axis: str  # x | y
    what: str = ""  # what bounds it: e.g. "surface>text" (container or first element > second)


def _what(parent: int, e: Element) -> str:
    return ("page" if parent == -1 else "surface") + ">" + e.kind


def assign_parents(elements: list[Element], surf_idx: list[int]) -> None:
    """parent = the smallest surface element holding the element (in place)."""
    if not surf_idx:
        return
    sb = np.array([(elements[i].x0, elements[i].y0, elements[i].x1, elements[i].y1) for i in surf_idx])
    area = (sb[:, 2] - sb[:, 0]) * (sb[:, 3] - sb[:, 1])
    for k, e in enumerate(elements):
        ea = e.w * e.h
        inside = (sb[:, 0] <= e.x0 + 0.5) & (sb[:, 1] <= e.y0 + 0.5) & (sb[:, 2] >= e.x1 - 0.5) & (sb[:, 3] >= e.y1 - 0.5)
        inside &= area > ea + 1.0
        cand = np.flatnonzero(inside)
        if cand.size:
            e.parent = surf_idx[int(cand[np.argmin(area[cand])])]


def _v_extent(e: Element, top: bool) -> tuple[float, float]:
    """(edge position, weight) of an element's top or bottom as its line box would be."""
    if e.kind != "text":
        return (e.y0 if top else e.y1), (W_EXACT if e.kind == "surface" else W_INK)
    lh = e.pitch if e.pitch is not None else NORMAL_LINE * e.em
    base = e.baseline_top if top else e.baseline_bottom
    centre = base - TEXT_CENTER * e.em
    w = W_TEXT_Y * (2.0 if e.pitch is not None else 1.0)
    return (centre - lh / 2 if top else centre + lh / 2), w


def _h_extent(e: Element, left: bool) -> tuple[float, float]:
    if e.kind != "text":
        return (e.x0 if left else e.x1), (W_EXACT if e.kind == "surface" else W_INK)
    b = TEXT_SIDE_BEARING * e.em
    return (e.x0 - b if left else e.x1 + b), W_TEXT_X


def measure(elements: list[Element], inner: dict[int, tuple[float, float, float, float]],
            page: tuple[float, float], css: float) -> list[Distance]:
    """Paddings and gaps in every container. `inner`: padding boxes of the surface elements;
    `css`: work px per CSS px."""
    out: list[Distance] = []
    kids: dict[int, list[int]] = {}
    for i, e in enumerate(elements):
        kids.setdefault(e.parent, []).append(i)
    for parent, members in kids.items():
        if parent == -1:
            cx0, cy0, cx1, cy1 = 0.0, 0.0, page[0], page[1]
        else:
            cx0, cy0, cx1, cy1 = inner[parent]
        cw, ch = cx1 - cx0, cy1 - cy0
        es = [elements[i] for i in members]
        # paddings: per side, the nearest child
        if parent != -1 or True:
            lefts = [(_h_extent(e, True), e) for e in es]
            rights = [(_h_extent(e, False), e) for e in es]
            tops = [(_v_extent(e, True), e) for e in es]
            bottoms = [(_v_extent(e, False), e) for e in es]
            for (pos, wt), e in [min(lefts, key=lambda t: t[0][0])]:
                d = pos - cx0
                if MIN_GAP * css <= d <= MAX_PAD_SHARE * cw:
                    out.append(Distance(d / css, "padding", wt, (cx0, e.y0, pos, e.y1), "x", _what(parent, e)))
            for (pos, wt), e in [max(rights, key=lambda t: t[0][0])]:
                d = cx1 - pos
                if MIN_GAP * css <= d <= MAX_PAD_SHARE * cw:
                    out.append(Distance(d / css, "padding", wt, (pos, e.y0, cx1, e.y1), "x", _what(parent, e)))
            for (pos, wt), e in [min(tops, key=lambda t: t[0][0])]:
                d = pos - cy0
                if MIN_GAP * css <= d <= MAX_PAD_SHARE * ch:
                    out.append(Distance(d / css, "padding", wt, (e.x0, cy0, e.x1, pos), "y", _what(parent, e)))
            for (pos, wt), e in [max(bottoms, key=lambda t: t[0][0])]:
                d = cy1 - pos
                if MIN_GAP * css <= d <= MAX_PAD_SHARE * ch:
                    out.append(Distance(d / css, "padding", wt, (e.x0, pos, e.x1, cy1), "y", _what(parent, e)))
        if len(es) < 2:
            continue
        b = np.array([(e.x0, e.y0, e.x1, e.y1) for e in es])
        n = len(es)
        hgt, wid = b[:, 3] - b[:, 1], b[:, 2] - b[:, 0]
        # side by side: b right of a, rows overlapping
        ovy = np.minimum(b[:, None, 3], b[None, :, 3]) - np.maximum(b[:, None, 1], b[None, :, 1])
        ovx = np.minimum(b[:, None, 2], b[None, :, 2]) - np.maximum(b[:, None, 0], b[None, :, 0])
        gx = b[None, :, 0] - b[:, None, 2]
        gy = b[None, :, 1] - b[:, None, 3]
        rowmate = ovy >= OVERLAP * np.minimum(hgt[:, None], hgt[None, :])
        colmate = ovx >= OVERLAP * np.minimum(wid[:, None], wid[None, :])
        # a row's leading graphic (an avatar, an icon tile, a badge): text shares its row
        beside_text = (rowmate & np.array([e.kind == "text" for e in es])[None, :]).any(1)
        for a in range(n):
            cand = np.flatnonzero(rowmate[a] & (gx[a] > -0.5))
            cand = cand[cand != a]
            if cand.size:
                j = int(cand[np.argmin(gx[a, cand])])
                pa, wa = _h_extent(es[a], False)
                pb, wb = _h_extent(es[j], True)
                d = pb - pa
                if d >= MIN_GAP * css:
                    y0, y1 = max(b[a, 1], b[j, 1]), min(b[a, 3], b[j, 3])
                    out.append(Distance(d / css, "gap", min(wa, wb), (pa, y0, pb, y1), "x", es[a].kind + ">" + es[j].kind))
            cand = np.flatnonzero(colmate[a] & (gy[a] > -0.5))
            cand = cand[cand != a]
            if cand.size:
                j = int(cand[np.argmin(gy[a, cand])])
                pa, wa = _v_extent(es[a], False)
                pb, wb = _v_extent(es[j], True)
                d = pb - pa
                if d >= MIN_GAP * css and not (es[a].kind == es[j].kind == "surface" and beside_text[a] and beside_text[j]):
                    x0, x1 = max(b[a, 0], b[j, 0]), min(b[a, 2], b[j, 2])
                    use = "section" if parent == -1 and d / css >= 32 else "gap"
                    out.append(Distance(d / css, use, min(wa, wb), (x0, pa, x1, pb), "y", es[a].kind + ">" + es[j].kind))
    for d in out:
        what = d.what.replace("page>", "surface>")
        d.weight = WEIGHT.get(("gap" if d.use == "section" else d.use, d.axis, what), 0.0)
        if "ink" in what and d.value < MIN_INK_GAP:
            d.weight = 0.0
    return [d for d in out if d.weight > 0]
