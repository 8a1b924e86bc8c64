"""Typed tokens in the exports (no external tool; tests/conformance runs the real ones): the view's
entries, slugs and references, the naming/clash rules, each format's output per type, hostile
names, the unmeasured line height rule, libraries without colors, determinism."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.domain.errors import InvalidRequest
from shared.domain.tokens import (
    Dimension,
    DimensionValue,
    FontFamilyValue,
    FontWeightValue,
    NumberValue,
    ShadowLayer,
    ShadowValue,
    Token,
    TokenGroup,
    TokenType,
    TypographyValue,
)
from shared.exporters import FORMATS, render
from shared.exporters._model import build_view
from shared.exporters._names import TAILWIND_COLORS, TAILWIND_WEIGHTS, Namespace, unique_slugs
from shared.exporters._values import font_name, font_stack, shadow
from shared.exporters.bundle import ExportBundle
from shared.exporters.sample import edge_case_bundle, sample_bundle, typed_tokens

P = "p1"


def _text(fmt: str, bundle: ExportBundle) -> str:
    return render(fmt, bundle).body.decode("utf-8")


def _bundle(*tokens: Token) -> ExportBundle:
    return ExportBundle(P, "Typed", list(tokens))


def family(tid: str, name: str, families: list[str], *, named: bool = True, role: str | None = None) -> Token:
    return Token(id=tid, project_id=P, type=TokenType.FONT_FAMILY, name=name, role=role,
                 value=FontFamilyValue(families=families, named=named))


def weight(tid: str, name: str, value: int) -> Token:
    return Token(id=tid, project_id=P, type=TokenType.FONT_WEIGHT, name=name, value=FontWeightValue(value=value))


def style(tid: str, name: str, families: list[str], px: float = 16, w: int = 400, lh: float | None = 1.5,
          ls: float = 0) -> Token:
    return Token(id=tid, project_id=P, type=TokenType.TYPOGRAPHY, name=name,
                 value=TypographyValue(font_family=families, font_size=Dimension(value=px), font_weight=w,
                                       line_height=lh, letter_spacing=Dimension(value=ls)))


def dimension(tid: str, name: str, group: TokenGroup, v: float, unit: str = "px") -> Token:
    return Token(id=tid, project_id=P, type=TokenType.DIMENSION, group=group, name=name,
                 value=DimensionValue(value=v, unit=unit))


def shadow_token(tid: str, name: str, *layers: ShadowLayer) -> Token:
    return Token(id=tid, project_id=P, type=TokenType.SHADOW, name=name, value=ShadowValue(layers=list(layers)))


def layer(y: float, blur: float, alpha: float = 1.0, *, inset: bool = False, color: str = "#14161B") -> ShadowLayer:
    return ShadowLayer(offset_x=Dimension(value=0), offset_y=Dimension(value=y), blur=Dimension(value=blur),
                       spread=Dimension(value=0), color=color, alpha=alpha, inset=inset)


INTER = ["Inter", "ui-sans-serif", "system-ui", "sans-serif"]


# --- the view ------------------------------------------------------------------------------------


def test_view_links_text_styles_to_the_family_and_weight_tokens_they_use():
    b = _bundle(family("f1", "Inter", INTER), weight("w1", "Regular", 400),
                style("t1", "Body", INTER), style("t2", "Quote", ["Georgia", "serif"], w=450))
    ty = build_view(b).typed
    body, quote = sorted(ty.text, key=lambda e: e.slug)
    assert (body.slug, body.family.slug, body.weight_ref.slug) == ("body", "inter", "regular")
    assert (quote.slug, quote.family, quote.weight_ref) == ("quote", None, None)  # no such tokens: literals


def test_view_orders_each_kind_naturally_but_names_by_importance():
    b = _bundle(style("t1", "Body", INTER, px=16), style("t2", "Body", INTER, px=32),
                weight("w1", "Bold", 700), weight("w2", "Light", 300),
                dimension("d1", "Big", TokenGroup.SPACING, 2, "rem"), dimension("d2", "Small", TokenGroup.SPACING, 4))
    ty = build_view(b).typed
    assert [(e.slug, e.font_size.value) for e in ty.text] == [("body-2", 32), ("body", 16)]  # largest first
    assert [w.slug for w in ty.weights] == ["light", "bold"]
    assert [d.slug for d in ty.spacing] == ["small", "big"]  # 4px < 2rem


def test_an_unnamed_family_is_known_by_its_role():
    b = _bundle(family("f1", "Sans", ["ui-sans-serif", "sans-serif"], named=False, role="sans"),
                family("f2", "Monospace stack", ["ui-monospace", "monospace"], named=False, role="mono"),
                family("f3", "Inter", INTER, role="serif"))
    assert [f.slug for f in build_view(b).typed.families] == ["sans", "mono", "inter"]


def test_a_library_without_colors_exports_and_an_empty_one_is_409():
    b = _bundle(*typed_tokens(P))
    for fmt in FORMATS:
        assert render(fmt, b).body
    doc = json.loads(_text("dtcg", b))
    assert set(k for k in doc if not k.startswith("$")) == {"font", "typography", "spacing", "radius", "shadow"}
    css = _text("css", b)
    assert "--color-" not in css and "color-scheme" not in css and "@supports" not in css
    assert "Palette" not in _text("html", b) and "Contrast badges" not in _text("html", b)
    with pytest.raises(InvalidRequest) as e:
        render("css", _bundle())
    assert e.value.code == "empty_library" and e.value.status == 409


def test_number_tokens_and_stray_groups_are_not_exported():
    odd = [Token(id="n1", project_id=P, type=TokenType.NUMBER, group=TokenGroup.SPACING, name="Ratio",
                 value=NumberValue(value=1.25)),
           dimension("d1", "Gap", TokenGroup.SHADOW, 4)]  # a dimension is a spacing step or a radius
    view = build_view(_bundle(style("t1", "Body", INTER), *odd))
    assert [len(x) for x in vars(view.typed).values()] == [0, 0, 1, 0, 0, 0]
    assert "ratio" not in _text("css", _bundle(style("t1", "Body", INTER), *odd))


# --- names and clashes --------------------------------------------------------------------------


def test_edge_names_give_these_slugs():
    ty = build_view(edge_case_bundle()).typed
    assert [f.slug for f in ty.families][3:] == [
        "evil-quote-sans", "brace-mono", "style-b-serif", "back-slash-x-line",
        "bold-2",  # font-bold is Tailwind's weight utility (and ours)
        "family-weight-bold",  # --font-weight-* are weights
        "families-2",  # $font-families is the SCSS map
        "sans",  # unnamed: its role
    ]
    assert [w.slug for w in ty.weights] == ["sans-2", "regular", "book", "medium", "semibold", "bold"]
    slugs = {e.token.name: e.slug for e in ty.text}
    assert slugs["Primary"] == "primary-3"  # role primary and the color primary-2: text-primary is a color
    assert slugs["Center"] == "center-2"  # text-center is alignment
    assert slugs["Shadow Sm"] == "style-shadow-sm"  # --text-shadow-* is text-shadow
    assert slugs["Royal Blue"] == "royal-blue-3" and slugs["Red 500"] == "red-500-2"
    assert slugs["日本語"] == "text-2" and slugs["{x} */ </style>"] == "x-style"
    assert [e.slug for e in ty.text if e.token.name == "Body"] == ["body-2", "body"]  # 16.5px, then 16px
    assert "space-x-4" in [d.slug for d in ty.spacing] and "md-2" in [d.slug for d in ty.spacing]
    assert {"radius-l", "radius-t-lg"} <= {d.slug for d in ty.radius}
    assert {"primary-3", "initial-2", "red-500-2"} <= {s.slug for s in ty.shadows}


def test_shadows_are_exported_lowest_elevation_first_whatever_the_library_order():
    """How far the deepest layer reaches below the box (y + blur + spread) orders them, as it
    numbers elevation-1, -2 …: 0 1px 2px < 0 4px 6px -1px (9) < 0 2px 12px 0 + 0 10px 15px -3px (22)."""
    def shadow(tid, name, *layers):
        return Token(id=tid, project_id="p", type=TokenType.SHADOW, group=TokenGroup.SHADOW, name=name,
                     value=ShadowValue(layers=[ShadowLayer(color="#000000", alpha=0.1, offset_x=Dimension(value=0),
                                                           offset_y=Dimension(value=y), blur=Dimension(value=b),
                                                           spread=Dimension(value=sp)) for y, b, sp in layers]))
    toks = [shadow("s3", "Deep", (2, 12, 0), (10, 15, -3)), shadow("s1", "Low", (1, 2, 0)),
            shadow("s2", "Mid", (4, 6, -1))]
    assert [e.slug for e in build_view(_bundle(*toks)).typed.shadows] == ["low", "mid", "deep"]


def test_a_family_never_takes_a_weight_utility_name():
    """font-<x> is a family when --font-<x> exists, else a weight: a family named "Light" must not
    turn Tailwind's font-light (a weight, whether or not the library has one) into a family."""
    b = _bundle(family("f1", "Light", ["Light", "serif"]), family("f2", "Medium", ["Medium", "serif"]),
                weight("w1", "Medium", 500))
    assert [f.slug for f in build_view(b).typed.families] == ["light-2", "medium-2"]


