"""The color-vision check at its two edges: a pair is reported when it is distinct for normal vision
(ΔE2000 ≥ 10) and close after simulation (ΔE2000 < 6). Each pair below sits just inside or just
outside one edge, by coloraide's own CIEDE2000 (not our code's), and the report shows ΔE to two decimals."""
from __future__ import annotations

from coloraide import Color

from shared.color.vision import cvd_conflicts, simulate


def _de(a, b):
    return Color(a).delta_e(Color(b), method="2000")


def test_a_pair_just_over_delta_e_10_for_normal_vision_is_reported_and_just_under_is_not():
    over, under = ("#E3D984", "#D1CE1A"), ("#29C766", "#6AD09F")
    assert 10.0 <= _de(*over) < 10.1 and 9.9 < _de(*under) < 10.0
    # Both collapse under tritan simulation, far below 6.
    assert _de(simulate(over[0], "tritan"), simulate(over[1], "tritan")) < 4
    assert _de(simulate(under[0], "tritan"), simulate(under[1], "tritan")) < 5
    [c] = cvd_conflicts(list(over))
    assert (c.deficiency, c.a, c.b) == ("tritan", "#D1CE1A", "#E3D984")
    assert (c.delta_e_normal, c.delta_e_simulated) == (10.08, 3.58)
    assert cvd_conflicts(list(under)) == []


def test_a_pair_just_under_delta_e_6_after_simulation_is_reported_and_just_over_is_not():
    inside, outside = ("#8BBB70", "#96C7C1"), ("#9BDABF", "#6AF38C")
    assert 5.9 < _de(simulate(inside[0], "tritan"), simulate(inside[1], "tritan")) < 6.0
    assert 6.0 <= _de(simulate(outside[0], "tritan"), simulate(outside[1], "tritan")) < 6.1
    assert _de(*inside) > 15 and _de(*outside) > 15  # clearly distinct for normal vision
    [c] = cvd_conflicts(list(inside))
    assert c.deficiency == "tritan"
    # ΔE2000 20.128… and 5.9947… shown to two decimals.
    assert (c.delta_e_normal, c.delta_e_simulated) == (20.13, 5.99)
    assert (c.simulated_a, c.simulated_b) == (simulate("#8BBB70", "tritan"), simulate("#96C7C1", "tritan"))
    assert cvd_conflicts(list(outside)) == []
