"""The drift check: verdicts at their thresholds, blends and noise that are not drift, JPEG's codec
allowance, lengths against scales, reference naming, and whole checks of a drawn screenshot."""
from __future__ import annotations

import json

import numpy as np
import pytest
from coloraide import Color

from shared.color.conversions import delta_e_2000
from shared.domain.drift import ColorFinding, DriftReport, ReferenceSummary
from shared.domain.layout import Elevation, LayoutResult, RadiusStep, SpacingStep
from shared.domain.models import PaletteColor, Region
from shared.domain.tokens import Dimension, ShadowLayer, ShadowValue
from shared.domain.typography import TextStyle, TypographyResult
from shared.drift import colors as rules
from shared.drift.check import check_image
from shared.drift.lengths import judge_layout, judge_length, judge_shadow, judge_text
from shared.drift.reference import NoColorTokens, RefLength, RefShadow, reference_from_dtcg, reference_from_library
from shared.drift.report import build_report
from shared.domain.drift import TokenRef
from shared.exporters import render
from shared.extraction.run import extract_tokens
from shared.library.plan import plan_merge
from shared.services.export import bundle_from_tokens
from tests.drift_support import TARGET, TOKENS, screenshot, tokens_file

REF = reference_from_dtcg(tokens_file(), "tokens.json")


def color(hex_: str, share: float = 0.01, edge: float = 0.1) -> PaletteColor:
    return PaletteColor(hex=hex_, share=share, region=Region(edge_ratio=edge))


def at_delta(start: str, want: float, others: list[str]) -> str:
    """A hex whose nearest of `others` is about `want` away (hue turned from `start`)."""
    base = Color(start).convert("oklch")
    for step in np.arange(0.5, 120, 0.25):
        for sign in (1, -1):
            c = base.clone().set("hue", base["hue"] + sign * step).convert("srgb").fit("srgb")
            h = c.to_string(hex=True).upper()
            if abs(min(delta_e_2000(h, o) for o in others) - want) < 0.3:
                return h
    raise AssertionError("no such color")


# --- verdicts ----------------------------------------------------------------------------------

@pytest.mark.parametrize("d, verdict", [(0.0, "on"), (1.99, "on"), (2.0, "on"), (2.01, "near"), (3.99, "near"),
                                        (4.0, "near"), (4.01, "off"), (12, "off")])
def test_distance_verdicts_at_the_tolerance_and_twice_it(d, verdict):
    assert rules.distance_verdict(d, 2.0) == verdict


def test_the_tolerance_is_applied_just_inside_and_outside_the_measured_distance():
    h = at_delta(TOKENS["primary"], 3.0, list(TOKENS.values()))
    d = min(delta_e_2000(h, o) for o in TOKENS.values())
    verdict = lambda tol: rules.judge_colors([color(h)], REF, tol)[0].verdict  # noqa: E731
    assert verdict(d + 0.01) == "on" and verdict(d - 0.01) == "near"
    assert verdict(d / 2 + 0.01) == "near" and verdict(d / 2 - 0.01) == "off"


def test_a_near_color_names_the_token_and_the_css_variable_to_use():
    h = at_delta(TOKENS["primary"], 1.0, list(TOKENS.values()))
    f = rules.judge_colors([color(h)], REF, 0.5)[0]
    assert f.verdict == "near" and f.nearest.path == "color.action" and f.nearest.aliases == ["color.primary"]
    assert f.suggestion == f"{h} is ΔE {f.delta_e:.1f} from action (#2563EB); use `--color-action`"


