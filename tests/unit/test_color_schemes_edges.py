"""Light/dark schemes at their edges: when a palette's background, surface and text are kept (their
OKLCH lightness on the mode's side of the line) and when derived instead, the status colors'
conventional defaults, the on-colors, the pairs' levels and WCAG 2.x AA thresholds (4.5 normal
text, 3.0 large text / UI), and the lightness search's 0.005 steps.

The edge colors are 8-bit greys either side of each line (OKLCH L of #DDDDDD 0.8975, #DEDEDE 0.9006 …)."""
from __future__ import annotations

import pytest

from shared.color.contrast import wcag_contrast
from shared.color.conversions import oklch_coords, oklch_to_hex
from shared.color.schemes import (ContrastPair, Scheme, _on_candidates, _pair, build_scheme, scheme_colors,
                                  solve_lightness)

L = lambda hex_: oklch_coords(hex_)[0]  # noqa: E731


def test_the_edge_greys_lie_where_the_cases_say():
    assert L("#DDDDDD") < 0.9 < L("#DEDEDE")
    assert L("#212121") < 0.25 < L("#222222")
    assert L("#CDCDCD") < 0.85 < L("#CECECE")
    assert L("#323232") < 0.32 < L("#333333")
    assert L("#555555") < 0.45 < L("#565656")
    assert L("#ADADAD") < 0.75 < L("#AEAEAE")


# Light mode keeps a background from L 0.9, dark mode up to L 0.25; otherwise the background is
# the palette's at L 0.985 (light) or 0.18 (dark).
@pytest.mark.parametrize("mode,bg,kept,derived_l", [
    ("light", "#DEDEDE", True, None), ("light", "#DDDDDD", False, 0.985),
    ("dark", "#212121", True, None), ("dark", "#222222", False, 0.18),
])
def test_background_kept_on_its_side_of_the_line(mode, bg, kept, derived_l):
    s = build_scheme({"background": bg}, mode)
    got = s.colors["background"]
    if kept:
        assert got == bg and "background" not in s.adjusted
    else:
        assert got != bg and s.adjusted["background"] == bg
        assert L(got) == pytest.approx(derived_l, abs=0.004)


def test_background_falls_back_to_surface_then_primary_then_mid_grey():
    assert build_scheme({"surface": "#EEEEEE"}, "light").colors["background"] == "#EEEEEE"
    light_from_primary = build_scheme({"primary": "#1E3A8A"}, "light").colors["background"]
    assert L(light_from_primary) == pytest.approx(0.985, abs=0.004)
    assert oklch_coords(light_from_primary)[1] <= 0.012 + 0.002  # chroma capped at 0.012 in light mode
    assert abs(oklch_coords(light_from_primary)[2] - oklch_coords("#1E3A8A")[2]) < 15  # the primary's hue
    dark_from_primary = build_scheme({"primary": "#1E3A8A"}, "dark").colors["background"]
    assert L(dark_from_primary) == pytest.approx(0.18, abs=0.004)
    assert 0.012 < oklch_coords(dark_from_primary)[1] <= 0.02 + 0.002  # capped at 0.02 in dark mode
    assert build_scheme({}, "light").colors["background"] == "#FAFAFA"  # mid grey at L 0.985
    assert build_scheme({}, "dark").colors["background"] == "#121212"  # at L 0.18


# A palette surface is kept from L 0.85 (light) or up to 0.32 (dark), if it is not the background;
# else it is the background moved by −0.03 (light) or +0.05 (dark).
@pytest.mark.parametrize("mode,bg,surface,want", [
    ("light", "#FFFFFF", "#CECECE", "#CECECE"), ("light", "#FFFFFF", "#CDCDCD", None),
    ("dark", "#000000", "#323232", "#323232"), ("dark", "#212121", "#333333", None),
    ("light", "#FFFFFF", "#FFFFFF", None),
])
def test_surface_kept_on_its_side_of_the_line(mode, bg, surface, want):
    s = build_scheme({"background": bg, "surface": surface}, mode)
    got = s.colors["surface"]
    if want:
        assert got == want and "surface" not in s.adjusted
    else:
        assert L(got) == pytest.approx(L(bg) + (-0.03 if mode == "light" else 0.05), abs=0.004)
        assert (s.adjusted.get("surface") == surface) == (surface != got)


