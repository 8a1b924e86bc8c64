"""Layout in the library: one image's spacing steps, radii and elevations → dimension tokens (groups
spacing and radius) and shadow tokens, merged by the rules of `shared.library.rules`.

A token keeps the value it was measured with first; a later image within tolerance adds provenance
and evidence. Names follow the library's own order, so they read as a scale: spacing and radii take
t-shirt sizes around the step nearest 16 px (spacing) or 8 px (radius) — `xs`, `sm`, `md`, `lg` … —
with a pill's radius named `full`; shadows are `elevation-1`, `elevation-2` … from the lowest. Names
are re-derived on every merge (a new step between two others shifts them), except those a user set
(`nameLocked`, written by a rename).
"""
from __future__ import annotations

from collections.abc import Sequence

from shared.domain.layout import Elevation, LayoutResult, RadiusStep, SpacingStep
from shared.domain.tokens import (
    Box,
    DimensionValue,
    Evidence,
    Provenance,
    ShadowValue,
    Token,
    TokenGroup,
    TokenType,
)
from shared.library.draft import NAME_LOCK_KEY, Draft, add_unique
from shared.library.rules import same_dimension, same_shadow
from shared.library.typography import MAX_EVIDENCE_BOXES, MAX_EVIDENCE_IMAGES

PILL_PX = 9999.0  # the conventional "fully rounded" radius (Tailwind's rounded-full)
SIZES = ("4xs", "3xs", "2xs", "xs", "sm", "md", "lg", "xl", "2xl", "3xl", "4xl", "5xl", "6xl", "7xl", "8xl")
MIDDLE = SIZES.index("md")
SPACING_ANCHOR_PX, RADIUS_ANCHOR_PX = 16.0, 8.0


def _provenance(p: Provenance, *, job_id: str, image: str, share: float, confidence: float, source: str,
                boxes: Sequence[Box]) -> Provenance:
    evidence = list(p.evidence)
    if boxes and all(e.image != image for e in evidence) and len(evidence) < MAX_EVIDENCE_IMAGES:
        evidence.append(Evidence(image=image, boxes=list(boxes[:MAX_EVIDENCE_BOXES])))
    return p.model_copy(update={
        "job_ids": add_unique(list(p.job_ids), job_id), "images": add_unique(list(p.images), image),
        "confidence": max(p.confidence, confidence), "share": max(p.share, share),
        "sources": add_unique(list(p.sources), source), "evidence": evidence,
    })


def _absorb(draft: Draft, t: Token, step, *, total: int, **ctx) -> Token:
    """Provenance and use count added; `share` is the step's share of its kind's uses in the image."""
    enrichment = dict(t.enrichment)
    enrichment["uses"] = int(enrichment.get("uses", 0)) + step.count
    if step.role and step.source != "pixels":
        enrichment["aiName"] = step.role
    prov = _provenance(t.provenance, share=round(step.count / max(total, 1), 4), confidence=step.confidence,
                       source=step.source, boxes=step.boxes, **ctx)
    t = t.model_copy(update={"provenance": prov, "enrichment": enrichment})
    draft.tokens[t.id] = t
    return t


def _dimension(draft: Draft, group: TokenGroup, px: float, step, extra: dict, *, total: int, **ctx) -> str:
    same = [t for t in draft.tokens.values() if t.type is TokenType.DIMENSION and t.group is group
            and t.id not in draft.created and bool(t.enrichment.get("pill")) == bool(extra.get("pill"))
            and same_dimension(t.value.px, px)]
    same.sort(key=lambda t: (abs(t.value.px - px), t.id))
    if same:
        return _absorb(draft, same[0], step, total=total, **ctx).id
    tid = draft.new_id(TokenType.DIMENSION, f"{group.value}:{px:g}")
    fresh = Token(id=tid, project_id=draft.project_id, type=TokenType.DIMENSION, group=group,
                  name=draft.take_name(f"{group.value} {px:g}"), value=DimensionValue(value=px),
                  enrichment=dict(extra), provenance=Provenance(confidence=0.0, share=0.0))
    draft.create(fresh)
    return _absorb(draft, fresh, step, total=total, **ctx).id


def _spacing(draft: Draft, steps: Sequence[SpacingStep], **ctx) -> dict[str, str]:
    total = sum(s.count for s in steps)
    return {f"spacing:{i}": _dimension(draft, TokenGroup.SPACING, round(s.value, 2), s,
                                       {"uses": 0, "spacingUses": list(s.uses)}, total=total, **ctx)
            for i, s in enumerate(steps)}


def _radii(draft: Draft, steps: Sequence[RadiusStep], **ctx) -> dict[str, str]:
    total = sum(s.count for s in steps)
    return {f"radius:{i}": _dimension(draft, TokenGroup.RADIUS, PILL_PX if s.pill else round(s.value, 2), s,
                                      {"uses": 0, "pill": s.pill}, total=total, **ctx)
            for i, s in enumerate(steps)}


