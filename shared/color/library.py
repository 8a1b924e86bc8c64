"""The project library: merging image palettes into tokens, roles across the library, theme.

Pure functions: they take tokens and return tokens; the caller reads and writes Firestore (one
batch for `MergePlan.upserts`) and stamps created_at/updated_at, which are left untouched here
so that a plan is deterministic.

Token enrichment keys used here (besides `enrich_color`'s):
- `roleLocked: bool` — the user set `role` by hand; role assignment never changes it.
- `evidence: {region, aiRole, aiConfidence, aiName}` — the strongest pixel/AI evidence seen for
  the token, so roles can be re-derived across the whole library later.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from shared.color.conversions import delta_e_2000, rgb255
from shared.color.enrichment import enrich_color, oklch
from shared.color.fast_delta_e import ciede2000, srgb255_to_lab_d65
from shared.color.naming import unique_name
from shared.color.roles import ROLES, assign_roles
from shared.color.scales import tonal_scale
from shared.color.schemes import Scheme, build_schemes, scheme_colors
from shared.domain.models import Model, PaletteColor, Provenance, Region, Token

ROLE_LOCK_KEY = "roleLocked"
EVIDENCE_KEY = "evidence"
DEDUPE_DELTA_E = 2.0  # CIEDE2000 below which two colors are the same token (≈ just noticeable)
ID_PREFIX = "col_"


class MergePlan(Model):
    upserts: list[Token]  # created or changed tokens only, sorted by id
    created: list[str]  # ids
    updated: list[str]  # ids
    # incoming hex -> id of the token it landed in (new or existing)
    matches: dict[str, str]

    @property
    def token_ids(self) -> list[str]:
        """The job's tokens, in the incoming palette's order, without repeats."""
        return list(dict.fromkeys(self.matches.values()))


def token_id(project_id: str, hex_: str, taken: Iterable[str] = ()) -> str:
    """Deterministic id from project + hex; re-salted if the id is already used by another token."""
    taken = set(taken)
    n = 0
    while True:
        seed = f"{project_id}\n{hex_}" + (f"\n{n}" if n else "")
        cand = ID_PREFIX + hashlib.sha256(seed.encode()).hexdigest()[:20]
        if cand not in taken:
            return cand
        n += 1


def _add(items: list[str], value: str | None) -> list[str]:
    return items if not value or value in items else [*items, value]


class _NearestToken:
    """Nearest library token by ΔE2000: numpy screens every token, coloraide confirms."""

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

    def within(self, hex_: str, limit: float) -> str | None:
        if not self.ids:
            return None
        d = ciede2000(srgb255_to_lab_d65(np.array([rgb255(hex_)])), self.lab)
        cands = [(delta_e_2000(hex_, self.hexes[i]), self.ids[i]) for i in np.flatnonzero(d < limit + 0.5)]
        best = min(cands, default=None)
        return best[1] if best is not None and best[0] < limit else None


def _evidence(t: Token) -> dict[str, Any]:
    return dict(t.enrichment.get(EVIDENCE_KEY) or {})


def _absorb(t: Token, pc: PaletteColor, *, job_id: str, image_sha256: str) -> Token:
    """Token with this palette color's provenance and evidence merged in (no-op if seen before)."""
    p = t.provenance
    prov = Provenance(
        job_ids=_add(list(p.job_ids), job_id),
        images=_add(list(p.images), image_sha256),
        confidence=max(p.confidence, pc.confidence),
        share=max(p.share, pc.share),
        sources=_add(list(p.sources), pc.source),
    )
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
    """Every token with its role re-derived from library-wide evidence; locked roles kept."""
    colors, locked = _palette_view(tokens)
    by_hex = {a.hex: a.role for a in assign_roles(colors, locked=locked)}
    owner = {}  # one token per hex carries the role (the most prominent one)
    for t in sorted(tokens, key=lambda t: (-t.provenance.share, t.id)):
        owner.setdefault(t.hex, t.id)
    out = []
    for t in tokens:
        if t.enrichment.get(ROLE_LOCK_KEY):
            out.append(t)
            continue
        role = by_hex.get(t.hex) if owner[t.hex] == t.id else None
        out.append(t if role == t.role else t.model_copy(update={"role": role}))
    return out