def test_an_edge_color_between_two_tokens_is_a_blend_but_a_flat_one_is_drift():
    mid = "#" + "".join(f"{(int(TOKENS['text'][i:i + 2], 16) + int(TOKENS['bg'][i:i + 2], 16)) // 2:02X}"
                        for i in (1, 3, 5))
    assert min(delta_e_2000(mid, o) for o in TOKENS.values()) > 4  # off by distance alone
    edge, flat = rules.judge_colors([color(mid, 0.02, 0.95)], REF, 2.0)[0], rules.judge_colors(
        [color(mid, 0.02, 0.1)], REF, 2.0)[0]
    assert edge.verdict == "blend" and set(edge.blend_of) == {"--color-text", "--color-bg"}
    assert flat.verdict == "off"
    # Resampling overshoots a little past the text color (t = 1.1), not a long way (t = 1.4). (Past the
    # near-black text both clip to #000000, as at t = 1.2: the primary's blue keeps them apart.)
    def past(t, end="text"):
        a, b = np.array(Color(TOKENS["bg"]).convert("srgb").coords()), np.array(Color(TOKENS[end]).coords())
        return Color("srgb", list(np.clip(a + t * (b - a), 0, 1))).to_string(hex=True).upper()
    assert rules.judge_colors([color(past(1.1), 0.02, 1.0)], REF, 2.0)[0].verdict in ("on", "blend")
    assert rules.judge_colors([color(past(1.2, "primary"), 0.02, 1.0)], REF, 2.0)[0].verdict == "blend"
    assert rules.judge_colors([color(past(1.4, "primary"), 0.02, 1.0)], REF, 2.0)[0].verdict == "off"


# A page's own colors, as the drift benchmark's Chromium pages have them (page-016, page-023).
PAGE = {"bg": "#FFFEFE", "text": "#251919", "primary": "#C34F5D", "accent": "#0098C8", "surface": "#F6EEEF"}
PAGE_REF = reference_from_dtcg({"color": {"$type": "color", **{k: {"$value": v} for k, v in PAGE.items()}}}, "t")


def _rgb(h: str) -> np.ndarray:
    return np.array([int(h[i:i + 2], 16) for i in (1, 3, 5)], float)


def _hex(rgb) -> str:
    return "#" + "".join(f"{int(round(v)):02X}" for v in np.clip(rgb, 0, 255))


@pytest.mark.parametrize("t", [-0.15, -0.2])
def test_resampling_overshoot_clipped_at_black_is_a_blend(t):
    """Lanczos rings past the text color; past black each channel is clipped, bending the path off the
    straight line (#040000 at t = -0.15 was reported off before the clipped path was followed)."""
    a, b = _rgb(PAGE["text"]), _rgb(PAGE["bg"])
    dark = _hex(a + t * (b - a))
    assert min(delta_e_2000(dark, o) for o in PAGE.values()) > 4
    assert rules.judge_colors([color(dark, 0.003, 1.0)], PAGE_REF, 2.0)[0].verdict == "blend"
    assert rules.judge_colors([color(dark, 0.003, 0.4)], PAGE_REF, 2.0)[0].verdict == "off"  # a flat black


@pytest.mark.parametrize("body_px, verdict", [(10.9, "blend"), (11.0, "off"), (None, "off")])
def test_where_text_is_under_11_image_px_an_edge_only_mix_of_three_design_colors_is_a_blend(body_px, verdict):
    """A downscaled page's small text is all edge: its colors average several pairs' edges (#AD9DA9 on
    page-016 at 0.5×, body text 8.5 image px). There a mix of three of the design's colors on edges only
    is not drift; at readable sizes (or with no text measured) it is the text's own color, and off."""
    mix = _hex((_rgb(PAGE["bg"]) + _rgb(PAGE["primary"]) + _rgb(PAGE["accent"])) / 3)
    assert min(delta_e_2000(mix, o) for o in PAGE.values()) > 10
    edge = rules.judge_colors([color(mix, 0.01, 0.95)], PAGE_REF, 2.0, body_text_px=body_px)[0]
    assert edge.verdict == verdict
    if verdict == "blend":
        assert {"--color-primary", "--color-accent"} < set(edge.blend_of)  # and bg or surface
        assert edge.suggestion.startswith(f"{mix} is anti-aliasing between --color-")


