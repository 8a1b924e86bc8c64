"""Pixels check the AI: match, snap, drop; stored values are always pixel values."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.domain.models import PaletteColor
from shared.extraction.ai.schema import AiColor
from shared.extraction.ai.verify import merge_with_pixels

PIX = [PaletteColor(hex="#FAFAFA", share=0.7), PaletteColor(hex="#1A73E8", share=0.2),
       PaletteColor(hex="#212121", share=0.1)]


def ai(hex_, role="primary", name="X", conf=0.8):
    return AiColor(hex=hex_, name=name, role=role, usage="u", confidence=conf)


def test_exact_snap_drop_and_missed():
    v = merge_with_pixels([ai("#fafafa", "background", "Paper"), ai("#1C75EA", "primary", "Brand"),
                           ai("#FF00FF", "accent", "Magenta")], PIX, source="anthropic", snap_delta_e=10)
    assert (v.matched, v.snapped, v.dropped) == (1, 1, 1)
    assert [c.hex for c in v.colors] == ["#FAFAFA", "#1A73E8", "#212121"]
    assert [c.source for c in v.colors] == ["anthropic", "anthropic", "pixels"]
    assert v.colors[1].name == "Brand" and v.colors[1].role == "primary"  # carried over to the pixel value
    assert v.colors[2].name is None
    assert any("#FF00FF dropped" in n for n in v.notes) and any("snapped" in n for n in v.notes)


def test_duplicate_label_for_one_pixel_color_is_dropped():
    v = merge_with_pixels([ai("#1A73E8", name="A"), ai("#1B74E9", name="B")], PIX, source="openai", snap_delta_e=10)
    assert v.dropped == 1 and v.colors[1].name == "A"


def test_tolerance_is_configurable():
    v = merge_with_pixels([ai("#2A83F8")], PIX, source="openai", snap_delta_e=1.0)
    assert v.dropped == 1 and v.snapped == 0


hexes = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06X}")


@settings(max_examples=60, deadline=None)
@given(st.lists(hexes, min_size=1, max_size=8, unique=True), st.lists(hexes, max_size=10))
def test_stored_values_are_always_pixel_values(pixel_hexes, ai_hexes):
    pixels = [PaletteColor(hex=h, share=1 / len(pixel_hexes)) for h in pixel_hexes]
    v = merge_with_pixels([ai(h) for h in ai_hexes], pixels, source="anthropic", snap_delta_e=10)
    assert [c.hex for c in v.colors] == [p.hex for p in pixels]
    assert v.matched + v.snapped + v.dropped == len(ai_hexes)
    assert sum(c.source == "anthropic" for c in v.colors) == v.matched + v.snapped


def test_compact_indices_map_to_pixel_colors_unlisted_and_repeats_dropped():
    pixels = [PaletteColor(hex=h, share=0.25) for h in ("#FAFAFA", "#1A73E8", "#212121", "#EA4335")]
    labels = [AiColor(index=i, name=f"n{i}", role="text", usage="u", confidence=0.8) for i in (2, 1, 2, 3, 9)]
    v = merge_with_pixels(labels, pixels, source="anthropic", snap_delta_e=10, index_limit=3)
    assert [c.hex for c in v.colors] == [p.hex for p in pixels]
    assert [c.source for c in v.colors] == ["anthropic", "anthropic", "anthropic", "pixels"]
    assert v.colors[1].name == "n2" and v.matched == 3 and v.dropped == 2 and v.snapped == 0
    assert any("already labelled" in n for n in v.notes) and any("no such color" in n for n in v.notes)
    # index 4 exists in the palette but was not listed (index_limit 3): dropped
    v2 = merge_with_pixels([AiColor(index=4, name="x", role="text", confidence=1)], pixels, source="openai",
                           snap_delta_e=10, index_limit=3)
    assert v2.dropped == 1 and all(c.source == "pixels" for c in v2.colors)
