"""Semantic roles at their documented edges (shared/color/roles.py) and the scores and evidence a user
sees, pinned. Edges: an AI role is confident from 0.7; a color carries a brand/status role from OKLCH
chroma 0.06; the error hue is 27° ± 15°; a header/footer band is a full-width strip (≥ 0.8 wide,
≤ 0.3 tall) centred in the top or bottom quarter. Hues and chroma are measured by coloraide, not
by our code. The pinned scores were printed by assign_roles on 2026-12-07: a change to the weights
moves them and must be made on purpose, here."""
from __future__ import annotations

import pytest
from coloraide import Color

from shared.color.roles import assign_roles
from shared.domain.models import PaletteColor, Region


def _pc(hex_, share, edge=0.0, box=(0, 0, 1, 1), **kw) -> PaletteColor:
    x0, y0, x1, y1 = box
    return PaletteColor(hex=hex_, share=share, region=Region(x0=x0, y0=y0, x1=x1, y1=y1,
                                                             cx=(x0 + x1) / 2, cy=(y0 + y1) / 2,
                                                             edge_ratio=edge), **kw)


def _roles(colors, **kw):
    return {a.role: a for a in assign_roles(colors, **kw)}


def _lch(hex_):
    c = Color(hex_).convert("oklch")
    return c["chroma"], c["hue"]


PAGE = [_pc("#FFFFFF", 0.8, edge=0.02), _pc("#111111", 0.1, edge=0.9)]
BLUE = _pc("#2563EB", 0.05, edge=0.3)

UI = [
    _pc("#F8FAFC", 0.70, edge=0.05),
    _pc("#111827", 0.06, edge=0.92, box=(0.1, 0.1, 0.9, 0.9)),
    _pc("#2563EB", 0.03, edge=0.25, box=(0.4, 0.8, 0.6, 0.86)),
    _pc("#E2E8F0", 0.15, edge=0.2, box=(0, 0, 1, 0.12)),
    _pc("#64748B", 0.04, edge=0.7),
    _pc("#DC2626", 0.01), _pc("#16A34A", 0.01), _pc("#F59E0B", 0.012), _pc("#0EA5E9", 0.008),
    _pc("#DB2777", 0.02, edge=0.4, box=(0.7, 0.3, 0.8, 0.35)), _pc("#7C3AED", 0.015, edge=0.3),
]
UI_ROLES = [
    ("primary", "#2563EB", 0.975, ["OKLCH C 0.215", "share 0.03", "contrast 4.94:1 on background"]),
    ("secondary", "#7C3AED", 0.8, ["OKLCH C 0.247", "share 0.01", "contrast 5.45:1 on background"]),
    ("accent", "#DB2777", 0.8667, ["OKLCH C 0.218", "share 0.02", "contrast 4.39:1 on background",
                                   "98° from primary"]),
    ("background", "#F8FAFC", 0.9885, ["share 0.70", "bbox coverage 1.00", "OKLCH L 0.98", "edge 0.05"]),
    ("surface", "#E2E8F0", 0.6436, ["ΔL 0.055 from background", "share 0.15", "header/footer band"]),
    ("text", "#111827", 0.9079, ["contrast 16.96:1 on background", "edge 0.92", "OKLCH C 0.032"]),
    ("success", "#16A34A", 0.9074, ["OKLCH hue 149° (1° from success 148°)", "OKLCH C 0.170"]),
    ("warning", "#F59E0B", 0.8133, ["OKLCH hue 70° (5° from warning 75°)", "OKLCH C 0.165"]),
    ("error", "#DC2626", 0.9892, ["OKLCH hue 27° (0° from error 27°)", "OKLCH C 0.215"]),
    ("info", "#0EA5E9", 0.6584, ["OKLCH hue 237° (13° from info 250°)", "OKLCH C 0.148"]),
]
# A dark UI whose colors carry no region (coverage taken as 0.5, edge as 0).
DARK = [PaletteColor(hex=h, share=s) for h, s in [("#0F172A", 0.6), ("#E2E8F0", 0.08), ("#1E293B", 0.2),
                                                  ("#38BDF8", 0.05), ("#A78BFA", 0.03), ("#FB7185", 0.02),
                                                  ("#94A3B8", 0.02)]]