def test_a_small_text_mix_is_never_of_an_off_color_nor_a_flat_one():
    mix = _hex((_rgb(PAGE["bg"]) + _rgb(PAGE["primary"]) + _rgb(PAGE["accent"])) / 3)
    assert rules.judge_colors([color(mix, 0.01, 0.89)], PAGE_REF, 2.0, body_text_px=8)[0].verdict == "off"
    odd = "#7FFF00"
    needs_odd = _hex((_rgb(odd) + _rgb(PAGE["bg"]) + _rgb(PAGE["primary"])) / 3)
    found = {f.hex: f.verdict for f in rules.judge_colors([color(odd, 0.02), color(needs_odd, 0.01, 0.95)],
                                                          PAGE_REF, 2.0, body_text_px=8)}
    assert found == {odd: "off", needs_odd: "off"}


def test_the_body_text_size_in_image_px_is_the_most_used_style_times_the_pixel_ratio():
    from shared.drift.report import body_text_px

    styles = [TextStyle(font_size=s, font_weight=400, line_height=1.4, family_class="sans-serif", share=sh)
              for s, sh in ((32, 0.1), (5.5, 0.6), (12, 0.3))]
    assert body_text_px(TypographyResult(styles=styles, device_pixel_ratio=2.0)) == 11.0
    assert body_text_px(TypographyResult(styles=[])) is None and body_text_px(None) is None


@pytest.mark.parametrize("share, verdict", [(0.0019, "noise"), (0.0021, "off")])
def test_a_sliver_on_edges_is_noise_only_below_its_share(share, verdict):
    odd = "#7FFF00"  # chartreuse: on no segment between the tokens
    assert rules.judge_colors([color(odd, share, 0.95)], REF, 2.0)[0].verdict == verdict
    assert rules.judge_colors([color(odd, share, 0.85)], REF, 2.0)[0].verdict == "off"  # not edge-only


def test_a_jpeg_flat_color_is_compared_with_what_its_quantization_can_make_of_the_token():
    ref = reference_from_dtcg({"c": {"$type": "color", "bg": {"$value": "#0C1414"}, "x": {"$value": "#FFFFFF"}}}, "t")
    measured = [color("#0E1316", 0.6)]  # what JPEG q60 (DC steps 13/14) made of #0C1414 in a flat area
    assert rules.judge_colors(measured, ref, 2.0)[0].verdict == "near"
    assert rules.judge_colors(measured, ref, 2.0, jpeg_dc=(13, 14))[0].verdict == "on"
    further = [color("#0F1317", 0.6)]  # ΔE 3.7: within q60's box, not within rounding (q100's DC step is 1)
    assert rules.judge_colors(further, ref, 2.0, jpeg_dc=(13, 14))[0].verdict == "on"
    assert rules.judge_colors(further, ref, 2.0, jpeg_dc=(1, 1))[0].verdict == "near"
    assert rules.judge_colors([color("#2E3D3D", 0.6)], ref, 2.0, jpeg_dc=(13, 14))[0].verdict == "off"


def test_shares_score_and_the_ci_threshold():
    findings = [ColorFinding(hex="#000000", share=s, verdict=v) for s, v in
                ((0.9, "on"), (0.04, "near"), (0.01, "off"), (0.05, "blend"))]
    assert rules.score(findings) == round(100 * (0.9 + 0.02) / 0.95, 1)
    report = DriftReport(reference=ReferenceSummary(source="t"), colors=findings, off_share=0.005)
    assert report.fails(0.0049) and not report.fails(0.005) and not report.fails(0.0051)


# --- lengths -----------------------------------------------------------------------------------

SIZES = [RefLength(ref=TokenRef(path=f"font.size.{n}", css_var=f"--font-size-{n}", value=f"{v}px"), px=v)
         for n, v in (("sm", 14), ("base", 16), ("xl", 40))]


@pytest.mark.parametrize("px, verdict", [(16, "on"), (17.0, "on"), (17.1, "near"), (18.0, "near"), (18.1, "off"),
                                         (42.0, "on"), (42.2, "near")])
def test_lengths_use_the_librarys_dimension_rule_max_1px_or_5_percent(px, verdict):
    assert judge_length("fontSize", px, SIZES).verdict == verdict


@pytest.mark.parametrize("px, verdict", [(18.0, "on"), (18.1, "near"), (19.0, "near"), (19.1, "off")])
def test_text_sizes_get_the_measurements_allowance_on_top(px, verdict):
    t = TypographyResult(styles=[TextStyle(font_size=px, font_weight=400, lines=3, confidence={"fontSize": 0.9})])
    [f] = judge_text(t, SIZES)
    assert f.verdict == verdict and f.nearest.path == "font.size.base" and f.count == 3


