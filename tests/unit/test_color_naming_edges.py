"""Color names at their edges: the k nearest by ΔE2000 with ties broken by name, the plausibility
slack (a name whose words fit the color may be up to 3.0 ΔE2000 farther than the nearest), the
216 web-safe colors, unique names and their numbering, and the lazy indexes."""
from __future__ import annotations

from shared.color import naming
from shared.color.naming import ColorIndex, NameMatch, _plausible_first, unique_name


def test_nearest_returns_k_matches_nearest_first():
    got = naming.WEB_SAFE.get().nearest("#3366CD", 5)
    assert [m.hex for m in got] == ["#3366CC", "#0066CC", "#0066FF", "#336699", "#3366FF"]
    assert [round(m.delta_e, 3) for m in got] == [0.132, 3.149, 5.573, 6.373, 6.5]
    assert len(naming.NAMES.get().nearest("#3366CC", 12)) == 12
    assert len(naming.WEB_SAFE.get().nearest("#3366CC", 0)) == 0


def test_a_small_index_returns_all_its_rows():
    idx = ColorIndex(["black", "white", "red"], ["#000000", "#FFFFFF", "#FF0000"])
    assert [m.name for m in idx.nearest("#EE1111", 3)] == ["red", "white", "black"]
    assert [m.name for m in idx.nearest("#EE1111", 10)] == ["red", "white", "black"]


def test_ties_are_broken_by_name_not_by_row_order():
    idx = ColorIndex(["zeta", "alpha", "mid"], ["#FF0000", "#FF0000", "#00FF00"])
    assert [m.name for m in idx.nearest("#FF0000", 2)] == ["alpha", "zeta"]


def test_index_unpacks_each_channel():
    idx = ColorIndex(["a"], ["#123456"])
    assert idx.nearest("#123456", 1)[0].delta_e == 0.0
    assert idx.nearest("#563412", 1)[0].delta_e > 10


def test_web_safe_is_the_216_multiples_of_0x33():
    ws = naming.WEB_SAFE.get()
    assert len(ws) == 216 and {"#000000", "#FFFFFF", "#336699", "#CC0033"} <= set(ws.hexes)
    assert all(int(h[i:i + 2], 16) % 0x33 == 0 for h in ws.hexes for i in (1, 3, 5))


def test_css_named_are_the_opaque_css_colors():
    css = naming.CSS_NAMES.get()
    assert len(css) == 148 and "transparent" not in css.names  # CSS Color 4 §6.1: 148 named colors; transparent is not one
    assert naming.closest_css_named("#663399").name == "rebeccapurple"


def _m(name, de):
    return NameMatch(name, "#000000", de)


def test_a_plausible_name_may_be_up_to_3_delta_e_farther_than_the_nearest():
    # For a blue (OKLCH L 0.53, C 0.17, h 262): "Old Red" is implausible, the blue names are not.
    blue = "#3366CC"
    at = [_m("Old Red", 1.0), _m("Sky Blue", 4.0), _m("Deep Blue", 4.01)]
    assert [m.name for m in _plausible_first(blue, at)] == ["Sky Blue", "Old Red", "Deep Blue"]
    beyond = [_m("Old Red", 1.0), _m("Deep Blue", 4.01)]
    assert [m.name for m in _plausible_first(blue, beyond)] == ["Old Red", "Deep Blue"]
    plain = [_m("Ocean", 1.0), _m("Old Red", 2.0), _m("Sky Blue", 2.5)]
    assert [m.name for m in _plausible_first(blue, plain)] == ["Ocean", "Sky Blue", "Old Red"]


def test_unique_name_skips_taken_names_then_numbers_the_nearest():
    near = [m.name for m in naming.NAMES.get().nearest("#3366CC", 13)]
    assert near[:2] == ["Janitor", "God of Rain"]
    assert unique_name("#3366CC", set()) == "Janitor"
    assert unique_name("#3366CC", {"JANITOR"}) == "God of Rain"
    # All twelve candidates taken (the 13th is not looked at): the nearest is numbered from 2.
    taken = set(near[:12])
    assert unique_name("#3366CC", taken) == "Janitor 2"
    assert unique_name("#3366CC", taken | {"janitor 2"}) == "Janitor 3"
    assert unique_name("#3366CC", set(near[:3]), candidates=3) == "Janitor 2"


def test_lazy_holder_loads_once_reports_and_resets():
    calls = []
    holder = naming._Lazy(lambda: calls.append(1) or "index")
    assert holder.loaded() is False
    assert holder.get() == "index" and holder.get() == "index" and calls == [1]
    assert holder.loaded() is True
    holder.reset()
    assert holder.loaded() is False
    assert holder.get() == "index" and calls == [1, 1]


def test_the_re_rank_sees_the_2k_plus_8_oklab_nearest_rows():
    # #8A976B's ΔE2000-nearest CSS color, darkseagreen (12.20), is only its 11th by OKLab distance:
    # one match (k = 1) re-ranks 10 candidates and reports olivedrab (12.44); two (k = 2) re-rank 12
    # and find darkseagreen. The default is one match.
    css = naming.CSS_NAMES.get()
    assert [m.name for m in css.nearest("#8A976B")] == ["olivedrab"]
    assert naming.closest_css_named("#8A976B").name == "olivedrab"
    assert [m.name for m in css.nearest("#8A976B", 2)] == ["darkseagreen", "olivedrab"]


def test_each_loader_builds_its_index_from_its_source():
    # Built fresh here (the lazy holders load once per process, in whichever test asks first).
    names = naming._load_names()
    assert len(names) > 30_000 and names.hexes[names.names.index("Janitor")] == "#2266CC"
    css = naming._load_css()
    assert len(css) == 148 and "transparent" not in css.names and "rebeccapurple" in css.names
    assert css.hexes[css.names.index("rebeccapurple")] == "#663399"
    ws = naming._load_web_safe()
    assert len(ws) == 216 and ws.hexes[0] == "#000000" and ws.hexes[-1] == "#FFFFFF"
    assert {"#003366", "#99CC33", "#FF00CC"} <= set(ws.hexes)


def test_one_web_safe_match_re_ranks_the_10_oklab_nearest():
    # #4C7DD8: #0066FF is nearer by ΔE2000 (8.350) than #3366CC (8.371) but not among the 10 OKLab
    # nearest that one match re-ranks (2 × 1 + 8); asking for two re-ranks 12 and finds it.
    assert naming.closest_web_safe("#4C7DD8").hex == "#3366CC"
    assert [m.hex for m in naming.WEB_SAFE.get().nearest("#4C7DD8", 2)] == ["#0066FF", "#3366CC"]


def test_a_descriptive_name_is_chosen_from_the_8_nearest_re_ranked_from_24():
    # #243650: "Nautilus" (ΔE2000 2.30) lies outside the 24 OKLab nearest that 8 matches re-rank
    # (2 × 8 + 8); nine matches (26 rows) would find it.
    assert naming.descriptive_name("#243650").name == "Cool Air of Debonair"
    assert naming.NAMES.get().nearest("#243650", 9)[0].name == "Nautilus"