DARK_ROLES = [
    ("primary", "#38BDF8", 0.8932, ["OKLCH C 0.139", "share 0.05", "contrast 8.33:1 on background"]),
    ("accent", "#A78BFA", 0.7983, ["OKLCH C 0.159", "share 0.03", "contrast 6.56:1 on background",
                                   "61° from primary"]),
    ("background", "#0F172A", 0.8129, ["share 0.60", "bbox coverage 0.50", "OKLCH L 0.21", "edge 0.00"]),
    ("surface", "#1E293B", 0.483, ["ΔL 0.072 from background", "share 0.20"]),
    ("text", "#E2E8F0", 0.663, ["contrast 14.48:1 on background", "edge 0.00", "OKLCH C 0.013"]),
    ("error", "#FB7185", 0.4701, ["OKLCH hue 13° (14° from error 27°)", "OKLCH C 0.169"]),
]


@pytest.mark.parametrize("colors,expected", [(UI, UI_ROLES), (DARK, DARK_ROLES)], ids=["light-ui", "dark-ui"])
def test_the_roles_their_scores_and_evidence_do_not_move(colors, expected):
    got = [(a.role, a.hex, a.score, a.evidence) for a in assign_roles(colors)]
    assert got == expected
    assert all(a.source == "pixels" for a in assign_roles(colors))


def test_an_ai_role_is_confident_from_0_7():
    at = _roles(PAGE + [_pc("#2563EB", 0.05, edge=0.3, role="accent", confidence=0.7)])
    assert (at["accent"].hex, at["accent"].source, at["accent"].score) == ("#2563EB", "ai", 0.7)
    assert at["accent"].evidence == ["AI role with confidence 0.70"]
    under = _roles(PAGE + [_pc("#2563EB", 0.05, edge=0.3, role="accent", confidence=0.69)])
    assert "accent" not in under  # the pixels make it the primary
    assert (under["primary"].hex, under["primary"].source, under["primary"].score) == ("#2563EB", "pixels", 0.97)


def test_a_brand_role_needs_oklch_chroma_0_06():
    assert 0.06 < _lch("#6788A7")[0] < 0.0605 and 0.0595 < _lch("#366177")[0] < 0.06
    over = _roles(PAGE + [_pc("#6788A7", 0.05, edge=0.3)])
    assert (over["primary"].hex, over["primary"].score) == ("#6788A7", 0.7254)
    assert "primary" not in _roles(PAGE + [_pc("#366177", 0.05, edge=0.3)])


def test_the_error_hue_reaches_15_degrees_from_27_and_not_beyond():
    assert 41.6 < _lch("#E35E21")[1] < 42.0 < _lch("#CD5925")[1] < 42.1
    inside = _roles(PAGE + [BLUE, _pc("#E35E21", 0.01, edge=0.3)])
    assert (inside["error"].hex, inside["error"].score) == ("#E35E21", 0.4608)
    assert inside["error"].evidence == ["OKLCH hue 42° (15° from error 27°)", "OKLCH C 0.180"]
    outside = _roles(PAGE + [BLUE, _pc("#CD5925", 0.01, edge=0.3)])
    assert "error" not in outside and outside["accent"].hex == "#CD5925"


@pytest.mark.parametrize("box,band", [
    ((0.1, 0, 0.9, 0.2), True), ((0.11, 0, 0.9, 0.2), False),  # 0.8 wide / 0.79
    ((0, 0, 0.8, 0.3), True), ((0, 0, 1, 0.31), False),  # 0.3 tall / 0.31
    ((0, 0.15, 1, 0.35), True), ((0, 0.16, 1, 0.36), False),  # centred at 0.25 / 0.26
    ((0, 0.65, 1, 0.85), True), ((0, 0.64, 1, 0.84), False),  # centred at 0.75 / 0.74
])
def test_a_header_or_footer_band_is_surface_evidence(box, band):
    surface = _roles(PAGE + [_pc("#F1F1F1", 0.08, edge=0.1, box=box)])["surface"]
    assert surface.hex == "#F1F1F1"
    assert ("header/footer band" in surface.evidence) is band
    assert surface.score == (0.6984 if band else 0.5984)


