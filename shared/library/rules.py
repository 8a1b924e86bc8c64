"""When two measured values are the same token: one rule per type, each tolerance in one place.

- color: CIEDE2000 below 2.0 (`shared.library.colors.DEDUPE_DELTA_E`), except two colors of one image
  0.9 or more apart (`SAME_IMAGE_DELTA_E`: the extractor kept them apart, e.g. a white card on a grey-50 page);
- dimension: |a − b| ≤ max(1 px, 5 % of the larger);
- fontWeight: the same weight; fontFamily: the same named face, or the same class when one of the
  two is unnamed;
- typography: every part within its tolerance — size and line height (in px) by the dimension
  rule, the same weight and family class, letter spacing within max(0.5 px, 2 % of the size);
- shadow: the same number of layers, each with its offsets, blur and spread by the dimension rule,
  its color within the color rule and its opacity within 0.05.
"""
from __future__ import annotations

from shared.domain.tokens import FontFamilyValue, ShadowValue, TypographyValue

DIMENSION_ABS_PX = 1.0
DIMENSION_REL = 0.05
LETTER_SPACING_ABS_PX = 0.5
LETTER_SPACING_REL_SIZE = 0.02
SHADOW_ALPHA = 0.05
COLOR_DELTA_E = 2.0  # the color rule (shared.library.colors.DEDUPE_DELTA_E)


def same_dimension(a_px: float, b_px: float) -> bool:
    return abs(a_px - b_px) <= max(DIMENSION_ABS_PX, DIMENSION_REL * max(abs(a_px), abs(b_px))) + 1e-9


def same_family(a: FontFamilyValue, b: FontFamilyValue) -> bool:
    if a.named and b.named:
        return a.families[0].casefold() == b.families[0].casefold()
    return a.family_class == b.family_class


def _family_name(v: TypographyValue) -> str | None:
    first = v.font_family[0]
    return None if first in ("ui-sans-serif", "ui-serif", "ui-monospace", "system-ui") else first.casefold()


def same_typography(a: TypographyValue, b: TypographyValue) -> bool:
    if a.family_class != b.family_class or a.font_weight != b.font_weight:
        return False
    na, nb = _family_name(a), _family_name(b)
    if na and nb and na != nb:
        return False
    size_a, size_b = a.font_size.px, b.font_size.px
    if not same_dimension(size_a, size_b):
        return False
    if a.line_height is not None and b.line_height is not None:
        if not same_dimension(a.line_height * size_a, b.line_height * size_b):
            return False
    limit = max(LETTER_SPACING_ABS_PX, LETTER_SPACING_REL_SIZE * max(size_a, size_b))
    return abs(a.letter_spacing.px - b.letter_spacing.px) <= limit + 1e-9


def dimension_distance(a_px: float, b_px: float) -> float:
    """How far apart two dimensions are, in units of their tolerance (≤ 1: the same token)."""
    return abs(a_px - b_px) / max(DIMENSION_ABS_PX, DIMENSION_REL * max(abs(a_px), abs(b_px)))


def same_shadow(a: ShadowValue, b: ShadowValue) -> bool:
    from shared.color.conversions import delta_e_2000  # the color science loads only for shadows

    if len(a.layers) != len(b.layers):
        return False
    for x, y in zip(a.layers, b.layers):
        if x.inset != y.inset or abs(x.alpha - y.alpha) > SHADOW_ALPHA + 1e-9:
            return False
        if not all(same_dimension(p.px, q.px) for p, q in ((x.offset_x, y.offset_x), (x.offset_y, y.offset_y),
                                                          (x.blur, y.blur), (x.spread, y.spread))):
            return False
        if x.color != y.color and delta_e_2000(x.color, y.color) >= COLOR_DELTA_E:
            return False
    return True