def test_namespace_prefix_and_suffix_rules():
    ns = Namespace("font", "family", ("weight",))
    assert unique_slugs(["Weight", "Weight Bold", "Weightless", "Bold", "bold"], ns, {"bold"}) == [
        "family-weight", "family-weight-bold", "weightless", "bold-2", "bold-3"]
    assert unique_slugs(["", "!!"], ns) == ["font", "font-2"]


# Random names, and the names the rules are about.
names = st.lists(st.one_of(st.text(max_size=20), st.sampled_from([
    "Bold", "Light", "Normal", "Weight Bold", "Size 2", "Stretch", "Families", "Center", "Pretty", "Primary",
    "Red 500", "Black", "Shadow Sm", "Color X", "Indent", "Sans", "Mono", "Serif"])), max_size=12)


@given(names, names, names)
@settings(max_examples=150, deadline=None)
def test_slugs_are_unique_safe_and_never_shadow_a_tailwind_utility(fams, weights, texts):
    tokens = [family(f"f{i}", n or "x", [n or "x", "serif"]) for i, n in enumerate(fams)]
    tokens += [weight(f"w{i}", n, 100 + i) for i, n in enumerate(weights)]
    tokens += [style(f"t{i}", n, INTER) for i, n in enumerate(texts)]
    view = build_view(_bundle(*tokens, dimension("d0", "Gap", TokenGroup.SPACING, 4)))
    ty = view.typed
    f, w, t = ([e.slug for e in x] for x in (ty.families, ty.weights, ty.text))
    for group in (f, w, t):
        assert len(group) == len(set(group))
        assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in group)
    assert not set(f) & (set(w) | set(TAILWIND_WEIGHTS) | {"families", "weights"})  # font-<x>: family first
    assert not any(s in ("weight", "size", "stretch") or s.startswith(("weight-", "size-", "stretch-")) for s in f)
    assert not set(t) & (TAILWIND_COLORS | {"center", "left", "right", "pretty"})  # text-<x>: color first
    assert not any(s in ("shadow", "color", "indent") or s.startswith(("shadow-", "color-")) for s in t)
    assert not {"sans", "serif", "mono"} & set(w)  # Tailwind's families would shadow these weights


