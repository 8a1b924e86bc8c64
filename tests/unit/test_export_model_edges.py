"""The exporters' shared model at its edges: OKLCH output in [0, 360) for a hue that rounds up to
360 (CSS Color 4: hue is an angle, 360 = 0), lightness clamped to 0–1, plain deterministic JSON for
every value an enrichment may hold, which palette color or scale step a semantic role points at,
scheme order, contrast figures to two decimals, and the pretty JSON layout the DTCG file uses."""
from __future__ import annotations

import math
from datetime import date, datetime, timezone

import pytest

from shared.color import srgb
from shared.domain.errors import AppError
from shared.domain.models import Token
from shared.domain.tokens import Dimension, TypographyValue
from shared.exporters._model import (
    Ref, build_view, contrast_info, css_oklch, dumps_pretty, json_safe, oklch_rounded, ref_hex,
)
from shared.exporters.bundle import ExportBundle


def test_a_hue_that_rounds_to_360_is_written_as_0():
    L, C, H = srgb.oklch_of("#300115")
    assert 359.995 <= H < 360  # rounds to 360.00
    assert oklch_rounded("#300115")[2] == 0.0
    assert css_oklch("#300115").endswith(" 0)")


def test_hues_under_the_wrap_and_white_black_stay_in_range():
    h = oklch_rounded("#FF0000")[2]
    assert 0 < h < 360 and h == round(srgb.oklch_of("#FF0000")[2], 2)
    assert oklch_rounded("#FFFFFF")[0] == 1.0 and oklch_rounded("#000000")[0] == 0.0


class _Odd:
    def __str__(self) -> str:
        return "odd"


def test_json_safe_makes_plain_deterministic_json():
    when = datetime(2026, 12, 7, 6, 0, tzinfo=timezone.utc)
    value = {"set": {3, 1, 2}, "frozen": frozenset({"b", "a"}), "when": when, "day": date(2026, 12, 7),
             "nan": math.nan, "inf": math.inf, "ok": 1.5, "model": Dimension(value=4), "odd": _Odd(),
             "tuple": (1, "x"), 7: None}
    assert json_safe(value) == {
        "set": [1, 2, 3], "frozen": ["a", "b"], "when": "2026-12-07T06:00:00+00:00", "day": "2026-12-07",
        "nan": None, "inf": None, "ok": 1.5, "model": {"value": 4.0, "unit": "px"}, "odd": "odd",
        "tuple": [1, "x"], "7": None,
    }


# --- the view: references, scheme order, duplicate roles -----------------------------------------


def _color(i: int, name: str, hex_: str, role: str | None = None, enrichment: dict | None = None) -> Token:
    return Token(id=f"t{i}", project_id="p", name=name, hex=hex_, role=role, enrichment=enrichment or {})


def _bundle(tokens, schemes=None, scales=None) -> ExportBundle:
    return ExportBundle("p", "Edge", tokens, scales=scales or {}, schemes=schemes or {})


def test_an_on_role_points_at_the_palette_color_holding_its_base_role():
    # Two palette colors share a hex; "on-primary" names the one whose role is "primary" (the role
    # without its "on-" prefix), not the first of the two.
    same = "#FFFFFF"
    view = build_view(_bundle([_color(1, "Snow", same), _color(2, "Paper", same, "primary")],
                              {"light": {"on-primary": same, "on-accent": same}}))
    refs = {s.role: s.ref for s in view.schemes["light"]}
    assert refs["on-primary"] == Ref("palette", "paper")
    assert refs["on-accent"] == Ref("palette", "snow")  # no holder of "accent": the first


def test_a_scale_step_reference_prefers_the_color_holding_the_role():
    shared_step = "#101010"
    scales = {"t1": {900: shared_step}, "t2": {900: shared_step}}
    view = build_view(_bundle([_color(1, "Coal", "#333333"), _color(2, "Night", "#222222", "surface")],
                              {"dark": {"surface": shared_step, "text": shared_step}}, scales))
    refs = {s.role: s.ref for s in view.schemes["dark"]}
    assert refs["surface"] == Ref("scale", "night", 900, "night")
    assert refs["text"] == Ref("scale", "coal", 900, "coal")


# --- a family-named color's scale is its family's ----------------------------------------------------

STEPS = (50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950)


def _ramp(seed: int, own: tuple[int, str] | None = None) -> dict[int, str]:
    ramp = {s: f"#{seed:02x}{i:02x}{(s // 10) % 256:02x}" for i, s in enumerate(STEPS)}
    if own:
        ramp[own[0]] = own[1]
    return ramp


def _render(view, fmt: str) -> str:
    from shared.exporters import render

    return render(fmt, view.bundle).body.decode()


