"""What surfaces hold: text blocks (from typography's lines) and other ink (icons, images, rules).

Text lines become blocks: the lines of a wrapped paragraph (typography gave them a pitch, the line
height) are one element whose line boxes are known; a single line's box is its ink box. Other ink
is every connected component of the non-flat pixels that is neither inside a text line nor the
outline of a surface (a component whose box is a surface's, give or take the anti-aliasing).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shared.extraction.typography.components import component_boxes
from shared.extraction.typography.lines import TextLine

MIN_INK = 3  # px: smaller specks are noise (JPEG ringing, anti-aliasing crumbs)


@dataclass
class Element:
    x0: float
    y0: float
    x1: float
    y1: float
    kind: str  # "surface" | "text" | "ink"
    ref: int = -1  # surface index for surfaces
    em: float = 0.0  # text: the em (work px)
    pitch: float | None = None  # text: the line height of a wrapped block
    lines: int = 1
    baseline_top: float = 0.0  # text: the first and last lines' baselines
    baseline_bottom: float = 0.0
    parent: int = -1  # index of the containing surface's element, -1 the page

    @property
    def w(self) -> float:
        return self.x1 - self.x0

    @property
    def h(self) -> float:
        return self.y1 - self.y0


def text_elements(lines: list[TextLine], scale: float, em_of) -> list[Element]:
    """Lines (image px of the typography array) → text elements (work px). `scale` divides."""
    blocks: dict[int, list[TextLine]] = {}
    out = []
    for ln in lines:
        if ln.pitch is not None or (ln.block >= 0 and any(o.pitch is not None for o in blocks.get(ln.block, []))):
            blocks.setdefault(ln.block, []).append(ln)
        else:
            blocks.setdefault(-1 - len(out) - len(blocks) * 1000, []).append(ln)
    for members in blocks.values():
        members.sort(key=lambda ln: ln.baseline)
        pitch = next((ln.pitch for ln in members if ln.pitch is not None), None)
        em = float(np.median([em_of(ln) for ln in members])) / scale
        out.append(Element(min(ln.x0 for ln in members) / scale, min(ln.y0 for ln in members) / scale,
                           max(ln.x1 for ln in members) / scale, max(ln.y1 for ln in members) / scale,
                           "text", em=em, pitch=None if pitch is None else pitch / scale, lines=len(members),
                           baseline_top=members[0].baseline / scale, baseline_bottom=members[-1].baseline / scale))
    return out


def ink_elements(flat: np.ndarray, text: list[Element], surface_boxes: np.ndarray,
                 halos: list[tuple[tuple[float, float, float, float], float]] = ()) -> list[Element]:
    """Connected components of the non-flat pixels that are not text, not a surface's outline and
    not a surface's shadow (`halos`: a casting surface's box and how far its shadow reaches)."""
    x0, y0, x1, y1 = component_boxes(~flat)
    if x0.size == 0:
        return []
    # the non-flat band straddles an edge: the ink is a pixel inside its component's box
    w, h = x1 - x0, y1 - y0
    keep = (w >= MIN_INK) | (h >= MIN_INK)
    if text:
        tb = np.array([(t.x0, t.y0, t.x1, t.y1) for t in text])
        for t in tb:
            inside = (x0 >= t[0] - 2) & (y0 >= t[1] - 2) & (x1 <= t[2] + 2) & (y1 <= t[3] + 2)
            keep &= ~inside
    if surface_boxes.size:
        for s in surface_boxes:
            outline = (np.abs(x0 - s[0]) <= 2.5) & (np.abs(y0 - s[1]) <= 2.5) & (np.abs(x1 - s[2]) <= 2.5) & (np.abs(y1 - s[3]) <= 2.5)
            keep &= ~outline
    for (s0, s1, s2, s3), reach in halos:
        # the shadow's halo: a component holding the box, within the shadow's reach of it
        around = ((x0 <= s0 + 2.5) & (y0 <= s1 + 2.5) & (x1 >= s2 - 2.5) & (y1 >= s3 - 2.5)
                  & (x0 >= s0 - reach) & (y0 >= s1 - reach) & (x1 <= s2 + reach) & (y1 <= s3 + reach))
        keep &= ~around
    idx = np.flatnonzero(keep)
    if idx.size > 1:
        # a component inside another's box is part of it: a photo's texture (a JPEG's blocks and
        # ringing break one into hundreds of specks), an icon's separate strokes
        bx0, by0, bx1, by1 = x0[idx], y0[idx], x1[idx], y1[idx]
        area = (bx1 - bx0) * (by1 - by0)
        held = ((bx0[None, :] <= bx0[:, None]) & (by0[None, :] <= by0[:, None]) & (bx1[None, :] >= bx1[:, None])
                & (by1[None, :] >= by1[:, None]) & (area[None, :] > area[:, None]))
        idx = idx[~held.any(1)]
    return [Element(float(x0[i] + 1), float(y0[i] + 1), float(x1[i] - 1), float(y1[i] - 1), "ink") for i in idx]