# --- values -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, css", [
    ("sans-serif", "sans-serif"), ("ui-monospace", "ui-monospace"), ("Georgia", "Georgia"),
    ("SFMono-Regular", "SFMono-Regular"), ("Times New Roman", '"Times New Roman"'),
    ("Source Serif 4", '"Source Serif 4"'), ("inherit", '"inherit"'), ("2Font", '"2Font"'),
    ('Evil "Q" \\ x', '"Evil \\"Q\\" \\\\ x"'), ("Noto Sans JP", '"Noto Sans JP"'), ("游ゴシック", '"游ゴシック"'),
])
def test_font_names_are_quoted_where_css_needs_it(name, css):
    assert font_name(name) == css


def test_shadow_css():
    assert shadow([layer(1, 2)]) == "0px 1px 2px 0px #14161b"
    assert shadow([layer(1, 2, 0.08), layer(4, 8, 0.5, inset=True, color="#FFFFFF")]) == (
        "0px 1px 2px 0px rgb(20 22 27 / 0.08), inset 0px 4px 8px 0px rgb(255 255 255 / 0.5)")


# --- each format ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    return sample_bundle(3)


def test_dtcg_typed_groups(sample):
    doc = json.loads(_text("dtcg", sample))
    assert doc["font"]["family"]["$type"] == "fontFamily"
    assert doc["font"]["family"]["inter"]["$value"] == INTER
    assert doc["font"]["weight"]["semibold"]["$value"] == 600
    body = doc["typography"]["body"]
    assert body["$type"] == "typography" and body["$value"] == {
        "fontFamily": "{font.family.inter}", "fontSize": {"value": 16, "unit": "px"},
        "fontWeight": "{font.weight.regular}", "letterSpacing": {"value": 0, "unit": "px"}, "lineHeight": 1.5}
    literal = doc["typography"]["text-17-2-weight-450"]["$value"]
    assert literal["fontFamily"] == ["Georgia", "serif"] and literal["fontWeight"] == 450
    ext = body["$extensions"]["app.copythat"]
    assert ext["id"] == "typ00005" and ext["role"] == "body" and ext["lineHeightMeasured"] is True
    assert ext["provenance"]["evidence"][0]["boxes"][0] == {"x": 24, "y": 40, "w": 320, "h": 22}
    assert ext["enrichment"]["confidence"]["fontSize"] == 0.95
    assert doc["spacing"]["$type"] == "dimension" and doc["spacing"]["3xl"]["$value"] == {"value": 3, "unit": "rem"}
    assert doc["radius"]["lg"]["$value"] == {"value": 0.75, "unit": "rem"}
    e1, e2 = doc["shadow"]["elevation-1"]["$value"], doc["shadow"]["elevation-2"]["$value"]
    assert isinstance(e1, list) and len(e1) == 2 and isinstance(e2, dict)  # two layers: a list; one: an object
    assert e2 == {"color": {"colorSpace": "srgb", "components": [0.078431, 0.086275, 0.105882], "alpha": 0.16,
                            "hex": "#14161b"},
                  "offsetX": {"value": 0, "unit": "px"}, "offsetY": {"value": 8, "unit": "px"},
                  "blur": {"value": 24, "unit": "px"}, "spread": {"value": -4, "unit": "px"}, "inset": False}
    assert doc["shadow"]["inner"]["$value"]["inset"] is True
    assert list(doc)[:5] == ["$description", "$extensions", "palette", "scale", "semantic"]  # colors unchanged


