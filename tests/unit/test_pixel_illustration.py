"""Flat illustrations are imagery: their fills give at most one colour, marked; UI colours stay.

Pages are drawn at twice the size and halved (LANCZOS), so edges are anti-aliased as a browser's."""
from __future__ import annotations

import io
import math

import numpy as np
import pytest
from PIL import Image, ImageDraw

from shared.extraction.image import load_image
from shared.extraction.palette import extractor, imagery
from shared.extraction.pixels import IMAGERY_SOURCE, extract_palette
from tests.unit.test_pixel_imagery import de

CANVAS, INK, BRAND = "#F8FAFC", "#0F172A", "#2563EB"
# An illustration's fills: skin, hair, shirt, trousers, a plant's leaves, its pot (no design colours).
SKIN, HAIR, SHIRT, TROUSERS, LEAF, POT = "#F2B8A0", "#6B3E26", "#E4572E", "#2E4057", "#59A96A", "#C17C74"
# A UI's own round things: avatars and pills, each in its own colour.
AVATARS = ["#EF4444", "#F59E0B", "#10B981", "#8B5CF6", "#EC4899"]
PILLS = ["#DBEAFE", "#DCFCE7", "#FEF3C7", "#FCE7F3"]


def ui(d: ImageDraw.ImageDraw) -> None:
    """Nav bar, heading and text lines, a button: the design's own colours (2× coordinates)."""
    d.rectangle([0, 0, 1600, 100], fill=INK)
    d.rectangle([80, 200, 760, 250], fill=INK)
    for y in range(300, 420, 36):
        d.rectangle([80, y, 700, y + 12], fill=INK)
    d.rounded_rectangle([80, 480, 400, 570], 20, fill=BRAND)


def rendered(draw) -> Image.Image:
    big = Image.new("RGB", (1600, 1000), CANVAS)
    d = ImageDraw.Draw(big)
    ui(d)
    draw(d)
    return big.resize((800, 500), Image.LANCZOS)


def person_and_plant(d: ImageDraw.ImageDraw, x: int = 1000, y: int = 180, k: float = 1.0) -> None:
    """An undraw-style scene: overlapping flat blobs with curved and slanted edges (`k`: its scale)."""
    d.polygon([(x + k * 60, y + k * 620), (x + k * 120, y + k * 340), (x + k * 300, y + k * 340),
               (x + k * 360, y + k * 620)], fill=TROUSERS)
    d.ellipse([x + k * 70, y + k * 180, x + k * 350, y + k * 460], fill=SHIRT)  # a round torso over the hips
    d.ellipse([x + k * 140, y + k * 40, x + k * 280, y + k * 200], fill=SKIN)
    d.ellipse([x + k * 120, y + k * 10, x + k * 260, y + k * 120], fill=HAIR)  # a bun of hair, off-centre
    d.polygon([(x + k * 330, y + k * 620), (x + k * 350, y + k * 500), (x + k * 450, y + k * 500),
               (x + k * 470, y + k * 620)], fill=POT)
    for angle in (-50, -20, 15, 45):
        a = math.radians(angle)
        cx, cy = x + k * 400 + k * 110 * math.sin(a), y + k * 420 - k * 110 * math.cos(a)
        pts = [(cx + k * 90 * math.cos(t) * math.cos(a) - k * 35 * math.sin(t) * math.sin(a),
                cy + k * 90 * math.cos(t) * math.sin(a) + k * 35 * math.sin(t) * math.cos(a))
               for t in np.linspace(0, 2 * math.pi, 40)]
        d.polygon([(px, py) for px, py in pts], fill=LEAF)
        d.polygon([(x + k * 398, y + k * 500), (x + k * 402, y + k * 500), (cx, cy)], fill=LEAF)


def avatars_and_pills(d: ImageDraw.ImageDraw) -> None:
    """A row of round avatars (a status dot on the first), a row of pills, a card holding an avatar
    and a badge: round, solid, compact UI colours."""
    for i, col in enumerate(AVATARS):
        d.ellipse([900 + i * 130, 160, 1010 + i * 130, 270], fill=col)
    d.ellipse([980, 240, 1020, 280], fill="#22C55E", outline=CANVAS, width=6)
    for i, col in enumerate(PILLS):
        d.rounded_rectangle([900 + i * 170, 340, 1050 + i * 170, 400], 30, fill=col)
    d.rounded_rectangle([900, 480, 1500, 760], 24, fill="#E2E8F0")
    d.ellipse([940, 520, 1060, 640], fill="#0EA5E9")
    d.rounded_rectangle([1100, 540, 1300, 590], 25, fill="#F97316")


