"""Text line detection (typography/detect.py): containers, and large images searched at half size."""
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from shared.extraction.typography.detect import CLEARANCE, _glyphs, detect_lines, detect_lines_halved, gray_of, half_size


def _page(scale: int = 1) -> np.ndarray:
    im = Image.new("RGB", (700 * scale, 200 * scale), "white")
    d = ImageDraw.Draw(im)
    font = ImageFont.load_default(size=20 * scale)
    d.text((20 * scale, 30 * scale), "Settings and billing", fill="black", font=font)
    d.text((20 * scale, 110 * scale), "Invoices paid this month", fill=(40, 40, 160), font=font)
    return np.asarray(im)


def test_half_size_averages_blocks():
    x = np.zeros((4, 4, 3), np.uint8)
    x[0, 0] = 200
    assert half_size(x)[0, 0, 0] == 50 and half_size(x).shape == (2, 2, 3)


def test_lines_found_at_half_size_match_those_found_at_full_size():
    rgb = _page(scale=2)
    gray = gray_of(rgb)
    full = sorted((ln.x0, ln.y0, ln.x1, ln.y1) for ln in detect_lines(rgb, gray))
    halved = sorted((ln.x0, ln.y0, ln.x1, ln.y1) for ln in detect_lines_halved(rgb, gray))
    assert len(full) == len(halved) == 2
    for a, b in zip(full, halved):
        assert np.abs(np.subtract(a, b)).max() <= 2
    # Without the whole image's grey, each box's own grey trims it the same way.
    assert sorted((ln.x0, ln.y0, ln.x1, ln.y1) for ln in detect_lines_halved(rgb)) == halved


def test_a_word_holding_its_i_dot_is_not_a_container():
    im = Image.new("RGB", (300, 100), "white")
    ImageDraw.Draw(im).text((10, 20), "Settings", fill="black", font=ImageFont.load_default(size=48))
    rgb = np.asarray(im)
    lines = detect_lines(rgb, gray_of(rgb))
    assert len(lines) == 1 and lines[0].x0 <= 14  # the S is in the line


@pytest.mark.parametrize("margin,container", [(8, True), (2, False)])
def test_a_container_keeps_its_contents_clear_of_its_edges(margin, container):
    # a 40 px tall outlined box holding three marks `margin` px inside its top and bottom edges
    mask = np.zeros((60, 200), np.uint8)
    mask[10, 10:190] = mask[49, 10:190] = 1
    mask[10:50, 10] = mask[10:50, 189] = 1
    assert 40 * CLEARANCE < 8
    for x in (40, 80, 120):
        mask[10 + margin:50 - margin, x:x + 3] = 1
    x0, y0, x1, y1 = _glyphs(mask)
    boxes = set(zip(x0.tolist(), y0.tolist(), x1.tolist(), y1.tolist()))
    assert ((11, 11, 189, 49) not in boxes) == container
