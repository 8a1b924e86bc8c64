"""Paragraphs: lines stacked one under another in the same style, and the baseline pitch between them.

Two lines are consecutive lines of one block when the second's baseline is 0.9–2.2 em below the
first's (em ≈ the line's measured size), their glyphs are the same size (em within 12 %), the
same ink, and they share a left edge, a right edge or a centre (within half an em) or overlap
horizontally by most of the shorter line. The pitch (baseline to baseline) of a block's lines is its
line height; paragraph margins break blocks, so they never count as leading. Only blocks that
read as wrapped text give a pitch: a line before the last spans most of the block, which is at
least 12 ems wide (stacked nav items and table cells keep the layout's spacing, not a line height).

A paragraph's last line may hold only x-height letters ("account server."): nothing rises above the
x-line, so the measurer takes its top for capitals and the line reads about 1.5x too small (a size of
its own, and out of its block). `read_x_only_lines` gives such a line its paragraph's em when its
height is the x-height of the line above it (within `X_MATCH`), which it follows as a wrapped line
does: the pitch, the left edge and the ink of a paragraph (the rules of `_stackable`, but the em).
"""
from __future__ import annotations

from collections.abc import Sequence

from shared.extraction.typography.classify import em_px
from shared.extraction.typography.lines import TextLine

PITCH_MIN_EM, PITCH_MAX_EM = 0.9, 2.2
EM_TOLERANCE = 0.12
INK_TOLERANCE = 60  # summed |Δ| of the ink's RGB channels
ALIGN_EM = 0.5
OVERLAP_SHARE = 0.6
WRAP_SHARE, WRAP_MIN_EMS = 0.75, 12.0  # a wrapped line's width (of the widest), the widest in ems
X_MATCH = 0.08  # a capitals-only line's height within this share (or 1 px) of the x-height above it


def _em(line: TextLine) -> float:
    return max(em_px(line), 1.0)


def _stackable(a: TextLine, b: TextLine) -> bool:
    em = _em(a)
    pitch = b.baseline - a.baseline
    if not PITCH_MIN_EM * em <= pitch <= PITCH_MAX_EM * em:
        return False
    ea, eb = _em(a), _em(b)
    if abs(ea - eb) > EM_TOLERANCE * max(ea, eb) + 1.0:
        return False
    if sum(abs(x - y) for x, y in zip(a.ink, b.ink)) > INK_TOLERANCE:
        return False
    tol = ALIGN_EM * em
    if abs(a.x0 - b.x0) <= tol or abs(a.x1 - b.x1) <= tol or abs((a.x0 + a.x1) - (b.x0 + b.x1)) <= 2 * tol:
        return True
    overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
    return overlap >= OVERLAP_SHARE * min(a.width, b.width)


def _follows(a: TextLine, b: TextLine) -> bool:
    """`b` sits where the next line of `a`'s paragraph would: pitch, left edge and ink."""
    em = _em(a)
    if not PITCH_MIN_EM * em <= b.baseline - a.baseline <= PITCH_MAX_EM * em:
        return False
    if sum(abs(x - y) for x, y in zip(a.ink, b.ink)) > INK_TOLERANCE:
        return False
    return abs(a.x0 - b.x0) <= ALIGN_EM * em


def read_x_only_lines(lines: Sequence[TextLine]) -> int:
    """Lines read as capitals that are the x-height letters of the paragraph line above them get
    that line's em (scaled by their height over its x-height) and an x-height reading (in place;
    before sizes are classified). Returns how many."""
    order = sorted(lines, key=lambda ln: ln.baseline)
    changed = 0
    for pos, b in enumerate(order):
        if b.tall != "capital" or b.ascent <= 0:
            continue
        for a in reversed(order[:pos]):
            if b.baseline - a.baseline > PITCH_MAX_EM * _em(a):
                break
            if a.tall != "ascender" or not a.x_height or not _follows(a, b):
                continue
            if abs(b.ascent - a.x_height) > max(1.0, X_MATCH * a.x_height):
                continue
            ea = _em(a)
            if abs(_em(b) - ea) <= EM_TOLERANCE * ea:
                break  # it reads as the paragraph's size already
            b.features["em_context"] = ea * b.ascent / a.x_height
            b.x_height, b.tall = b.ascent, "none"
            changed += 1
            break
    return changed


def link_blocks(lines: Sequence[TextLine]) -> None:
    """Set `block` and `pitch` on the lines (in place). Each line links to the nearest stackable line
    below it that no other line has taken."""
    order = sorted(range(len(lines)), key=lambda i: lines[i].baseline)
    taken: set[int] = set()
    for i in order:
        lines[i].block = -1
        lines[i].pitch = None
    next_block = 0
    for pos, i in enumerate(order):
        a = lines[i]
        if a.block < 0:
            a.block = next_block
            next_block += 1
        for j in order[pos + 1:]:
            b = lines[j]
            if b.baseline - a.baseline > PITCH_MAX_EM * _em(a):
                break
            if j not in taken and _stackable(a, b):
                taken.add(j)
                b.block = a.block
                a.pitch = b.baseline - a.baseline
                break
    _keep_wrapped(lines)


def _keep_wrapped(lines: Sequence[TextLine]) -> None:
    """Pitches only from blocks that read as wrapped text: a line before the last as wide as most
    of the block, and the block some words wide. Stacked nav items, table cells and list labels
    line up too, but their spacing is the layout's, not the text's line height."""
    blocks: dict[int, list[TextLine]] = {}
    for ln in lines:
        blocks.setdefault(ln.block, []).append(ln)
    for members in blocks.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda ln: ln.baseline)
        widest = max(ln.width for ln in members)
        wrapped = widest >= WRAP_MIN_EMS * _em(members[0]) and any(
            ln.width >= WRAP_SHARE * widest for ln in members[:-1])
        if not wrapped:
            for ln in members:
                ln.pitch = None