def test_unmeasured_line_height_is_written_as_normal_and_flagged_everywhere(sample):
    doc = json.loads(_text("dtcg", sample))
    label = doc["typography"]["label"]
    assert label["$value"]["lineHeight"] == 1.2
    assert label["$extensions"]["app.copythat"]["lineHeightMeasured"] is False
    assert "1.2 approximates CSS normal" in label["$extensions"]["app.copythat"]["lineHeightNote"]
    assert "--text-label--line-height: 1.2; /* not measured: about normal */" in _text("css", sample)
    assert "--text-label--line-height: 1.2; /* not measured: about normal */" in _text("tailwind", sample)
    assert '"line-height": 1.2, // not measured: about normal' in _text("scss", sample)
    assert "label: { fontFamily: fontFamilies.inter.css, fontSize: \"14px\", fontWeight: fontWeights.medium, " \
           "lineHeight: 1.2," in _text("ts", sample)
    tokens = {t["slug"]: t for t in json.loads(_text("json", sample))["typographyTokens"]}
    assert tokens["label"]["lineHeightMeasured"] is False and tokens["body"]["lineHeightMeasured"] is True
    assert "line height not measured" in _text("html", sample)
    assert _text("html", sample).count("line height not measured") == 3  # label, caption, overline


def test_css_custom_properties_and_classes(sample):
    css = _text("css", sample)
    for line in (
        "--font-inter: Inter, ui-sans-serif, system-ui, sans-serif;",
        '--font-playfair-display: "Playfair Display", ui-serif, Georgia, serif;',
        "--font-weight-semibold: 600;",
        "--text-heading-2: 31.25px;",
        "--text-heading-2--line-height: 1.25;",
        "--text-heading-1--letter-spacing: -0.4px;",
        "--text-heading-2--font-weight: var(--font-weight-semibold);",
        "--text-heading-2--font-family: var(--font-inter);",
        "--text-text-17-2-weight-450--font-family: Georgia, serif;",  # a literal family
        "--text-text-17-2-weight-450--font-weight: 450;",
        "--spacing-3xl: 3rem;",
        "--radius-full: 9999px;",
        "--shadow-elevation-1: 0px 1px 2px 0px rgb(20 22 27 / 0.08), 0px 1px 3px 0px rgb(20 22 27 / 0.1);",
        "--shadow-inner: inset 0px 2px 4px 0px rgb(0 0 0 / 0.06);",
    ):
        assert "  " + line in css, line
    assert (".text-body {\n  font-family: var(--text-body--font-family);\n  font-size: var(--text-body);\n"
            "  font-weight: var(--text-body--font-weight);\n  line-height: var(--text-body--line-height);\n"
            "  letter-spacing: var(--text-body--letter-spacing);\n}") in css
    assert css.count("{") == css.count("}")


