"""Typed tokens: every DTCG type parses by its own value model, documents written before tokens
were typed still read (and are written back typed), and each type's merge tolerance holds at its edge."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from shared.domain.models import PaletteColor
from shared.domain.tokens import (
    ColorValue,
    Dimension,
    DimensionValue,
    FontFamilyValue,
    FontWeightValue,
    ShadowValue,
    Token,
    TokenGroup,
    TokenType,
    TypographyValue,
)
from shared.library.plan import plan_merge
from shared.library.rules import same_dimension, same_typography

# Two color tokens exactly as the code before typed tokens wrote them (Token.doc() of that commit).
LEGACY = json.loads((Path(__file__).parents[1] / "fixtures" / "legacy_color_tokens.json").read_text())


def _legacy_tokens() -> list[Token]:
    return [Token.model_validate(doc) for doc in LEGACY.values()]


def test_a_document_written_before_typed_tokens_reads_as_a_color_token():
    for tid, doc in LEGACY.items():
        t = Token.model_validate(doc)
        assert t.id == tid and t.type is TokenType.COLOR and t.group is TokenGroup.COLOR
        assert t.hex == doc["hex"] and t.oklch == doc["oklch"]
        assert t.name == doc["name"] and t.role == doc.get("role") and t.enrichment == doc["enrichment"]
        assert t.provenance.job_ids == doc["provenance"]["jobIds"]


def test_it_is_written_back_in_the_typed_form():
    doc = Token.model_validate(next(iter(LEGACY.values()))).doc()
    assert doc["type"] == "color" and doc["group"] == "color"
    assert doc["value"]["hex"] == next(iter(LEGACY.values()))["hex"]
    assert "hex" not in doc and "oklch" not in doc  # one place for the value
    assert Token.model_validate(doc).doc() == doc  # the typed form reads back to itself


def test_a_new_palette_merges_into_a_legacy_library_by_delta_e():
    lib = _legacy_tokens()
    blue = next(t for t in lib if t.hex == "#2563EB")
    plan = plan_merge(lib, [PaletteColor(hex="#2664EB", share=0.3)], project_id="proj-legacy", job_id="job-2",
                      image_sha256="b" * 64)
    assert plan.created == [] and plan.matches == {"#2664EB": blue.id}
    merged = next(t for t in plan.upserts if t.id == blue.id)
    assert merged.hex == "#2563EB"  # the library's value stays
    assert merged.provenance.job_ids == ["job-1", "job-2"] and merged.doc()["value"]["hex"] == "#2563EB"


@pytest.mark.parametrize("kind,value,cls", [
    ("color", {"hex": "#abc"}, ColorValue),
    ("fontFamily", {"families": ["Inter", "sans-serif"], "familyClass": "sans-serif", "named": True}, FontFamilyValue),
    ("fontWeight", {"value": 600}, FontWeightValue),
    ("typography", {"fontFamily": ["ui-serif", "serif"], "familyClass": "serif", "fontSize": {"value": 18, "unit": "px"},
                    "fontWeight": 400, "lineHeight": 1.6, "letterSpacing": {"value": 0, "unit": "px"}}, TypographyValue),
])
def test_each_type_parses_its_value_by_its_own_model(kind, value, cls):
    t = Token.model_validate({"id": "t", "projectId": "p", "type": kind, "name": "n", "value": value})
    assert isinstance(t.value, cls) and Token.model_validate(t.doc()) == t


def test_a_value_of_the_wrong_shape_is_refused():
    with pytest.raises(ValidationError):
        Token.model_validate({"id": "t", "projectId": "p", "type": "fontWeight", "name": "n", "value": {"hex": "#fff"}})
    with pytest.raises(ValidationError):  # 1001 is outside the OpenType weight range DTCG allows
        Token.model_validate({"id": "t", "projectId": "p", "type": "fontWeight", "name": "n", "value": {"value": 1001}})


def test_types_without_a_default_group_need_one():
    with pytest.raises(ValidationError, match="needs a group"):
        Token.model_validate({"id": "t", "projectId": "p", "type": "dimension", "name": "n",
                              "value": {"value": 8, "unit": "px"}})
    t = Token.model_validate({"id": "t", "projectId": "p", "type": "dimension", "group": "spacing", "name": "n",
                              "value": {"value": 0.5, "unit": "rem"}})
    assert isinstance(t.value, DimensionValue) and t.value.px == 8.0


def test_shadow_values_are_layers():
    t = Token.model_validate({"id": "s", "projectId": "p", "type": "shadow", "name": "n", "value": {"layers": [
        {"color": "#000", "alpha": 0.2, "offsetX": {"value": 0}, "offsetY": {"value": 2}, "blur": {"value": 8}}]}})
    assert isinstance(t.value, ShadowValue) and t.value.layers[0].color == "#000000"


def test_asking_a_typography_token_for_a_hex_is_a_bug_that_says_so():
    t = Token.model_validate({"id": "t", "projectId": "p", "type": "fontWeight", "name": "n", "value": {"value": 400}})
    with pytest.raises(TypeError):
        _ = t.hex


# --- the tolerances, at their edges (the numbers are the specification's, not the code's constants) ---

@pytest.mark.parametrize("a,b,same", [
    (10, 11, True),      # 1 px apart: max(1 px, 5 % of 11 = 0.55) = 1 px
    (10, 11.05, False),  # just over 1 px
    (100, 105, True),    # 5 % of 105 = 5.25 ≥ 5
    (100, 105.3, False),  # 5 % of 105.3 = 5.265 < 5.3
    (20, 21, True),      # 5 % of 21 = 1.05: 1 px is inside
    (40, 42.1, True),    # 2.1 px ≤ 5 % of 42.1 = 2.105
    (40, 42.2, False),   # 2.2 px > 5 % of 42.2 = 2.11
])
def test_dimensions_are_the_same_token_within_max_1px_or_5_percent(a, b, same):
    assert same_dimension(a, b) is same and same_dimension(b, a) is same


def _tv(size=16.0, weight=400, lh=1.5, ls=0.0, cls="sans-serif", family=None):
    fam = [family, "sans-serif"] if family else ["ui-sans-serif", "system-ui", "sans-serif"]
    return TypographyValue(font_family=fam, family_class=cls, font_size=Dimension(value=size), font_weight=weight,
                           line_height=lh, letter_spacing=Dimension(value=ls))


@pytest.mark.parametrize("other,same", [
    (_tv(size=17.0, lh=24 / 17), True),  # 1 px: inside (same 24 px line height)
    (_tv(size=17.1, lh=24 / 17.1), False),  # 1.1 px > max(1, 5 % of 17.1 = 0.855)
    (_tv(weight=500), False),            # another weight is another style
    (_tv(cls="serif"), False),
    (_tv(lh=1.575), True),               # 24 px vs 25.2 px line height: 1.2 ≤ 5 % of 25.2 = 1.26
    (_tv(lh=1.5875), False),             # 25.4 px: 1.4 > 5 % of 25.4 = 1.27
    (_tv(lh=None), True),                # a single line says nothing about line height
    (_tv(ls=0.5), True),                 # max(0.5 px, 2 % of 16 = 0.32 px) = 0.5 px
    (_tv(ls=0.55), False),
    (_tv(family="Inter"), True),         # a named face matches the unnamed measurement of its class
])
def test_typography_matches_when_every_part_is_within_its_tolerance(other, same):
    assert same_typography(_tv(), other) is same and same_typography(other, _tv()) is same


def test_two_named_faces_are_two_styles():
    assert not same_typography(_tv(family="Inter"), _tv(family="Roboto"))


def test_input_that_is_not_a_document_passes_the_typing_step_untouched():
    # The before-validator only rewrites dicts; anything else goes on to pydantic as it came: an
    # object read by its attributes validates, and a wrong input is refused naming that input.
    from types import SimpleNamespace

    obj = SimpleNamespace(id="t", project_id="p", type=TokenType.COLOR, group=TokenGroup.COLOR, name="n", role=None,
                          value=ColorValue(hex="#112233"), enrichment={}, provenance={}, created_at=None,
                          updated_at=None)
    t = Token.model_validate(obj, from_attributes=True)
    assert t.hex == "#112233" and t.name == "n"
    with pytest.raises(ValidationError) as err:
        Token.model_validate(["not", "a", "token"])
    assert err.value.errors()[0]["input"] == ["not", "a", "token"]
