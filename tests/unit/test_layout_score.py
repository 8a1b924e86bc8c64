"""The layout benchmark's scorer at its edges (tests/benchmarks/layout_score.py). No Chromium."""
from __future__ import annotations

import pytest

from tests.benchmarks.layout_score import (
    base_unit, distinct, oracle, prediction_from_tokens, radius_matches, score_image, set_f1, shadow_matches,
    spacing_matches, truth_summary)


@pytest.mark.parametrize(("pred", "true", "ok"), [
    (17.0, 16.0, True),     # up to 16 px: 1 px either way
    (15.0, 16.0, True),
    (17.01, 16.0, False),
    (14.99, 16.0, False),
    (5.0, 4.0, True),
    (5.1, 4.0, False),
    (27.0, 25.0, True),     # above 16 px: 8 % (2 px of 25)
    (23.0, 25.0, True),
    (27.01, 25.0, False),
    (22.99, 25.0, False),
    (17.36, 17.0, True),    # just above 16 px, 8 % (1.36 px) is wider than 1 px
    (18.37, 17.0, False),
])
def test_spacing_match_rule(pred, true, ok):
    assert spacing_matches(pred, true) is ok


@pytest.mark.parametrize(("pred", "true", "ok"), [
    (23.0, 20.0, True),     # 15 % of 20 = 3
    (17.0, 20.0, True),
    (23.01, 20.0, False),
    (16.99, 20.0, False),
    (5.0, 4.0, True),       # 15 % of 4 is 0.6: the 1 px floor decides
    (5.01, 4.0, False),
    (1.0, 0.0, True),       # the floor again at 0
])
def test_radius_match_rule(pred, true, ok):
    assert radius_matches(pred, true) is ok


def _key(y, blur, inset=False):
    return {"offsetY": y, "blur": blur, "inset": inset}


@pytest.mark.parametrize(("pred", "true", "ok"), [
    (_key(10, 26), _key(10, 20), True),     # blur +30 %
    (_key(10, 14), _key(10, 20), True),     # blur -30 %
    (_key(10, 26.01), _key(10, 20), False),
    (_key(10, 13.99), _key(10, 20), False),
    (_key(1, 5), _key(1, 3), True),          # small blur: the 2 px floor
    (_key(1, 5.01), _key(1, 3), False),
    (_key(12, 20), _key(10, 20), True),      # offset y within 2 px
    (_key(12.01, 20), _key(10, 20), False),
    (_key(7.99, 20), _key(10, 20), False),
    (_key(10, 20, True), _key(10, 20), False),  # inset must agree
])
def test_shadow_match_rule(pred, true, ok):
    assert shadow_matches(pred, true) is ok


def test_matching_is_one_to_one_and_dont_care_is_free():
    assert set_f1([16.5], [16.0, 17.0], [], spacing_matches) == pytest.approx(2 / 3)
    assert set_f1([16.0, 40.0], [16.0], [40.0], spacing_matches) == pytest.approx(1.0)
    assert set_f1([16.0, 40.0], [16.0], [], spacing_matches) == pytest.approx(2 / 3)


def test_base_unit_tolerates_a_one_off_but_not_an_odd_scale():
    from collections import Counter
    steps = distinct(Counter({4.0: 10, 8.0: 20, 16.0: 30, 24.0: 10, 13.0: 2}))
    assert base_unit(steps) == 4
    assert base_unit(distinct(Counter({8.0: 10, 16.0: 20, 32.0: 5}))) == 8
    assert base_unit(distinct(Counter({6.0: 10, 12.0: 10, 18.0: 5}))) == 2
    assert base_unit(distinct(Counter({5.0: 10, 10.0: 10, 15.0: 5, 30.0: 3}))) is None
    assert base_unit([]) is None


def _box(i, rect, radius=0.0, shadow=None, pill=False, stands=True, full=True, occluded=0.0, pad=None, parent=None):
    return {"id": i, "parent": parent, "rect": rect, "isBox": True, "standsOut": stands, "edge": 20,
            "radius": [[radius, radius]] * 4, "pill": pill, "circle": False, "shadow": shadow or [],
            "padding": pad or [0, 0, 0, 0], "visibleFrac": 1.0 if full else 0.6, "fullyVisible": full,
            "occluded": occluded, "border": {"widths": [0, 0, 0, 0]}}


def _layer(y, blur, spread=0, alpha=0.1, strength=20.0):
    return {"offsetX": 0, "offsetY": y, "blur": blur, "spread": spread, "color": [0, 0, 0, alpha], "inset": False,
            "strength": strength}


def _sp(kind, value, flush=True, seen=True, measured=None):
    return {"kind": kind, "value": value, "css": value, "measured": value if measured is None else measured,
            "flush": flush, "seen": seen}