def test_a_style_set_in_capitals_carries_its_case_in_every_format_that_can_say_it(sample):
    """A same-size style in capitals reads as a duplicate of the mixed-case one if its case is dropped
    (a screenshot gave `--text-caption` and `--text-small` with the same five values, one all capitals)."""
    css, scss, ts = _text("css", sample), _text("scss", sample), _text("ts", sample)
    assert "  --text-overline--text-transform: uppercase;" in css
    assert "  text-transform: var(--text-overline--text-transform);\n}" in css.split(".text-overline {", 1)[1]
    assert "text-transform" not in css.split(".text-body {", 1)[1].split("}", 1)[0]
    assert css.count("text-transform: uppercase;") == 1  # only the style in capitals
    assert '"letter-spacing": 1.2px,\n  "text-transform": uppercase,\n) !default;' in scss.split("$text-overline:", 1)[1]
    assert scss.count('"text-transform"') == 1
    assert ts.split("overline: {", 1)[1].split("\n", 1)[0].endswith('letterSpacing: "1.2px", textTransform: "uppercase" },')
    assert ts.count("textTransform") == 1
    assert "  --text-overline--text-transform: uppercase;" in _text("tailwind", sample)
    doc = json.loads(_text("dtcg", sample))
    assert doc["typography"]["overline"]["$extensions"]["app.copythat"]["enrichment"]["uppercase"] is True
    assert "textTransform" not in doc["typography"]["overline"]["$value"]  # not a DTCG typography key


