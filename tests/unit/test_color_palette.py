"""Harmony, color-vision conflicts, scales, roles and the palette analysis."""
from __future__ import annotations

import pytest
from coloraide import Color

from shared.color.conversions import oklch_coords, oklch_to_hex
from shared.color.harmony import classify_harmony
from shared.color.palette import analyze_palette
from shared.color.roles import assign_roles
from shared.color.scales import STEPS, tonal_scale
from shared.color.vision import cvd_conflicts
from shared.domain.models import PaletteColor, Region


def _hues(*hues: float, l: float = 0.65, c: float = 0.12) -> list[tuple[str, float]]:
    return [(oklch_to_hex(l, c, h), 0.2) for h in hues]


@pytest.mark.parametrize("hues,kind", [
    ((250, 252, 258), "monochromatic"),
    ((200, 225, 250), "analogous"),
    ((30, 210), "complementary"),
    ((40, 190, 250), "split-complementary"),
    ((20, 140, 260), "triadic"),
    ((10, 100, 190, 280), "tetradic"),
    ((0, 60, 180, 240), "tetradic"),
    ((0, 35, 160), "unclassified"),
])
def test_harmony_on_constructed_palettes(hues, kind):
    h = classify_harmony(_hues(*hues))
    assert h.kind == kind, h.note
    assert len(h.hues) == len(hues)  # evidence: every hue angle is reported


def test_harmony_evidence_and_neutrals():
    h = classify_harmony(_hues(30, 210) + [("#FFFFFF", 0.5), ("#222222", 0.1)])
    assert h.kind == "complementary"
    assert h.template_error is not None and h.template_error <= 25
    assert set(h.achromatic) == {"#FFFFFF", "#222222"}
    assert classify_harmony([("#FFFFFF", 1.0), ("#000000", 0.1)]).kind == "monochromatic"


def test_cvd_flags_red_green_pair():
    conflicts = cvd_conflicts(["#E53935", "#43A047"])
    kinds = {c.deficiency for c in conflicts}
    assert kinds & {"protan", "deutan"}
    assert "tritan" not in kinds
    c = conflicts[0]
    assert c.delta_e_normal > 10 and c.delta_e_simulated < 6


def test_cvd_leaves_blue_yellow_alone_for_red_green_deficiencies():
    assert not [c for c in cvd_conflicts(["#1E40AF", "#FACC15"]) if c.deficiency in ("protan", "deutan")]


@pytest.mark.parametrize("key", ["#FF0000", "#00FF00", "#0000FF", "#FFFF00", "#3366CC", "#808080",
                                 "#0F766E", "#F5F5DC", "#1A1A2E", "#FF00FF"])
def test_scales_monotonic_and_in_gamut(key):
    scale = tonal_scale(key)
    assert list(scale) == list(STEPS)
    ls = [oklch_coords(scale[s])[0] for s in STEPS]
    assert all(a > b for a, b in zip(ls, ls[1:])), ls
    for hx in scale.values():
        assert Color(hx).in_gamut("srgb", tolerance=0)
    assert key in scale.values()  # the key color is anchored at its nearest step


def _pc(hex_, share, edge=0.0, box=(0, 0, 1, 1), **kw) -> PaletteColor:
    x0, y0, x1, y1 = box
    return PaletteColor(hex=hex_, share=share, region=Region(x0=x0, y0=y0, x1=x1, y1=y1,
                                                             cx=(x0 + x1) / 2, cy=(y0 + y1) / 2,
                                                             edge_ratio=edge), **kw)


UI = [
    _pc("#F8FAFC", 0.70, edge=0.05),                       # large light area
    _pc("#111827", 0.06, edge=0.92, box=(0.1, 0.1, 0.9, 0.9)),  # dark, thin, on edges: text
    _pc("#2563EB", 0.03, edge=0.25, box=(0.4, 0.8, 0.6, 0.86)),  # small saturated button
    _pc("#E2E8F0", 0.15, edge=0.2, box=(0, 0, 1, 0.12)),    # header strip
    _pc("#64748B", 0.04, edge=0.7),
]


def _roles(colors, **kw):
    return {a.role: a for a in assign_roles(colors, **kw)}


def test_roles_from_pixel_evidence():
    r = _roles(UI)
    assert r["background"].hex == "#F8FAFC"
    assert r["text"].hex == "#111827"
    assert r["primary"].hex == "#2563EB" or r.get("accent") and r["accent"].hex == "#2563EB"
    assert r["surface"].hex == "#E2E8F0"
    assert all(a.source == "pixels" and a.evidence for a in r.values())
    assert len({a.hex for a in r.values()}) == len(r)  # a color holds one role


def test_confident_ai_role_wins_over_pixels():
    colors = UI[:2] + [_pc("#2563EB", 0.03, role="accent", confidence=0.9, source="claude")] + UI[3:]
    r = _roles(colors)
    assert r["accent"].hex == "#2563EB" and r["accent"].source == "ai"
    assert r.get("primary") is None or r["primary"].hex != "#2563EB"


def test_unconfident_ai_role_does_not_override_strong_pixel_evidence():
    colors = [_pc("#F8FAFC", 0.70, edge=0.05, role="text", confidence=0.3)] + UI[1:]
    assert _roles(colors)["background"].hex == "#F8FAFC"


def test_locked_role_is_kept():
    r = _roles(UI, locked={"#64748B": "primary"})
    assert r["primary"].hex == "#64748B" and r["primary"].source == "user"


def test_status_roles_by_hue():
    colors = UI + [_pc("#DC2626", 0.01), _pc("#16A34A", 0.01)]
    r = _roles(colors)
    assert r["error"].hex == "#DC2626" and r["success"].hex == "#16A34A"


def test_analyze_palette_end_to_end():
    a = analyze_palette(UI + [_pc("#F97316", 0.02, edge=0.4)])
    assert a.role_hexes()["background"] == "#F8FAFC"
    assert set(a.schemes) == {"light", "dark"}
    assert all(p.passes for s in a.schemes.values() for p in s.pairs)
    assert set(a.scales) == {r.hex for r in a.roles}
    assert a.model_dump(mode="json")  # serialisable at the edge


def test_analyze_palette_merges_duplicate_hexes():
    a = analyze_palette([_pc("#2563EB", 0.2), _pc("#2563EB", 0.1, role="primary", confidence=0.95),
                         _pc("#FFFFFF", 0.7)])
    assert a.role_hexes()["primary"] == "#2563EB"


def test_header_band_counts_as_surface_evidence():
    r = _roles(UI)
    assert "header/footer band" in r["surface"].evidence


def test_white_and_black_roles_get_no_scale_in_the_analysis():
    a = analyze_palette([PaletteColor(hex="#FFFFFF", share=0.6), PaletteColor(hex="#000000", share=0.2),
                         PaletteColor(hex="#2563EB", share=0.2)])
    assert {"#FFFFFF", "#000000"} <= {r.hex for r in a.roles}  # they hold roles …
    assert set(a.scales) == {"#2563EB"}  # … but no grey ramp is named after them