# Text is kept up to L 0.45 (light) or from 0.75 (dark) when it meets AA; else taken to L 0.22 / 0.94.
@pytest.mark.parametrize("mode,bg,text,kept,derived_l", [
    ("light", "#FFFFFF", "#555555", True, None), ("light", "#FFFFFF", "#565656", False, 0.22),
    ("dark", "#000000", "#AEAEAE", True, None), ("dark", "#000000", "#ADADAD", False, 0.94),
    ("light", "#FFFFFF", None, False, 0.22), ("dark", "#000000", None, False, 0.94),
])
def test_text_kept_on_its_side_of_the_line(mode, bg, text, kept, derived_l):
    roles = {"background": bg} | ({"text": text} if text else {})
    s = build_scheme(roles, mode)
    got = s.colors["text"]
    if kept:
        assert got == text and "text" not in s.adjusted
    else:
        assert L(got) == pytest.approx(derived_l, abs=0.004) and oklch_coords(got)[1] <= 0.03
        assert s.adjusted.get("text") == text


# Conventional status colors when the palette has none: oklch(60% 0.15 148) success, (75% 0.16 75)
# warning, (58% 0.20 27) error, (60% 0.15 250) info. In dark mode all four already pass as they are.
@pytest.mark.parametrize("role,lch,hex_", [
    ("success", (0.60, 0.15, 148.0), "#2E9848"), ("warning", (0.75, 0.16, 75.0), "#E89D00"),
    ("error", (0.58, 0.20, 27.0), "#D73431"), ("info", (0.60, 0.15, 250.0), "#2784D5"),
])
def test_status_defaults(role, lch, hex_):
    assert oklch_to_hex(*lch) == hex_
    s = build_scheme({}, "dark")
    assert s.colors[role] == hex_
    got = oklch_coords(s.colors[role])
    assert got[0] == pytest.approx(lch[0], abs=0.003) and got[1] == pytest.approx(lch[1], abs=0.003)
    assert got[2] == pytest.approx(lch[2], abs=1.0)
    light = oklch_coords(build_scheme({}, "light").colors[role])
    assert abs(light[2] - lch[2]) < 6  # light mode may move lightness, never the hue family


def test_palette_status_color_wins_over_the_default():
    s = build_scheme({"success": "#16A34A"}, "dark")
    assert s.colors["success"] == "#16A34A"


def test_primary_falls_back_to_the_background_at_l_0_45():
    s = build_scheme({"background": "#FFFFFF"}, "light")
    assert s.colors["primary"] == "#555555" and L("#555555") == pytest.approx(0.45, abs=0.001)
    assert "secondary" not in s.colors and "accent" not in s.colors  # only primary has a fallback


def test_on_colors_are_white_or_the_color_s_hue_at_l_0_2():
    s = build_scheme({"background": "#000000", "primary": "#FACC15"}, "dark")
    on = oklch_coords(s.colors["on-primary"])
    assert s.colors["primary"] == "#FACC15"
    assert on[0] == pytest.approx(0.2, abs=0.003) and on[1] == pytest.approx(0.04, abs=0.002)
    assert abs(on[2] - oklch_coords("#FACC15")[2]) < 3
    assert build_scheme({"background": "#FFFFFF", "primary": "#1E3A8A"}, "light").colors["on-primary"] == "#FFFFFF"


def test_the_on_color_needing_the_smaller_move_wins():
    # #808080 on white is 3.95: with white text it must darken, with the dark on-color it passes as is.
    s = build_scheme({"background": "#000000", "primary": "#808080"}, "dark")
    assert s.colors["primary"] == "#808080" and s.colors["on-primary"] != "#FFFFFF"


def test_pairs_levels_thresholds_and_order():
    s = build_scheme({"background": "#FFFFFF", "primary": "#2563EB"}, "light")
    got = [(p.foreground, p.background, p.threshold, p.level) for p in s.pairs[:4]]
    assert got == [("text", "background", 4.5, "AA normal text"), ("text", "surface", 4.5, "AA normal text"),
                   ("on-primary", "primary", 4.5, "AA normal text"), ("primary", "background", 3.0, "AA large text / UI")]
    assert {p.foreground for p in s.pairs} >= {"on-success", "on-warning", "on-error", "on-info"}


