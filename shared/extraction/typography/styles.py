"""Lines → text styles: lines that share a size, a weight and a family class are one style.

Sizes first, over all lines: a page sets few distinct sizes, each line's estimate is noisy (the
pixel grid, and capitals or digits standing in for ascenders: ±5 % on a short label), and two
styles a few per cent apart would both be reported as sizes. So the line sizes are pooled into a
density (log size, a Gaussian kernel of `SIZE_BANDWIDTH`: two equal groups of lines part when
they are more than two bandwidths, 5 %, apart; pages set sizes 6 % apart, 16 and 17 px, and the
benchmark tells sizes apart from 6 %; the noise of one line is ≤ 5 %) and each basin of that density is one size, its value the median of
its lines weighted by glyphs (a long line says more than a three-letter label). Then, within a size,
lines split by family class and weight class (not by case: see `_key`).

Weight classes within a size: a design system sets few weights per size, and one short line's weight
estimate is loose (a three-letter heading shows a few stems; "Pro" and "Hobby" of one 24 px/600 style
read 500 and 700). So each weight group of a size carries the interval its pooled estimate allows (the
central `1 - 2·WEIGHT_TAIL` of its posterior over the classes: wide for a word, narrow for a paragraph,
as the learned log-probabilities are pooled by glyphs, a line's share capped at 12 glyphs), and two
groups one class apart, each one's class inside the other's interval, are one style. Two classes apart
(a 400 body and its 600 or 700 bold lines) never merge, nor does a well-measured group (a paragraph:
its interval is its own class) with a loose one beside it (a 500 or 600 label at the body size). Mutual,
not mere overlap: with overlap, a label's loose interval reaching the body's 400 folded 46 labels of 113
merges into their body on the calibration set's dpr1-png half. The central 40 % (tail 0.3): wider
intervals merged more splits but more true weights too (style F1 and weight-set F1 both fell).
Only at sizes above the body's (the size of the most glyphs): headings set one weight per level and
are short lines, while at and below the body UI labels, buttons and captions carry weights of their own
(400 text beside 500/600 labels) that a label's loose estimate cannot be told from. Merging at every
size cost weight-set F1 on the calibration set (0.840 → 0.834 over its four splits, as split styles
had hit other styles' weights by chance and true label weights were folded); above the body only, it
does not (0.842).

Lines of one block (a paragraph) are one unit throughout: a paragraph's median is steadier than any
of its lines.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from shared.domain.tokens import Box
from shared.domain.typography import TextStyle
from shared.extraction.typography.classify import LEARNED_WEIGHTS, pooled, family_of, weight_of
from shared.extraction.typography.lines import TextLine

SIZE_BANDWIDTH = 0.025  # of the size density, in log size (2.5 %; 3 % on the calibration set merged 16/17)
# A weak size basin (a label or two) this close to a much heavier one is that one's size.
MERGE_REL, WEAK_UNITS, WEAK_GLYPHS, STRONG_RATIO = 0.08, 2, 24, 4.0
MAX_BOXES = 12
# Weight groups of a size above the body's merge when at most WEIGHT_MAX_STEP apart and each one's class
# lies in the other's central (1 - 2·tail) interval of its pooled posterior.
WEIGHT_TAIL, WEIGHT_MAX_STEP = 0.3, 100


def _weighted_median(values: Sequence[float], weights: Sequence[float]) -> float:
    v, w = np.asarray(values, float), np.asarray(weights, float)
    order = np.argsort(v)
    c = np.cumsum(w[order])
    return float(v[order][np.searchsorted(c, 0.5 * c[-1])])


@dataclass
class Cluster:
    size: float  # CSS px, shared by every style of its size basin
    lines: list[TextLine] = field(default_factory=list)

    @property
    def weights(self) -> np.ndarray:
        return np.array([max(ln.width * ln.ascent, 1.0) for ln in self.lines])



def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def _units(lines: Sequence[TextLine]) -> list[list[TextLine]]:
    blocks: dict[int, list[TextLine]] = defaultdict(list)
    singles = []
    for ln in lines:
        (blocks[ln.block] if ln.block >= 0 else singles).append(ln)
    return [b for b in blocks.values()] + [[ln] for ln in singles]


def _key(unit: list[TextLine]) -> tuple[str, int]:
    """Family class and weight class. Not the case: an all-capitals line (a price, a number, an
    overline) of a size and weight is the same CSS style as mixed-case text of them (a token has no
    case), and the line's case is read from its x-height band, which digits lack too."""
    return family_of(unit)[0], weight_of(unit)


