"""Harmony classification at its documented edges (shared/color/harmony.py): a hue counts from OKLCH
chroma 0.04; hues closer than 20° form one cluster; all hues within 20° are monochromatic, within
60° analogous; a template fits when every cluster is within 25° of a template point. Each palette
sits just inside or just outside one edge, its hues measured by coloraide (not by our code); the
evidence a user sees (hues, clusters, span, rotation, worst deviation, note) is pinned for a few."""
from __future__ import annotations

import pytest
from coloraide import Color

from shared.color.harmony import classify_harmony, covering_span


def _lch(hex_):
    c = Color(hex_).convert("oklch")
    return c["chroma"], c["hue"]


def _span(*hexes):
    """Arc between two hues, by coloraide."""
    a, b = (_lch(x)[1] for x in hexes)
    d = abs(a - b) % 360
    return min(d, 360 - d)


def _equal(*hexes):
    return [(x, 0.2) for x in hexes]


BASE = "#9C8D30"  # OKLCH hue 100.0, chroma ≈ 0.12


def test_a_hue_counts_from_oklch_chroma_0_04():
    assert 0.04 < _lch("#957989")[0] < 0.0415 and 0.0385 < _lch("#977B70")[0] < 0.04
    over, under = classify_harmony([("#957989", 0.5)]), classify_harmony([("#977B70", 0.5)])
    assert list(over.hues) == ["#957989"] and over.achromatic == []
    assert under.hues == {} and under.achromatic == ["#977B70"]
    assert (under.kind, under.note) == ("monochromatic", "no chromatic colors: neutral palette")


@pytest.mark.parametrize("other,kind,lo,hi", [
    ("#8A9F36", "monochromatic", 19.5, 20.0),
    ("#879C39", "analogous", 20.0, 20.5),
    ("#48A578", "analogous", 59.5, 60.0),
    ("#42A275", "unclassified", 60.0, 60.5),
])
def test_hues_within_20_degrees_are_monochromatic_and_within_60_analogous(other, kind, lo, hi):
    assert lo < _span(BASE, other) < hi
    h = classify_harmony(_equal(BASE, other))
    assert h.kind == kind, h.note
    assert lo < h.span < hi


@pytest.mark.parametrize("other,kind,shown", [("#8CA235", "monochromatic", 20.0), ("#45AB7B", "analogous", 60.0)])
def test_a_span_shown_as_exactly_20_or_60_degrees_is_within_it(other, kind, shown):
    # The span is shown to 0.01°: 20.003° reads 20.00°, and "within 20°" holds for what is shown.
    assert shown < _span(BASE, other) < shown + 0.005
    h = classify_harmony(_equal(BASE, other))
    assert (h.kind, h.span) == (kind, shown)


def test_hues_closer_than_20_degrees_form_one_cluster():
    opposite = "#787BD5"  # hue 280.3
    near, apart = "#7E9039", "#819345"
    assert 19.5 < _span(BASE, near) < 20.0 < _span(BASE, apart) < 20.5
    one = classify_harmony(_equal(BASE, near, opposite))
    assert [c.hexes for c in one.clusters] == [[BASE, near], [opposite]]
    assert one.kind == "complementary"
    two = classify_harmony(_equal(BASE, apart, opposite))
    assert [c.hexes for c in two.clusters] == [[BASE], [apart], [opposite]]
    assert two.kind == "unclassified"
    assert two.note == "3 hue clusters match no template"


def test_a_cluster_closes_across_0_degrees_and_its_hue_is_the_share_weighted_mean():
    red, pink, teal = "#D2728A", "#CF6F9F", "#06A581"  # hues 5.0, 350.0, 170.0
    h = classify_harmony([(pink, 0.5), (red, 0.1), (teal, 0.2)])
    assert [c.hexes for c in h.clusters] == [[pink, red], [teal]]
    assert [(c.hue, c.weight) for c in h.clusters] == [(352.49, 0.6), (169.97, 0.2)]
    assert (h.kind, h.template_rotation, h.template_error) == ("complementary", 169.97, 2.52)
    assert h.span == 179.96 and h.hues == {pink: 350.01, red: 4.99, teal: 169.97}
    # Equal shares put the cluster halfway: the deviation from 180° grows to 7.5°.
    even = classify_harmony(_equal(pink, red, teal))
    assert (even.template_error, even.note) == (7.53, "complementary template, worst deviation 7.5°")

    # Two groups in hue order (5°–15° and 350°) that meet across 0° are one cluster too.
    pair = classify_harmony(_equal(red, "#D2727B", pink))
    assert [(c.hue, c.hexes) for c in pair.clusters] == [(3.33, [pink, red, "#D2727B"])]


