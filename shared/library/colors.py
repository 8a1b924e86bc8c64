"""Color tokens in the library: the ΔE2000 merge rule, color roles across the library, the theme.

Pure functions over tokens (the plan in `shared.library.plan` calls them; the caller does the I/O).

Color token enrichment keys used here (besides `enrich_color`'s):
- `roleLocked: bool` — the user set `role` by hand; role assignment never changes it.
- `evidence: {region, aiRole, aiConfidence, aiName}` — the strongest pixel/AI evidence seen for
  the token, so roles can be re-derived across the whole library later.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from shared.color.conversions import delta_e_2000, rgb255
from shared.color.enrichment import enrich_color, oklch
from shared.color.fast_delta_e import ciede2000, srgb255_to_lab_d65
from shared.color.naming import unique_name
from shared.color.roles import ROLES, assign_roles
from shared.color.family_names import is_white_or_black
from shared.color.scales import tonal_scale
from shared.color.schemes import Scheme, build_schemes, scheme_colors
from shared.domain.models import PaletteColor, Region
from shared.domain.tokens import ColorValue, Provenance, Token, TokenType
from shared.library.draft import ROLE_LOCK_KEY, Draft, add_unique, colors_of

EVIDENCE_KEY = "evidence"
DEDUPE_DELTA_E = 2.0  # CIEDE2000 below which two colors are the same token (≈ just noticeable)
# Two colors of ONE image at least this far apart never become one token: the pixel extractor keeps
# two painted surfaces apart from ΔE 0.9 (a white card on a grey-50 page, ΔE 1.0–1.9; extraction's
# clusters.SURFACE_DE), so a pair it reported is two design colors. Across images DEDUPE_DELTA_E holds.
SAME_IMAGE_DELTA_E = 0.9


class NearestColor:
    """Nearest color token by ΔE2000: numpy screens every token, coloraide confirms."""

    def __init__(self, tokens: Iterable[Token]):
        self.ids: list[str] = []
        self.hexes: list[str] = []
        self.lab = np.empty((0, 3))
        for t in tokens:
            self.add(t)

    def add(self, t: Token) -> None:
        self.ids.append(t.id)
        self.hexes.append(t.hex)
        self.lab = np.vstack([self.lab, srgb255_to_lab_d65(np.array([rgb255(t.hex)]))])

    def within(self, hex_: str, limit: float, skip: frozenset[str] = frozenset()) -> str | None:
        """The nearest token under `limit`, other than those in `skip`."""
        if not self.ids:
            return None
        d = ciede2000(srgb255_to_lab_d65(np.array([rgb255(hex_)])), self.lab)
        cands = [(delta_e_2000(hex_, self.hexes[i]), self.ids[i]) for i in np.flatnonzero(d < limit + 0.5)
                 if self.ids[i] not in skip]
        best = min(cands, default=None)
        return best[1] if best is not None and best[0] < limit else None


def _evidence(t: Token) -> dict[str, Any]:
    return dict(t.enrichment.get(EVIDENCE_KEY) or {})


def _absorb(t: Token, pc: PaletteColor, *, job_id: str, image_sha256: str) -> Token:
    """Token with this palette color's provenance and evidence merged in (no-op if seen before)."""
    p = t.provenance
    prov = p.model_copy(update={
        "job_ids": add_unique(list(p.job_ids), job_id),
        "images": add_unique(list(p.images), image_sha256),
        "confidence": max(p.confidence, pc.confidence),
        "share": max(p.share, pc.share),
        "sources": add_unique(list(p.sources), pc.source),
    })
    ev = _evidence(t)
    if pc.region is not None and (pc.share > p.share or "region" not in ev):
        ev["region"] = pc.region.model_dump()
    if pc.role in ROLES and pc.confidence > float(ev.get("aiConfidence", -1.0)):
        ev.update(aiRole=pc.role, aiConfidence=pc.confidence)
        if pc.name:
            ev["aiName"] = pc.name
    enrichment = dict(t.enrichment)
    if ev:
        enrichment[EVIDENCE_KEY] = ev
    return t.model_copy(update={"provenance": prov, "enrichment": enrichment})


def rematch(merged: Sequence[Token], incoming: Sequence[PaletteColor]) -> dict[str, str]:
    """A replayed job: each incoming hex → the nearest of the color tokens that job already made."""
    index = NearestColor(colors_of(merged))
    matches = {pc.hex: index.within(pc.hex, float("inf")) for pc in incoming}
    return {h: t for h, t in matches.items() if t}


