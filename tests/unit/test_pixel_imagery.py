"""Photos and gradients are imagery: at most their dominant colour each, marked; UI colours stay."""
from __future__ import annotations

import io

import numpy as np
from coloraide import Color
from PIL import Image, ImageDraw

from shared.extraction.image import load_image
from shared.extraction.palette import clusters, extractor
from shared.extraction.pixels import IMAGERY_SOURCE, extract_palette

CANVAS, INK, BRAND, SURFACE = "#F8FAFC", "#0F172A", "#F4623A", "#FFFFFF"


def rgb(hex_: str) -> tuple[int, int, int]:
    return tuple(int(hex_[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def de(a: str, b: str) -> float:
    return Color(a).delta_e(Color(b), method="2000")


def photo(w: int, h: int, seed: int) -> np.ndarray:
    """A photo stand-in: shaded blobs of warm colours, smooth, with sensor noise."""
    rng = np.random.default_rng(seed)
    ys, xs = np.mgrid[0:h, 0:w] / max(h, w)
    acc, weight = np.zeros((h, w, 3)), np.zeros((h, w, 1))
    for _ in range(6):
        cx, cy, s = rng.uniform(0, 1), rng.uniform(0, 1), rng.uniform(0.1, 0.3)
        g = np.exp(-((xs - cx) ** 2 + (ys - cy) ** 2) / (2 * s * s))[..., None]
        acc += g * rng.uniform(40, 220, 3)
        weight += g
    img = acc / np.maximum(weight, 1e-6) * (0.8 + 0.2 * np.sin(xs * 9 + ys * 5))[..., None]
    return np.clip(img + rng.normal(0, 4, img.shape), 0, 255)


def page(photos: list[tuple[int, int, int, int]], button_on_photo: bool = True) -> Image.Image:
    arr = np.zeros((500, 800, 3))
    arr[:] = rgb(CANVAS)
    for i, (x0, y0, x1, y1) in enumerate(photos):
        arr[y0:y1, x0:x1] = photo(x1 - x0, y1 - y0, seed=i + 1)
    img = Image.fromarray(np.round(arr).astype(np.uint8))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, 800, 50], fill=INK)  # nav
    d.rectangle([40, 300, 380, 480], fill=SURFACE, outline="#CBD5E1")  # card
    for y in range(320, 460, 18):
        d.rectangle([60, y, 340, y + 6], fill=INK)  # text lines
    if button_on_photo and photos:
        x0, y0, x1, y1 = photos[0]
        cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
        d.rounded_rectangle([cx - 80, cy - 22, cx + 80, cy + 22], 22, fill=BRAND)
    return img


def palette_of(img: Image.Image, fmt: str = "PNG", **kw):
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return extract_palette(load_image(buf.getvalue()), 12)


def test_a_hero_photo_gives_one_imagery_colour_and_the_ui_colours_stay():
    pal = palette_of(page([(0, 50, 800, 280)]))
    imagery = [c for c in pal if c.source == IMAGERY_SOURCE]
    assert len(imagery) == 1, [(c.hex, c.source) for c in pal]
    for ui in (CANVAS, INK, BRAND, SURFACE):  # the button on the photo included
        best = min(pal, key=lambda c: de(c.hex, ui))
        assert de(best.hex, ui) < 3 and best.source == "pixels", (ui, [(c.hex, c.source) for c in pal])
    # Nothing else: the UI colours, the photo's one colour, at most one border/blend extra.
    assert len(pal) <= 4 + 1 + 1, [(c.hex, c.source) for c in pal]


def test_two_photos_give_at_most_one_colour_each():
    pal = palette_of(page([(400, 80, 780, 280), (420, 300, 780, 480)], button_on_photo=False), "JPEG", quality=80)
    imagery = [c for c in pal if c.source == IMAGERY_SOURCE]
    assert 1 <= len(imagery) <= 2, [(c.hex, c.source) for c in pal]
    assert len(pal) - len(imagery) <= 4 + 1


def test_without_imagery_nothing_changes():
    img = page([], button_on_photo=False)
    arr = np.asarray(img)
    raw = extractor.find_colors_compiled(arr, None, 12) if extractor._core else extractor.find_colors_numpy(arr, None, 12)
    assert extractor.find_colors(arr, None, 12) == raw
    assert not any(c.imagery for c in raw)


def test_a_flat_colour_between_ink_and_paper_is_not_folded_as_a_blend(monkeypatch):
    # Heading ink ΔE2000 ≈ 3 from body ink lies on the segment from the body ink to the paper and
    # touches both; with interior pixels and a flat core it is a colour, not anti-aliasing.
    body, heading, paper = "#130E00", "#1C1707", "#FFFFFF"
    assert 2 < de(body, heading) < 5
    arr = np.zeros((240, 320, 3), dtype=np.uint8)
    arr[:] = rgb(paper)
    arr[20:120, 20:300] = rgb(body)
    for x in range(30, 290, 12):
        arr[140:220, x:x + 3] = rgb(heading)  # 3 px strokes: a third of their pixels inside
        arr[140:220, x + 3:x + 4] = rgb(body)  # touching the body ink too
    for find in (extractor.find_colors_numpy, extractor.find_colors_compiled if extractor._core else None):
        if find is None:
            continue
        got = [f"#{r:02X}{g:02X}{b:02X}" for r, g, b in (f.rgb for f in find(arr, None, 12))]
        assert min(de(h, heading) for h in got) < 1.0, got
        assert min(de(h, body) for h in got) < 1.0, got
    # Without the rule the heading ink is folded away (the test exercises it).
    monkeypatch.setattr(clusters, "BLEND_SOLID_EDGE_RATIO", 0.0)
    got = [f"#{r:02X}{g:02X}{b:02X}" for r, g, b in (f.rgb for f in extractor.find_colors_numpy(arr, None, 12))]
    assert min(de(h, heading) for h in got) > 1.0, got


def test_light_near_duplicates_are_kept_apart():
    # Page and card greys ΔE2000 3.3 apart are only 0.0155 apart in OKLab (merged before the leader
    # radius followed chroma).
    canvas, card = "#E9DED9", "#E8E4E1"
    assert 2 < de(canvas, card) < 5
    img = Image.new("RGB", (480, 320), canvas)
    ImageDraw.Draw(img).rectangle([60, 60, 420, 260], fill=card)
    pal = palette_of(img)
    assert min(de(c.hex, canvas) for c in pal) < 1 and min(de(c.hex, card) for c in pal) < 1, [c.hex for c in pal]
    assert len(pal) == 2


def test_copythat_palette_marks_the_imagery_colour(tmp_path, capsys):
    import argparse
    import json

    from shared.extraction.palette_command import add_parser, run
    path = tmp_path / "hero.png"
    page([(0, 50, 800, 280)]).save(path)
    parser = argparse.ArgumentParser(prog="copythat")
    add_parser(parser.add_subparsers(dest="command", required=True))
    assert run(parser.parse_args(["palette", str(path), "--json"])) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d.get("imagery") for d in data].count(True) == 1
    assert all(set(d) in ({"hex", "share"}, {"hex", "share", "imagery"}) for d in data)
    assert run(parser.parse_args(["palette", str(path)])) == 0
    assert capsys.readouterr().out.count("imagery") == 1


def test_a_textured_strip_thinner_than_a_block_has_no_imagery_and_does_not_fail():
    # 6 px tall: fewer sample rows than one imagery block (the numpy pass once raised on it).
    rgb = np.random.default_rng(4).integers(90, 110, (6, 900, 3), dtype=np.uint8)
    found = extractor.find_colors(rgb, None, 12)
    assert found and not any(f.imagery for f in found)
