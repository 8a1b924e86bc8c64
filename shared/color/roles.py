"""Semantic roles from pixel evidence, AI suggestions and user locks.

Evidence per color: area share, where it sits (bounding-box coverage, full-width bands at the
top/bottom, edge_ratio: 1.0 = lives only on edges, like text and borders), OKLCH
lightness/chroma/hue and WCAG contrast against the chosen background. Roles are filled in a fixed order, each taking the best remaining color:

  locked (user) → confident AI (confidence ≥ AI_CONFIDENT) → background → text → primary →
  status colors by hue → accent → secondary → surface

A color takes at most one role; a role goes to at most one color. Low-confidence AI roles only
add a bonus to that role's score. Every assignment carries a score and human-readable evidence.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shared.color.contrast import wcag_contrast
from shared.color.conversions import hue_distance, oklch_coords
from shared.domain.models import Model, PaletteColor

ROLES = ("primary", "secondary", "accent", "background", "surface", "text",
         "success", "warning", "error", "info")
AI_CONFIDENT = 0.7
AI_BONUS = 0.25  # added to a role's score when a less confident AI suggests it
CHROMATIC = 0.06  # OKLCH chroma from which a color can carry a brand/status role
# OKLCH hue centres of conventional status colors (e.g. #D32F2F ≈ 27°, #F59E0B ≈ 70°,
# #16A34A ≈ 150°, #2563EB ≈ 264°), with the allowed deviation.
STATUS_HUES = {"error": (27.0, 15.0), "warning": (75.0, 25.0), "success": (148.0, 35.0),
               "info": (250.0, 30.0)}
MIN_SCORE = {"background": 0.0, "text": 0.35, "primary": 0.3, "accent": 0.3, "secondary": 0.25,
             "surface": 0.3, "success": 0.45, "warning": 0.45, "error": 0.45, "info": 0.45}


class RoleAssignment(Model):
    role: str
    hex: str
    score: float
    source: str  # user | ai | pixels
    evidence: list[str]


@dataclass(frozen=True)
class _Feat:
    hex: str
    share: float
    rel_share: float  # share / the largest share
    chroma_share: float  # share / the largest share among chromatic colors (0 if achromatic)
    l: float
    c: float
    h: float
    edge: float
    coverage: float  # bounding-box area fraction (0.5 when unknown)
    band: bool  # full-width strip at the top or bottom (header, nav, footer)
    ai_role: str | None
    ai_conf: float

    @property
    def chroma_n(self) -> float:
        return min(self.c / 0.2, 1.0)

    @property
    def neutral_n(self) -> float:
        return 1.0 - min(self.c / 0.08, 1.0)


def _features(colors: Sequence[PaletteColor]) -> list[_Feat]:
    top = max((c.share for c in colors), default=0.0) or 1.0
    lch = {pc.hex: oklch_coords(pc.hex) for pc in colors}
    top_chromatic = max((pc.share for pc in colors if lch[pc.hex][1] >= CHROMATIC), default=0.0) or 1.0
    feats = []
    for pc in colors:
        l, c, h = lch[pc.hex]
        r = pc.region
        cov = (max(r.x1 - r.x0, 0) * max(r.y1 - r.y0, 0)) if r else 0.5
        band = bool(r) and (r.x1 - r.x0) >= 0.8 and (r.y1 - r.y0) <= 0.3 and (r.cy <= 0.25 or r.cy >= 0.75)
        feats.append(_Feat(pc.hex, pc.share, pc.share / top,
                           pc.share / top_chromatic if c >= CHROMATIC else 0.0, l, c, h,
                           r.edge_ratio if r else 0.0, cov, band,
                           pc.role if pc.role in ROLES else None, pc.confidence))
    return feats


def _ai_bonus(f: _Feat, role: str) -> float:
    return AI_BONUS * f.ai_conf if f.ai_role == role else 0.0


def _score_background(f: _Feat) -> tuple[float, list[str]]:
    extremity = abs(f.l - 0.5) * 2
    s = 0.55 * f.rel_share + 0.15 * f.coverage + 0.15 * extremity + 0.1 * f.neutral_n + 0.05 * (1 - f.edge)
    return s + _ai_bonus(f, "background"), [
        f"share {f.share:.2f}", f"bbox coverage {f.coverage:.2f}", f"OKLCH L {f.l:.2f}", f"edge {f.edge:.2f}"]


def _score_text(f: _Feat, bg: str | None) -> tuple[float, list[str]]:
    cr = wcag_contrast(f.hex, bg) if bg else 1.0 + 20 * abs(f.l - 0.5)
    s = 0.45 * min(cr / 7.0, 1.0) + 0.3 * f.edge + 0.15 * f.neutral_n + 0.1 * (1 - f.rel_share)
    if cr < 3.0:
        s *= 0.3  # text that cannot be read on the background is not the text color
    return s + _ai_bonus(f, "text"), [f"contrast {cr:.2f}:1 on background", f"edge {f.edge:.2f}",
                                      f"OKLCH C {f.c:.3f}"]


def _score_brand(f: _Feat, bg: str | None, role: str, primary_h: float | None) -> tuple[float, list[str]]:
    if f.c < CHROMATIC and f.ai_role != role:
        return 0.0, []
    cr = wcag_contrast(f.hex, bg) if bg else 3.0
    ev = [f"OKLCH C {f.c:.3f}", f"share {f.share:.2f}", f"contrast {cr:.2f}:1 on background"]
    contrast_ok = min(cr / 3.0, 1.0)
    if role == "primary":
        # The most prominent saturated color that stands out from the background.
        s = 0.35 * f.chroma_n + 0.4 * f.chroma_share + 0.15 * contrast_ok + 0.1 * (1 - f.edge)
    elif role == "accent":
        # Small, saturated, away from the primary hue: highlights and calls to action.
        apart = min(hue_distance(f.h, primary_h) / 60.0, 1.0) if primary_h is not None else 1.0
        s = 0.4 * f.chroma_n + 0.2 * (1 - f.chroma_share) + 0.2 * contrast_ok + 0.2 * apart
        ev.append(f"{hue_distance(f.h, primary_h):.0f}° from primary" if primary_h is not None else "")
    else:  # secondary
        s = 0.4 * f.chroma_n + 0.4 * f.chroma_share + 0.2 * contrast_ok
    return s + _ai_bonus(f, role), [e for e in ev if e]


def _score_status(f: _Feat, role: str) -> tuple[float, list[str]]:
    centre, tol = STATUS_HUES[role]
    d = hue_distance(f.h, centre)
    if (f.c < CHROMATIC or d > tol) and f.ai_role != role:
        return 0.0, []
    s = 0.5 * (1 - d / tol if d <= tol else 0.0) + 0.5 * f.chroma_n
    return s + _ai_bonus(f, role), [f"OKLCH hue {f.h:.0f}° ({d:.0f}° from {role} {centre:.0f}°)",
                                    f"OKLCH C {f.c:.3f}"]


def _score_surface(f: _Feat, bg_l: float | None) -> tuple[float, list[str]]:
    if bg_l is None:
        return 0.0, []
    dl = abs(f.l - bg_l)
    near = max(0.0, 1 - dl / 0.15)
    s = 0.4 * near + 0.2 * f.neutral_n + 0.2 * f.rel_share + 0.1 * (1 - f.edge) + 0.1 * f.band
    ev = [f"ΔL {dl:.3f} from background", f"share {f.share:.2f}"] + (["header/footer band"] if f.band else [])
    return s + _ai_bonus(f, "surface"), ev


def assign_roles(
    colors: Sequence[PaletteColor], *, locked: dict[str, str] | None = None
) -> list[RoleAssignment]:
    """Roles for a palette. `locked`: hex -> role fixed by a user (always kept as is)."""
    feats = _features(colors)
    by_hex = {f.hex: f for f in feats}
    taken: dict[str, RoleAssignment] = {}  # role -> assignment
    used: set[str] = set()

    def give(role: str, f: _Feat, score: float, source: str, evidence: list[str]) -> None:
        taken[role] = RoleAssignment(role=role, hex=f.hex, score=round(score, 4), source=source,
                                     evidence=evidence)
        used.add(f.hex)

    for hex_, role in sorted((locked or {}).items()):
        if role in ROLES and role not in taken and hex_ in by_hex and hex_ not in used:
            give(role, by_hex[hex_], 1.0, "user", ["set by a user"])
    for f in sorted(feats, key=lambda f: (-f.ai_conf, f.hex)):
        if f.ai_role and f.ai_conf >= AI_CONFIDENT and f.ai_role not in taken and f.hex not in used:
            give(f.ai_role, f, f.ai_conf, "ai", [f"AI role with confidence {f.ai_conf:.2f}"])

    def best(role: str, scorer) -> None:
        if role in taken:
            return
        cands = [(scorer(f), f) for f in feats if f.hex not in used]
        cands = [((s, ev), f) for (s, ev), f in cands if s >= MIN_SCORE[role] and s > 0]
        if not cands:
            return
        (s, ev), f = max(cands, key=lambda t: (t[0][0], t[1].share, t[1].hex))
        give(role, f, s, "pixels", ev)

    best("background", _score_background)
    bg = taken["background"].hex if "background" in taken else None
    best("text", lambda f: _score_text(f, bg))
    best("primary", lambda f: _score_brand(f, bg, "primary", None))
    primary_h = by_hex[taken["primary"].hex].h if "primary" in taken else None
    for role in ("error", "warning", "success", "info"):
        best(role, lambda f, r=role: _score_status(f, r))
    best("accent", lambda f: _score_brand(f, bg, "accent", primary_h))
    best("secondary", lambda f: _score_brand(f, bg, "secondary", primary_h))
    best("surface", lambda f: _score_surface(f, by_hex[bg].l if bg else None))
    return [taken[r] for r in ROLES if r in taken]
