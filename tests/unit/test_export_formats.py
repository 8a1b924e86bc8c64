"""Per-format content checks that need no external tool (the tools run in tests/conformance)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from coloraide import Color
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.exporters import render
from shared.exporters._model import camel, contrast_ratio, css_oklch, oklch_of, slugify
from shared.exporters.sample import edge_case_bundle, sample_bundle, tonal_scale

hexes = st.integers(0, 0xFFFFFF).map(lambda v: f"#{v:06x}")


@given(hexes)
@settings(max_examples=300, deadline=None)
def test_oklch_matches_coloraide(h):
    L, C, H = oklch_of(h)
    ref = Color(h).convert("oklch")
    assert abs(L - ref["lightness"]) < 1e-4
    assert abs(C - ref["chroma"]) < 1e-4
    if C > 0.002:
        assert min(abs(H - ref["hue"]), 360 - abs(H - ref["hue"])) < 0.05


@given(hexes)
@settings(max_examples=300, deadline=None)
def test_css_oklch_round_trips_to_the_same_hex(h):
    back = Color(css_oklch(h)).convert("srgb")
    got = [round(c * 255) for c in back.coords()]
    want = [int(h[i : i + 2], 16) for i in (1, 3, 5)]
    assert all(abs(a - b) <= 1 for a, b in zip(got, want)), (h, css_oklch(h))


@given(hexes, hexes)
@settings(max_examples=100, deadline=None)
def test_contrast_matches_coloraide(a, b):
    ref = Color(a).contrast(Color(b), method="wcag21")
    # coloraide derives Y from its own matrix: relative, since ratios run to 21 (#00fa5d on #800000:
    # 7.7339 vs 7.7329, off by 1.3e-4)
    assert abs(contrast_ratio(a, b) - ref) <= 5e-4 * ref


@given(st.text(max_size=40))
def test_slugs_are_dtcg_and_css_safe(text):
    s = slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s)
    assert re.fullmatch(r"[^${}.][^{}.]*", s)  # the DTCG name pattern


@given(st.lists(st.from_regex(r"[a-z0-9]+(-[a-z0-9]+){0,3}", fullmatch=True), max_size=30, unique=True))
def test_camel_keys_never_clash(slugs):
    assert len({camel(s) for s in slugs}) == len(slugs)


def test_tonal_scale_helper():
    sc = tonal_scale("#2747B5")
    assert list(sc) == [50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950]
    ls = [oklch_of(h.lower())[0] for h in sc.values()]
    assert ls == sorted(ls, reverse=True)


def _text(fmt, bundle=None):
    return render(fmt, bundle or sample_bundle(10)).body.decode("utf-8")


def test_dtcg_layout():
    doc = json.loads(_text("dtcg"))
    assert doc["$extensions"]["app.copythat"]["projectId"] == "proj-sample"
    assert doc["palette"]["$type"] == "color"
    tok = doc["palette"]["royal-blue"]
    assert tok["$value"] == {
        "colorSpace": "srgb",
        "components": [0.152941, 0.278431, 0.709804],
        "alpha": 1,
        "hex": "#2747b5",
    }
    assert tok["$description"] == "Royal Blue (primary)"
    ext = tok["$extensions"]["app.copythat"]
    assert ext["role"] == "primary" and ext["oklch"] == [0.4467, 0.1781, 266.49]
    assert ext["provenance"]["sources"] == ["pixels"] and "contrast" in ext["enrichment"]
    assert list(k for k in doc["scale"]["royal-blue"] if not k.startswith("$")) == [
        "50",
        "100",
        "200",
        "300",
        "400",
        "500",
        "600",
        "700",
        "800",
        "900",
        "950",
    ]


def test_dtcg_has_no_braces_outside_aliases():
    """Curly braces only as whole aliases (a semantic color's $value, a text style's fontFamily or
    fontWeight): names, descriptions, extensions and font names have none."""
    doc = json.loads(_text("dtcg", edge_case_bundle()))
    aliases = []

    def strings(node, in_value=False):
        if isinstance(node, dict):
            for k, v in node.items():
                yield k
                yield from strings(v, in_value or k == "$value")
        elif isinstance(node, list):
            for v in node:
                yield from strings(v, in_value)
        elif isinstance(node, str):
            if in_value and re.fullmatch(r"\{[a-z0-9.-]+\}", node):
                aliases.append(node)
            else:
                yield node

    assert not [s for s in strings(doc) if "{" in s or "}" in s]
    assert "{font.family.evil-quote-sans}" in aliases and "{palette.royal-blue}" in aliases


def test_css_structure():
    css = _text("css")
    assert "--color-royal-blue: #2747b5;" in css
    assert "--color-royal-blue: oklch(44.67% 0.1781 266.49);" in css
    assert "--color-primary: var(--color-royal-blue);" in css
    assert "@supports (color: oklch(0 0 0)) {" in css
    assert "@media (prefers-color-scheme: dark) {" in css
    assert '[data-theme="dark"] {' in css and '[data-theme="light"] {' in css
    assert css.count("{") == css.count("}")


def test_css_comment_cannot_be_closed_by_a_project_name():
    css = _text("css", edge_case_bundle())
    header = css.split("*/", 1)[0]
    assert "</style>" in header  # harmless in CSS; the HTML preview escapes it


def test_scss_and_tailwind_and_ts_shapes():
    scss = _text("scss")
    assert "$color-royal-blue: #2747b5 !default;" in scss
    assert "$color-dark-primary: $color-royal-blue-300 !default;" in scss
    assert '$palette: (\n  "royal-blue": $color-royal-blue,' in scss
    tw = _text("tailwind")
    assert tw.count("@theme {") == 1 and "--color-royal-blue-500:" in tw and "@layer theme {" in tw
    ts = _text("ts")
    assert 'royalBlue: "#2747b5",' in ts and "primary: palette.royalBlue," in ts
    assert "primary: scales.royalBlue[300]," in ts
    assert "export type Theme = typeof theme;" in ts and "export default theme;" in ts


def test_html_preview_is_self_contained_and_escaped():
    page = _text("html", edge_case_bundle())
    assert "<script" not in page and "http://" not in page and "https://" not in page and "url(" not in page
    assert "Édge “Cases” &lt;/style&gt; &amp; Co." in page
    assert page.count("</style>") == 2  # the project name in the embedded CSS comment cannot close it
    assert "on white" in page and "AAA" in page and 'data-theme="dark"' in page


def test_json_plain_shape():
    doc = json.loads(_text("json"))
    assert doc["palette"]["royal-blue"] == "#2747B5"
    assert doc["schemes"]["light"]["primary"] == "#2747B5"
    assert doc["tokens"][0]["contrast"] == {"onWhite": 7.91, "onBlack": 2.65}


@pytest.mark.parametrize("fmt", ["dtcg", "css", "scss", "tailwind", "ts", "json"])
def test_every_format_carries_every_hex(fmt):
    b = sample_bundle(25)
    text = _text(fmt, b).lower()
    for t in b.tokens:
        if t.is_color:
            assert t.hex.lower() in text
    for scale in b.scales.values():
        for h in scale.values():
            assert h.lower() in text


def test_benchmark_module_imports():
    assert Path(__file__).resolve().parents[1].joinpath("benchmarks", "export_benchmark.py").exists()


def test_html_embeds_the_css_export():
    b = edge_case_bundle()
    page = _text("html", b)
    embedded = page.split('<style id="tokens">\n', 1)[1].split("\n</style>", 1)[0]
    assert embedded == _text("css", b).replace("</", "<\\/")
