"""Per-palette analysis: harmony, color-vision conflicts, tonal scales, roles and schemes."""
from __future__ import annotations

from collections.abc import Sequence

from shared.color.family_names import is_white_or_black
from shared.color.harmony import Harmony, classify_harmony
from shared.color.roles import RoleAssignment, assign_roles
from shared.color.scales import tonal_scale
from shared.color.schemes import Scheme, build_schemes
from shared.color.vision import CvdConflict, cvd_conflicts
from shared.domain.models import Model, PaletteColor

# Colors below this share are left out of harmony (specks and anti-aliasing shouldn't vote).
HARMONY_MIN_SHARE = 0.01


class PaletteAnalysis(Model):
    harmony: Harmony
    cvd_conflicts: list[CvdConflict]
    roles: list[RoleAssignment]
    # hex -> {50..950: hex}; one scale per key color (every palette color with a role, or all) but
    # white and black
    scales: dict[str, dict[int, str]]
    schemes: dict[str, Scheme]  # "light" / "dark"

    def role_hexes(self) -> dict[str, str]:
        return {r.role: r.hex for r in self.roles}


def analyze_palette(
    colors: Sequence[PaletteColor], *, locked: dict[str, str] | None = None
) -> PaletteAnalysis:
    """`locked`: hex -> role fixed by a user (kept as is)."""
    colors = _dedupe(colors)
    harmony = classify_harmony([(c.hex, c.share) for c in colors if c.share >= HARMONY_MIN_SHARE] or
                               [(c.hex, c.share) for c in colors])
    roles = assign_roles(colors, locked=locked)
    role_hexes = {r.role: r.hex for r in roles}
    keys = sorted({r.hex for r in roles}) or sorted({c.hex for c in colors})
    return PaletteAnalysis(
        harmony=harmony,
        cvd_conflicts=cvd_conflicts([c.hex for c in colors]),
        roles=roles,
        scales={h: tonal_scale(h) for h in keys if not is_white_or_black(h)},
        schemes=build_schemes(role_hexes),
    )


def _dedupe(colors: Sequence[PaletteColor]) -> list[PaletteColor]:
    """Same hex twice (e.g. pixels and AI both report it): keep one, sum shares, keep AI role."""
    merged: dict[str, PaletteColor] = {}
    for c in colors:
        if c.hex not in merged:
            merged[c.hex] = c
            continue
        m = merged[c.hex]
        best_ai = max((m, c), key=lambda x: (x.role is not None, x.confidence))
        merged[c.hex] = m.model_copy(update={
            "share": min(1.0, m.share + c.share),
            "region": m.region or c.region,
            "role": best_ai.role, "confidence": best_ai.confidence, "name": m.name or c.name,
        })
    return list(merged.values())
