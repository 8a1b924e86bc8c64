"""Typography in the library: one image's measured text styles → fontFamily, fontWeight and
typography tokens, merged by the rules of `shared.library.rules`, with their roles across the library.

A measurement is never changed by a merge: a token keeps the value it was created with, and only
gains what it lacked (a line height first seen in a later image, a family name the AI gave).

Typography token enrichment keys:
- `roleLocked: bool` — the user set the role by hand;
- `evidence: {role, roleShare, aiRole}` — the role the extractor (or the AI) gave it and the area
  share behind that claim, so roles can be re-derived across the whole library;
- `color` (the text's hex), `confidence` ({fontSize, fontWeight, lineHeight, family, …}), `lines`,
  `uppercase`, `lineHeightMeasured`.
"""
from __future__ import annotations

from collections.abc import Sequence

from shared.domain.tokens import (
    GENERIC_STACKS,
    Box,
    Dimension,
    Evidence,
    FontFamilyValue,
    FontWeightValue,
    Provenance,
    Token,
    TokenType,
    TypographyValue,
)
from shared.domain.typography import TEXT_ROLES, TextStyle, TypographyResult
from shared.library.draft import ROLE_LOCK_KEY, Draft, add_unique, of_type
from shared.library.rules import dimension_distance, same_family, same_typography

EVIDENCE_KEY = "evidence"
MAX_EVIDENCE_IMAGES = 8  # images whose boxes a token keeps (the first ones: stable, bounded documents)
MAX_EVIDENCE_BOXES = 12  # boxes per image
# A font family's role is the generic slot it fills (Tailwind's --font-sans, --font-serif, --font-mono).
FAMILY_ROLES: tuple[str, ...] = ("sans", "serif", "mono", "display")
CLASS_ROLE = {"sans-serif": "sans", "serif": "serif", "monospace": "mono", "display": "display"}
CLASS_NAME = {"sans-serif": "Sans", "serif": "Serif", "monospace": "Mono", "display": "Display"}
WEIGHT_NAMES = {100: "Thin", 200: "Extra Light", 300: "Light", 400: "Regular", 500: "Medium",
                600: "Semibold", 700: "Bold", 800: "Extra Bold", 900: "Black"}


def role_name(role: str) -> str:
    return role.replace("-", " ").capitalize()


def weight_name(weight: int) -> str:
    return WEIGHT_NAMES.get(weight, f"Weight {weight}")


def family_value(style: TextStyle) -> FontFamilyValue:
    stack = GENERIC_STACKS[style.family_class]
    if style.family:
        tail = [f for f in (style.fallbacks or stack) if f.casefold() != style.family.casefold()]
        return FontFamilyValue(families=[style.family, *tail], family_class=style.family_class, named=True)
    return FontFamilyValue(families=list(stack), family_class=style.family_class, named=False)


def typography_value(style: TextStyle) -> TypographyValue:
    return TypographyValue(
        font_family=family_value(style).families, family_class=style.family_class,
        font_size=Dimension(value=round(style.font_size, 2)), font_weight=style.font_weight,
        line_height=round(style.line_height, 3) if style.line_height else None,
        letter_spacing=Dimension(value=round(style.letter_spacing, 2)),
    )


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


def _fresh(draft: Draft, kind: TokenType, key: str, name: str, value) -> Token:
    return Token(id=draft.new_id(kind, key), project_id=draft.project_id, type=kind, name=draft.take_name(name),
                 value=value, provenance=Provenance(confidence=0.0, share=0.0))


def _family_key(v: FontFamilyValue) -> str:
    return v.families[0].casefold() if v.named else v.family_class


def _merge_families(draft: Draft, styles: Sequence[TextStyle], **ctx) -> dict[str, str]:
    shares: dict[str, tuple[FontFamilyValue, float, float, str]] = {}
    for s in styles:
        v = family_value(s)
        k = _family_key(v)
        _, share, conf, _src = shares.get(k, (v, 0.0, 0.0, s.source))
        shares[k] = (v, share + s.share, max(conf, s.confidence.get("family", 0.5)), s.source)
    out: dict[str, str] = {}
    for key, (v, share, conf, source) in sorted(shares.items(), key=lambda kv: (-kv[1][1], kv[0])):
        existing = [t for t in of_type(draft.tokens.values(), TokenType.FONT_FAMILY) if same_family(t.value, v)]
        # A named face first, then the most used token of the class.
        existing.sort(key=lambda t: (not (t.value.named and v.named), -t.provenance.share, t.id))
        if existing:
            t = existing[0]
            if v.named and not t.value.named:  # the pixels said "sans-serif"; now someone named the face
                t = t.model_copy(update={"value": v})
        else:
            name = v.families[0] if v.named else CLASS_NAME[v.family_class]
            t = draft.create(_fresh(draft, TokenType.FONT_FAMILY, key, name, v))
        t = t.model_copy(update={"provenance": _provenance(t.provenance, share=share, confidence=conf,
                                                           source=source, boxes=(), **ctx)})
        draft.tokens[t.id] = t
        out[f"fontFamily:{key}"] = t.id
    return out


def _merge_weights(draft: Draft, styles: Sequence[TextStyle], **ctx) -> dict[str, str]:
    shares: dict[int, tuple[float, float]] = {}
    for s in styles:
        share, conf = shares.get(s.font_weight, (0.0, 0.0))
        shares[s.font_weight] = (share + s.share, max(conf, s.confidence.get("fontWeight", 0.5)))
    out: dict[str, str] = {}
    for w, (share, conf) in sorted(shares.items()):
        t = next((t for t in of_type(draft.tokens.values(), TokenType.FONT_WEIGHT) if t.value.value == w), None)
        if t is None:
            t = draft.create(_fresh(draft, TokenType.FONT_WEIGHT, str(w), weight_name(w), FontWeightValue(value=w)))
        t = t.model_copy(update={"provenance": _provenance(t.provenance, share=share, confidence=conf,
                                                           source="pixels", boxes=(), **ctx)})
        draft.tokens[t.id] = t
        out[f"fontWeight:{w}"] = t.id
    return out