def palette_of(img: Image.Image, fmt: str = "PNG", **kw):
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return extract_palette(load_image(buf.getvalue()), 12)


def near(pal, hex_: str, limit: float = 5.0):
    best = min(pal, key=lambda c: de(c.hex, hex_))
    return best if de(best.hex, hex_) <= limit else None


def show(pal) -> list[tuple[str, str]]:
    return [(c.hex, c.source) for c in pal]


@pytest.mark.parametrize("fmt,kw", [("PNG", {}), ("JPEG", {"quality": 80})])
def test_a_drawn_illustration_gives_one_imagery_colour_and_the_ui_colours_stay(fmt, kw):
    pal = palette_of(rendered(person_and_plant), fmt, **kw)
    fills = [c for c in pal if any(de(c.hex, f) <= 5 for f in (SKIN, HAIR, SHIRT, TROUSERS, LEAF, POT))]
    assert len(fills) == 1 and fills[0].source == IMAGERY_SOURCE, show(pal)
    for colour in (CANVAS, INK, BRAND):
        found = near(pal, colour)
        assert found is not None and found.source == "pixels", (colour, show(pal))


def test_without_the_illustration_check_its_fills_are_reported(monkeypatch):
    """The test above fails on the code before the illustration pass: each fill is a token."""
    monkeypatch.setattr(imagery, "illustrations", lambda *a, **k: [])
    pal = palette_of(rendered(person_and_plant))
    reported = [f for f in (SKIN, HAIR, SHIRT, TROUSERS, LEAF, POT) if near(pal, f) is not None]
    assert len(reported) >= 3, show(pal)


def test_round_avatars_pills_and_a_card_keep_their_colours():
    pal = palette_of(rendered(avatars_and_pills))
    assert not any(c.source == IMAGERY_SOURCE for c in pal), show(pal)
    for colour in AVATARS[:3] + [CANVAS, INK, BRAND]:  # the largest; the budget is 12
        found = near(pal, colour)
        assert found is not None and found.source == "pixels", (colour, show(pal))


def blobs(n: int, rotate: float, touching: bool = True):
    """n squares of distinct colours in a row, touching (or 10 px apart), the row rotated by `rotate`°."""
    cols = ["#E11D48", "#7C3AED", "#0891B2", "#65A30D", "#CA8A04"][:n]

    def draw(d: ImageDraw.ImageDraw) -> None:
        cx, cy, side, gap = 1250, 500, 120, 0 if touching else 20
        a = math.radians(rotate)
        for i, col in enumerate(cols):
            ox = (i - (n - 1) / 2) * (side + gap)
            corners = [(ox - side / 2, -side / 2), (ox + side / 2, -side / 2), (ox + side / 2, side / 2),
                       (ox - side / 2, side / 2)]
            d.polygon([(cx + px * math.cos(a) - py * math.sin(a), cy + px * math.sin(a) + py * math.cos(a))
                       for px, py in corners], fill=col)
    return cols, draw


def test_three_touching_slanted_fills_are_an_illustration_two_are_not():
    """ILLUS_MIN_SHAPES: an illustration has at least three fills (an avatar and its status dot are two)."""
    cols, draw = blobs(3, 20)
    pal = palette_of(rendered(draw))
    kept = [c for c in pal if any(de(c.hex, f) <= 5 for f in cols)]
    assert len(kept) == 1 and kept[0].source == IMAGERY_SOURCE, show(pal)
    cols, draw = blobs(2, 20)
    pal = palette_of(rendered(draw))
    assert all(near(pal, f) is not None and near(pal, f).source == "pixels" for f in cols), show(pal)


def test_touching_axis_aligned_fills_are_ui_and_slanted_ones_are_not():
    """Swatches, segmented controls, stacked bars: rectangles side by side are the design's colours."""
    cols, draw = blobs(4, 0)
    pal = palette_of(rendered(draw))
    assert all(near(pal, f) is not None and near(pal, f).source == "pixels" for f in cols), show(pal)
    cols, draw = blobs(4, 12)
    pal = palette_of(rendered(draw))
    assert sum(1 for f in cols if near(pal, f) is not None) == 1, show(pal)


def test_slanted_fills_apart_are_ui():
    cols, draw = blobs(4, 20, touching=False)
    pal = palette_of(rendered(draw))
    assert all(near(pal, f) is not None and near(pal, f).source == "pixels" for f in cols), show(pal)