def merge_palette(draft: Draft, incoming: Sequence[PaletteColor], *, job_id: str, image_sha256: str) -> dict[str, str]:
    """Merge one image's palette into the draft library; returns incoming hex → token id."""
    # Largest-area colors first: they anchor merges, and the order is deterministic.
    ordered = sorted(incoming, key=lambda c: (-c.share, c.hex))
    library_colors = colors_of(draft.tokens.values())
    everything = [(t.provenance.share, t.hex) for t in library_colors] + [(c.share, c.hex) for c in ordered]
    dominant = max(everything, key=lambda sh: (sh[0], sh[1]))[1] if everything else None
    matches: dict[str, str] = {}
    index = NearestColor(library_colors)
    for pc in ordered:
        # Tokens another color of this image already went to, when that color is SAME_IMAGE_DELTA_E or
        # more from this one: the extractor kept the two apart, so the library does too.
        taken = frozenset(t for h, t in matches.items() if delta_e_2000(pc.hex, h) >= SAME_IMAGE_DELTA_E)
        tid = index.within(pc.hex, DEDUPE_DELTA_E, skip=taken)
        if tid is not None:
            draft.tokens[tid] = _absorb(draft.tokens[tid], pc, job_id=job_id, image_sha256=image_sha256)
        else:
            tid = draft.new_id(TokenType.COLOR, pc.hex)
            fresh = Token(
                id=tid, project_id=draft.project_id, type=TokenType.COLOR,
                name=draft.take_name(unique_name(pc.hex, draft.names)),
                value=ColorValue(hex=pc.hex, oklch=oklch(pc.hex)),
                enrichment=enrich_color(pc.hex, dominant_hex=dominant),
                provenance=Provenance(confidence=0.0, share=0.0),
            )
            draft.create(_absorb(fresh, pc, job_id=job_id, image_sha256=image_sha256))
            index.add(fresh)
        matches.setdefault(pc.hex, tid)
    # Keep incoming order (the job lists its tokens in palette order).
    return {pc.hex: matches[pc.hex] for pc in incoming if pc.hex in matches}


def _palette_view(tokens: Sequence[Token]) -> tuple[list[PaletteColor], dict[str, str]]:
    """Tokens as palette colors (one per hex) plus the user-locked roles, for assign_roles."""
    seen: dict[str, PaletteColor] = {}
    locked: dict[str, str] = {}
    for t in sorted(tokens, key=lambda t: (-t.provenance.share, t.id)):
        if t.hex in seen:
            continue
        ev = _evidence(t)
        seen[t.hex] = PaletteColor(
            hex=t.hex, share=min(max(t.provenance.share, 0.0), 1.0),
            region=Region(**ev["region"]) if isinstance(ev.get("region"), dict) else None,
            role=ev.get("aiRole"), confidence=float(ev.get("aiConfidence", 1.0)),
        )
        if t.enrichment.get(ROLE_LOCK_KEY) and t.role:
            locked[t.hex] = t.role
    return list(seen.values()), locked


def assign_library_roles(tokens: Sequence[Token]) -> list[Token]:
    """Every color token with its role re-derived from library-wide evidence; locked roles kept.
    Tokens of other types are returned unchanged."""
    colors = colors_of(tokens)
    palette, locked = _palette_view(colors)
    by_hex = {a.hex: a.role for a in assign_roles(palette, locked=locked)}
    owner = {}  # one token per hex carries the role (the most prominent one)
    for t in sorted(colors, key=lambda t: (-t.provenance.share, t.id)):
        owner.setdefault(t.hex, t.id)
    out = []
    for t in tokens:
        if not t.is_color or t.enrichment.get(ROLE_LOCK_KEY):
            out.append(t)
            continue
        role = by_hex.get(t.hex) if owner[t.hex] == t.id else None
        out.append(t if role == t.role else t.model_copy(update={"role": role}))
    return out


def library_roles(tokens: Sequence[Token]) -> dict[str, str]:
    """role -> hex from the color tokens' roles (re-derived if no color token has one yet)."""
    colors = colors_of(tokens)
    with_roles = [t for t in colors if t.role in ROLES]
    if not with_roles:
        with_roles = [t for t in assign_library_roles(colors) if t.role in ROLES]
    roles: dict[str, str] = {}
    for t in sorted(with_roles, key=lambda t: (-t.provenance.share, t.id)):
        roles.setdefault(t.role, t.hex)
    return roles


def derive_schemes(tokens: Sequence[Token]) -> dict[str, Scheme]:
    """Light/dark schemes with their measured contrast pairs."""
    return build_schemes(library_roles(tokens))


def derive_theme(tokens: Sequence[Token]) -> tuple[dict[str, dict[int, str]], dict[str, dict[str, str]]]:
    """(scales, schemes) in ExportBundle form: color token id -> {50..950: hex}; mode -> role -> hex.
    No color tokens: no scales and no schemes; white and black have no scale (is_white_or_black)."""
    colors = colors_of(tokens)
    if not colors:
        return {}, {}
    scales = {t.id: tonal_scale(t.hex) for t in colors if not is_white_or_black(t.hex)}
    return scales, scheme_colors(derive_schemes(colors))
