"""Two surfaces (one exact value each over an area with interior pixels) stay two colours from ΔE2000 0.9,
under the ΔE 2 noise merge: a white card on a grey-50 page is the most common near-duplicate pair of real
UIs (issue 20) — Tailwind slate-50 #f8fafc (ΔE 1.62 from white), gray-50 #f9fafb (1.20), neutral-50
#fafafa (1.00), Bootstrap's light #f8f9fa (1.38), Primer's #f6f8fa (1.91).

A surface: a solid colour (test_pixel_solid.py) with at least a tenth of its pixels interior (all four
neighbours on its own value) and at least one 8×8 block of them. Each edge is tested just inside and
just outside: the ΔE 0.9 floor, the 10 % interior share, the 64 interior pixels. The compiled core and
the numpy reference agree on every scene (test_pixel_core.py runs them too).
"""
from __future__ import annotations

import io

import numpy as np
import pytest
from coloraide import Color
from PIL import Image

from shared.extraction.image import load_image
from shared.extraction.palette import extractor
from shared.extraction.palette.blends import detect_blends
from shared.extraction.palette.histogram import build_bins, leader_clusters, pixel_keys
from shared.extraction.pixels import extract_palette

W, H = 400, 300
WHITE = "#ffffff"
GREY_50 = {"tailwind slate-50": "#f8fafc", "tailwind gray-50": "#f9fafb", "tailwind neutral-50": "#fafafa",
           "bootstrap light": "#f8f9fa", "primer canvas-subtle": "#f6f8fa"}


def rgb(hex_: str) -> tuple[int, int, int]:
    return tuple(int(hex_[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def de(a: str, b: str) -> float:
    return Color(a).delta_e(Color(b), method="2000")


def cards_page(page: str, card: str = WHITE) -> np.ndarray:
    """A `page` background with a dark nav bar, three `card` cards and a brand button on each card."""
    img = np.empty((H, W, 3), dtype=np.uint8)
    img[:] = rgb(page)
    img[:36] = rgb("#0f172a")
    for x in (20, 150, 280):
        img[70:270, x:x + 100] = rgb(card)
        img[230:250, x + 20:x + 80] = rgb("#4f46e5")
    return img


def panel_page(panel: str, block: tuple[int, int] = (40, 40), stripes: int = 0, size: tuple[int, int] = (H, W),
               at: tuple[int, int] = (100, 100)) -> np.ndarray:
    """A white page with a dark header, a solid `block` of `panel` and `stripes` more `panel` pixels painted
    as 1 px columns (every other column, 200 rows each): stripes have no interior pixels."""
    img = np.full((*size, 3), 255, dtype=np.uint8)
    if size[0] > 100:
        img[:30] = rgb("#1e293b")
    y, x = at
    img[y:y + block[0], x:x + block[1]] = rgb(panel)
    for i in range(stripes):
        col, row = divmod(i, 200)
        img[60 + row, 200 + 2 * col] = rgb(panel)
    return img


def interior_share(img: np.ndarray, hex_: str) -> float:
    m = (img == np.array(rgb(hex_), dtype=np.uint8)).all(axis=2)
    inner = m[1:-1, 1:-1] & m[:-2, 1:-1] & m[2:, 1:-1] & m[1:-1, :-2] & m[1:-1, 2:]
    return float(inner.sum() / m.sum())


def hexes(found) -> list[str]:
    return ["#%02x%02x%02x" % f.rgb for f in found]


def both(img: np.ndarray) -> list[str]:
    """The palette (compiled core), after checking the numpy reference gives the same one."""
    found = extractor.find_colors(img, None, 12)
    assert [f.rgb for f in found] == [f.rgb for f in extractor.without_imagery(
        img, None, extractor.find_colors_numpy(img, None, 12))]
    return hexes(found)


@pytest.mark.parametrize("system", sorted(GREY_50))
def test_a_white_card_on_each_systems_grey_50_page_is_two_colours(system):
    page = GREY_50[system]
    assert 0.99 < de(WHITE, page) < 2.0
    pal = both(cards_page(page))
    assert page in pal and WHITE in pal, pal


def test_the_pair_survives_the_product_path_from_a_png():
    buf = io.BytesIO()
    Image.fromarray(cards_page("#f8fafc")).save(buf, "PNG")
    pal = [c.hex.lower() for c in extract_palette(load_image(buf.getvalue()), 12)]
    assert "#f8fafc" in pal and WHITE in pal, pal


@pytest.mark.parametrize("panel, apart", [("#fcfbfb", True), ("#fbfcfd", False)])
def test_surfaces_just_over_de_0_9_stay_apart_just_under_merge(panel, apart):
    d = de(WHITE, panel)
    assert (0.9 < d < 0.92) if apart else (0.88 < d < 0.9)
    img = panel_page(panel, block=(100, 60))
    assert interior_share(img, panel) > 0.9
    pal = both(img)
    assert (panel in pal and WHITE in pal) if apart else (len([c for c in pal if de(c, WHITE) < 1.5]) == 1), pal


@pytest.mark.parametrize("stripes, apart", [(12697, True), (12986, False)])  # 10.1 % and 9.9 % interior
def test_a_panel_is_a_surface_from_a_tenth_of_its_pixels_interior(stripes, apart):
    """The same 40×40 block (1444 interior pixels), diluted by 1 px stripes of the same exact value."""
    img = panel_page("#f8fafc", stripes=stripes)
    share = interior_share(img, "#f8fafc")
    assert (0.1 < share < 0.1011) if apart else (0.0989 < share < 0.1)
    pal = both(img)
    assert ("#f8fafc" in pal) == apart, pal
    assert WHITE in pal


def test_a_panel_of_stripes_only_has_no_interior_and_merges():
    """Solid (6000 exact pixels, 5 % of the page) but without interior pixels: under ΔE 2 it is noise."""
    img = panel_page("#f8fafc", block=(0, 0), stripes=6000)
    assert interior_share(img, "#f8fafc") == 0.0
    assert len([c for c in both(img) if de(c, WHITE) < 2.0]) == 1


@pytest.mark.parametrize("rows, apart", [(10, True), (9, False)])  # 8×8 = 64 and 8×7 = 56 interior pixels
def test_a_surface_has_at_least_one_8x8_block_of_interior_pixels(rows, apart):
    img = panel_page("#f8fafc", block=(rows, 10), size=(40, 40), at=(15, 15))
    assert round(interior_share(img, "#f8fafc") * rows * 10) == (64 if apart else 56)
    assert both(img) == ([WHITE, "#f8fafc"] if apart else [WHITE])


def test_jpeg_leaves_no_exact_surfaces_so_the_rule_does_not_fire():
    """The same cards in JPEG (q90): no bin is solid, so no surface pair is made (the pair may merge:
    the ΔE 2 noise rule is what JPEG gets)."""
    buf = io.BytesIO()
    Image.fromarray(cards_page("#f8fafc")).save(buf, "JPEG", quality=90)
    img = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    use = ~detect_blends(img, None).mask
    leaders = leader_clusters(build_bins(img, pixel_keys(img), use))
    assert leaders.apart is not None and len(leaders.apart) == 0
    both(img)