@pytest.mark.parametrize("fg,threshold,ratio,passes", [
    ("#767676", 4.5, 4.54, True), ("#777777", 4.5, 4.47, False),  # the AA grey pair on white
    ("#949494", 3.0, 3.03, True), ("#959595", 3.0, 2.99, False),
])
def test_pair_passes_from_the_threshold(fg, threshold, ratio, passes):
    p = _pair("fg", "bg", {"fg": fg, "bg": "#FFFFFF"}, threshold)
    assert (p.ratio, p.passes, p.foreground_hex, p.background_hex) == (ratio, passes, fg, "#FFFFFF")
    assert p.level == ("AA normal text" if threshold == 4.5 else "AA large text / UI")


def test_all_pass_needs_every_pair():
    ok = ContrastPair(foreground="a", background="b", foreground_hex="#000000", background_hex="#FFFFFF",
                      ratio=21.0, threshold=4.5, level="AA normal text", passes=True)
    bad = ok.model_copy(update={"passes": False})
    assert Scheme(mode="light", colors={}, pairs=[ok, ok]).all_pass is True
    assert Scheme(mode="light", colors={}, pairs=[ok, bad]).all_pass is False


def test_scheme_colors_is_mode_to_role_to_hex():
    s = {"light": build_scheme({}, "light")}
    assert scheme_colors(s) == {"light": s["light"].colors}


def test_solve_lightness_takes_the_nearest_passing_step_of_0_005():
    # Yellow on white (1.07:1) darkened to 3:1: the answer is l0 - k × 0.005 for the least k that
    # passes, with every nearer step (either side) failing.
    l0, c, h = oklch_coords("#FFFF00")
    got = solve_lightness("#FFFF00", [("#FFFFFF", 3.0)])
    k = next(k for k in range(1, 201) if oklch_to_hex(l0 - k * 0.005, c, h) == got)
    for j in range(1, k):
        for lj in (l0 - j * 0.005, l0 + j * 0.005):
            if 0 <= lj <= 1:
                assert wcag_contrast(oklch_to_hex(lj, c, h), "#FFFFFF") < 3.0
    assert wcag_contrast(got, "#FFFFFF") >= 3.0
    assert got == "#999800"


def test_solve_lightness_tries_the_darker_step_first():
    # Mid grey against mid grey at 1.2:1 is met both darker and lighter; the darker is tried first.
    got = solve_lightness("#808080", [("#808080", 1.2)])
    assert L(got) < L("#808080")


def test_a_color_a_hair_short_moves_by_one_step():
    # #777777 on white is 4.48:1; one 0.005 step darker (OKLCH L 0.5693 → 0.5643) already reaches 4.5.
    l0, c, h = oklch_coords("#777777")
    one = oklch_to_hex(l0 - 0.005, c, h)
    assert wcag_contrast(one, "#FFFFFF") >= 4.5 > wcag_contrast("#777777", "#FFFFFF")
    assert solve_lightness("#777777", [("#FFFFFF", 4.5)]) == one


# WCAG 2.x: "a contrast ratio of at least 4.5:1" — a ratio equal to the threshold passes.
def test_a_ratio_equal_to_its_threshold_passes():
    r = wcag_contrast("#767676", "#FFFFFF")
    assert solve_lightness("#767676", [("#FFFFFF", r)]) == "#767676"  # met as it is: not moved
    p = _pair("fg", "bg", {"fg": "#767676", "bg": "#FFFFFF"}, r)
    assert p.passes is True


def test_solve_lightness_lightens_by_the_nearest_step_too():
    # #333333 on black is 1.66:1; only lighter steps can reach 4.5, and the nearest one is taken, not white.
    l0, c, h = oklch_coords("#333333")
    got = solve_lightness("#333333", [("#000000", 4.5)])
    assert L(got) > l0 and wcag_contrast(got, "#000000") >= 4.5
    k = next(k for k in range(1, 201) if oklch_to_hex(l0 + k * 0.005, c, h) == got)
    for j in range(1, k):
        assert wcag_contrast(oklch_to_hex(l0 + j * 0.005, c, h), "#000000") < 4.5
    assert got == "#757575"


