"""Lines → text styles: lines that share a size, a weight and a family class are one style.

Lines of one block (a paragraph) are one style by construction, so blocks are clustered, not single
lines: a paragraph's median is steadier than any of its lines. Units are sorted by size and joined to
the cluster of the same family class, weight and case whose size they are within `SIZE_JOIN` of; a
cluster's values are medians weighted by how much ink each line carries (a long line says more about
its size than a three-letter label).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from shared.domain.tokens import Box
from shared.domain.typography import TextStyle
from shared.extraction.typography.lines import TextLine

SIZE_JOIN = 0.05  # relative size difference within which two units are one style (plus 0.6 px)
SIZE_JOIN_PX = 0.6
MAX_BOXES = 12


@dataclass
class Cluster:
    lines: list[TextLine] = field(default_factory=list)

    @property
    def weights(self) -> np.ndarray:
        return np.array([max(ln.width * ln.ascent, 1.0) for ln in self.lines])

    def median(self, values: Sequence[float]) -> float:
        v, w = np.asarray(values, float), self.weights
        order = np.argsort(v)
        c = np.cumsum(w[order])
        return float(v[order][np.searchsorted(c, 0.5 * c[-1])])

    @property
    def size(self) -> float:
        return self.median([ln.size for ln in self.lines])


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def _units(lines: Sequence[TextLine]) -> list[list[TextLine]]:
    blocks: dict[int, list[TextLine]] = defaultdict(list)
    singles = []
    for ln in lines:
        (blocks[ln.block] if ln.block >= 0 else singles).append(ln)
    return [b for b in blocks.values()] + [[ln] for ln in singles]


def _key(unit: list[TextLine]) -> tuple[str, int, bool]:
    cls = Counter(ln.family_class for ln in unit).most_common(1)[0][0]
    weight = Counter(ln.weight for ln in unit).most_common(1)[0][0]
    upper = sum(ln.uppercase for ln in unit) * 2 > len(unit)
    return cls, weight, upper


def cluster_lines(lines: Sequence[TextLine]) -> list[Cluster]:
    units = sorted(_units(lines), key=lambda u: float(np.median([ln.size for ln in u])))
    clusters: list[tuple[tuple, Cluster]] = []
    for unit in units:
        key = _key(unit)
        size = float(np.median([ln.size for ln in unit]))
        home = None
        for k, c in clusters:
            cs = c.size
            if k == key and abs(size - cs) <= SIZE_JOIN * max(size, cs) + SIZE_JOIN_PX:
                home = c
                break
        if home is None:
            home = Cluster()
            clusters.append((key, home))
        home.lines.extend(unit)
    return [c for _, c in clusters]


def to_style(c: Cluster, total_area: float, dpr: float) -> TextStyle:
    lines = c.lines
    size = c.size
    weight = Counter(ln.weight for ln in lines).most_common(1)[0][0]
    cls = Counter(ln.family_class for ln in lines).most_common(1)[0][0]
    pitches = [ln.pitch / dpr for ln in lines if ln.pitch]
    line_height = round(float(np.median(pitches)) / size, 3) if pitches else None
    tracking = [ln.features.get("tracking", 0.0) / dpr for ln in lines]
    area = float(sum(ln.width * ln.height for ln in lines))
    ink = Counter(_hex(ln.ink) for ln in lines for _ in range(max(1, ln.glyphs))).most_common(1)[0][0]
    biggest = sorted(lines, key=lambda ln: -ln.width * ln.height)[:MAX_BOXES]
    conf = {k: round(float(np.median([ln.confidence.get(k, 0.5) for ln in lines])), 3)
            for k in ("fontSize", "fontWeight", "family")}
    conf["lineHeight"] = round(min(1.0, 0.5 + 0.1 * len(pitches)), 3) if pitches else 0.0
    return TextStyle(
        font_size=round(size * 2) / 2, font_weight=weight, line_height=line_height,
        letter_spacing=round(float(np.median(tracking)), 2) if tracking else 0.0,
        family_class=cls, color=ink, share=round(area / total_area, 4) if total_area else 0.0,
        lines=len(lines), uppercase=sum(ln.uppercase for ln in lines) * 2 > len(lines), confidence=conf,
        boxes=[Box(x=ln.x0, y=ln.y0, w=ln.width, h=ln.height) for ln in biggest],
    )