def test_a_color_alone_in_its_family_gives_the_family_its_scale_as_tailwind_names_it():
    """orange-500, held by its scale at 500: --color-orange-50 … -950 (its own 500 written once, as the
    palette color), the DTCG group scale.orange, references into it by the family's name."""
    orange = _color(1, "Orange 500", "#F97316")
    ramp = _ramp(1, (500, "#f97316"))
    bundle = _bundle([orange, _color(2, "Brand", "#123456")], {"light": {"accent": ramp[200]}},
                     {"t1": ramp, "t2": _ramp(2)})
    view = build_view(bundle)
    flat = view.flat_colors()
    assert {f"orange-{s}" for s in STEPS} <= set(flat) and not any(k.startswith("orange-500-") for k in flat)
    assert {f"brand-{s}" for s in STEPS} <= set(flat)  # not family-named: its own slug
    css = _render(view, "css")
    # Once per block (hex, then OKLCH where supported), like any palette color.
    assert css.count("--color-orange-500:") == css.count("--color-brand:") and "--color-orange-50: " in css
    assert "--color-light-accent: var(--color-orange-200)" in css or "--color-accent: var(--color-orange-200)" in css
    import json
    doc = json.loads(_render(view, "dtcg"))
    assert set(doc["scale"]) - {"$type", "$description"} == {"orange", "brand"}
    assert doc["semantic"]["light"]["accent"]["$value"] == "{scale.orange.200}"


@pytest.mark.parametrize("case", ["family out of order", "scale elsewhere", "family is a slug"])
def test_a_family_scale_only_when_the_names_cannot_collide_or_mislead(case):
    """Two colors of one family whose joined scale would not darken step by step (these ramps
    lighten), a scale not holding its color at the named step, or another color named the family
    itself: every scale keeps its color's slug as its prefix."""
    first = _color(1, "Blue 600", "#2563EB")
    ramp = _ramp(1, (600, "#2563eb"))
    if case == "family out of order":
        other, other_ramp = _color(2, "Blue 950", "#111827"), _ramp(2, (950, "#111827"))
    elif case == "scale elsewhere":
        ramp, other, other_ramp = _ramp(1, (500, "#2563eb")), _color(2, "Brand", "#123456"), _ramp(2)
    else:
        other, other_ramp = _color(2, "Blue", "#1D4ED8"), _ramp(2)
    view = build_view(_bundle([first, other], scales={"t1": ramp, "t2": other_ramp}))
    assert [e.prefix for e in view.entries] == [e.slug for e in view.entries]
    assert f"{view.entries[0].slug}-50" in view.flat_colors()


def _family_bundle(*named: tuple[str, str]):
    """Colors named "<Family> <step>" with the tonal scales enrichment stores for them."""
    from shared.color.scales import tonal_scale

    tokens = [_color(i, name, hx) for i, (name, hx) in enumerate(named, 1)]
    return _bundle(tokens, scales={t.id: tonal_scale(hx) for t, (_, hx) in zip(tokens, named)})


@pytest.mark.parametrize("order", [1, -1])
def test_colors_of_one_family_share_one_scale_holding_each_at_its_step(order):
    """indigo-50 and indigo-600 (a pricing page's tag tint and its button): one `indigo` scale, the
    600's (the more chromatic, whatever the order), with the 50 at its step — not `indigo-50-500`, a
    grey ramp grown from a near-white tint. Both steps are the palette colors, written once."""
    import json

    from shared.color.scales import tonal_scale

    view = build_view(_family_bundle(*[("Indigo 50", "#EEF2FF"), ("Indigo 600", "#4F46E5")][::order]))
    by = {e.slug: e for e in view.entries}
    assert by["indigo-600"].prefix == "indigo" and by["indigo-600"].members == {50: "indigo-50"}
    assert by["indigo-50"].scale == {}
    want = {**{k: v.lower() for k, v in tonal_scale("#4F46E5").items()}, 50: "#eef2ff"}
    assert by["indigo-600"].scale == want
    flat = view.flat_colors()
    assert {f"indigo-{s}" for s in STEPS} == {k for k in flat if k.startswith("indigo-")}
    assert flat["indigo-50"] == "#eef2ff" and flat["indigo-600"] == "#4f46e5"
    css = _render(view, "css")
    assert css.count("--color-indigo-50:") == css.count("--color-indigo-600:") == css.count("--color-indigo-100:")
    doc = json.loads(_render(view, "dtcg"))
    assert set(doc["scale"]) - {"$type", "$description"} == {"indigo"}
    assert doc["scale"]["indigo"]["50"]["$value"] == "{palette.indigo-50}"
    assert doc["scale"]["indigo"]["600"]["$value"] == "{palette.indigo-600}"
    assert doc["scale"]["indigo"]["100"]["$value"]["hex"] == want[100]


def test_a_family_member_that_breaks_the_darkening_keeps_its_own_scale():
    """The joined scale must darken strictly from 50 to 950: a "blue-500" as light as the 600's own
    400 step sits level with that step, so the two blues keep a scale each (their slugs as prefixes);
    one a hair darker than that step joins."""
    from shared.color.scales import tonal_scale

    step400 = tonal_scale("#2563EB")[400]
    level = build_view(_family_bundle(("Blue 600", "#2563EB"), ("Blue 500", step400)))
    assert sorted(e.prefix for e in level.entries) == ["blue-500", "blue-600"]
    L400 = srgb.oklch_of(step400)[0]
    r, g, b = (int(step400[i:i + 2], 16) for i in (1, 3, 5))
    darker = f"#{r:02x}{g:02x}{b - 1:02x}"
    assert srgb.oklch_of(darker)[0] < L400
    joined = build_view(_family_bundle(("Blue 600", "#2563EB"), ("Blue 500", darker)))
    assert sorted(e.prefix for e in joined.entries) == ["blue", "blue-500"]


