"""The typed-token and measurement models at their specified limits, and the spacing base unit at
its edges.

Limits are the specifications' numbers, written out: font weight 1–1000 (CSS Fonts 4 §2.2, DTCG
2025.10 fontWeight), 1rem = 16 px (the browsers' default root size), alpha 0–1, a line height and a
font size above 0, lengths and box sides not negative, counts at least 1. The base unit is the
documented rule: the largest of 8, 4 and 2 px that ≥ 70 % of the uses are multiples of, within ½ px.
"""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from shared.domain.layout import Elevation, LayoutResult, RadiusStep, SpacingStep, spacing_base_unit
from shared.domain.tokens import (
    Box,
    ColorValue,
    Dimension,
    FontFamilyValue,
    FontWeightValue,
    Provenance,
    ShadowLayer,
    ShadowValue,
    Token,
    TokenGroup,
    TokenType,
    TypographyValue,
)
from shared.domain.typography import TextStyle, TypeScale, TypographyResult


def _px(v: float) -> Dimension:
    return Dimension(value=v)


def _layer(**kw) -> ShadowLayer:
    return ShadowLayer(**{"color": "#000000", "offset_x": _px(0), "offset_y": _px(2), "blur": _px(4), **kw})


# --- tokens -------------------------------------------------------------------------------------

def test_rem_is_16_px():
    assert Dimension(value=1.5, unit="rem").px == 24.0
    assert Dimension(value=1.5, unit="px").px == 1.5
    assert Dimension(value=3).unit == "px" and Dimension(value=3).px == 3.0


@pytest.mark.parametrize("w,ok", [(1, True), (0, False), (1000, True), (1001, False), (400, True)])
def test_font_weight_is_1_to_1000(w, ok):
    for build in (lambda: FontWeightValue(value=w),
                  lambda: TypographyValue(font_family=["Inter"], font_size=_px(16), font_weight=w),
                  lambda: TextStyle(font_size=16, font_weight=w)):
        if ok:
            build()
        else:
            with pytest.raises(ValidationError):
                build()


def test_a_family_list_has_at_least_one_family():
    assert FontFamilyValue(families=["Inter"]).families == ["Inter"]
    with pytest.raises(ValidationError):
        FontFamilyValue(families=[])
    with pytest.raises(ValidationError):
        TypographyValue(font_family=[], font_size=_px(16), font_weight=400)
    v = FontFamilyValue(families=["Inter"])
    assert v.family_class == "sans-serif" and v.named is False


@pytest.mark.parametrize("lh,ok", [(None, True), (0.5, True), (1.0, True), (1e-6, True), (0.0, False), (-1.0, False)])
def test_a_line_height_is_above_0(lh, ok):
    for build in (lambda: TypographyValue(font_family=["Inter"], font_size=_px(16), font_weight=400, line_height=lh),
                  lambda: TextStyle(font_size=16, font_weight=400, line_height=lh)):
        if ok:
            assert build().line_height == lh
        else:
            with pytest.raises(ValidationError):
                build()


def test_typography_defaults():
    v = TypographyValue(font_family=["Inter"], font_size=_px(16), font_weight=400)
    assert v.line_height is None and v.letter_spacing == Dimension(value=0, unit="px") and v.family_class == "sans-serif"


@pytest.mark.parametrize("alpha,ok", [(0.0, True), (1.0, True), (0.5, True), (-1e-6, False), (1.000001, False)])
def test_shadow_alpha_is_0_to_1(alpha, ok):
    if ok:
        assert _layer(alpha=alpha).alpha == alpha
    else:
        with pytest.raises(ValidationError):
            _layer(alpha=alpha)


def test_shadow_layer_defaults_and_hex():
    ly = _layer(color="#abcdef")
    assert ly.alpha == 1.0 and ly.spread == Dimension(value=0) and ly.inset is False and ly.color == "#ABCDEF"


def test_reach_is_the_deepest_layer_s_y_plus_blur_plus_spread():
    v = ShadowValue(layers=[_layer(offset_y=_px(2), blur=_px(4), spread=_px(1)),
                            _layer(offset_y=_px(8), blur=_px(12), spread=_px(-3)),
                            _layer(offset_y=Dimension(value=0.25, unit="rem"), blur=_px(1))])
    assert v.reach() == 17.0  # 8 + 12 - 3; the others reach 7 and 5
    with pytest.raises(ValidationError):
        ShadowValue(layers=[])