def _shadows(draft: Draft, elevations: Sequence[Elevation], **ctx) -> dict[str, str]:
    total = sum(e.count for e in elevations)
    ctx = {**ctx, "total": total}
    out = {}
    for i, e in enumerate(elevations):
        value = ShadowValue(layers=e.layers)
        same = [t for t in draft.tokens.values() if t.type is TokenType.SHADOW and t.id not in draft.created
                and same_shadow(t.value, value)]
        if same:
            out[f"shadow:{i}"] = _absorb(draft, sorted(same, key=lambda t: t.id)[0], e, **ctx).id
            continue
        key = ";".join(f"{ly.offset_x.px:g},{ly.offset_y.px:g},{ly.blur.px:g},{ly.spread.px:g},{ly.color},{ly.alpha:g}"
                       for ly in e.layers)
        fresh = Token(id=draft.new_id(TokenType.SHADOW, key), project_id=draft.project_id, type=TokenType.SHADOW,
                      name=draft.take_name(f"elevation {e.level}"), value=value, enrichment={"uses": 0},
                      provenance=Provenance(confidence=0.0, share=0.0))
        draft.create(fresh)
        out[f"shadow:{i}"] = _absorb(draft, fresh, e, **ctx).id
    return out


def merge_layout(draft: Draft, result: LayoutResult | None, *, job_id: str, image_sha256: str) -> dict[str, str]:
    """Merge one image's layout into the draft library; returns candidate key → token id
    (`spacing:<i>`, `radius:<i>`, `shadow:<i>` by the result's order)."""
    if result is None:
        return {}
    ctx = {"job_id": job_id, "image": image_sha256}
    return {**_spacing(draft, result.spacing, **ctx), **_radii(draft, result.radii, **ctx),
            **_shadows(draft, result.shadows, **ctx)}


def rematch(merged: Sequence[Token], result: LayoutResult | None) -> dict[str, str]:
    """A replayed job: its spacing, radius and shadow tokens, in a stable order."""
    if result is None:
        return {}
    return {f"{t.group.value}:{t.id}": t.id for t in sorted(merged, key=lambda t: t.id)
            if t.group in (TokenGroup.SPACING, TokenGroup.RADIUS, TokenGroup.SHADOW)}


def _sizes(values: list[tuple[float, str]], anchor: float) -> dict[str, str]:
    """t-shirt names in ascending order, `md` on the value nearest the anchor."""
    if not values:
        return {}
    ordered = sorted(values)
    middle = min(range(len(ordered)), key=lambda i: (abs(ordered[i][0] - anchor), i))
    start = max(0, min(MIDDLE - middle, len(SIZES) - len(ordered)))
    # Past 8xl the sizes go on as a scale reads (9xl, 10xl …), not as numbered copies of 8xl.
    return {tid: SIZES[start + i] if start + i < len(SIZES) else f"{start + i - len(SIZES) + 9}xl"
            for i, (_, tid) in enumerate(ordered)}


def _elevations(shadows: list[Token]) -> dict[str, str]:
    return {t.id: f"elevation-{i}" for i, t in enumerate(sorted(shadows, key=lambda t: (t.value.reach(), t.id)), 1)}


def name_layout(tokens: Sequence[Token]) -> list[Token]:
    """Spacing, radius and shadow tokens named by their place in the library's scales (locked names
    kept; names stay unique across the library). Other tokens are returned unchanged."""
    spacing = [(t.value.px, t.id) for t in tokens if t.group is TokenGroup.SPACING]
    radii = [t for t in tokens if t.group is TokenGroup.RADIUS]
    names = {**_sizes(spacing, SPACING_ANCHOR_PX),
             **_sizes([(t.value.px, t.id) for t in radii if not t.enrichment.get("pill")], RADIUS_ANCHOR_PX),
             **{t.id: "full" for t in radii if t.enrichment.get("pill")},
             **_elevations([t for t in tokens if t.type is TokenType.SHADOW])}
    prefix = {TokenGroup.SPACING: "space-", TokenGroup.RADIUS: "radius-", TokenGroup.SHADOW: ""}
    taken = {t.name.casefold() for t in tokens if t.id not in names or t.enrichment.get(NAME_LOCK_KEY)}
    out = []
    for t in tokens:
        want = names.get(t.id)
        if want is None or t.enrichment.get(NAME_LOCK_KEY):
            out.append(t)
            continue
        name, n = prefix[t.group] + want, 1
        while name.casefold() in taken and name != t.name:
            n += 1
            name = f"{prefix[t.group]}{want}-{n}"
        taken.add(name.casefold())
        out.append(t if name == t.name else t.model_copy(update={"name": name}))
    return out