def test_text_styles_report_the_nearest_step_and_skip_without_a_scale_or_confidence():
    t = TypographyResult(styles=[TextStyle(font_size=21, font_weight=400, lines=3),
                                 TextStyle(font_size=30, font_weight=400, confidence={"fontSize": 0.74})])
    [f] = judge_text(t, SIZES)
    assert f.verdict == "off" and f.nearest.path == "font.size.base" and f.delta_px == 5
    assert "use `--font-size-base`" in f.suggestion
    assert judge_text(t, []) == [] and judge_text(None, SIZES) == []


def _layer(blur: float, alpha: float = 0.1) -> ShadowLayer:
    return ShadowLayer(color="#000000", alpha=alpha, offset_x=Dimension(value=0), offset_y=Dimension(value=4),
                       blur=Dimension(value=blur))


def test_spacing_radii_pills_and_shadows_against_their_sets():
    steps = lambda *v: [RefLength(ref=TokenRef(path=f"s.{x}", css_var=f"--s-{x}", value=f"{x}px"), px=x) for x in v]  # noqa: E731
    shadows = [RefShadow(ref=TokenRef(path="shadow.card", css_var="--shadow-card", value=""), layers=(_layer(8),))]
    layout = LayoutResult(spacing=[SpacingStep(value=16, count=4), SpacingStep(value=20, count=1)],
                          radii=[RadiusStep(value=8, count=2), RadiusStep(value=18, count=1, pill=True)],
                          shadows=[Elevation(layers=[_layer(8.2)], level=1, count=2),
                                   Elevation(layers=[_layer(30, 0.3)], level=2, count=1)])
    sp, rd, sh = judge_layout(layout, steps(8, 16, 24), steps(8, 9999), shadows)
    assert [f.verdict for f in sp] == ["on", "off"] and sp[1].nearest.path in ("s.16", "s.24")
    assert [f.verdict for f in rd] == ["on", "on"] and rd[1].nearest.path == "s.9999"
    assert [f.verdict for f in sh] == ["on", "off"] and "--shadow-card" in sh[1].suggestion
    assert judge_shadow(ShadowValue(layers=[_layer(8)]), shadows).verdict == "on"


# --- references ----------------------------------------------------------------------------------

def test_a_file_without_color_tokens_is_refused():
    with pytest.raises(NoColorTokens) as err:
        reference_from_dtcg({"s": {"$type": "dimension", "a": {"$value": {"value": 4, "unit": "px"}}}}, "f.json")
    assert err.value.code == "no_color_tokens" and err.value.status == 400


def test_translucent_tokens_count_where_they_are_drawn_over_an_opaque_one():
    ref = reference_from_dtcg({"c": {"$type": "color", "bg": {"$value": "#FFFFFF"},
                                     "scrim": {"$value": {"colorSpace": "srgb", "components": [0, 0, 0],
                                                          "alpha": 0.5}}}}, "t")
    [over] = [c for c in ref.colors if c.composite]
    assert over.hex == "#808080" and over.ref.path == "c.scrim over c.bg"
    assert rules.judge_colors([color("#808080", 0.3)], ref, 2.0)[0].verdict == "on"
    assert ref.summary().colors == 1


def test_a_library_is_named_as_its_exports_name_it():
    png = screenshot()
    found = extract_tokens(png, token_types=["color"])
    plan = plan_merge([], found.palette, project_id="p", job_id="j", image_sha256=found.image.sha256)
    ref = reference_from_library(plan.upserts, "p", "Acme")
    doc = json.loads(render("dtcg", bundle_from_tokens("p", "Acme", plan.upserts)).body)
    css = render("css", bundle_from_tokens("p", "Acme", plan.upserts)).body.decode()
    assert ref.source == "library" and len([c for c in ref.colors if not c.composite]) >= len(doc["palette"]) - 1
    for c in ref.colors:
        assert c.ref.css_var + ":" in css  # every name a report suggests is a property of the CSS export
    assert any(c.ref.path.startswith("semantic.") for c in ref.colors)  # roles first: --color-primary …
    with pytest.raises(NoColorTokens):
        reference_from_library([], "p", "Acme")


