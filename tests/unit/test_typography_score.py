"""The typography benchmark's scorer at its edges (tests/benchmarks/typography_score.py). No Chromium."""
from __future__ import annotations

import pytest

from tests.benchmarks.typography_score import (
    oracle, score_image, set_f1, size_matches, styles_from_tokens, truth_summary)


@pytest.mark.parametrize(("pred", "true", "ok"), [
    (53.0, 50.0, True),    # exactly +6 %
    (47.0, 50.0, True),    # exactly -6 %
    (53.25, 50.0, False),  # +6.5 %
    (46.75, 50.0, False),  # -6.5 %
    (11.0, 10.0, True),    # 6 % of 10 px is 0.6 px: the 1 px floor decides
    (9.0, 10.0, True),
    (11.1, 10.0, False),
    (17.0, 16.0, True),    # 1 px > 6 % of 16 (0.96)
    (17.05, 16.0, False),
])
def test_size_match_rule(pred, true, ok):
    assert size_matches(pred, true) is ok


def test_matching_is_one_to_one():
    # 14.5 is within tolerance of both 14 and 15 but may take only one of them.
    assert set_f1([14.5], [14.0, 15.0], [], size_matches) == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    # A maximum matching, not a greedy one: 15 must go to 15.9 so that 14.5 can take 14.
    assert set_f1([14.5, 15.0], [14.0, 15.9], [], size_matches) == pytest.approx(1.0)


def test_dont_care_sizes_are_not_false_positives():
    assert set_f1([16.0, 40.0], [16.0], [40.0], size_matches) == pytest.approx(1.0)
    assert set_f1([16.0, 40.0], [16.0], [], size_matches) == pytest.approx(2 / 3)


def _line(text, size, weight=400, lh=None, cls="sans-serif", multiline=False, clipped=False):
    return {"text": text, "fontSize": size, "fontWeight": weight, "fontStyle": "normal",
            "lineHeightPx": lh or size * 1.5, "letterSpacing": 0.0, "familyClass": cls, "role": "body",
            "multiline": multiline, "clipped": clipped}


PAGE = {"lines": [_line("Heading text", 40, 700, 44, "serif"),
                  _line("body text that runs on for a while", 16, multiline=True),
                  _line("and a second line of body text", 16, multiline=True),
                  _line("Caption", 12, 500),
                  _line("cut off", 28, 300, clipped=True)]}


def test_truth_summary_body_and_dont_care():
    s = truth_summary(PAGE)
    assert s["sizes"] == [12, 16, 40]
    assert s["weights"] == [400, 500, 700]
    assert s["dontCareSizes"] == [28] and s["dontCareWeights"] == [300]
    assert s["body"] == {"fontSize": 16, "familyClass": "sans-serif", "fontWeight": 400, "lineHeight": 1.5,
                         "lineHeightObservable": True}
    assert s["largest"] == {"fontSize": 40, "familyClass": "serif"}


def test_oracle_scores_one_and_weights_match_exactly():
    s = score_image(PAGE, oracle(PAGE))
    assert (s["size_f1"], s["body_size"], s["weight_f1"], s["line_height_err"], s["family_class"]) == (1, 1, 1, 0, 1)
    def regular_as(w):
        return [dict(p, fontWeight=w if p["fontWeight"] == 400 else p["fontWeight"]) for p in oracle(PAGE)]
    assert score_image(PAGE, regular_as(600))["weight_f1"] == pytest.approx(2 / 3)  # 600 ≠ 400: a miss and a FP
    assert score_image(PAGE, regular_as(300))["weight_f1"] == pytest.approx(0.8)  # 300 only in clipped text: ignored


def test_body_is_role_then_share():
    preds = [{"fontSize": 40, "fontWeight": 700, "lineHeight": 1.1, "familyClass": "serif", "share": 0.6},
             {"fontSize": 16.8, "fontWeight": 400, "lineHeight": 1.45, "familyClass": "sans-serif", "share": 0.3}]
    s = score_image(PAGE, preds)
    assert s["body_size"] == 0.0 and s["family_class"] == 0.5  # body = largest share = the 40 px serif
    preds[1]["role"] = "body"
    s = score_image(PAGE, preds)
    assert s["body_size"] == 1.0 and s["line_height_err"] == pytest.approx(0.05) and s["family_class"] == 1.0