def test_a_template_fits_within_25_degrees_and_not_beyond():
    inside, outside = "#6699DB", "#5A99E7"
    assert 155.0 < _span(BASE, inside) < 155.5 and 154.5 < _span(BASE, outside) < 155.0
    fit = classify_harmony(_equal(BASE, inside))
    assert (fit.kind, fit.template_error) == ("complementary", 24.65)
    assert fit.note == "complementary template, worst deviation 24.6°"
    assert classify_harmony(_equal(BASE, outside)).kind == "unclassified"
    # Cluster hues are shown to 0.01°: 100.00° and 255.00° are 25.00° off the 180° template, and fit.
    edge = classify_harmony(_equal(BASE, "#5E92D4"))
    assert edge.hues == {BASE: 100.0, "#5E92D4": 255.0}
    assert (edge.kind, edge.template_error) == ("complementary", 25.0)


def test_the_template_with_the_smaller_deviation_is_named():
    square = classify_harmony(_equal("#C66375", BASE, "#0F9F99", "#787BD5"))  # 10, 100, 190, 280°
    assert (square.kind, square.template_rotation, square.template_error) == ("tetradic", 10.02, 0.26)
    assert square.note == "tetradic template, worst deviation 0.3°"
    rect = classify_harmony(_equal("#D26F90", "#C67B36", "#09AE99", "#4599CF"))  # 0, 60, 180, 240°
    assert (rect.kind, rect.template_rotation, rect.template_error) == ("tetradic", 180.0, 0.01)
    assert rect.note == "tetradic-rectangle template, worst deviation 0.0°"
    # 0, 70, 180, 250° fit both four-hue templates: the rectangle (10° off) beats the square (20° off).
    both = classify_harmony(_equal("#D26F90", "#C0873F", "#09AE99", "#5A9CDE"))
    assert (both.kind, both.template_error) == ("tetradic", 9.98)
    assert both.note == "tetradic-rectangle template, worst deviation 10.0°"
    split = classify_harmony(_equal("#C96C4B", "#0F9F99", "#5A9CDE"))  # 40, 190, 250°
    assert (split.kind, split.template_rotation, split.template_error) == ("split-complementary", 40.01, 0.01)
    # The best rotation can sit below a cluster's offset (203.7° − 210° = −6.3°, wrapped to 353.7°).
    wrapped = classify_harmony(_equal("#C06684", "#78A557", "#00ABB7"))  # 359.9, 133.3, 203.7°
    assert (wrapped.kind, wrapped.template_rotation, wrapped.template_error) == ("split-complementary", 353.66, 10.37)
    tri = classify_harmony(_equal("#CC6366", "#639957", "#6C96DB"))  # 20, 140, 260°
    assert (tri.kind, tri.template_rotation, tri.template_error) == ("triadic", 19.97, 0.05)


def test_covering_span_is_360_minus_the_largest_gap():
    assert covering_span([]) == 0.0 and covering_span([42.0]) == 0.0
    assert covering_span([350.0, 10.0]) == 20.0
    assert covering_span([0.0, 90.0, 180.0]) == 180.0
    assert covering_span([370.0, 100.0]) == 90.0
    assert covering_span([10.0, 380.0]) == 10.0  # hues are taken modulo 360


def test_clusters_do_not_depend_on_the_order_of_the_palette():
    opposite, near = "#787BD5", "#7E9039"
    for order in [(BASE, near, opposite), (BASE, opposite, near), (opposite, near, BASE)]:
        h = classify_harmony(_equal(*order))
        assert [c.hexes for c in h.clusters] == [[BASE, near], [opposite]], order


def test_a_clusters_weight_is_its_shares_sum_to_4_decimals_and_a_zero_share_hue_still_counts():
    opposite, near = "#787BD5", "#7E9039"
    h = classify_harmony([(BASE, 0.11111), (near, 0.1), (opposite, 0.2)])
    assert [(c.hue, c.weight) for c in h.clusters] == [(109.33, 0.2111), (280.28, 0.2)]
    # Shares of 0 weigh alike: the cluster's hue is their plain mean, not 0°.
    zero = classify_harmony([(BASE, 0.0), (near, 0.0), (opposite, 0.2)])
    assert [(c.hue, c.weight) for c in zero.clusters] == [(109.85, 0.0), (280.28, 0.2)]


def test_a_zero_share_adds_no_pull_to_its_clusters_hue_however_small_the_other_share():
    # Share-weighted: next to any share above 0, a share of 0 weighs nothing — the cluster's hue is
    # the other color's own (coloraide's hue, rounded to 2 decimals as shown), in either order.
    opposite, near = "#787BD5", "#7E9039"
    for shares, alone in [((0.0, 2e-6), near), ((2e-6, 0.0), BASE), ((0.0, 0.2), near)]:
        h = classify_harmony([(BASE, shares[0]), (near, shares[1]), (opposite, 0.2)])
        assert h.clusters[0].hexes == [BASE, near]
        assert h.clusters[0].hue == round(_lch(alone)[1], 2), shares