# --- whole checks --------------------------------------------------------------------------------

def test_the_drawn_screenshot_is_clean_against_its_own_tokens():
    report = check_image(screenshot(), REF).report
    assert report.off_share == 0 and report.near_share == 0 and report.score == 100
    assert report.on_share > 0.97


def test_the_same_screenshot_as_jpeg_q75_checks_clean_against_tokens_extracted_from_its_png():
    png = screenshot()
    found = extract_tokens(png, token_types=["color"])
    plan = plan_merge([], found.palette, project_id="p", job_id="j", image_sha256=found.image.sha256)
    doc = json.loads(render("dtcg", bundle_from_tokens("p", "Acme", plan.upserts)).body)
    ref = reference_from_dtcg(doc, "acme.tokens.json")
    for data in (png, screenshot(fmt="JPEG", quality=75)):
        report = check_image(data, ref).report
        assert [c.hex for c in report.colors if c.verdict in ("off", "near")] == []


@pytest.mark.parametrize("delta, verdict", [(8, "off"), (3, "near")])
def test_a_recoloured_block_is_found_where_it_is(delta, verdict):
    fill = at_delta(TOKENS["primary"], delta, list(TOKENS.values()))
    report = check_image(screenshot(target_fill=fill), REF).report
    [f] = [c for c in report.colors if c.verdict == verdict]
    x, y, w, h = TARGET
    b = f.boxes[0]
    assert abs(b.x - x) <= 3 and abs(b.y - y) <= 3 and abs(b.w - w) <= 4 and abs(b.h - h) <= 4
    assert abs(f.share - w * h / (640 * 400)) < 0.003
    if verdict == "off":
        assert report.off_share == f.share and report.fails(0.005) and not report.fails(0.02)
        assert "`--color-" in f.suggestion and "add the color to the tokens" in f.suggestion
        assert report.summary.startswith("1 off-token color on")


def test_report_notes_say_what_was_not_checked():
    report = build_report(palette=[color(TOKENS["bg"], 0.9)], reference=REF, tolerance=2.0)
    assert any("text sizes: not measured" in n for n in report.notes)
    assert any("spacing, radii and shadows" in n for n in report.notes)
    assert report.image == {} and report.colors[0].verdict == "on"


def test_a_color_occurs_in_each_of_its_places_largest_first_in_source_pixels():
    import io

    from PIL import Image, ImageDraw

    from shared.extraction.image import load_image
    from shared.extraction.occurrences import color_boxes

    img = Image.new("RGB", (1600, 1000), "#FFFFFF")  # analysed at 512 px wide: boxes are scaled back
    d = ImageDraw.Draw(img)
    d.rectangle([100, 100, 299, 199], fill="#2563EB")
    d.rectangle([1000, 600, 1499, 899], fill="#2563EB")
    d.rectangle([700, 100, 759, 139], fill="#16A34A")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    blue, green, red = color_boxes(load_image(buf.getvalue()), ["#2563EB", "#16A34A", "#DC2626"])
    assert [(round(b.x, -1), round(b.y, -1), round(b.w, -1), round(b.h, -1)) for b in blue] == [
        (1000, 600, 500, 300), (100, 100, 200, 100)]
    assert len(green) == 1 and abs(green[0].x - 700) <= 4 and abs(green[0].w - 60) <= 6 and red == []
    many = Image.new("RGB", (512, 512), "#FFFFFF")
    d = ImageDraw.Draw(many)
    for k in range(20):
        d.rectangle([10 + 24 * k, 10, 20 + 24 * k, 20 + k], fill="#2563EB")
    buf = io.BytesIO()
    many.save(buf, "PNG")
    [boxes] = color_boxes(load_image(buf.getvalue()), ["#2563EB"], max_boxes=5)
    assert len(boxes) == 5 and boxes[0].h > boxes[-1].h