@pytest.mark.parametrize("w,h,ok", [(0, 0, True), (10, 5, True), (-1, 5, False), (5, -1, False)])
def test_box_sides_are_not_negative(w, h, ok):
    if ok:
        assert Box(x=-3, y=-4, w=w, h=h).w == w  # a box may start off the image; its sides may not be negative
    else:
        with pytest.raises(ValidationError):
            Box(x=0, y=0, w=w, h=h)


def test_provenance_defaults():
    p = Provenance()
    assert p.confidence == 1.0 and p.share == 0.0 and p.job_ids == [] and p.evidence == []


def test_a_legacy_color_document_reads_as_a_typed_color_token():
    t = Token.model_validate({"id": "t1", "project_id": "p", "name": "blue", "hex": "#abcdef", "oklch": [0.5, 0.1, 250.0]})
    assert t.type is TokenType.COLOR and t.group is TokenGroup.COLOR
    assert t.value == ColorValue(hex="#ABCDEF", oklch=[0.5, 0.1, 250.0]) and t.hex == "#ABCDEF" and t.is_color
    t = Token.model_validate({"id": "t1", "project_id": "p", "name": "blue", "hex": "#abcdef"})
    assert t.oklch is None


def test_a_typed_value_wins_over_stray_top_level_fields():
    t = Token.model_validate({"id": "t", "project_id": "p", "name": "n", "type": "color",
                              "value": {"hex": "#111111"}, "hex": "#222222", "oklch": [0.1, 0, 0]})
    assert t.hex == "#111111" and t.oklch is None


def test_group_defaults_by_type_and_dimensions_need_one():
    t = Token.model_validate({"id": "t", "project_id": "p", "name": "n", "type": "fontWeight", "value": {"value": 700}})
    assert t.group is TokenGroup.FONT and t.value == FontWeightValue(value=700) and not t.is_color and t.oklch is None
    with pytest.raises(TypeError):
        _ = t.hex
    with pytest.raises(ValidationError):
        Token.model_validate({"id": "t", "project_id": "p", "name": "n", "type": "dimension", "value": {"value": 4}})
    t = Token.model_validate({"id": "t", "project_id": "p", "name": "n", "type": "dimension", "group": "radius",
                              "value": {"value": 4}})
    assert t.group is TokenGroup.RADIUS and t.value.px == 4.0


def test_a_value_model_of_another_type_is_refused_and_its_own_is_kept():
    with pytest.raises(ValidationError):
        Token(id="t", project_id="p", name="n", type=TokenType.FONT_WEIGHT, group=TokenGroup.FONT,
              value=ColorValue(hex="#000000"))
    v = FontWeightValue(value=300)
    assert Token(id="t", project_id="p", name="n", type=TokenType.FONT_WEIGHT, group=TokenGroup.FONT, value=v).value == v


# --- typography measurements --------------------------------------------------------------------

@pytest.mark.parametrize("size,ok", [(0.01, True), (0.0, False), (-1.0, False)])
def test_a_font_size_is_above_0(size, ok):
    if ok:
        TextStyle(font_size=size, font_weight=400)
    else:
        with pytest.raises(ValidationError):
            TextStyle(font_size=size, font_weight=400)


@pytest.mark.parametrize("share,ok", [(0.0, True), (1.0, True), (-1e-6, False), (1.000001, False)])
def test_a_style_s_share_is_0_to_1(share, ok):
    if ok:
        assert TextStyle(font_size=16, font_weight=400, share=share).share == share
    else:
        with pytest.raises(ValidationError):
            TextStyle(font_size=16, font_weight=400, share=share)


def test_text_style_defaults_and_confidence():
    s = TextStyle(font_size=16, font_weight=400, color="#abcdef")
    assert (s.letter_spacing, s.share, s.lines, s.uppercase, s.line_height, s.color) == (0.0, 0.0, 0, False, None, "#ABCDEF")
    assert s.overall_confidence == 0.5  # nothing measured yet
    assert TextStyle(font_size=16, font_weight=400, confidence={"fontSize": 0.9, "fontWeight": 0.6}).overall_confidence == 0.6
    assert TextStyle(font_size=16, font_weight=400).color is None


