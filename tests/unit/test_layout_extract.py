"""The layout extractor on pages drawn exactly (tests/support.layout_png): known gaps, paddings,
corner radii, pills and one shadow, at DPR 1 and 2. Tolerances are the issue's (#15): a spacing step
within 1 px up to 16 px and 8 % above, a radius within max(1 px, 15 %), a shadow's offset y within
2 px and blur within max(2 px, 30 %)."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
import io

from shared.extraction.image import load_image
from shared.extraction.layout import extract_layout
from shared.extraction.run import NO_LAYOUT_NOTE, extract_tokens
from tests.support import LAYOUT_PAGE, layout_png, ui_png

P = LAYOUT_PAGE


def spacing_ok(got: float, want: float) -> bool:
    return abs(got - want) <= (1.0 if want <= 16 else 0.08 * want)


def radius_ok(got: float, want: float) -> bool:
    return abs(got - want) <= max(1.0, 0.15 * want)


@pytest.fixture(scope="module")
def pages():
    return {(scale, shadow): extract_layout(load_image(layout_png(scale, shadow), detail=True))
            for scale, shadow in [(1, True), (2, True), (1, False)]}


@pytest.mark.parametrize("scale", [1, 2])
def test_gaps_paddings_radii_pills_and_the_shadow_in_css_px(pages, scale):
    r = pages[(scale, True)]
    assert r.device_pixel_ratio == scale and r.dpr_source == "measured"
    steps = {s.value: s for s in r.spacing}
    gap = next(s for v, s in steps.items() if spacing_ok(v, P["gap"]))
    pad = next(s for v, s in steps.items() if spacing_ok(v, P["padding"]))
    assert "gap" in gap.uses and gap.count >= 2  # the two gaps between the three cards
    assert "padding" in pad.uses and pad.count >= 6
    assert all(b.w > 0 and b.h > 0 for b in pad.boxes)
    # 16 and 24 px (20 of the 23 uses) are multiples of 8; the 60 px under the buttons (3 uses) is the
    # measured scale's odd one out: 70 % of the uses decide (scales.base_unit)
    assert r.base_unit == 8
    plain = [x for x in r.radii if not x.pill]
    assert any(radius_ok(x.value, P["radius"]) and x.count == 3 for x in plain)
    assert any(radius_ok(x.value, P["inner_radius"]) and x.count == 3 for x in plain)
    pills = [x for x in r.radii if x.pill]
    assert len(pills) == 1 and pills[0].count == 3 and radius_ok(pills[0].value, P["button_h"] / 2)
    (elevation,) = r.shadows
    (layer,) = elevation.layers
    assert elevation.level == 1 and elevation.count == 3
    assert abs(layer.offset_y.value - P["shadow_y"]) <= 2 and abs(layer.offset_x.value) <= 2
    assert abs(layer.blur.value - P["shadow_blur"]) <= max(2.0, 0.3 * P["shadow_blur"])
    assert abs(layer.alpha - P["shadow_alpha"]) <= 0.05 and layer.color <= "#202020" and not layer.inset


def test_the_caller_s_device_pixel_ratio_is_used_as_given():
    r = extract_layout(load_image(layout_png(2), detail=True), device_pixel_ratio=2)
    assert r.dpr_source == "caller" and any(spacing_ok(s.value, P["gap"]) for s in r.spacing)


def test_flat_cards_cast_no_shadow(pages):
    r = pages[(1, False)]
    assert r.shadows == [] and any(radius_ok(x.value, P["radius"]) for x in r.radii)


def _photo() -> bytes:
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:360, 0:560]
    rgb = np.stack([120 + 80 * np.sin(x / 37.0), 110 + 60 * np.cos(y / 23.0), 90 + 40 * np.sin((x + y) / 51.0)], -1)
    rgb = np.clip(rgb + rng.normal(0, 12, rgb.shape), 0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("data", [_photo(), ui_png(size=(640, 400))], ids=["photo", "boxes-without-text"])
def test_an_image_without_a_ui_gives_no_layout_and_says_so(data):
    got = extract_tokens(data, token_types=["spacing", "radius", "shadow"])
    assert got.layout is not None and not (got.layout.spacing or got.layout.radii or got.layout.shadows)
    assert NO_LAYOUT_NOTE in got.notes


def test_the_text_is_measured_once_for_typography_and_layout_and_only_asked_types_are_kept(monkeypatch):
    import shared.extraction.typography as typo

    calls = []
    real = typo.measure_image
    monkeypatch.setattr(typo, "measure_image", lambda image: calls.append(1) or real(image))
    data = layout_png(1)
    got = extract_tokens(data, token_types=["typography", "radius"])
    assert len(calls) == 1
    assert got.typography is not None and got.typography.styles
    assert got.layout.radii and got.layout.spacing == [] and got.layout.shadows == [] and got.layout.base_unit is None
    # the same styles as the typography step alone measures
    alone = typo.extract_typography(load_image(data, detail=True))
    assert [s.font_size for s in got.typography.styles] == [s.font_size for s in alone.styles]
    assert got.palette == [] and set(got.ms) >= {"text", "layout", "typography"}


@pytest.mark.parametrize("uses_on_8,base", [(70, 8), (69, 4)])
def test_the_base_unit_is_the_largest_that_70_percent_of_the_uses_are_multiples_of(uses_on_8, base):
    from shared.extraction.layout.scales import Step, base_unit

    steps = [Step(16.0, uses_on_8, 1.0), Step(12.0, 100 - uses_on_8, 1.0)]
    assert base_unit(steps) == base


@pytest.mark.parametrize("value,base", [(7.5, 8), (7.4, None), (6.5, 2), (6.6, None)])
def test_a_step_within_half_a_px_of_a_multiple_is_one(value, base):
    from shared.extraction.layout.scales import Step, base_unit

    assert base_unit([Step(value, 10, 1.0)]) == base


@pytest.mark.parametrize("scale", [1, 2])
def test_a_contact_shadow_is_read(scale):
    """Tailwind's shadow-sm kind: 0 1px 2px at 15 % (a falloff of two or three pixels)."""
    r = extract_layout(load_image(layout_png(scale, shadow_y=1, shadow_blur=2, shadow_alpha=0.15), detail=True))
    (elevation,) = r.shadows
    key = elevation.layers[-1]
    assert abs(key.offset_y.value - 1) <= 2 and abs(key.blur.value - 2) <= 2 and elevation.count == 3


