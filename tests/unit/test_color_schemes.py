"""Light/dark schemes: every reported pair is measured and meets its WCAG AA threshold."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.color.contrast import wcag_contrast
from shared.color.conversions import oklch_coords
from shared.color.palette import analyze_palette
from shared.color.roles import ROLES
from shared.color.schemes import build_scheme, build_schemes, solve_lightness
from shared.domain.models import PaletteColor, Region

hexes = st.integers(0, 0xFFFFFF).map(lambda v: "#%06X" % v)


def _check(scheme):
    assert scheme.pairs
    for p in scheme.pairs:
        measured = wcag_contrast(p.foreground_hex, p.background_hex)
        assert scheme.colors[p.foreground] == p.foreground_hex
        assert scheme.colors[p.background] == p.background_hex
        assert p.ratio <= measured + 1e-9  # reported ratio never rounds up (beyond float noise)
        assert p.passes == (measured >= p.threshold)
        assert p.passes, p
        assert p.threshold in (3.0, 4.5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(ROLES), hexes, max_size=len(ROLES)))
def test_schemes_meet_wcag_aa_for_any_role_colors(roles):
    for mode, scheme in build_schemes(roles).items():
        assert scheme.mode == mode
        _check(scheme)
        assert {"background", "surface", "text", "primary", "on-primary"} <= set(scheme.colors)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(hexes, st.floats(0.001, 1.0), st.floats(0, 1)), min_size=1, max_size=10))
def test_schemes_from_random_palettes(raw):
    colors = [PaletteColor(hex=h, share=s, region=Region(edge_ratio=e)) for h, s, e in raw]
    for scheme in analyze_palette(colors).schemes.values():
        _check(scheme)


def test_light_and_dark_polarity():
    s = build_schemes({"background": "#FFFFFF", "text": "#333333", "primary": "#2563EB"})
    assert oklch_coords(s["light"].colors["background"])[0] > 0.9
    assert oklch_coords(s["dark"].colors["background"])[0] < 0.3
    assert oklch_coords(s["dark"].colors["text"])[0] > 0.75
    assert s["light"].colors["background"] == "#FFFFFF" and s["light"].colors["text"] == "#333333"


def test_failing_brand_color_is_moved_along_lightness_only():
    # Yellow on white is 1.07:1; the light scheme must darken it, keeping its hue.
    s = build_scheme({"background": "#FFFFFF", "primary": "#FFFF00"}, "light")
    p = s.colors["primary"]
    assert p != "#FFFF00" and s.adjusted["primary"] == "#FFFF00"
    assert wcag_contrast(p, "#FFFFFF") >= 3.0
    assert abs(oklch_coords(p)[2] - oklch_coords("#FFFF00")[2]) < 3.0
    assert oklch_coords(p)[0] < oklch_coords("#FFFF00")[0]


def test_solve_lightness_keeps_passing_colors_and_reports_impossible():
    assert solve_lightness("#000000", [("#FFFFFF", 4.5)]) == "#000000"
    # No grey is 7:1 against both white and black (the best, #767676, is ~4.6:1 to each).
    assert solve_lightness("#777777", [("#FFFFFF", 7.0), ("#000000", 7.0)]) is None
    assert wcag_contrast(solve_lightness("#777777", [("#FFFFFF", 4.5)]), "#FFFFFF") >= 4.5
