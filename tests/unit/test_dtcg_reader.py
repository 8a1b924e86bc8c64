"""Reading DTCG 2025.10 files: types, aliases in both syntaxes, $extends, $root, value forms, errors."""
from __future__ import annotations

import json

import pytest

from shared.exporters import render
from shared.exporters.dtcg_reader import DtcgError, parse, read_tokens
from shared.exporters.dtcg_values import color_of, px_of, shadow_of, weight_of
from shared.exporters.sample import edge_case_bundle, sample_bundle
from tests.conformance import dtcgref


def tokens(doc: dict) -> dict:
    return {t.name: t for t in read_tokens(doc)}


def srgb(hex_: str) -> dict:
    return {"colorSpace": "srgb", "components": [int(hex_[i:i + 2], 16) / 255 for i in (1, 3, 5)], "hex": hex_}


def test_types_are_inherited_from_groups_and_overridden_by_tokens():
    got = tokens({"color": {"$type": "color", "a": {"$value": srgb("#112233")},
                            "n": {"$type": "number", "$value": 3}, "sub": {"b": {"$value": srgb("#445566")}}}})
    assert got["color.a"].type == "color" and got["color.sub.b"].type == "color" and got["color.n"].type == "number"


def test_curly_aliases_resolve_through_chains_and_inside_composites():
    doc = {"base": {"$type": "color", "blue": {"$value": srgb("#2563EB")}},
           "role": {"primary": {"$value": "{base.blue}"}, "action": {"$value": "{role.primary}"}},
           "size": {"$type": "dimension", "lg": {"$value": {"value": 20, "unit": "px"}}},
           "text": {"$type": "typography", "h": {"$value": {"fontFamily": ["Inter"], "fontSize": "{size.lg}",
                                                           "fontWeight": 700, "lineHeight": 1.2}}}}
    got = tokens(doc)
    assert got["role.action"].value == srgb("#2563EB") and got["role.action"].type == "color"  # type from target
    assert got["role.action"].alias_of == ("role", "primary")
    assert got["text.h"].value["fontSize"] == {"value": 20, "unit": "px"}


def test_json_pointer_references_to_tokens_and_to_parts_of_values():
    doc = {"c": {"$type": "color", "blue": {"$value": srgb("#2563EB")},
                 "link": {"$ref": "#/c/blue"},
                 "ring": {"$value": {"colorSpace": "srgb", "components": [
                     {"$ref": "#/c/blue/$value/components/0"}, 0.5, 1], "alpha": 1}},
                 "a~b": {"$value": srgb("#000000")}, "esc": {"$ref": "#/c/a~0b"}}}
    got = tokens(doc)
    assert got["c.link"].value == srgb("#2563EB") and got["c.link"].alias_of == ("c", "blue")
    assert got["c.ring"].value["components"] == [0x25 / 255, 0.5, 1]
    assert got["c.esc"].value == srgb("#000000")


def test_root_tokens_and_group_extends():
    doc = {"color": {"$type": "color",
                     "accent": {"$root": {"$value": srgb("#DD0000")}, "light": {"$value": srgb("#FF2222")}},
                     "alias": {"$value": "{color.accent.$root}"},
                     "brand": {"$extends": "{color.accent}", "light": {"$value": srgb("#FF8888")},
                               "dark": {"$value": srgb("#AA0000")}}}}
    got = tokens(doc)
    assert got["color.alias"].value == srgb("#DD0000")
    assert got["color.brand.$root"].value == srgb("#DD0000")  # inherited
    assert got["color.brand.light"].value == srgb("#FF8888")  # its own wins
    assert got["color.brand.dark"].type == "color"


@pytest.mark.parametrize("doc, words", [
    ({"a": {"$value": "{a}"}}, "loop"),
    ({"a": {"$value": "{b}"}, "b": {"$value": "{a}"}}, "loop"),
    ({"a": {"$type": "color", "$value": "{nowhere.here}"}}, "points at no token"),
    ({"a": {"$ref": "#/b/c"}}, "points at nothing"),
    ({"a": {"$ref": "other.json#/b"}}, "inside the file"),
    ({"g": {"$extends": "{h}"}, "h": {"$extends": "{g}"}, "t": {"$value": 1}}, "$extends loop"),
    ({"group": {"description": "no tokens"}}, "no token has a $value"),
])
def test_unfollowable_files_are_errors_naming_the_problem(doc, words):
    with pytest.raises(DtcgError) as err:
        read_tokens(doc)
    assert words in err.value.message and err.value.code == "invalid_tokens_file" and err.value.status == 400


@pytest.mark.parametrize("data", [b"not json", b"[1, 2]", b"\xff\xfe", b'"a string"'])
def test_not_a_json_object_is_refused(data):
    with pytest.raises(DtcgError):
        parse(data)


@pytest.mark.parametrize("value, want", [
    ({"colorSpace": "srgb", "components": [1, 0, 0]}, ("#FF0000", 1.0)),
    ({"colorSpace": "hsl", "components": [200, 60, 40]}, ("#297AA3", 1.0)),  # 0-100 like CSS
    ({"colorSpace": "hwb", "components": ["none", 70, 60]}, ("#898989", 1.0)),
    ({"colorSpace": "oklch", "components": [0.627955, 0.257683, 29.2339], "alpha": 0.5}, ("#FF0000", 0.5)),
    ({"colorSpace": "display-p3", "components": [0, 1, 0]}, ("#00FB29", 1.0)),  # CSS Color 4 gamut mapping
    ({"colorSpace": "unknown-space", "components": [1, 2, 3], "hex": "#123456"}, ("#123456", 1.0)),
    ("#abc", ("#AABBCC", 1.0)), ("#11223380", ("#112233", 0x80 / 255)), ("rgb(255 0 0 / 25%)", ("#FF0000", 0.25)),
])
def test_color_values_in_every_form(value, want):
    got = color_of(value)
    assert got[0] == want[0] and abs(got[1] - want[1]) < 1e-3


@pytest.mark.parametrize("value", [None, 3, {"colorSpace": "srgb", "components": [1, 0]}, "not a color", {}])
def test_unreadable_colors_are_none(value):
    assert color_of(value) is None


def test_dimensions_weights_and_shadows():
    assert px_of({"value": 1.5, "unit": "rem"}) == 24 and px_of("12px") == 12 and px_of(8) == 8
    assert px_of({"value": 2, "unit": "vw"}) is None and px_of("wide") is None
    assert weight_of("semi-bold") == 600 and weight_of(350) == 350 and weight_of(0) is None
    layers = shadow_of([{"color": srgb("#000000") | {"alpha": 0.2}, "offsetX": {"value": 0, "unit": "px"},
                         "offsetY": {"value": 4, "unit": "px"}, "blur": {"value": 8, "unit": "px"},
                         "spread": {"value": 0, "unit": "px"}}])
    assert len(layers) == 1 and layers[0].alpha == 0.2 and layers[0].offset_y.px == 4


@pytest.mark.parametrize("bundle", [sample_bundle(8), edge_case_bundle()])
def test_our_own_export_reads_back_to_the_values_the_conformance_reference_resolves(bundle):
    doc = json.loads(render("dtcg", bundle).body)
    got = tokens(doc)
    want = dtcgref.colors(doc)
    for path, tok in got.items():
        if tok.type != "color":
            continue
        parts = path.split(".")
        flat = {"palette": lambda p: p[1], "scale": lambda p: f"{p[1]}-{p[2]}",
                "semantic": lambda p: f"{p[1]}-{p[2]}"}[parts[0]](parts)
        assert color_of(tok.value)[0].lower() == want[flat]
