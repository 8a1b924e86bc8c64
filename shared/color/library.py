"""Merging an image's palette into a project's library (first version, walking skeleton).

ΔE2000 < 2 counts as the same token: provenance grows, no new token. Pure: the caller writes the
plan in one batch. Idempotent: a job already in a token's provenance changes nothing.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from shared.color.enrichment import delta_e_2000, enrich_color, oklch
from shared.domain.models import PaletteColor, Provenance, Token

SAME_TOKEN_DE = 2.0


@dataclass
class MergePlan:
    upserts: list[Token] = field(default_factory=list)
    token_ids: list[str] = field(default_factory=list)  # the library tokens this image's colors map to


def token_id(project_id: str, hex_: str) -> str:
    return "t-" + hashlib.sha256(f"{project_id}:{hex_}".encode()).hexdigest()[:16]


def plan_merge(existing: list[Token], incoming: list[PaletteColor], *, project_id: str, job_id: str,
               image_sha256: str | None) -> MergePlan:
    library = {t.id: t.model_copy(deep=True) for t in existing}
    changed: dict[str, Token] = {}
    plan = MergePlan()
    names = {t.name for t in library.values()}
    for color in incoming:
        match = min(library.values(), key=lambda t: delta_e_2000(t.hex, color.hex), default=None)
        if match is not None and delta_e_2000(match.hex, color.hex) < SAME_TOKEN_DE:
            prov = match.provenance
            if job_id not in prov.job_ids:
                prov.job_ids.append(job_id)
                if image_sha256 and image_sha256 not in prov.images:
                    prov.images.append(image_sha256)
                prov.share = max(prov.share, color.share)
                if color.source not in prov.sources:
                    prov.sources.append(color.source)
                changed[match.id] = match
            plan.token_ids.append(match.id)
            continue
        name = color.name or color.hex
        while name in names:
            name = f"{name} 2" if not name[-1].isdigit() else name[:-1] + str(int(name[-1]) + 1)
        names.add(name)
        token = Token(id=token_id(project_id, color.hex), project_id=project_id, hex=color.hex, name=name,
                      role=color.role, oklch=oklch(color.hex), enrichment=enrich_color(color.hex),
                      provenance=Provenance(job_ids=[job_id], images=[image_sha256] if image_sha256 else [],
                                            confidence=color.confidence, share=color.share, sources=[color.source]))
        library[token.id] = token
        changed[token.id] = token
        plan.token_ids.append(token.id)
    plan.upserts = list(changed.values())
    return plan