def test_text_needs_contrast_3_to_1_on_the_background():
    inside, outside = "#949494", "#959595"
    assert 3.0 < Color(inside).contrast("white", method="wcag21") < 3.04
    assert 2.99 < Color(outside).contrast("white", method="wcag21") < 3.0
    text = _roles([_pc("#FFFFFF", 0.8, edge=0.02), _pc(inside, 0.1, edge=0.9)])["text"]
    assert (text.hex, text.score) == (inside, 0.7025)
    assert text.evidence == ["contrast 3.03:1 on background", "edge 0.90", "OKLCH C 0.000"]
    assert "text" not in _roles([_pc("#FFFFFF", 0.8, edge=0.02), _pc(outside, 0.1, edge=0.9)])


def test_a_locked_role_is_kept_whatever_the_evidence_and_an_unknown_role_is_ignored():
    r = _roles(UI, locked={"#64748B": "primary", "#7C3AED": "brand", "#000000": "accent"})
    assert (r["primary"].hex, r["primary"].source, r["primary"].score) == ("#64748B", "user", 1.0)
    assert r["primary"].evidence == ["set by a user"]
    assert r["accent"].source == "pixels"


def test_a_less_confident_ai_role_adds_a_quarter_of_its_confidence_to_that_role_only():
    band = (0, 0, 1, 0.2)
    plain = _roles(PAGE + [_pc("#F1F1F1", 0.08, edge=0.1, box=band)])["surface"]
    hinted = _roles(PAGE + [_pc("#F1F1F1", 0.08, edge=0.1, box=band, role="surface", confidence=0.4)])["surface"]
    assert (plain.score, hinted.score, hinted.source) == (0.6984, 0.7984, "pixels")  # + 0.25 × 0.4
    other = _roles(PAGE + [_pc("#F1F1F1", 0.08, edge=0.1, box=band, role="text", confidence=0.4)])["surface"]
    assert other.score == 0.6984


def test_an_ai_status_role_reaches_a_hue_outside_its_range_with_its_bonus():
    pink = "#DB2777"  # OKLCH hue ≈ 0.6°, outside error's 27° ± 15°
    assert _lch(pink)[1] < 1
    assert "error" not in _roles(PAGE + [BLUE, _pc(pink, 0.02, edge=0.4)])
    r = _roles(PAGE + [BLUE, _pc(pink, 0.02, edge=0.4, role="error", confidence=0.5)])
    assert (r["error"].hex, r["error"].score, r["error"].source) == (pink, 0.625, "pixels")


WHITE, INK = _pc("#FFFFFF", 0.8, edge=0.02), _pc("#111111", 0.1, edge=0.9)


def _hinted(hex_, share, role, conf, edge=0.5):
    return _pc(hex_, share, edge=edge, role=role, confidence=conf)


# Each role's least score: text 0.35, primary 0.3, accent 0.3, secondary 0.25, surface 0.3, status 0.45.
# A weak candidate is pushed across it by a little more of a less confident AI hint (or less edge).
@pytest.mark.parametrize("role,least,build,inside,outside,hex_,score", [
    ("text", 0.35, lambda k: [WHITE, _hinted("#AAAAAA", 0.15, "text", k, edge=1.0)], 0.59, 0.58, "#AAAAAA", 0.3517),
    ("primary", 0.3, lambda k: [WHITE, INK, _hinted("#8A8F99", 0.05, "primary", k)], 0.29, 0.28, "#8A8F99", 0.3004),
    ("secondary", 0.25, lambda k: [WHITE, INK, _hinted("#8A8F99", 0.05, "secondary", k)], 0.08, 0.07, "#8A8F99",
     0.2519),
    ("accent", 0.3, lambda k: [WHITE, INK, BLUE, _hinted("#A9BFF0", 0.05, "accent", k)], 0.08, 0.07, "#A9BFF0",
     0.3005),
    ("surface", 0.3, lambda e: [WHITE, INK, _pc("#C8C8C8", 0.05, edge=e)], 0.12, 0.13, "#C8C8C8", 0.3005),
    ("success", 0.45, lambda k: [WHITE, INK, BLUE, _hinted("#779D8D", 0.02, "success", k)], 0.42, 0.41, "#779D8D",
     0.4512),
    ("warning", 0.45, lambda k: [WHITE, INK, BLUE, _hinted("#938665", 0.02, "warning", k)], 0.44, 0.43, "#938665",
     0.4524),
    ("info", 0.45, lambda k: [WHITE, INK, BLUE, _hinted("#8A9CC0", 0.02, "info", k)], 0.17, 0.16, "#8A9CC0", 0.4501),
])
def test_a_role_needs_its_least_score(role, least, build, inside, outside, hex_, score):
    got = _roles(build(inside))[role]
    assert (got.hex, got.score, got.source) == (hex_, score, "pixels")
    assert least <= score < least + 0.005
    assert role not in _roles(build(outside))