def _unit_weight(unit: list[TextLine]) -> float:
    return float(sum(max(ln.glyphs, 1) for ln in unit))


def size_basins(sizes: Sequence[float], weights: Sequence[float]) -> np.ndarray:
    """Label per size: which basin of the weighted kernel density of log sizes it lies in (the
    density's minima are the borders; its maxima are the page's sizes)."""
    x = np.log(np.asarray(sizes, float))
    w = np.asarray(weights, float)
    if x.size == 0:
        return np.zeros(0, np.int64)
    step = SIZE_BANDWIDTH / 8
    grid = np.arange(x.min() - 3 * SIZE_BANDWIDTH, x.max() + 3 * SIZE_BANDWIDTH + step, step)
    dens = (w[None, :] * np.exp(-0.5 * ((grid[:, None] - x[None, :]) / SIZE_BANDWIDTH) ** 2)).sum(axis=1)
    falls = np.diff(dens) < 0
    minima = np.flatnonzero(falls[:-1] & ~falls[1:]) + 1
    return np.searchsorted(grid[minima], x)


def merge_weak(basins: np.ndarray, sizes: Sequence[float], weights: Sequence[float]) -> np.ndarray:
    """Basins relabelled so that a weak one (at most `WEAK_UNITS` units and `WEAK_GLYPHS` glyphs: a
    label or two) within `MERGE_REL` of a basin `STRONG_RATIO`× heavier joins it: one short line
    measured a few per cent off its style (capitals and digits standing in for ascenders, a face's
    own proportions) is likelier than a size of its own so close to a page's common one."""
    x, w = np.log(np.asarray(sizes, float)), np.asarray(weights, float)
    labels = basins.copy()
    ids = list(np.unique(labels))
    mass = {b: float(w[labels == b].sum()) for b in ids}
    units = {b: int((labels == b).sum()) for b in ids}
    centre = {b: float(np.average(x[labels == b], weights=w[labels == b])) for b in ids}
    for b in sorted(ids, key=lambda b: mass[b]):
        if units[b] > WEAK_UNITS or mass[b] > WEAK_GLYPHS:
            continue
        near = [o for o in ids if o != b and abs(centre[o] - centre[b]) <= np.log1p(MERGE_REL)
                and mass[o] >= STRONG_RATIO * mass[b]]
        if near:
            into = max(near, key=lambda o: mass[o])
            labels[labels == b] = into
            mass[into] += mass[b]
            units[into] += units[b]
            ids.remove(b)
    return labels


def cluster_lines(lines: Sequence[TextLine]) -> list[Cluster]:
    units = _units(lines)
    sizes = [float(np.median([ln.size for ln in u])) for u in units]
    weights = [_unit_weight(u) for u in units]
    basins = merge_weak(size_basins(sizes, weights), sizes, weights) if MERGE_REL > 0 else size_basins(sizes, weights)
    out: list[Cluster] = []
    # The body: the size of the most glyphs (its median unit size). Weights merge only above it.
    mass = {b: sum(weights[i] for i in np.flatnonzero(basins == b)) for b in np.unique(basins)}
    body = float(np.median([sizes[i] for i in np.flatnonzero(basins == max(mass, key=mass.get))])) if mass else 0.0
    for b in np.unique(basins):
        members = [units[i] for i in np.flatnonzero(basins == b)]
        size = _weighted_median([ln.size for u in members for ln in u],
                                [max(ln.glyphs, 1) for u in members for ln in u])
        by_key: dict[tuple, Cluster] = {}
        for unit in members:
            by_key.setdefault(_key(unit), Cluster(size=size)).lines.extend(unit)
        faces: dict[str, list[Cluster]] = defaultdict(list)  # family class → its weight groups
        for (cls, _), c in by_key.items():
            faces[cls].append(c)
        above_body = size > body
        for groups in faces.values():
            out.extend(merge_weights(groups) if above_body else groups)
    return out


