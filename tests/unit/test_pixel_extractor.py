"""extract_palette: design colours, not blends; near-duplicates kept; noise and gradients collapsed."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from coloraide import Color
from PIL import Image, ImageDraw, ImageFont

from shared.domain.models import PaletteColor
from shared.extraction.image import load_image
from shared.extraction.pixels import extract_palette

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def font(size: int):
    return ImageFont.truetype(str(FONT), size) if FONT.exists() else ImageFont.load_default(size=size)


def rgb(hex_: str) -> tuple[int, int, int]:
    return tuple(int(hex_[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def de(a: str, b: str) -> float:
    return Color(a).delta_e(Color(b), method="2000")


def palette_of(img: Image.Image, fmt: str = "PNG", max_colors: int = 12, **kw) -> list[PaletteColor]:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return extract_palette(load_image(buf.getvalue()), max_colors)


def nearest(palette: list[PaletteColor], hex_: str) -> tuple[float, PaletteColor]:
    return min(((de(c.hex, hex_), c) for c in palette), key=lambda x: x[0])


def text_card() -> Image.Image:
    img = Image.new("RGB", (480, 300), "#FFFFFF")
    d = ImageDraw.Draw(img)
    for i in range(8):
        d.text((20, 16 + 32 * i), "Anti-aliased body text, quick brown fox", fill="#1F2937", font=font(18))
    return img


def test_text_colour_found_and_blends_are_not_colours():
    pal = palette_of(text_card())
    d_text, text = nearest(pal, "#1F2937")
    d_bg, bg = nearest(pal, "#FFFFFF")
    assert d_text < 2.0 and d_bg < 1.0
    assert len(pal) == 2, [c.hex for c in pal]  # the grey ramps of the glyph edges are folded away
    assert text.region is not None and text.region.edge_ratio > 0.5  # text lives on edges
    assert bg.region is not None and bg.region.edge_ratio < 0.2
    # the ramps' area is credited to the ends: text keeps roughly the ink it was painted with
    mask = Image.new("L", (480, 300), 0)
    dm = ImageDraw.Draw(mask)
    for i in range(8):
        dm.text((20, 16 + 32 * i), "Anti-aliased body text, quick brown fox", fill=255, font=font(18))
    ink = np.asarray(mask, dtype=np.float64).sum() / 255 / (480 * 300)
    assert text.share == pytest.approx(ink, rel=0.25)


def test_deliberate_near_duplicates_stay_apart():
    a, b = "#3B82F6", "#4A8CF7"  # a button and its hover state
    assert 3.0 < de(a, b) < 6.0
    img = Image.new("RGB", (400, 240), "#FFFFFF")
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([30, 60, 180, 180], 12, fill=a)
    d.rounded_rectangle([220, 60, 370, 180], 12, fill=b)
    pal = palette_of(img)
    da, ca = nearest(pal, a)
    db, cb = nearest(pal, b)
    assert da < 1.0 and db < 1.0 and ca.hex != cb.hex
    assert ca.region is not None and ca.region.cx < 0.5 < cb.region.cx  # each with its own region


def test_jpeg_noise_merges():
    colors = ["#F8FAFC", "#0F172A", "#E11D48", "#22C55E"]
    img = Image.new("RGB", (480, 320), colors[0])
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, 480, 60], fill=colors[1])
    d.rectangle([40, 100, 220, 280], fill=colors[2])
    d.rectangle([260, 100, 440, 280], fill=colors[3])
    pal = palette_of(img, "JPEG", quality=70)
    for c in colors:
        assert nearest(pal, c)[0] < 3.0, (c, [p.hex for p in pal])
    assert len(pal) <= len(colors) + 1, [p.hex for p in pal]
    for i, p in enumerate(pal):
        for q in pal[i + 1:]:
            assert de(p.hex, q.hex) > 2.0


def test_gradient_gives_a_few_colours():
    x = np.linspace(0, 1, 600)[None, :, None]
    start, end = np.array(rgb("#6366F1")), np.array(rgb("#EC4899"))
    arr = np.repeat(start * (1 - x) + end * x, 200, axis=0).round().astype(np.uint8)
    pal = palette_of(Image.fromarray(arr))
    assert 1 <= len(pal) <= 4, [c.hex for c in pal]


def test_photo_like_noise_gives_a_few_colours():
    rng = np.random.default_rng(3)
    base = np.zeros((240, 320, 3))
    base[:, :160] = rgb("#2F6B3A")
    base[:, 160:] = rgb("#9CC3E6")
    arr = np.clip(base + rng.normal(0, 6, base.shape), 0, 255).astype(np.uint8)
    pal = palette_of(Image.fromarray(arr))
    assert len(pal) <= 4, [c.hex for c in pal]
    assert nearest(pal, "#2F6B3A")[0] < 3 and nearest(pal, "#9CC3E6")[0] < 3


def test_max_colors_is_honoured():
    img = Image.new("RGB", (500, 400), "#FFFFFF")
    d = ImageDraw.Draw(img)
    for i in range(20):
        hue = i * 18
        c = Color("oklch", [0.65, 0.15, hue]).convert("srgb").fit("srgb")
        d.rectangle([(i % 5) * 100 + 10, (i // 5) * 100 + 10, (i % 5) * 100 + 90, (i // 5) * 100 + 90],
                    fill=c.to_string(hex=True))
    assert len(palette_of(img, max_colors=12)) == 12
    assert len(palette_of(img, max_colors=5)) == 5
    assert len(palette_of(img, max_colors=1)) == 1
    assert len(palette_of(img, max_colors=30)) == 21


def test_small_saturated_button_outranks_large_off_white():
    img = Image.new("RGB", (600, 400), "#FFFFFF")
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, 600, 150], fill="#F1F1EF")  # big off-white band (25 %)
    d.rounded_rectangle([250, 250, 350, 290], 8, fill="#2563EB")  # small brand button (~1.6 %)
    pal = palette_of(img)
    order = [nearest([c], h)[0] < 1.0 for c in pal for h in ("#2563EB",)]
    blue_at = order.index(True)
    off_white_at = next(i for i, c in enumerate(pal) if de(c.hex, "#F1F1EF") < 1.0)
    assert blue_at < off_white_at
    assert pal[blue_at].share < pal[off_white_at].share


def test_shares_and_regions_follow_the_painted_areas():
    img = Image.new("RGB", (400, 200), "#FFFFFF")
    ImageDraw.Draw(img).rectangle([0, 0, 99, 99], fill="#DC2626")  # top-left eighth
    pal = palette_of(img)
    _, red = nearest(pal, "#DC2626")
    assert red.share == pytest.approx(0.125, abs=0.01)
    r = red.region
    assert r is not None
    assert (r.x0, r.y0) == (0.0, 0.0)
    assert r.x1 == pytest.approx(0.25, abs=0.02) and r.y1 == pytest.approx(0.5, abs=0.02)
    assert r.cx == pytest.approx(0.125, abs=0.02) and r.cy == pytest.approx(0.25, abs=0.02)
    assert sum(c.share for c in pal) <= 1.0 + 1e-6


def test_transparent_pixels_are_not_white():
    img = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(img).rectangle([50, 50, 149, 149], fill="#7C3AED")
    pal = palette_of(img)
    assert [c.hex for c in pal] == ["#7C3AED"]
    assert pal[0].share == pytest.approx(1.0, abs=0.01)  # share of the visible pixels


def test_deterministic():
    img = text_card()
    ImageDraw.Draw(img).rectangle([300, 200, 460, 280], fill="#F59E0B")
    first = [c.model_dump() for c in palette_of(img, "JPEG", quality=80)]
    second = [c.model_dump() for c in palette_of(img, "JPEG", quality=80)]
    assert first == second


def test_single_colour_and_tiny_images():
    assert [c.hex for c in palette_of(Image.new("RGB", (1, 1), "#123456"))] == ["#123456"]
    assert [c.hex for c in palette_of(Image.new("RGB", (50, 2), "#ABCDEF"))] == ["#ABCDEF"]
    assert palette_of(Image.new("RGB", (10, 10)), max_colors=0) == []