def test_a_light_color_only_white_can_meet_goes_to_white_not_to_a_far_dark_one():
    # Against #777777, white is 4.48:1 and #FCFCFC 4.36:1: from #F0F0F0 (L 0.955) the steps up pass
    # L 1 between two steps, so white is the nearest color meeting 4.47, far nearer than the near-black
    # one the darker steps reach (L 0.13). Before the fix the search returned #070707.
    assert wcag_contrast("#FFFFFF", "#777777") >= 4.47 > wcag_contrast("#FCFCFC", "#777777")
    assert solve_lightness("#F0F0F0", [("#777777", 4.47)]) == "#FFFFFF"


def test_the_search_reaches_both_ends_and_gives_up_past_them():
    # Black to white is a move of the whole lightness range (L 0 → 1, 200 steps of 0.005).
    assert solve_lightness("#000000", [("#000000", 20.9)]) == "#FFFFFF"  # only white is ≥ 20.9 on black
    assert solve_lightness("#FFFFFF", [("#FFFFFF", 20.9)]) == "#000000"
    assert solve_lightness("#808080", [("#808080", 22.0)]) is None  # WCAG ratios end at 21


def test_on_candidates_put_the_higher_contrast_first():
    assert _on_candidates("#FACC15")[1] == "#FFFFFF"  # yellow: the dark on-color contrasts more
    assert _on_candidates("#1E3A8A") == ["#FFFFFF", _on_candidates("#1E3A8A")[1]]
    for hex_ in ("#FACC15", "#1E3A8A"):
        a, b = _on_candidates(hex_)
        assert wcag_contrast(a, hex_) > wcag_contrast(b, hex_)


# Derived colors keep the palette's hue with their chroma capped: surface 0.02, text 0.03, primary's
# fallback 0.02 (8-bit rounding moves chroma by up to ~0.0015 at these lightnesses).
def test_derived_surface_caps_chroma_at_0_02():
    s = build_scheme({"background": "#2A0A0A"}, "dark")  # kept (L 0.2005), chroma 0.054
    assert s.colors["background"] == "#2A0A0A"
    _, c, h = oklch_coords(s.colors["surface"])
    assert abs(c - 0.02) <= 0.002 and abs(h - oklch_coords("#2A0A0A")[2]) < 3
    assert L(s.colors["surface"]) == pytest.approx(L("#2A0A0A") + 0.05, abs=0.004)


@pytest.mark.parametrize("mode,bg,text,want_l", [
    ("light", "#FFFFFF", "#FF8800", 0.22), ("dark", "#000000", "#00AA00", 0.94),
])
def test_derived_text_caps_chroma_at_0_03(mode, bg, text, want_l):
    got = build_scheme({"background": bg, "text": text}, mode).colors["text"]
    l, c, h = oklch_coords(got)
    assert l == pytest.approx(want_l, abs=0.004) and abs(c - 0.03) <= 0.002
    assert abs(h - oklch_coords(text)[2]) < 5


def test_primary_fallback_caps_chroma_at_0_02():
    s = build_scheme({"background": "#FFE4E1"}, "light")  # kept (L 0.940), chroma 0.030
    l, c, h = oklch_coords(s.colors["primary"])
    assert l == pytest.approx(0.45, abs=0.004) and abs(c - 0.02) <= 0.002 and abs(h - 25.3) < 5


def test_kept_text_that_fails_on_the_surface_is_moved():
    # #0D6801 (L 0.44999) is dark enough to keep, but on the kept surface #FEACFF (L 0.85005) it is
    # 4.19:1: the search darkens it until both text pairs reach AA's 4.5.
    assert wcag_contrast("#0D6801", "#FEACFF") < 4.5
    s = build_scheme({"background": "#FFFFFF", "surface": "#FEACFF", "text": "#0D6801"}, "light")
    assert s.colors["surface"] == "#FEACFF"
    got = s.colors["text"]
    assert got != "#0D6801" and s.adjusted["text"] == "#0D6801" and L(got) < L("#0D6801")
    assert wcag_contrast(got, "#FEACFF") >= 4.5 and wcag_contrast(got, "#FFFFFF") >= 4.5