def test_no_text_page():
    assert score_image({"lines": []}, [])["no_text"] == 1.0
    assert score_image({"lines": []}, oracle(PAGE))["no_text"] == 0.0


def test_reads_dtcg_typography_tokens():
    doc = {"font": {"family": {"$type": "fontFamily", "sans": {"$type": "fontFamily", "$value": ["Inter", "sans-serif"],
                                                             "$extensions": {"app.copythat": {"class": "sans-serif"}}},
                               "mono": {"$value": ["JetBrains Mono", "ui-monospace"]}},
                    "weight": {"$type": "fontWeight", "regular": {"$type": "fontWeight", "$value": 400}}},
           "typography": {"$type": "typography",
                          "body": {"$value": {"fontFamily": "{font.family.sans}", "fontSize": {"value": 16, "unit": "px"},
                                              "fontWeight": "{font.weight.regular}", "lineHeight": 1.5,
                                              "letterSpacing": {"value": 0, "unit": "px"}},
                                   "$extensions": {"app.copythat": {"role": "body", "share": 0.42}}},
                          "code": {"$type": "typography",
                                   "$value": {"fontFamily": "{font.family.mono}", "fontSize": {"value": 0.875, "unit": "rem"},
                                              "fontWeight": "bold", "lineHeight": 1.6,
                                              "letterSpacing": {"value": 0.05, "unit": "em"}}}}}
    body, code = styles_from_tokens(doc)
    assert body == {"fontSize": 16.0, "fontWeight": 400, "lineHeight": 1.5, "letterSpacing": 0.0,
                    "familyClass": "sans-serif", "role": "body", "share": 0.42}
    assert code["fontSize"] == 14.0 and code["fontWeight"] == 700 and code["familyClass"] == "monospace"
    assert code["letterSpacing"] == pytest.approx(0.7)


def _style(size, weight):
    return {"fontSize": size, "fontWeight": weight, "lineHeight": 1.3, "familyClass": "sans-serif"}


def _styled_page():
    return {"lines": [_line("Body text of the page " * 3, 16.0), _line("Starter", 24.0, 600),
                      _line("Pro", 24.0, 600)]}


def test_one_heading_read_as_three_weights_is_two_extra_styles():
    # The pricing page: one 24 px/600 style came out as 23.5 px at 500, 600 and 700.
    s = score_image(_styled_page(), [_style(16.0, 400), _style(23.5, 500), _style(23.5, 600), _style(23.5, 700)])
    assert s["style_precision"] == pytest.approx(2 / 4)
    assert s["style_extras"] == 2.0
    assert s["style_f1"] == pytest.approx(2 * 0.5 * 1.0 / 1.5)
    assert s["size_f1"] == pytest.approx(1.0)  # the size metric does not see the split


@pytest.mark.parametrize(("size", "matched"), [(25.44, True), (25.5, False), (22.56, True), (22.5, False)])
def test_a_style_matches_on_size_within_six_percent(size, matched):
    # max(1 px, 6 % of 24) = 1.44 px.
    s = score_image(_styled_page(), [_style(16.0, 400), _style(size, 600)])
    assert s["style_precision"] == pytest.approx(1.0 if matched else 0.5)


def test_a_style_needs_the_exact_weight():
    s = score_image(_styled_page(), [_style(16.0, 400), _style(24.0, 700)])
    assert s["style_precision"] == pytest.approx(0.5)
    assert s["style_extras"] == 0.0  # its size has no matched style: a wrong weight, not a split


def test_styles_seen_only_clipped_are_dont_care_and_the_oracle_scores_one():
    page = _styled_page()
    page["lines"].append(_line("Cut off", 40.0, 800, clipped=True))
    s = score_image(page, [_style(16.0, 400), _style(24.0, 600), _style(40.0, 800)])
    assert s["style_precision"] == pytest.approx(1.0) and s["style_f1"] == pytest.approx(1.0)
    o = score_image(page, oracle(page))
    assert o["style_precision"] == 1.0 and o["style_f1"] == 1.0 and o["style_extras"] == 0.0
