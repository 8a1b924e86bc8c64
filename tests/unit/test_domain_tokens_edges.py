"""Typed tokens' defaults that exports read when a measurement leaves them out: a typography token
without letter spacing has none (CSS `letter-spacing: 0`), a shadow layer without spread spreads 0 px
(CSS box-shadow's omitted spread length is 0)."""
from __future__ import annotations

from shared.domain.tokens import Dimension, ShadowLayer, TypographyValue


def test_letter_spacing_defaults_to_zero_px():
    t = TypographyValue(font_family=["Inter"], font_size=Dimension(value=16), font_weight=400)
    assert (t.letter_spacing.value, t.letter_spacing.unit, t.letter_spacing.px) == (0, "px", 0)


def test_shadow_spread_defaults_to_zero_px():
    layer = ShadowLayer(color="#000000", offset_x=Dimension(value=0), offset_y=Dimension(value=2),
                        blur=Dimension(value=4))
    assert (layer.spread.value, layer.spread.unit, layer.spread.px) == (0, "px", 0)
    assert layer.alpha == 1.0 and layer.inset is False