def test_scale_and_result_defaults():
    assert TypeScale(base=16).fit == 0.0 and TypeScale(base=16).kind == "none"
    r = TypographyResult()
    assert (r.device_pixel_ratio, r.lines, r.text_area, r.ms) == (1.0, 0, 0.0, 0.0)


# --- layout measurements ------------------------------------------------------------------------

@pytest.mark.parametrize("model", [SpacingStep, RadiusStep])
def test_steps_value_count_confidence_limits(model):
    s = model(value=0, count=1)
    assert s.confidence == 0.5 and s.value == 0
    model(value=4, count=2, confidence=0.0)
    model(value=4, count=2, confidence=1.0)
    for bad in ({"value": -0.01, "count": 1}, {"value": 4, "count": 0}, {"value": 4, "count": 1, "confidence": 1.01},
                {"value": 4, "count": 1, "confidence": -0.01}):
        with pytest.raises(ValidationError):
            model(**bad)
    assert RadiusStep(value=4, count=1).pill is False


def test_elevation_limits():
    e = Elevation(layers=[_layer()], level=1, count=1)
    assert e.confidence == 0.5
    for bad in ({"level": 0, "count": 1}, {"level": 1, "count": 0}, {"level": 1, "count": 1, "confidence": 1.01},
                {"level": 1, "count": 1, "confidence": -0.01}):
        with pytest.raises(ValidationError):
            Elevation(layers=[_layer()], **bad)
    with pytest.raises(ValidationError):
        Elevation(layers=[], level=1, count=1)


def test_layout_result_defaults():
    r = LayoutResult()
    assert (r.base_unit, r.progression, r.boxes, r.device_pixel_ratio, r.ms) == (None, "none", 0, 1.0, 0.0)


@pytest.mark.parametrize("uses,unit", [
    ([(8, 1), (16, 1), (24, 1)], 8),
    ([(4, 1), (12, 1), (20, 1)], 4),
    ([(2, 1), (6, 1), (10, 1)], 2),
    ([(3, 1), (5, 1), (7, 1)], None),
    ([], None),
    # 70 % of the uses: 7 of 10 on 8 is enough, 6 of 10 is not (the rest are multiples of 2, or of nothing).
    ([(16, 7), (14, 3)], 8), ([(16, 6), (14, 4)], 2),
    ([(16, 7), (13, 3)], 8), ([(16, 6), (13, 4)], None),
    # 8 needs under 10 % of the uses on 4 but off 8 (the benchmark's 8 px system has 90 % on 8):
    # 9 of 100 on 12 keep 8, 10 of 100 make it 4; 4 and 20 count as 12 does, 14 and 13 do not
    ([(16, 91), (12, 9)], 8), ([(16, 90), (12, 10)], 4), ([(8, 90), (4, 5), (20, 5)], 4),
    ([(16, 80), (14, 20)], 8), ([(16, 85), (13, 15)], 8),
    # between 4 and 2 no such rule: 20 of 100 on 6 leave 4
    ([(8, 40), (12, 40), (6, 20)], 4),
    # within ½ px of a multiple: 16.5 and 15.5 are on 8, 16.6 on nothing; 12.5 on 4; 17.5 on 2, 17.4 on nothing.
    ([(16.5, 1)], 8), ([(15.5, 1)], 8), ([(16.6, 1)], None), ([(12.5, 1)], 4), ([(12.6, 1)], None),
    ([(17.5, 1)], 2), ([(17.4, 1)], None),
    # distances under 2 px (hairlines) and steps nobody used do not vote
    ([(1, 100), (8, 1)], 8), ([(8, 1), (3, 0)], 8), ([(1.5, 5)], None),
    ([(2, 5), (8, 1)], 2),  # 2 px itself votes
    ([(8, 1)], 8), ([(0.5, 3), (8, 1)], 8),
])
def test_spacing_base_unit(uses, unit):
    assert spacing_base_unit(uses) == unit
