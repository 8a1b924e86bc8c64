"""Harmony classification from OKLCH hues.

Chromatic colors (OKLCH C ≥ CHROMATIC_MIN) are grouped into hue clusters; the cluster centres
are then matched against the classic templates (rotated freely). The evidence returned is the
hues, the clusters and, for a template, the rotation and the worst angular error.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

from shared.color.conversions import hue_distance, oklch_coords
from shared.domain.models import Model

CHROMATIC_MIN = 0.04  # below this OKLCH chroma a hue is not perceived reliably
CLUSTER_DEG = 20.0  # hues closer than this belong to one cluster
MONO_SPAN_DEG = 20.0
ANALOGOUS_SPAN_DEG = 60.0
TEMPLATE_TOLERANCE_DEG = 25.0

# Offsets from the template's base hue.
TEMPLATES: dict[str, tuple[float, ...]] = {
    "complementary": (0.0, 180.0),
    "split-complementary": (0.0, 150.0, 210.0),
    "triadic": (0.0, 120.0, 240.0),
    "tetradic": (0.0, 90.0, 180.0, 270.0),  # square
    "tetradic-rectangle": (0.0, 60.0, 180.0, 240.0),
}


class HueCluster(Model):
    hue: float  # share-weighted circular mean, degrees
    hexes: list[str]
    weight: float


class Harmony(Model):
    # monochromatic | analogous | complementary | split-complementary | triadic | tetradic
    # | unclassified
    kind: str
    hues: dict[str, float]  # hex -> OKLCH hue of each chromatic color
    clusters: list[HueCluster]
    span: float  # smallest arc covering every chromatic hue
    template_rotation: float | None = None
    template_error: float | None = None  # worst |cluster hue − template hue|
    achromatic: list[str] = []
    note: str = ""


def _circular_mean(hues: Sequence[float], weights: Sequence[float]) -> float:
    x = sum(w * math.cos(math.radians(h)) for h, w in zip(hues, weights))
    y = sum(w * math.sin(math.radians(h)) for h, w in zip(hues, weights))
    return math.degrees(math.atan2(y, x)) % 360.0


def _cluster_hue(group: list[tuple[str, float, float]]) -> float:
    """The group's share-weighted circular mean: a share of 0 adds no pull, however small the others;
    a group whose shares are all 0 takes its hues' plain mean (not atan2(0, 0) = 0°)."""
    weights = [w for _, _, w in group]
    if not any(w > 0 for w in weights):
        weights = [1.0] * len(group)
    return _circular_mean([h for _, h, _ in group], weights)


def covering_span(hues: Sequence[float]) -> float:
    """Smallest arc (degrees) containing all hues: 360 − the largest gap between neighbours."""
    if len(hues) < 2:
        return 0.0
    s = sorted(h % 360.0 for h in hues)
    gaps = [b - a for a, b in zip(s, s[1:])] + [s[0] + 360.0 - s[-1]]
    return 360.0 - max(gaps)


def _cluster(items: list[tuple[str, float, float]]) -> list[HueCluster]:
    """Single-linkage clustering on the hue circle, deterministic (sorted by hue)."""
    items = sorted(items, key=lambda t: t[1])
    groups: list[list[tuple[str, float, float]]] = []
    for it in items:
        if groups and hue_distance(groups[-1][-1][1], it[1]) < CLUSTER_DEG:
            groups[-1].append(it)
        else:
            groups.append([it])
    # Close the circle: first and last group may be neighbours across 0°.
    if len(groups) > 1 and hue_distance(groups[0][0][1], groups[-1][-1][1]) < CLUSTER_DEG:
        groups[0] = groups.pop() + groups[0]
    return [
        HueCluster(
            hue=round(_cluster_hue(g), 2),
            hexes=[x for x, _, _ in g],
            weight=round(sum(w for _, _, w in g), 4),
        )
        for g in groups
    ]


def _fit_template(hues: list[float], offsets: tuple[float, ...]) -> tuple[float, float] | None:
    """Best rotation so every cluster sits near a template point and every point is used."""
    best: tuple[float, float] | None = None
    for h in hues:
        for off in offsets:
            rot = (h - off) % 360.0
            points = [(rot + o) % 360.0 for o in offsets]
            errs = [min(hue_distance(c, p) for p in points) for c in hues]
            used = {min(range(len(points)), key=lambda i: hue_distance(c, points[i])) for c in hues}
            if len(used) < len(points) or max(errs) > TEMPLATE_TOLERANCE_DEG:
                continue
            err = max(errs)
            if best is None or err < best[1]:
                best = (rot, err)
    return best


def classify_harmony(colors: Sequence[tuple[str, float]]) -> Harmony:
    """`colors`: (hex, weight) pairs, weight usually the area share."""
    chromatic: list[tuple[str, float, float]] = []
    achromatic: list[str] = []
    for hex_, w in colors:
        _, c, h = oklch_coords(hex_)
        (chromatic.append((hex_, h, w)) if c >= CHROMATIC_MIN else achromatic.append(hex_))
    hues = {x: round(h, 2) for x, h, _ in chromatic}
    clusters = _cluster(chromatic)
    span = round(covering_span([h for _, h, _ in chromatic]), 2)
    base = dict(hues=hues, clusters=clusters, span=span, achromatic=achromatic)
    if not chromatic:
        return Harmony(kind="monochromatic", note="no chromatic colors: neutral palette", **base)
    if span <= MONO_SPAN_DEG:
        return Harmony(kind="monochromatic", note=f"all hues within {span:.0f}°", **base)
    if span <= ANALOGOUS_SPAN_DEG:
        return Harmony(kind="analogous", note=f"all hues within {span:.0f}°", **base)
    centres = [c.hue for c in clusters]
    fits = {
        name: fit
        for name, offsets in TEMPLATES.items()
        if len(offsets) == len(centres) and (fit := _fit_template(centres, offsets)) is not None
    }
    if not fits:
        return Harmony(kind="unclassified", note=f"{len(centres)} hue clusters match no template", **base)
    name, (rot, err) = min(fits.items(), key=lambda kv: (kv[1][1], kv[0]))
    kind = "tetradic" if name.startswith("tetradic") else name
    return Harmony(
        kind=kind,
        template_rotation=round(rot, 2),
        template_error=round(err, 2),
        note=f"{name} template, worst deviation {err:.1f}°",
        **base,
    )
