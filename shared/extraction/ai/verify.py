"""Pixels check the AI: every color the model named is matched to the image's pixel palette.

A hex the palette holds is taken as is; one within `snap_delta_e` (ΔE2000) of a pixel color is
snapped to it (the AI's name/role carried over); anything else is dropped. Stored values are
always pixel values; pixel colors the AI did not label stay, with source "pixels".

A compact-format label carries an `index` (1-based, into the numbered list the prompt gave) instead of
a hex: it maps to that pixel color exactly; an index the prompt did not list (0, past `index_limit`)
is dropped like an invented hex, and a second label for the same color is dropped.

Text styles (merge_styles) are numbered the same way; a style label only ever names (family,
fallbacks, role): the measured numbers are copied unchanged. Layout steps (merge_layout_names) too: a
step only gains a name (`role`), never a value; a name that says another kind (`radius-…` on a
spacing step) is dropped, and so is a second step of the same kind given the same name.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from shared.color.enrichment import delta_e_2000
from shared.domain.layout import LayoutResult, RadiusStep, SpacingStep
from shared.domain.models import PaletteColor
from shared.domain.typography import TEXT_ROLES, TypographyResult
from shared.extraction.ai import fonts
from shared.extraction.ai.schema import AiColor, AiStep, AiStyle


@dataclass
class Verified:
    colors: list[PaletteColor]
    matched: int = 0
    snapped: int = 0
    dropped: int = 0
    notes: list[str] = field(default_factory=list)


def merge_with_pixels(ai_colors: list[AiColor], pixel_palette: list[PaletteColor], *, source: str,
                      snap_delta_e: float, index_limit: int | None = None) -> Verified:
    out = Verified(colors=[])
    labels: dict[int, AiColor] = {}
    if not pixel_palette:
        out.dropped = len(ai_colors)
        if ai_colors:
            out.notes.append(f"{len(ai_colors)} AI colors dropped: the pixel palette is empty")
        return out
    pixel_hexes = [p.hex for p in pixel_palette]
    listed = len(pixel_hexes) if index_limit is None else min(index_limit, len(pixel_hexes))
    for c in ai_colors:
        if c.hex is None:  # compact: an index into the listed colors
            idx = (c.index or 0) - 1
            if not 0 <= idx < listed:
                out.dropped += 1
                out.notes.append(f"AI label #{c.index} dropped: no such color (the prompt listed {listed})")
                continue
            if idx in labels:
                out.dropped += 1
                out.notes.append(f"AI label #{c.index} dropped: {pixel_hexes[idx]} already labelled")
                continue
            labels[idx] = c
            out.matched += 1
            continue
        if c.hex in pixel_hexes:
            idx, de = pixel_hexes.index(c.hex), 0.0
        else:
            idx, de = min(((i, delta_e_2000(c.hex, h)) for i, h in enumerate(pixel_hexes)), key=lambda t: t[1])
        if de > snap_delta_e:
            out.dropped += 1
            out.notes.append(f"AI color {c.hex} dropped: not in the image (nearest {pixel_hexes[idx]}, "
                             f"ΔE {de:.1f} > {snap_delta_e:g})")
            continue
        if idx in labels:
            out.dropped += 1
            out.notes.append(f"AI color {c.hex} dropped: {pixel_hexes[idx]} already labelled")
            continue
        labels[idx] = c
        if de == 0.0:
            out.matched += 1
        else:
            out.snapped += 1
            out.notes.append(f"AI color {c.hex} snapped to pixel color {pixel_hexes[idx]} (ΔE {de:.1f})")
    for i, p in enumerate(pixel_palette):
        c = labels.get(i)
        if c is None:
            out.colors.append(p.model_copy(update={"source": "pixels"}))
        else:
            out.colors.append(p.model_copy(update={"name": c.name, "role": c.role, "usage": c.usage or None,
                                                   "confidence": c.confidence, "source": source}))
    return out


@dataclass
class VerifiedStyles:
    typography: TypographyResult
    named: int = 0
    dropped: int = 0
    notes: list[str] = field(default_factory=list)


def merge_styles(ai_styles: list[AiStyle], measured: TypographyResult, *, source: str,
                 index_limit: int | None = None) -> VerifiedStyles:
    """Pixels measure, AI names: each numbered style may gain a family (a valid face name whose known
    class does not contradict the measured class), its fallback stack (ending in the class's generic
    family) and a role from TEXT_ROLES. Only those fields and `source` are ever written; the measured
    size, weight, line height, spacing, class, color, boxes and confidences are copied as they are."""
    styles = list(measured.styles)
    listed = len(styles) if index_limit is None else min(index_limit, len(styles))
    out = VerifiedStyles(typography=measured)
    seen: set[int] = set()
    for a in ai_styles:
        idx = a.index - 1
        if not 0 <= idx < listed:
            out.dropped += 1
            out.notes.append(f"AI text style #{a.index} dropped: no such style (the prompt listed {listed})")
            continue
        if idx in seen:
            out.dropped += 1
            out.notes.append(f"AI text style #{a.index} dropped: already named")
            continue
        seen.add(idx)
        measured_style = styles[idx]
        update: dict = {}
        family = fonts.face_name(a.family) if a.family else None
        if a.family and family is None:
            out.notes.append(f"AI family for text style #{a.index} dropped: not a font name")
        elif family and fonts.contradicts(family, measured_style.family_class):
            out.notes.append(f"AI family {family!r} for text style #{a.index} dropped: a "
                             f"{fonts.known_class(family)} face, the pixels measured {measured_style.family_class}")
            family = None
        if family:
            update["family"] = family
            update["fallbacks"] = fonts.fallback_stack(family, a.fallbacks, measured_style.family_class)
        if a.role in TEXT_ROLES:
            update["role"] = a.role
        if update:
            update["source"] = source
            styles[idx] = measured_style.model_copy(update=update)
            out.named += 1
    out.typography = measured.model_copy(update={"styles": styles})
    return out


@dataclass
class VerifiedLayout:
    layout: LayoutResult
    named: int = 0
    dropped: int = 0
    notes: list[str] = field(default_factory=list)


# The words that say a kind of step; a name holding another kind's word contradicts the measurement.
KIND_WORDS = {"spacing": ("space", "spacing", "gap", "padding", "margin", "inset", "gutter"),
              "radius": ("radius", "round", "rounded", "corner", "pill"),
              "shadow": ("shadow", "elevation", "raised", "depth")}


def _kind(step) -> str:
    return "spacing" if isinstance(step, SpacingStep) else "radius" if isinstance(step, RadiusStep) else "shadow"


def merge_layout_names(ai_steps: list[AiStep], measured: LayoutResult, listed: list, *,
                       source: str) -> VerifiedLayout:
    """Pixels measure, AI names: each numbered step (`listed`, as the prompt numbered them) may gain a
    name (`role`) and `source`; its value, count, uses, layers, boxes and confidence are copied as
    they are."""
    out = VerifiedLayout(layout=measured)
    named: dict[int, tuple[str, str]] = {}  # id(step) → (name, source)
    taken: set[tuple[str, str]] = set()
    seen: set[int] = set()
    for a in ai_steps:
        idx = a.index - 1
        if not 0 <= idx < len(listed) or idx in seen:
            out.dropped += 1
            why = "already named" if idx in seen else f"no such step (the prompt listed {len(listed)})"
            out.notes.append(f"AI layout step #{a.index} dropped: {why}")
            continue
        seen.add(idx)
        kind = _kind(listed[idx])
        words = set(a.name.split("-"))
        if any(words & set(w) for k, w in KIND_WORDS.items() if k != kind):
            out.dropped += 1
            out.notes.append(f"AI name {a.name!r} for layout step #{a.index} dropped: it names another kind "
                             f"than the measured {kind}")
            continue
        if (kind, a.name) in taken:
            out.dropped += 1
            out.notes.append(f"AI name {a.name!r} for layout step #{a.index} dropped: given to another {kind} step")
            continue
        taken.add((kind, a.name))
        named[id(listed[idx])] = (a.name, source)
    if named:
        def rename(steps):
            return [s.model_copy(update={"role": named[id(s)][0], "source": source}) if id(s) in named else s
                    for s in steps]

        out.layout = measured.model_copy(update={"spacing": rename(measured.spacing), "radii": rename(measured.radii),
                                                 "shadows": rename(measured.shadows)})
        out.named = len(named)
    return out
