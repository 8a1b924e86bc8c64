"""Palette analysis at its edges: which colors vote on harmony (share ≥ 1 %, or all when none has
that much) and how a hex reported twice is merged (shares summed up to 100 %, first region and name
kept, the surer AI role)."""
from __future__ import annotations

import pytest

from shared.color.palette import _dedupe, analyze_palette
from shared.domain.models import PaletteColor, Region

BLUE, RED, WHITE = "#2563EB", "#DC2626", "#FFFFFF"


def _pc(hex_, share, **kw):
    return PaletteColor(hex=hex_, share=share, **kw)


def test_a_color_with_one_percent_of_the_image_votes_on_harmony():
    a = analyze_palette([_pc(BLUE, 0.5), _pc(RED, 0.01), _pc(WHITE, 0.49)])
    assert set(a.harmony.hues) == {BLUE, RED}


def test_a_speck_under_one_percent_does_not():
    a = analyze_palette([_pc(BLUE, 0.5), _pc(RED, 0.0099), _pc(WHITE, 0.4901)])
    assert set(a.harmony.hues) == {BLUE}
    assert a.harmony.kind == "monochromatic"


def test_when_every_color_is_under_one_percent_all_of_them_vote():
    a = analyze_palette([_pc(BLUE, 0.005), _pc(RED, 0.004)])
    assert set(a.harmony.hues) == {BLUE, RED}


def test_duplicate_shares_are_summed():
    (m,) = _dedupe([_pc(BLUE, 0.2), _pc(BLUE, 0.1)])
    assert m.share == pytest.approx(0.3)


def test_duplicate_shares_are_capped_at_the_whole_image():
    (m,) = _dedupe([_pc(BLUE, 0.7), _pc(BLUE, 0.6)])
    assert m.share == 1.0


def test_duplicates_keep_the_first_region_and_name_and_fill_missing_ones():
    first, second = Region(edge_ratio=0.1), Region(edge_ratio=0.9)
    (m,) = _dedupe([_pc(BLUE, 0.1, region=first, name="Ocean"), _pc(BLUE, 0.1, region=second, name="Sea")])
    assert m.region == first and m.name == "Ocean"
    (m,) = _dedupe([_pc(BLUE, 0.1), _pc(BLUE, 0.1, region=second, name="Sea")])
    assert m.region == second and m.name == "Sea"


def test_duplicates_keep_the_ai_role_and_the_surer_of_two():
    (m,) = _dedupe([_pc(BLUE, 0.1, confidence=1.0), _pc(BLUE, 0.1, role="primary", confidence=0.6)])
    assert (m.role, m.confidence) == ("primary", 0.6)
    (m,) = _dedupe([_pc(BLUE, 0.1, role="accent", confidence=0.7), _pc(BLUE, 0.1, role="primary", confidence=0.9)])
    assert (m.role, m.confidence) == ("primary", 0.9)


def test_distinct_hexes_stay_apart_in_order():
    out = _dedupe([_pc(BLUE, 0.2), _pc(RED, 0.1), _pc(BLUE, 0.1)])
    assert [c.hex for c in out] == [BLUE, RED]