def _fit(alpha, sigma, y, spread, residual, signal, x=0.0):
    from shared.extraction.layout.shadow import Fit, Layer

    return Fit([Layer(10.0, sigma, x, y, spread, (0, 0, 0), alpha)], residual, signal)


@pytest.mark.parametrize("residual,ok", [(5.9, True), (6.1, False)])
def test_a_contact_shadow_fit_blurred_by_the_edge_is_kept_within_half_the_signal(residual, ok):
    """As the benchmark's list rows read (0 1px 3px): amplitude and spread trade off, so alpha reads
    as 1 and the residual is large; a contact shadow's fit is kept while its residual is at most half
    the darkening (it was dropped as opaque)."""
    from shared.extraction.layout.shadow import accept

    assert accept(_fit(1.0, 1.2, 1.0, -1.0, residual, 12.0)) is ok


@pytest.mark.parametrize("spread,ok", [(2.0, True), (2.2, False)])
def test_a_hard_edged_shadow_grown_into_a_band_is_a_neighbour(spread, ok):
    from shared.extraction.layout.shadow import accept

    assert accept(_fit(0.67, 0.2, 3.0, spread, 0.5, 12.0)) is ok


@pytest.mark.parametrize("residual,lossy,ok", [(3.9, True, True), (4.1, True, False), (3.1, False, False)])
def test_a_lossy_image_s_noise_is_allowed_in_the_fit(residual, lossy, ok):
    """A soft shadow read from a JPEG (0 8px 24px: the fit's residual carries the JPEG's noise): kept
    while the residual is at most 40 % of the darkening; a lossless image's fit must explain 70 %."""
    from shared.extraction.layout.shadow import accept

    fit = _fit(0.1, 8.8, 8.6, 4.6, residual, 10.0)
    fit.lossy = lossy
    assert accept(fit) is ok


@pytest.mark.parametrize("y,blur,alpha", [(8, 24, 0.12), (20, 25, 0.1)])
def test_a_grid_s_soft_shadows_meeting_in_its_gaps_are_read(y, blur, alpha):
    """Cards 16 px apart casting `0 8px 24px` (and `0 20px 25px`): their shadows overlap in the gaps
    and sum to a nearly level band, which was read as a hard shadow's flat run running on into the
    neighbour card — no shadow, or an invented second layer. Tolerances: the issue's (offset y within
    2 px, blur within max(2 px, 30 %))."""
    r = extract_layout(load_image(layout_png(1, shadow_y=y, shadow_blur=blur, shadow_alpha=alpha), detail=True))
    (elevation,) = r.shadows
    (layer,) = elevation.layers
    assert abs(layer.offset_y.value - y) <= 2 and abs(layer.blur.value - blur) <= max(2.0, 0.3 * blur)
    assert abs(layer.alpha - alpha) <= 0.03 and elevation.count == 3


@pytest.mark.parametrize("residual,ok", [(1.45, True), (1.55, False)])
def test_a_faint_contact_shadow_may_leave_a_level_and_a_half_of_misfit(residual, ok):
    """`0 1px 3px` at 10 % on a dark page darkens by a few levels, so 8-bit rounding alone leaves a
    misfit near half its signal: a fit is kept while its rms misfit is within 1.5 levels."""
    from shared.extraction.layout.shadow import accept

    assert accept(_fit(0.1, 1.5, 1.0, 0.0, residual, 2.0)) is ok


def test_ink_inside_another_ink_components_box_is_part_of_it():
    """A photo's texture (a JPEG breaks it into specks) is not content of its own: a component
    wholly inside another's box is dropped; one reaching a pixel past that box is kept."""
    from shared.extraction.layout.content import ink_elements

    flat = np.ones((60, 100), bool)
    flat[10, 10:50] = flat[10:40, 10] = False  # the photo's outline (an L: its box is x 10..50, y 10..40)
    flat[30:33, 40:43] = False  # a speck inside that box
    flat[36:41, 45:48] = False  # reaches row 40, one past the box
    flat[10:20, 70:80] = False  # an icon beside it
    got = sorted((e.x0, e.y0) for e in ink_elements(flat, [], np.zeros((0, 4))))
    assert got == [(11.0, 11.0), (46.0, 37.0), (71.0, 11.0)]