def _style_key(v: TypographyValue) -> str:
    lh = f"{v.line_height:g}" if v.line_height else "-"
    return f"{v.font_family[0]}|{v.font_size.px:g}|{v.font_weight}|{lh}|{v.letter_spacing.px:g}"


def _absorb_style(t: Token, s: TextStyle, v: TypographyValue, **ctx) -> Token:
    value = t.value
    enrichment = dict(t.enrichment)
    if value.line_height is None and v.line_height is not None:  # gained, not changed
        value = value.model_copy(update={"line_height": v.line_height})
        enrichment["lineHeightMeasured"] = True
    if s.family and value.font_family == GENERIC_STACKS[value.family_class]:  # named now, not changed
        value = value.model_copy(update={"font_family": v.font_family})
    ev = dict(enrichment.get(EVIDENCE_KEY) or {})
    if s.role and s.share >= float(ev.get("roleShare", -1.0)):
        ev.update(role=s.role, roleShare=round(s.share, 4))
        if s.source != "pixels":
            ev["aiRole"] = s.role
    enrichment[EVIDENCE_KEY] = ev
    prov = _provenance(t.provenance, share=s.share, confidence=s.overall_confidence, source=s.source,
                       boxes=s.boxes, **ctx)
    return t.model_copy(update={"value": value, "enrichment": enrichment, "provenance": prov})


def _merge_styles(draft: Draft, styles: Sequence[TextStyle], **ctx) -> dict[str, str]:
    out: dict[str, str] = {}
    for i, s in enumerate(styles):
        v = typography_value(s)
        # Styles the extractor told apart in this image stay apart: the tolerance dedupes across images.
        same = [t for t in of_type(draft.tokens.values(), TokenType.TYPOGRAPHY)
                if t.id not in draft.created and same_typography(t.value, v)]
        same.sort(key=lambda t: (dimension_distance(t.value.font_size.px, v.font_size.px), -t.provenance.share, t.id))
        if same:
            t = same[0]
        else:
            name = role_name(s.role) if s.role else f"Text {v.font_size.px:g} {weight_name(v.font_weight)}"
            enrichment = {"confidence": dict(s.confidence), "lines": s.lines, "uppercase": s.uppercase,
                          "lineHeightMeasured": v.line_height is not None}
            if s.color:
                enrichment["color"] = s.color
            t = _fresh(draft, TokenType.TYPOGRAPHY, _style_key(v), name, v)
            t = draft.create(t.model_copy(update={"enrichment": enrichment}))
        draft.tokens[t.id] = _absorb_style(t, s, v, **ctx)
        out.setdefault(f"typography:{i}", t.id)
    return out


def merge_typography(draft: Draft, result: TypographyResult | None, *, job_id: str,
                     image_sha256: str) -> dict[str, str]:
    """Merge one image's text styles into the draft library; returns candidate key → token id
    (`fontFamily:<key>`, `fontWeight:<w>`, `typography:<style index>`)."""
    if result is None or not result.styles:
        return {}
    ctx = {"job_id": job_id, "image": image_sha256}
    styles = result.styles
    return {**_merge_families(draft, styles, **ctx), **_merge_weights(draft, styles, **ctx),
            **_merge_styles(draft, styles, **ctx)}


def rematch(merged: Sequence[Token], result: TypographyResult | None) -> dict[str, str]:
    """A replayed job: its typed tokens (other than colors), in a stable order."""
    if result is None:
        return {}
    kinds = (TokenType.FONT_FAMILY, TokenType.FONT_WEIGHT, TokenType.TYPOGRAPHY)
    return {f"{t.type.value}:{t.id}": t.id for k in kinds for t in sorted(of_type(merged, k), key=lambda t: t.id)}


def _claims(tokens: Sequence[Token]) -> list[tuple[str, float, Token]]:
    out = []
    for t in tokens:
        if t.type is TokenType.TYPOGRAPHY:
            ev = t.enrichment.get(EVIDENCE_KEY) or {}
            role = ev.get("aiRole") or ev.get("role")
            if role in TEXT_ROLES:
                out.append((role, float(ev.get("roleShare", t.provenance.share)), t))
        elif t.type is TokenType.FONT_FAMILY:
            out.append((CLASS_ROLE[t.value.family_class], t.provenance.share, t))
    return out


def assign_text_roles(tokens: Sequence[Token]) -> list[Token]:
    """Typography and font-family roles re-derived across the library: each role goes to the token
    with the largest share claiming it; locked roles stay where the user put them. Tokens of other
    types are returned unchanged."""
    locked = {t.role for t in tokens if t.enrichment.get(ROLE_LOCK_KEY) and t.role}
    holder: dict[str, str] = {}
    for role, _share, t in sorted(_claims(tokens), key=lambda c: (-c[1], c[2].id)):
        if role not in locked and not t.enrichment.get(ROLE_LOCK_KEY) and t.id not in holder.values():
            holder.setdefault(role, t.id)
    by_id = {tid: role for role, tid in holder.items()}
    out = []
    for t in tokens:
        if t.type not in (TokenType.TYPOGRAPHY, TokenType.FONT_FAMILY) or t.enrichment.get(ROLE_LOCK_KEY):
            out.append(t)
            continue
        role = by_id.get(t.id)
        out.append(t if role == t.role else t.model_copy(update={"role": role}))
    return out