def test_a_color_named_beside_the_family_keeps_the_family_apart():
    """blue-600, blue-950 and "blue-grey" (not a step): `blue-*` names would mix, so no joined scale."""
    view = build_view(_family_bundle(("Blue 600", "#2563EB"), ("Blue 950", "#111827"), ("Blue Grey", "#64748B")))
    assert [e.prefix for e in view.entries] == [e.slug for e in view.entries]


def test_ref_hex_reads_the_palette_the_scale_or_the_literal():
    view = build_view(_bundle([_color(1, "Coal", "#333333")], scales={"t1": {100: "#EEEEEE"}}))
    assert ref_hex(view, Ref("palette", "coal"), "#123456") == "#333333"
    assert ref_hex(view, Ref("scale", "coal", 100), "#123456") == "#eeeeee"
    assert ref_hex(view, Ref("literal"), "#123456") == "#123456"


def test_schemes_are_light_then_dark_then_the_others_by_name():
    s = {"light": "#FFFFFF"}
    view = build_view(_bundle([_color(1, "Coal", "#333333")],
                              {"sepia": {"text": s["light"]}, "dark": s, "contrast": s, "light": s}))
    assert list(view.schemes) == ["light", "dark", "contrast", "sepia"]


def test_two_roles_with_one_slug_are_a_bundle_error_not_a_retry():
    with pytest.raises(AppError) as err:
        build_view(_bundle([_color(1, "Coal", "#333333")], {"light": {"Primary": "#111111", "primary": "#222222"}}))
    assert (err.value.code, err.value.status, err.value.retryable) == ("invalid_bundle", 500, False)


# --- contrast figures: two decimals (the WCAG figure tools publish) ------------------------------


def test_contrast_is_computed_to_two_decimals_when_enrichment_has_none():
    # #777777 on white is the classic "4.48:1, fails AA" (WebAIM); on black 4.69:1.
    assert contrast_info(_color(1, "Gray", "#777777"), "#777777") == {"onWhite": 4.48, "onBlack": 4.69}


def test_contrast_from_enrichment_is_rounded_to_two_decimals():
    tok = _color(1, "Gray", "#777777", enrichment={"contrast": {"onWhite": 4.4951, "onBlack": float("nan")}})
    assert contrast_info(tok, "#777777") == {"onWhite": 4.5, "onBlack": 4.69}
    tok = _color(1, "Gray", "#777777", enrichment={"contrast": {"onWhite": 4.4949, "onBlack": 4.6861}})
    assert contrast_info(tok, "#777777") == {"onWhite": 4.49, "onBlack": 4.69}


# --- models as JSON: the wire form (camelCase, no None fields) -----------------------------------


def test_json_safe_dumps_models_in_their_wire_form():
    out = json_safe(TypographyValue(font_family=["Inter", "sans-serif"], font_size={"value": 16},
                                    font_weight=400))
    assert "fontFamily" in out and "fontSize" in out and "font_family" not in out
    assert "lineHeight" not in out  # None is left out


# --- dumps_pretty: indented to leaf_depth, one compact line below, a token one line per property ---


def test_dumps_pretty_indents_to_the_leaf_depth_and_compacts_below():
    doc = {"a": {"b": {"c": 1}, "l": [1, [2]]}, "e": {}, "z": []}
    assert dumps_pretty(doc, leaf_depth=2) == (
        '{\n'
        '  "a": {\n'
        '    "b": {"c": 1},\n'
        '    "l": [1, [2]]\n'
        '  },\n'
        '  "e": {},\n'
        '  "z": []\n'
        '}'
    )
    assert dumps_pretty([[1, 2], 3], leaf_depth=1) == '[\n  [1, 2],\n  3\n]'
    assert dumps_pretty([[1, 2], 3], leaf_depth=2) == '[\n  [\n    1,\n    2\n  ],\n  3\n]'
    assert dumps_pretty([[[1]]], leaf_depth=2) == '[\n  [\n    [1]\n  ]\n]'
    assert dumps_pretty(5, leaf_depth=3) == "5"


def test_dumps_pretty_puts_a_token_one_property_per_line_and_keeps_unicode():
    doc = {"g": {"t": {"$value": {"x": [1]}, "$description": "Crème"}, "n": {"v": {"k": 1}}}}
    assert dumps_pretty(doc, leaf_depth=8) == (
        '{\n'
        '  "g": {\n'
        '    "t": {\n'
        '      "$value": {"x": [1]},\n'
        '      "$description": "Crème"\n'
        '    },\n'
        '    "n": {\n'
        '      "v": {\n'
        '        "k": 1\n'
        '      }\n'
        '    }\n'
        '  }\n'
        '}'
    )
