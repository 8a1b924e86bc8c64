"""The merge rules at their edges, against the numbers issue 14 specified: dimensions within
max(1 px, 5 % of the larger), letter spacing within max(0.5 px, 2 % of the size), colors under
ΔE2000 2.0 (distances from coloraide's own CIEDE2000), shadow opacity within 0.05."""
from __future__ import annotations

import pytest

from shared.domain.tokens import Dimension, FontFamilyValue, ShadowLayer, ShadowValue, TypographyValue
from shared.library.rules import dimension_distance, same_dimension, same_family, same_shadow, same_typography


@pytest.mark.parametrize("a, b, same", [
    (10, 11, True), (10, 11.02, False),          # small sizes: the 1 px floor
    (0, 1, True), (0, 1.02, False),
    (20, 21.05, True), (20, 21.08, False),       # 5 % of 21.05 = 1.0525 ≥ 1.05
    (100, 105, True), (100, 105.3, False),       # 5 % of the larger: 5.25 vs 5.265 < 5.3
    (105, 100, True), (105.3, 100, False),
    (-10, -11, True),
])
def test_dimensions_are_the_same_within_1px_or_5_percent(a, b, same):
    assert same_dimension(a, b) is same


def test_dimension_distance_is_in_units_of_the_tolerance():
    assert dimension_distance(10, 11) == pytest.approx(1.0)
    assert dimension_distance(100, 105) == pytest.approx(5 / 5.25)
    assert dimension_distance(200, 190) == pytest.approx(1.0)
    assert dimension_distance(12, 12.5) == pytest.approx(0.5)


def _t(size=16.0, weight=400, lh=1.5, ls=0.0, family=("ui-sans-serif",), cls="sans-serif"):
    return TypographyValue(font_family=list(family), family_class=cls, font_size=Dimension(value=size),
                           font_weight=weight, line_height=lh, letter_spacing=Dimension(value=ls))


@pytest.mark.parametrize("other, same", [
    (_t(size=17.0, lh=24 / 17), True), (_t(size=17.02, lh=24 / 17.02), False),  # size: the 1 px floor
    (_t(lh=25.26 / 16), True), (_t(lh=25.3 / 16), False),          # line height in px: 24 vs 25.26 (5 %) / 25.3
    (_t(ls=0.5), True), (_t(ls=0.52), False), (_t(ls=-0.5), True),  # 16 px: the 0.5 px floor
    (_t(weight=500), False), (_t(cls="serif"), False),
    (_t(family=("Inter", "sans-serif")), True),                     # unnamed vs named: class decides
])
def test_typography_is_the_same_when_every_part_is_within_its_tolerance(other, same):
    base = _t()
    assert same_typography(base, other) is same and same_typography(other, base) is same


def test_letter_spacing_tolerance_grows_to_2_percent_of_a_large_size():
    a = _t(size=40.0, lh=1.2)
    assert same_typography(a, _t(size=40.0, lh=1.2, ls=0.8))        # 2 % of 40 px = 0.8 px
    assert not same_typography(a, _t(size=40.0, lh=1.2, ls=0.83))


def test_named_faces_must_agree_by_name_whatever_the_case():
    inter, roboto = _t(family=("Inter", "sans-serif")), _t(family=("Roboto", "sans-serif"))
    assert not same_typography(inter, roboto)
    assert same_typography(inter, _t(family=("inter", "sans-serif")))


def test_a_missing_line_height_does_not_block_a_merge():
    assert same_typography(_t(lh=None), _t(lh=2.0))


def test_families_same_face_or_same_class_when_one_is_unnamed():
    named = FontFamilyValue(families=["Inter", "sans-serif"], family_class="sans-serif", named=True)
    other = FontFamilyValue(families=["Roboto", "sans-serif"], family_class="sans-serif", named=True)
    unnamed = FontFamilyValue(families=["ui-sans-serif"], family_class="sans-serif")
    serif = FontFamilyValue(families=["ui-serif"], family_class="serif")
    assert not same_family(named, other) and same_family(named, named.model_copy(update={"families": ["INTER"]}))
    assert same_family(named, unnamed) and not same_family(unnamed, serif)


def _layer(color="#808080", alpha=0.30, x=0.0, y=4.0, blur=8.0, spread=0.0, inset=False):
    return ShadowLayer(color=color, alpha=alpha, offset_x=Dimension(value=x), offset_y=Dimension(value=y),
                       blur=Dimension(value=blur), spread=Dimension(value=spread), inset=inset)


@pytest.mark.parametrize("other, same", [
    (_layer(alpha=0.35), True), (_layer(alpha=0.36), False), (_layer(alpha=0.25), True),
    (_layer(color="#858585"), True),    # ΔE2000 1.86 (coloraide)
    (_layer(color="#7B7B7B"), True),    # 1.93
    (_layer(color="#868686"), False),   # 2.23
    (_layer(color="#7A7A7A"), False),   # 2.32
    (_layer(x=1.0), True), (_layer(x=1.02), False),
    (_layer(spread=1.0), True), (_layer(spread=-1.02), False),
    (_layer(blur=9.0), True), (_layer(blur=9.02), False),
    (_layer(inset=True), False),
])
def test_shadow_layers_at_their_edges(other, same):
    a, b = ShadowValue(layers=[_layer()]), ShadowValue(layers=[other])
    assert same_shadow(a, b) is same and same_shadow(b, a) is same


def test_layers_compare_in_order_and_all_must_match():
    one, two = _layer(), _layer(y=12.0, blur=24.0, alpha=0.1)
    assert same_shadow(ShadowValue(layers=[one, two]), ShadowValue(layers=[one, two]))
    assert not same_shadow(ShadowValue(layers=[one, two]), ShadowValue(layers=[one, _layer(y=12.0, blur=24.0, alpha=0.2)]))
