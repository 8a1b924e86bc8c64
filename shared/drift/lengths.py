"""Measured text sizes, spacings, radii and shadows against the reference's scales.

One rule for every length, the library's own (`shared.library.rules`): a measured value is `on` a
step when they are the same dimension — within max(1 px, 5 %) — `near` within twice that, `off`
beyond; the nearest step is the suggestion. Text sizes are measured from glyph outlines, whose
proportions differ by face, so they get the measurement's own allowance on top (`TEXT_ALLOWANCE`
units: on within max(2 px, 10 %)), and a style whose size confidence is below `TEXT_MIN_CONFIDENCE`
is not judged. A pill is on the reference's "full" radius (≥ 999 px). Shadows are on when a shadow
token is the same shadow by the library's rule, else off.
"""
from __future__ import annotations

from collections.abc import Sequence

from shared.domain.drift import ShadowFinding, SizeFinding
from shared.domain.layout import LayoutResult
from shared.domain.tokens import Box, ShadowValue
from shared.domain.typography import TypographyResult
from shared.drift.reference import RefLength, RefShadow
from shared.library.rules import dimension_distance, same_shadow

PILL_MIN_PX = 999.0
TEXT_ALLOWANCE = 1.0
TEXT_MIN_CONFIDENCE = 0.75
NOUN = {"fontSize": "text size", "spacing": "spacing", "radius": "radius"}


def judge_length(kind: str, px: float, steps: Sequence[RefLength], *, count: int = 1, boxes: Sequence[Box] = (),
                 pill: bool = False, allowance: float = 0.0) -> SizeFinding | None:
    """None when the reference has no scale of this kind."""
    if not steps:
        return None
    if pill:
        full = [s for s in steps if s.px >= PILL_MIN_PX]
        if full:
            return SizeFinding(kind=kind, px=px, verdict="on", nearest=full[0].ref, delta_px=0.0, count=count,
                               boxes=list(boxes), suggestion=f"a pill: `{full[0].ref.css_var}`")
    best = min(steps, key=lambda s: (abs(s.px - px), s.px))
    d = dimension_distance(px, best.px) - allowance
    verdict = "on" if d <= 1 + 1e-9 else ("near" if d <= 2 + 1e-9 else "off")
    delta = round(px - best.px, 2)
    noun = NOUN[kind]
    if verdict == "on":
        text = f"{px:g}px is {best.ref.path} ({best.px:g}px): `{best.ref.css_var}`"
    else:
        text = (f"{px:g}px is not in the {noun} scale: the nearest step is {best.ref.path} ({best.px:g}px, "
                f"{delta:+g}px); use `{best.ref.css_var}`")
    return SizeFinding(kind=kind, px=round(px, 2), verdict=verdict, nearest=best.ref, delta_px=delta, count=count,
                       boxes=list(boxes), suggestion=text)


def judge_text(typography: TypographyResult | None, sizes: Sequence[RefLength]) -> list[SizeFinding]:
    if typography is None:
        return []
    out = [judge_length("fontSize", s.font_size, sizes, count=max(s.lines, 1), boxes=s.boxes, allowance=TEXT_ALLOWANCE)
           for s in typography.styles if s.confidence.get("fontSize", 1.0) >= TEXT_MIN_CONFIDENCE]
    return [f for f in out if f is not None]


def judge_layout(layout: LayoutResult | None, spacing: Sequence[RefLength], radii: Sequence[RefLength],
                 shadows: Sequence[RefShadow]) -> tuple[list[SizeFinding], list[SizeFinding], list[ShadowFinding]]:
    if layout is None:
        return [], [], []
    sp = [judge_length("spacing", s.value, spacing, count=s.count, boxes=s.boxes) for s in layout.spacing]
    rd = [judge_length("radius", r.value, radii, count=r.count, boxes=r.boxes, pill=r.pill) for r in layout.radii]
    sh = [judge_shadow(ShadowValue(layers=e.layers), shadows, e.boxes) for e in layout.shadows] if shadows else []
    return [f for f in sp if f], [f for f in rd if f], sh


def judge_shadow(value: ShadowValue, shadows: Sequence[RefShadow], boxes: Sequence[Box] = ()) -> ShadowFinding:
    from shared.exporters._values import shadow as css

    measured = css(value.layers)
    for s in shadows:
        if same_shadow(value, ShadowValue(layers=list(s.layers))):
            return ShadowFinding(css=measured, verdict="on", nearest=s.ref, boxes=list(boxes),
                                 suggestion=f"{s.ref.path}: `{s.ref.css_var}`")
    near = min(shadows, key=lambda s: (abs(len(s.layers) - len(value.layers)),
                                       abs(s.layers[0].blur.px - value.layers[0].blur.px)))
    return ShadowFinding(css=measured, verdict="off", nearest=near.ref, boxes=list(boxes),
                         suggestion=f"`box-shadow: {measured}` is in no shadow token; the closest is {near.ref.path}: "
                                    f"use `{near.ref.css_var}`")