def test_tailwind_theme_uses_the_v4_namespaces(sample):
    tw = _text("tailwind", sample)
    theme = tw.split("@theme {\n", 1)[1].split("\n}", 1)[0]
    for line in ("--font-mono: ui-monospace,", "--font-weight-bold: 700;", "--text-body: 16px;",
                 "--text-body--line-height: 1.5;", "--text-body--letter-spacing: 0px;",
                 "--text-body--font-weight: var(--font-weight-regular);", "--spacing-md: 12px;",
                 "--radius-sm: 4px;", "--shadow-elevation-2: 0px 8px 24px -4px rgb(20 22 27 / 0.16);"):
        assert "\n  " + line in "\n" + theme, line
    assert "--font-family" not in tw  # Tailwind's text-* has no family key
    assert ".text-body" not in tw  # utilities come from Tailwind


def test_scss_variables_maps_and_mixin(sample):
    scss = _text("scss", sample)
    assert scss.index('@use "sass:map";') < scss.index("$color-")
    for line in (
        '$font-inter: "Inter", ui-sans-serif, system-ui, sans-serif !default;',  # always quoted in Sass
        '$font-mono: ui-monospace, "SFMono-Regular", "Menlo", monospace !default;',
        "$font-weight-regular: 400 !default;",
        '$text-body: (\n  "font-family": $font-inter,\n  "font-size": 16px,\n  "font-weight": $font-weight-regular,\n'
        '  "line-height": 1.5,\n  "letter-spacing": 0px,\n) !default;',
        '  "font-family": ("Georgia", serif),',  # a literal family
        "$spacing-3xl: 3rem !default;",
        "$radius-lg: 0.75rem !default;",
        "$shadow-inner: inset 0px 2px 4px 0px rgb(0 0 0 / 0.06) !default;",
        '$font-families: (\n  "inter": $font-inter,',
        '$font-weights: (\n  "regular": $font-weight-regular,',
        '$typography: (\n  "display": $text-display,',
        '$spacing: (\n  "xs": $spacing-xs,',
        '$radius: (\n  "sm": $radius-sm,',
        '$shadows: (\n  "elevation-1": $shadow-elevation-1,',
        "@mixin typography($name) {",
    ):
        assert line in scss, line


def test_typescript_objects_and_types(sample):
    ts = _text("ts", sample)
    for line in (
        '  inter: { families: ["Inter", "ui-sans-serif", "system-ui", "sans-serif"], '
        'css: "Inter, ui-sans-serif, system-ui, sans-serif" },',
        "  semibold: 600,",
        '  body: { fontFamily: fontFamilies.inter.css, fontSize: "16px", fontWeight: fontWeights.regular, '
        'lineHeight: 1.5, letterSpacing: "0px" },',
        '  text_17_2Weight_450: { fontFamily: "Georgia, serif", fontSize: "17.2px", fontWeight: 450,',
        '  "2xl": "32px",',
        '  elevation_2: "0px 8px 24px -4px rgb(20 22 27 / 0.16)",',
        "export type TypographyStyle = (typeof typography)[TypographyName];",
        "export type ShadowName = keyof typeof shadows;",
        "  typography,",
    ):
        assert line in ts, line


def test_json_maps_and_token_lists(sample):
    doc = json.loads(_text("json", sample))
    assert doc["fontFamilies"]["mono"] == ["ui-monospace", "SFMono-Regular", "Menlo", "monospace"]
    assert doc["fontWeights"] == {"regular": 400, "medium": 500, "semibold": 600, "bold": 700}
    assert doc["typography"]["display"] == {
        "fontFamily": ["Playfair Display", "ui-serif", "Georgia", "serif"], "fontSize": "48px", "fontWeight": 700,
        "lineHeight": 1.1, "letterSpacing": "-0.96px"}
    assert doc["spacing"]["xs"] == "4px" and doc["radius"]["lg"] == "0.75rem"
    assert doc["shadows"]["inner"] == "inset 0px 2px 4px 0px rgb(0 0 0 / 0.06)"
    display = doc["typographyTokens"][0]
    assert (display["slug"], display["fontFamilyRef"], display["fontWeightRef"]) == ("display", "playfair-display",
                                                                                     "bold")
    assert display["value"]["fontSize"] == {"value": 48, "unit": "px"} and display["color"] == "#14161B"
    assert [t["slug"] for t in doc["spacingTokens"]][:2] == ["xs", "sm"]
    assert doc["shadowTokens"][0]["layers"][0]["color"] == "#14161B"
    assert {t["id"] for t in doc["fontFamilyTokens"]} == {"fam00000", "fam00001", "fam00002"}