def _truth():
    layered = [_layer(10, 15, -3), _layer(4, 6, -4)]
    return {"hasUI": True, "boxes": [
        _box(0, [0, 0, 300, 200], 12, shadow=layered),
        _box(1, [10, 10, 80, 32], 16, pill=True),
        _box(2, [0, 300, 300, 200], 20, full=False),                         # partly out of view: don't care
        _box(3, [400, 0, 100, 100], 8, shadow=[_layer(2, 4, strength=2.0)]),  # a faint shadow: don't care
    ], "spacing": [_sp("padding", 24), _sp("gap", 16), _sp("gap", 40, flush=False, measured=52),
                   _sp("hidden-padding", 7)]}


def test_truth_summary_required_and_dont_care():
    t = truth_summary(_truth())
    assert [s["value"] for s in t["spacing"]] == [16, 24]
    assert {7, 40, 52} <= set(t["dontCareSpacing"])
    assert [r["value"] for r in t["radii"]] == [8, 12]
    assert 20 in t["dontCareRadii"] and 16 in t["dontCareRadii"]  # a pill's radius is not a radius step
    assert t["pills"] == 1 and t["pillPresence"] is True
    assert len(t["shadows"]) == 1 and t["shadows"][0]["key"]["offsetY"] == 10  # the layer reaching furthest
    assert len(t["dontCareShadows"]) == 1


def test_oracle_scores_one_and_a_single_layer_fit_matches_a_layered_shadow():
    truth = _truth()
    s = score_image(truth, oracle(truth))
    for k in ("spacing_f1", "base_unit", "radius_f1", "pill_count", "shadow_presence", "shadow_f1", "box_shadow",
              "box_pill"):
        assert s[k] == pytest.approx(1.0), k
    fit = {"spacing": [16, 24, 52], "radii": [{"value": 12}, {"value": 8}, {"value": 999, "pill": True}],
           "shadows": [{"layers": [{"offsetY": 11, "blur": 18, "alpha": 0.12}]}]}
    s = score_image(truth, fit)
    assert s["spacing_f1"] == s["radius_f1"] == s["shadow_f1"] == s["pill_count"] == pytest.approx(1.0)
    s = score_image(truth, {**fit, "radii": [{"value": 999, "pill": True, "count": 4}]})
    assert s["pill_count"] == pytest.approx(0.25)


def test_no_ui_wants_nothing():
    truth = {"hasUI": False, "boxes": [], "spacing": []}
    assert score_image(truth, {"spacing": [], "radii": [], "shadows": []})["no_ui"] == 1.0
    assert score_image(truth, {"spacing": [8]})["no_ui"] == 0.0


def test_dtcg_reader():
    color = {"colorSpace": "srgb", "components": [0, 0, 0], "alpha": 0.1, "hex": "#000000"}
    dim = lambda v: {"value": v, "unit": "px"}  # noqa: E731
    doc = {
        "spacing": {"$type": "dimension", "$extensions": {"app.copythat": {"baseUnit": 4}},
                    "space-1": {"$type": "dimension", "$value": dim(4)},
                    "space-md": {"$type": "dimension", "$value": {"value": 1, "unit": "rem"},
                                 "$extensions": {"app.copythat": {"count": 7}}}},
        "radius": {"$type": "dimension", "radius-md": {"$type": "dimension", "$value": dim(8)},
                   "radius-full": {"$type": "dimension", "$value": dim(9999),
                                   "$extensions": {"app.copythat": {"enrichment": {"uses": 5, "pill": True}}}}},
        "shadow": {"$type": "shadow",
                   "shadow-sm": {"$type": "shadow", "$value": {"color": color, "offsetX": dim(0), "offsetY": dim(1),
                                                               "blur": dim(3), "spread": dim(0), "inset": False}},
                   "shadow-lg": {"$type": "shadow", "$value": [
                       {"color": color, "offsetX": dim(0), "offsetY": dim(10), "blur": dim(15), "spread": dim(-3)},
                       {"color": color, "offsetX": dim(0), "offsetY": dim(4), "blur": dim(6), "spread": dim(-4)}]}},
    }
    p = prediction_from_tokens(doc)
    assert [(s["value"], s["count"]) for s in p["spacing"]] == [(4, 1), (16, 7)]
    assert p["baseUnit"] == 4
    assert [(r["value"], r["pill"], r["count"]) for r in p["radii"]] == [(8, False, 1), (9999, True, 5)]
    assert [len(s["layers"]) for s in p["shadows"]] == [1, 2]
    assert p["shadows"][0]["layers"][0]["alpha"] == pytest.approx(0.1)