def weight_interval(lines: Sequence[TextLine]) -> tuple[int, int] | None:
    """The weight classes the lines' pooled learned estimate allows: its central 1 - 2·`WEIGHT_TAIL`
    (None without the learned estimates: a class from stems alone carries no interval)."""
    p = pooled(lines, "fn_weight")
    if p is None:
        return None
    c = np.cumsum(p)
    lo = int(np.searchsorted(c, WEIGHT_TAIL))
    hi = int(np.searchsorted(c, 1.0 - WEIGHT_TAIL))
    return LEARNED_WEIGHTS[min(lo, len(c) - 1)], LEARNED_WEIGHTS[min(hi, len(c) - 1)]


def _one_weight(a: Cluster, b: Cluster) -> bool:
    ia, ib = weight_interval(a.lines), weight_interval(b.lines)
    if ia is None or ib is None:
        return False
    wa, wb = weight_of(a.lines), weight_of(b.lines)
    return abs(wa - wb) <= WEIGHT_MAX_STEP and ib[0] <= wa <= ib[1] and ia[0] <= wb <= ia[1]


def merge_weights(groups: list[Cluster]) -> list[Cluster]:
    """Weight groups of one size and face merged while two are one weight by `_one_weight`: the
    pair holding the lightest group (fewest glyphs: the loosest estimate) first."""
    groups = list(groups)
    while len(groups) > 1:
        pairs = [(i, j) for i in range(len(groups)) for j in range(i + 1, len(groups))
                 if _one_weight(groups[i], groups[j])]
        if not pairs:
            break
        mass = [sum(max(ln.glyphs, 1) for ln in g.lines) for g in groups]
        i, j = min(pairs, key=lambda ij: (min(mass[ij[0]], mass[ij[1]]), -max(mass[ij[0]], mass[ij[1]])))
        groups[i].lines.extend(groups[j].lines)
        del groups[j]
    return groups


def to_style(c: Cluster, total_area: float, dpr: float) -> TextStyle:
    lines = c.lines
    size = c.size
    weight = weight_of(lines)
    cls, fam_conf = family_of(lines)
    pitches = [ln.pitch / dpr for ln in lines if ln.pitch]
    line_height = round(float(np.median(pitches)) / size, 3) if pitches else None
    tracking = [ln.features.get("tracking", 0.0) / dpr for ln in lines]
    area = float(sum(ln.width * ln.height for ln in lines))
    ink = Counter(_hex(ln.ink) for ln in lines for _ in range(max(1, ln.glyphs))).most_common(1)[0][0]
    biggest = sorted(lines, key=lambda ln: -ln.width * ln.height)[:MAX_BOXES]
    conf = {k: round(float(np.median([ln.confidence.get(k, 0.5) for ln in lines])), 3)
            for k in ("fontSize", "fontWeight", "family")}
    conf["family"] = fam_conf
    conf["lineHeight"] = round(min(1.0, 0.5 + 0.1 * len(pitches)), 3) if pitches else 0.0
    return TextStyle(
        font_size=round(size * 2) / 2, font_weight=weight, line_height=line_height,
        letter_spacing=round(float(np.median(tracking)), 2) if tracking else 0.0,
        family_class=cls, color=ink, share=round(area / total_area, 4) if total_area else 0.0,
        lines=len(lines), uppercase=sum(ln.uppercase for ln in lines) * 2 > len(lines), confidence=conf,
        boxes=[Box(x=ln.x0, y=ln.y0, w=ln.width, h=ln.height) for ln in biggest],
    )
