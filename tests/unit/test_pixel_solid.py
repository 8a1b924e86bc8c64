"""Two solid colours (one exact value each, over a painted surface) stay two colours even when they are
closer than a leader cluster reaches: white and a #fffafb panel (ΔE2000 2.7) are a design's near-duplicate
pair (issue 20: pairs ΔE 2–5 apart are kept apart), not a colour and its compression noise.

The evidence is in the pixels: at least 0.5 % of the image (and 64 pixels) at one exact value (squared spread at most
0.1 sRGB level², i.e. about nine pixels in ten exactly on it). Each edge is tested just inside and just
outside: the ΔE 2 of the noise merge, the 0.5 % share and the 0.1 spread.
"""
from __future__ import annotations

import io

import numpy as np
import pytest
from coloraide import Color
from PIL import Image

from shared.extraction.image import load_image
from shared.extraction.palette import extractor
from shared.extraction.pixels import extract_palette

W, H = 400, 300
WHITE = "#ffffff"


def rgb(hex_: str) -> tuple[int, int, int]:
    return tuple(int(hex_[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def de(a: str, b: str) -> float:
    return Color(a).delta_e(Color(b), method="2000")


def page(panel: str, area: int = 60 * 100, jitter: float = 0.0, stripes: bool = False) -> np.ndarray:
    """A white page with a dark header bar and one panel of `area` pixels (60 wide) at `panel`;
    `jitter` = share of the panel's pixels one level greener (it stays in its 4-level bin); `stripes`:
    the panel painted as 1 px columns (every other one, over twice the width), without interior pixels
    (a surface with them stays apart from ΔE 0.9: test_pixel_surface.py)."""
    img = np.empty((H, W, 3), dtype=np.uint8)
    img[:] = rgb(WHITE)
    img[:40] = rgb("#1e293b")
    rows = area // 60
    if stripes:
        img[100:100 + rows, 140:260:2] = rgb(panel)
        return img
    img[100:100 + rows, 200:260] = rgb(panel)
    if jitter:
        region = img[100:100 + rows, 200:260]
        flat = region.reshape(-1, 3)
        n = flat.shape[0]
        idx = np.round(np.arange(round(jitter * n)) * (n / round(jitter * n))).astype(int)
        flat[idx, 1] += 1
        img[100:100 + rows, 200:260] = flat.reshape(region.shape)
    return img


def palette(img: np.ndarray) -> list[str]:
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, "PNG")
    return [c.hex.lower() for c in extract_palette(load_image(buf.getvalue()), 12)]


def near(pal: list[str], hex_: str) -> list[str]:
    return [c for c in pal if de(c, hex_) < 1.0]


def test_a_white_and_a_fffafb_panel_are_two_colours():
    assert 2.0 < de(WHITE, "#fffafb") < 5.0
    pal = palette(page("#fffafb"))
    assert near(pal, WHITE) == [WHITE] and near(pal, "#fffafb") == ["#fffafb"], pal


@pytest.mark.parametrize("panel, apart", [("#fffefa", True), ("#fffbfa", False)])
def test_solid_colours_without_interior_just_over_de_2_stay_apart_just_under_merge(panel, apart):
    d = de(WHITE, panel)
    assert (2.0 < d < 2.02) if apart else (1.98 < d < 2.0)
    pal = palette(page(panel, area=60 * 200, stripes=True))
    assert (panel in pal and WHITE in pal) if apart else (len([c for c in pal if de(c, WHITE) < 3]) == 1), pal


@pytest.mark.parametrize("area, apart", [(60 * 11, True), (60 * 9, False)])  # 0.55 % and 0.45 % of the page
def test_a_panel_is_solid_from_half_a_percent_of_the_image(area, apart):
    pal = palette(page("#fffafb", area=area))
    assert ("#fffafb" in pal) == apart, pal
    assert WHITE in pal


@pytest.mark.parametrize("jitter, apart", [(0.10, True), (0.13, False)])  # spread 0.09 and 0.113
def test_a_panel_with_one_level_of_noise_on_more_than_a_tenth_of_its_pixels_is_not_solid(jitter, apart):
    spread = jitter * (1 - jitter)  # one channel, one level: mean squared distance to the mean
    assert (spread < 0.1) if apart else (spread > 0.1)
    pal = palette(page("#fffafb", area=60 * 200, jitter=jitter))
    assert (len([c for c in pal if de(c, WHITE) < 3.5]) == 2) == apart, pal


def test_the_numpy_pipeline_agrees():
    img = page("#fffafb")
    assert [f.rgb for f in extractor.find_colors_numpy(img, None, 12)] == \
        [f.rgb for f in extractor.find_colors(img, None, 12)]


def test_the_exact_strips_of_a_downscaled_edge_do_not_add_a_colour():
    """A 50 % downscale leaves one-value strips along edges (≥ 0.5 % of this image, ΔE ~1 from the fill):
    solid, but under ΔE 2 from the fill they share its cluster as before (split off, they reshaped the
    clusters around them and a ninth colour, #283843, appeared)."""
    from tests.benchmarks.pixel_dataset import encode, make_scenes

    scene = make_scenes(12)[9]
    assert scene.kind == "near-dup"
    pal = extract_palette(load_image(encode(scene, "downscaled")), 12)
    assert len(pal) <= len(scene.truth), [c.hex for c in pal]


@pytest.mark.parametrize("pixels, apart", [(64, True), (63, False)])
def test_a_solid_colour_covers_at_least_one_8x8_block(pixels, apart):
    """In a 40×40 image 0.5 % is 8 pixels: the share alone would make a few exact pixels a surface."""
    img = np.full((40, 40, 3), 255, dtype=np.uint8)
    flat = img.reshape(-1, 3)
    flat[600:600 + pixels] = rgb("#fffafb")  # rows 15–16 of the image: an exact strip of `pixels`
    found = [f.rgb for f in extractor.find_colors(img, None, 12)]
    assert found == ([rgb(WHITE), rgb("#fffafb")] if apart else [rgb(WHITE)]), found
    assert found == [f.rgb for f in extractor.find_colors_numpy(img, None, 12)]
