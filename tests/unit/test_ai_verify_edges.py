"""The pixel check of AI answers at its edges: the snap tolerance exactly at its value, the counts
of exact and snapped matches kept apart, numbered labels at both ends of the list the prompt gave,
an empty palette, text styles numbered the same way, and layout names that all drop."""
from __future__ import annotations

import pytest
from coloraide import Color

from shared.domain.layout import LayoutResult, RadiusStep, SpacingStep
from shared.domain.models import PaletteColor
from shared.extraction.ai.schema import AiColor, AiStep, AiStyle
from shared.extraction.ai.verify import merge_layout_names, merge_styles, merge_with_pixels
from tests.fakes.ai_servers import sample_typography

PIX = [PaletteColor(hex="#FAFAFA", share=0.6), PaletteColor(hex="#1A73E8", share=0.3),
       PaletteColor(hex="#212121", share=0.1)]


def ai(hex_=None, index=None, name="X", role="primary", usage="u", conf=0.8):
    return AiColor(hex=hex_, index=index, name=name, role=role, usage=usage, confidence=conf)


def _de(a: str, b: str) -> float:
    return Color(a).delta_e(Color(b), method="2000")  # coloraide's CIEDE2000, not ours


def test_a_color_exactly_at_the_snap_tolerance_is_snapped_and_just_beyond_is_dropped():
    near = "#2A83F8"
    de = _de(near, "#1A73E8")
    assert merge_with_pixels([ai(near)], PIX, source="anthropic", snap_delta_e=de + 1e-6).snapped == 1
    # "Within" includes the tolerance itself: the distance our check computes, given as the tolerance.
    from shared.color.enrichment import delta_e_2000

    assert merge_with_pixels([ai(near)], PIX, source="anthropic",
                             snap_delta_e=delta_e_2000(near, "#1A73E8")).snapped == 1
    beyond = merge_with_pixels([ai(near)], PIX, source="anthropic", snap_delta_e=de - 0.01)
    assert (beyond.snapped, beyond.dropped) == (0, 1)
    assert all(c.source == "pixels" for c in beyond.colors)


def test_exact_and_snapped_matches_are_counted_apart():
    v = merge_with_pixels([ai("#FAFAFA", role="background"), ai("#212121", role="text"), ai("#1B74E9")],
                          PIX, source="openai", snap_delta_e=10)
    assert (v.matched, v.snapped, v.dropped) == (2, 1, 0)
    assert [c.role for c in v.colors] == ["background", "primary", "text"]


def test_labels_carry_name_role_usage_and_confidence_and_an_empty_usage_is_none():
    v = merge_with_pixels([ai("#1A73E8", name="Brand", usage="", conf=0.65)], PIX, source="anthropic",
                          snap_delta_e=10)
    c = v.colors[1]
    assert (c.name, c.role, c.usage, c.confidence, c.source) == ("Brand", "primary", None, 0.65, "anthropic")


def test_an_empty_pixel_palette_drops_every_ai_color_and_says_so():
    v = merge_with_pixels([ai("#FAFAFA"), ai(index=1)], [], source="anthropic", snap_delta_e=10)
    assert (v.colors, v.matched, v.snapped, v.dropped) == ([], 0, 0, 2)
    assert v.notes == ["2 AI colors dropped: the pixel palette is empty"]
    nothing = merge_with_pixels([], [], source="anthropic", snap_delta_e=10)
    assert (nothing.dropped, nothing.notes) == (0, [])


@pytest.mark.parametrize("index, kept", [(1, True), (3, True), (4, False)])
def test_numbered_labels_are_valid_from_1_to_the_number_listed(index, kept):
    v = merge_with_pixels([ai(index=index)], PIX, source="anthropic", snap_delta_e=10)
    assert (v.matched, v.dropped) == ((1, 0) if kept else (0, 1))
    if kept:
        assert v.colors[index - 1].source == "anthropic"


def test_index_limit_beyond_the_palette_is_the_palette():
    v = merge_with_pixels([ai(index=3), ai(index=4)], PIX, source="anthropic", snap_delta_e=10, index_limit=10)
    assert (v.matched, v.dropped) == (1, 1) and "the prompt listed 3" in v.notes[0]
    v2 = merge_with_pixels([ai(index=2), ai(index=3)], PIX, source="anthropic", snap_delta_e=10, index_limit=2)
    assert (v2.matched, v2.dropped) == (1, 1) and "the prompt listed 2" in v2.notes[0]


def test_later_labels_of_a_labelled_color_are_dropped_whether_hex_or_number():
    v = merge_with_pixels([ai("#1A73E8", name="A"), ai("#1C75EA", name="B"), ai(index=2, name="C")], PIX,
                          source="openai", snap_delta_e=10)
    assert (v.matched, v.snapped, v.dropped) == (1, 0, 2) and v.colors[1].name == "A"
    assert sum("already labelled" in n for n in v.notes) == 2


@pytest.mark.parametrize("index, named", [(1, True), (3, True), (4, False)])
def test_style_numbers_are_valid_from_1_to_the_number_listed(index, named):
    typo = sample_typography(3)
    got = merge_styles([AiStyle(index=index, role="body")], typo, source="anthropic")
    assert (got.named, got.dropped) == ((1, 0) if named else (0, 1))


def test_style_index_limit_and_repeats():
    typo = sample_typography(3)
    got = merge_styles([AiStyle(index=2, role="body"), AiStyle(index=3, role="caption")], typo, source="anthropic",
                       index_limit=2)
    assert (got.named, got.dropped) == (1, 1) and "the prompt listed 2" in got.notes[0]
    again = merge_styles([AiStyle(index=1, role="body"), AiStyle(index=1, role="caption")], typo, source="anthropic")
    assert (again.named, again.dropped) == (1, 1) and again.typography.styles[0].role == "body"


def test_a_role_outside_the_text_roles_and_an_empty_family_name_nothing():
    typo = sample_typography(3)
    got = merge_styles([AiStyle(index=1, role="hero-banner"), AiStyle(index=2, family="")], typo, source="anthropic")
    assert got.named == 0 and got.typography.styles == typo.styles
    assert all(s.source != "anthropic" for s in got.typography.styles)


def test_a_family_that_is_not_a_font_name_is_noted_and_dropped():
    typo = sample_typography(3)
    got = merge_styles([AiStyle(index=1, family="{}}", role="body")], typo, source="anthropic")
    assert got.typography.styles[0].family is None and got.typography.styles[0].role == "body"
    assert any("not a font name" in n for n in got.notes)


def test_layout_names_that_all_drop_name_nothing_and_leave_the_measurement_as_it_is():
    measured = LayoutResult(spacing=[SpacingStep(value=8, count=5)], base_unit=8, radii=[RadiusStep(value=12, count=3)])
    listed = [*measured.spacing, *measured.radii, *measured.shadows]
    # Step 3 is past the list; step 1 (spacing) given a radius word: both dropped, nothing named.
    v = merge_layout_names([AiStep(index=3, name="space-xl"), AiStep(index=1, name="radius-card")], measured, listed,
                           source="openai")
    assert (v.named, v.dropped) == (0, 2) and v.layout is measured
    empty = merge_layout_names([], measured, listed, source="openai")
    assert (empty.named, empty.dropped, empty.notes) == (0, 0, [])