def test_an_oblique_share_just_above_the_threshold_makes_a_boundary_oblique():
    """TOUCH_MIN_OBLIQUE, at its edge on hand-made counts: three fills touching pairwise."""
    k = 3
    boxes = np.array([[10, 10, 20, 20], [15, 12, 25, 22], [12, 18, 22, 28]])
    st = imagery.ShapeStats(solid=np.full(k, 50), bbox=boxes,
                            touch=np.full((k, k), 40) - 40 * np.eye(k, dtype=int),
                            oblique=np.zeros((k, k), dtype=int), straight=np.full((k, k), 100))
    for oblique, expect in ((11, [[0, 1, 2]]), (10, [[0, 1, 2]]), (9, [])):  # 0.1 of the two-colour windows
        st.oblique[:] = oblique
        np.fill_diagonal(st.oblique, 0)
        straight = 100 - oblique
        st.straight[:] = straight
        assert imagery.illustrations(st, 100, 100) == expect, oblique


def test_the_card_an_illustration_sits_on_keeps_its_colour():
    """A fill overlapping the illustration joins it; the panel around it all (a shape too: under
    SHAPE_MAX_SIDE) does not."""
    panel = "#FEF9C3"
    cols, blobs_draw = blobs(4, 20)

    def draw(d: ImageDraw.ImageDraw) -> None:
        d.rounded_rectangle([920, 300, 1580, 700], 32, fill=panel)
        blobs_draw(d)

    pal = palette_of(rendered(draw))
    found = near(pal, panel)
    assert found is not None and found.source == "pixels", show(pal)
    fills = [c for c in pal if any(de(c.hex, f) <= 5 for f in cols)]
    assert len(fills) == 1 and fills[0].source == IMAGERY_SOURCE, show(pal)


def _three_touching(solid: int = 50, touch: int = 40, side: int = 10) -> imagery.ShapeStats:
    """Hand-made counts: three fills of `solid` solid windows in side × side boxes, touching pairwise
    in `touch` windows, every two-colour window oblique."""
    k = 3
    boxes = np.array([[10, 10, 10 + side, 10 + side], [15, 12, 15 + side, 12 + side], [12, 18, 12 + side, 18 + side]])
    pair = np.full((k, k), touch) - touch * np.eye(k, dtype=int)
    return imagery.ShapeStats(solid=np.full(k, solid), bbox=boxes, touch=pair, oblique=pair.copy(),
                              straight=np.zeros((k, k), dtype=int))


def test_a_fill_is_a_shape_from_four_solid_windows():
    """The module's SHAPE_MIN_SOLID, 4 solid 2×2 windows: 4 makes each fill a shape, 3 none."""
    assert imagery.illustrations(_three_touching(solid=4), 100, 100) == [[0, 1, 2]]
    assert imagery.illustrations(_three_touching(solid=3), 100, 100) == []


def test_a_shape_spans_at_most_45_percent_of_the_grid_each_way():
    """The module's SHAPE_MAX_SIDE, 0.45 of the grid: boxes 45 samples wide on a 100-sample grid are
    shapes, 46 wide are not (a panel or a band, not a fill)."""
    assert imagery.illustrations(_three_touching(side=45), 100, 100) == [[0, 1, 2]]
    assert imagery.illustrations(_three_touching(side=46), 100, 100) == []
    assert imagery.illustrations(_three_touching(side=46), 100, 103) == []  # the height alone counts too
    assert imagery.illustrations(_three_touching(side=45), 101, 101) == [[0, 1, 2]]


def test_two_fills_touch_from_three_shared_windows():
    """The module's TOUCH_MIN_WINDOWS, 3 windows holding both colours: 3 touch, 2 do not."""
    assert imagery.illustrations(_three_touching(touch=3), 100, 100) == [[0, 1, 2]]
    assert imagery.illustrations(_three_touching(touch=2), 100, 100) == []


def test_a_sample_takes_a_fill_within_24_levels_on_every_channel():
    """The module's FILL_LEVELS, 24: a sample 24 levels off a palette colour on one channel is that
    colour, 25 off is none (the label k)."""
    colors = [(100, 100, 100), (200, 50, 50)]
    rgb = np.zeros((4, 4, 3), dtype=np.uint8)
    rgb[:] = (100, 124, 100)  # 24 off on green
    rgb[2:, :] = (200, 50, 75)  # 25 off on blue
    lab = imagery.label_grid(rgb, None, 1, 4, 4, colors)
    assert lab[:2].tolist() == [[0] * 4] * 2
    assert lab[2:].tolist() == [[2] * 4] * 2