def plan_merge(
    existing: Sequence[Token],
    incoming: Sequence[PaletteColor],
    *,
    project_id: str,
    job_id: str,
    image_sha256: str,
) -> MergePlan:
    """Merge one image's palette into the library. Same job twice → second plan is empty."""
    merged_before = [t for t in existing if job_id in t.provenance.job_ids]
    if merged_before:
        # A job's tokens are written in one atomic batch, so any trace of it means it is all there.
        # Re-matching instead could land a color on a token this job itself created (order matters).
        index = _NearestToken(merged_before)
        matches = {pc.hex: index.within(pc.hex, float("inf")) for pc in incoming}
        return MergePlan(upserts=[], created=[], updated=[], matches={h: t for h, t in matches.items() if t})
    originals = {t.id: t for t in existing}
    lib: dict[str, Token] = dict(originals)
    names = {t.name for t in existing}
    # Largest-area colors first: they anchor merges, and the order is deterministic.
    ordered = sorted(incoming, key=lambda c: (-c.share, c.hex))
    everything = [(t.provenance.share, t.hex) for t in existing] + [(c.share, c.hex) for c in ordered]
    dominant = max(everything, key=lambda sh: (sh[0], sh[1]))[1] if everything else None

    matches: dict[str, str] = {}
    created: list[str] = []
    index = _NearestToken(lib.values())
    for pc in ordered:
        tid = index.within(pc.hex, DEDUPE_DELTA_E)
        if tid is not None:
            lib[tid] = _absorb(lib[tid], pc, job_id=job_id, image_sha256=image_sha256)
        else:
            tid = token_id(project_id, pc.hex, lib.keys())
            name = unique_name(pc.hex, names)
            names.add(name)
            fresh = Token(
                id=tid, project_id=project_id, hex=pc.hex, name=name, oklch=oklch(pc.hex),
                enrichment=enrich_color(pc.hex, dominant_hex=dominant),
                provenance=Provenance(confidence=0.0, share=0.0),
            )
            lib[tid] = _absorb(fresh, pc, job_id=job_id, image_sha256=image_sha256)
            index.add(fresh)
            created.append(tid)
        matches.setdefault(pc.hex, tid)

    final = {t.id: t for t in assign_library_roles(list(lib.values()))}
    changed = [tid for tid, t in final.items() if tid in originals and t != originals[tid]]
    upserts = sorted((final[i] for i in [*created, *changed]), key=lambda t: t.id)
    # Keep incoming order for matches (the job lists its tokens in palette order).
    matches = {pc.hex: matches[pc.hex] for pc in incoming if pc.hex in matches}
    return MergePlan(upserts=upserts, created=sorted(created), updated=sorted(changed), matches=matches)


def reassign_roles(tokens: Sequence[Token], assignments: dict[str, str | None]) -> list[Token]:
    """Apply roles a user set by hand; returns only the tokens that changed, sorted by id.

    An assigned role is locked (`roleLocked`); assigning None clears and unlocks it. A role is
    held by one token: whoever held it before (locked or not) loses it.
    """
    by_id = {t.id: t for t in tokens}
    unknown = set(assignments) - set(by_id)
    if unknown:
        raise KeyError(f"unknown token ids: {sorted(unknown)}")
    bad = {r for r in assignments.values() if r is not None and r not in ROLES}
    if bad:
        raise ValueError(f"unknown roles: {sorted(bad)}; expected one of {ROLES}")
    given = {r for r in assignments.values() if r}
    out: dict[str, Token] = {}
    for t in tokens:
        enrichment = dict(t.enrichment)
        if t.id in assignments:
            role = assignments[t.id]
            enrichment[ROLE_LOCK_KEY] = role is not None
        elif t.role in given:
            role = None
            enrichment[ROLE_LOCK_KEY] = False
        else:
            continue
        updated = t.model_copy(update={"role": role, "enrichment": enrichment})
        if updated != t:
            out[t.id] = updated
    return [out[i] for i in sorted(out)]


def library_roles(tokens: Sequence[Token]) -> dict[str, str]:
    """role -> hex from the tokens' roles (re-derived if no token has one yet)."""
    with_roles = [t for t in tokens if t.role in ROLES]
    if not with_roles:
        with_roles = [t for t in assign_library_roles(tokens) if t.role in ROLES]
    roles: dict[str, str] = {}
    for t in sorted(with_roles, key=lambda t: (-t.provenance.share, t.id)):
        roles.setdefault(t.role, t.hex)
    return roles


def derive_schemes(tokens: Sequence[Token]) -> dict[str, Scheme]:
    """Light/dark schemes with their measured contrast pairs."""
    return build_schemes(library_roles(tokens))


def derive_theme(tokens: Sequence[Token]) -> tuple[dict[str, dict[int, str]], dict[str, dict[str, str]]]:
    """(scales, schemes) in ExportBundle form: token id -> {50..950: hex}; mode -> role -> hex."""
    scales = {t.id: tonal_scale(t.hex) for t in tokens}
    return scales, scheme_colors(derive_schemes(tokens))
