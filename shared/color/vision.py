"""Color-vision-deficiency check: which palette pairs collapse under protan/deutan/tritan.

Simulation is coloraide's `filter('protan'|'deutan'|'tritan')` at full severity (Brettel 1997
for tritan, Viénot 1999 for protan/deutan, coloraide's defaults), applied in linear sRGB.
A pair is reported when it is clearly distinct for normal vision (ΔE2000 ≥ DISTINCT) but close
after simulation (ΔE2000 < CONFUSABLE).
"""
from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from shared.color.conversions import color, delta_e_2000, to_hex
from shared.domain.models import Model

DEFICIENCIES = ("protan", "deutan", "tritan")
DISTINCT = 10.0
CONFUSABLE = 6.0


class CvdConflict(Model):
    deficiency: str
    a: str
    b: str
    delta_e_normal: float
    delta_e_simulated: float
    simulated_a: str
    simulated_b: str


def simulate(hex_: str, deficiency: str) -> str:
    return to_hex(color(hex_).filter(deficiency, out_space="srgb"))


def cvd_conflicts(hexes: Sequence[str]) -> list[CvdConflict]:
    uniq = sorted(set(hexes))
    out: list[CvdConflict] = []
    sims = {d: {h: simulate(h, d) for h in uniq} for d in DEFICIENCIES}
    for a, b in combinations(uniq, 2):
        normal = delta_e_2000(a, b)
        if normal < DISTINCT:
            continue
        for d in DEFICIENCIES:
            sa, sb = sims[d][a], sims[d][b]
            sim = delta_e_2000(sa, sb)
            if sim < CONFUSABLE:
                out.append(CvdConflict(
                    deficiency=d, a=a, b=b, delta_e_normal=round(normal, 2),
                    delta_e_simulated=round(sim, 2), simulated_a=sa, simulated_b=sb,
                ))
    return out