def test_a_saturated_text_color_gets_no_neutral_credit_and_no_penalty():
    # OKLCH C 0.138 (over 0.08): 0.45 × 1 (contrast ≥ 7) + 0.3 × 0.9 (edge) + 0 + 0.1 × (1 − 0.125) = 0.8075.
    text = _roles([WHITE, _pc("#1E3A8A", 0.1, edge=0.9)])["text"]
    assert (text.hex, text.score) == ("#1E3A8A", 0.8075)


def test_coverage_is_the_area_of_the_colors_box():
    bg = _roles([_pc("#FFFFFF", 0.6, edge=0.02, box=(0.2, 0.2, 0.8, 1.0)), INK])["background"]
    assert bg.evidence[1] == "bbox coverage 0.48"  # 0.6 wide × 0.8 tall
    assert bg.score == 0.921


def test_a_less_confident_ai_background_hint_adds_to_the_background_score():
    bg = _roles([_pc("#FFFFFF", 0.8, edge=0.02, role="background", confidence=0.4), INK])["background"]
    assert (bg.hex, bg.score, bg.source) == ("#FFFFFF", 1.099, "pixels")  # 0.999 + 0.25 × 0.4


def test_the_primary_need_not_be_the_largest_chromatic_color_and_scores_its_share_of_it():
    # #6788A7 covers twice the blue's area but is barely chromatic: the blue is the primary,
    # with 0.4 × 0.5 (half the largest chromatic share) instead of 0.4 × 1.
    r = _roles([WHITE, INK, _pc("#6788A7", 0.1, edge=0.3), _pc("#2563EB", 0.05, edge=0.3)])
    assert (r["primary"].hex, r["primary"].score) == ("#2563EB", 0.77)


def test_a_primary_under_3_to_1_on_the_background_scores_its_fraction_of_3():
    # Amber on white, 1.67:1: 0.15 × 1.67 / 3 instead of 0.15.
    r = _roles([WHITE, INK, _pc("#FBBF24", 0.05, edge=0.3)])
    assert (r["primary"].hex, r["primary"].score) == ("#FBBF24", 0.8412)
    assert r["primary"].evidence[2] == "contrast 1.67:1 on background"


def test_an_accent_with_no_primary_counts_as_fully_apart_and_a_faint_secondary_scores_its_contrast():
    alone = _roles([WHITE, INK, _hinted("#8A8F99", 0.05, "accent", 0.3)])
    assert "primary" not in alone and (alone["accent"].hex, alone["accent"].score) == ("#8A8F99", 0.7069)
    r = _roles([WHITE, INK, BLUE, _pc("#DB2777", 0.02, edge=0.4), _pc("#C4B5FD", 0.03, edge=0.3)])
    assert (r["secondary"].hex, r["secondary"].score) == ("#C4B5FD", 0.5657)  # 1.85:1 → 0.2 × 1.85 / 3


def test_of_two_confident_ai_claims_on_one_role_the_surer_wins():
    r = _roles([WHITE, INK, _pc("#2563EB", 0.05, role="primary", confidence=0.8),
                _pc("#DC2626", 0.05, role="primary", confidence=0.9)])
    assert (r["primary"].hex, r["primary"].source, r["primary"].score) == ("#DC2626", "ai", 0.9)