def test_html_specimen_and_samples(sample):
    page = _text("html", sample)
    assert '<p class="spectext text-display" data-slug="display" style="color:#14161b;">' in page
    assert "48px / 1.1 · 700 (Bold) · tracking -0.96px · Playfair Display" in page
    assert '<span class="role">heading-1</span>' in page and "confidence 0.85" in page
    assert "size 0.95 · weight 0.80 · line height 0.90 · family 0.70" in page
    assert 'style="font-family:var(--font-playfair-display)"' in page
    assert 'style="font-weight:var(--font-weight-semibold)"' in page
    assert '<div class="bar" data-slug="3xl" style="width:var(--spacing-3xl)"></div>' in page
    assert 'style="border-radius:var(--radius-full)"' in page and 'style="box-shadow:var(--shadow-inner)"' in page
    assert "text-transform:uppercase" in page  # the overline was seen in capitals
    assert "<script" not in page and "url(" not in page and "@import" not in page


def test_zip_readme_counts_every_kind(sample):
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(render("zip", sample).body)) as zf:
        readme = zf.read("sample-brand/README.txt").decode()
    assert "3 colors, 12 text styles, 3 font families, 4 font weights, 7 spacing steps, 4 radii, 3 shadows." in readme


# --- hostile names -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def edge():
    return edge_case_bundle()


def test_hostile_family_names_are_escaped_in_every_format(edge):
    css = _text("css", edge)
    assert '--font-evil-quote-sans: "Evil \\"Quote\\" Sans", ui-sans-serif' in css
    assert '--font-back-slash-x-line: "Back\\\\slash #(x) Line", serif;' in css  # newline: a space
    assert '--text-literal-family--font-family: "(Lit) \\"x\\" */", serif;' in css  # */ is harmless in a string
    scss = _text("scss", edge)
    assert '$font-back-slash-x-line: "Back\\\\slash \\#(x) Line", serif !default;' in scss  # no #{} interpolation
    assert '$font-evil-quote-sans: "Evil \\"Quote\\" Sans",' in scss
    ts = _text("ts", edge)
    assert 'families: ["Evil \\"Quote\\" Sans",' in ts and '"</style><b>Serif"' in ts
    doc = json.loads(_text("dtcg", edge))
    assert doc["font"]["family"]["brace-mono"]["$value"] == ["(Brace) */ Mono", "monospace"]  # braces: ( )
    assert doc["font"]["family"]["brace-mono"]["$description"] == "(Brace) * / Mono"  # no */ for comments
    assert doc["typography"]["x-style"]["$value"]["fontFamily"] == "{font.family.evil-quote-sans}"
    assert json.loads(_text("json", edge))["fontFamilies"]["style-b-serif"] == ["</style><b>Serif", "serif"]


def test_hostile_names_cannot_break_out_of_the_preview(edge):
    page = _text("html", edge)
    assert page.count("</style>") == 2
    body = page.split("<body>", 1)[1]
    assert "<b>Serif" not in body and "&lt;/style&gt;&lt;b&gt;Serif" in body  # as text
    embedded = page.split('<style id="tokens">\n', 1)[1].split("\n</style>", 1)[0]
    assert '--font-style-b-serif: "<\\/style><b>Serif", serif;' in embedded  # \/ is / inside a CSS string
    assert "not a color" not in page  # an enrichment color that is not a hex is not written


@pytest.mark.parametrize("fmt", ["dtcg", "css", "scss", "tailwind", "ts", "json", "html", "zip"])
def test_typed_exports_are_deterministic(fmt):
    a, b = render(fmt, edge_case_bundle()), render(fmt, edge_case_bundle())
    assert a.body == b.body
