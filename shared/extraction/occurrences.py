"""Where each palette color occurs: boxes in the image's own pixels, for the drift report.

On the analysis image the palette was found on: each pixel goes to the nearest palette color in
OKLab when it is within `RADIUS` (blend pixels and other colors go nowhere), through a table over the
6-bit-per-channel pixel keys (one lookup per pixel). The image is cut into small tiles; a tile holds a
color when a few of its pixels do; the tiles' 8-connected regions per color are its places (a word,
a line of text, a button), each tightened to its pixels and scaled to the source image. Largest first,
at most `max_boxes` per color.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from shared.color.fast_delta_e import srgb255_to_oklab
from shared.domain.tokens import Box
from shared.extraction.image import NormalizedImage
from shared.extraction.palette.histogram import BITS, SHIFT, pixel_keys

RADIUS = 0.045  # OKLab distance (≈ ΔE 4.5): JPEG noise stays with its color, blends fall between
TILE = 4  # analysis pixels per tile side (about 10 source pixels on a 1280-wide screenshot)
MIN_TILE_PIXELS = 2  # a tile holds a color when at least this many of its pixels do


def _nearest_table(rgb: np.ndarray, valid: np.ndarray | None, colors: np.ndarray) -> np.ndarray:
    """Per pixel: the index of its color, or len(colors) for none."""
    keys = pixel_keys(rgb)
    present = np.zeros(1 << (3 * BITS), dtype=bool)
    present[keys.ravel()] = True
    occupied = np.flatnonzero(present)
    step = 1 << SHIFT
    centers = np.stack([(occupied >> (2 * BITS)) & ((1 << BITS) - 1), (occupied >> BITS) & ((1 << BITS) - 1),
                        occupied & ((1 << BITS) - 1)], axis=1) * step + step // 2
    d = np.linalg.norm(srgb255_to_oklab(centers)[:, None, :] - srgb255_to_oklab(colors)[None, :, :], axis=2)
    best = d.argmin(axis=1)
    table = np.full(1 << (3 * BITS), len(colors), dtype=np.int16)
    table[occupied] = np.where(d[np.arange(len(best)), best] <= RADIUS, best, len(colors))
    labels = table[keys]
    if valid is not None:
        labels[~valid] = len(colors)
    return labels


def color_boxes(image: NormalizedImage, hexes: Sequence[str], *, max_boxes: int = 12) -> list[list[Box]]:
    """Boxes (source pixels) where each of `hexes` occurs, largest region first."""
    from shared.extraction.typography.components import component_boxes  # loaded on first use

    if not hexes:
        return []
    rgb = image.rgb
    h, w = rgb.shape[:2]
    colors = np.array([[int(x[i:i + 2], 16) for i in (1, 3, 5)] for x in hexes], dtype=np.float64)
    valid = None if image.alpha is None else image.alpha >= 128
    labels = _nearest_table(rgb, valid, colors)
    k = len(hexes)
    gh, gw = -(-h // TILE), -(-w // TILE)
    tile = (np.arange(h)[:, None] // TILE) * gw + (np.arange(w)[None, :] // TILE)
    counts = np.bincount((tile * (k + 1) + labels).ravel(), minlength=gh * gw * (k + 1)).reshape(gh, gw, k + 1)
    sx, sy = image.width / w, image.height / h
    out = []
    for c in range(k):
        grid = counts[:, :, c] >= MIN_TILE_PIXELS
        if not grid.any():
            out.append([])
            continue
        bx0, by0, bx1, by1 = component_boxes(grid)
        found = []
        for x0, y0, x1, y1 in zip(bx0 * TILE, by0 * TILE, np.minimum(bx1 * TILE, w), np.minimum(by1 * TILE, h)):
            mine = labels[y0:y1, x0:x1] == c
            rows, cols = np.flatnonzero(mine.any(axis=1)), np.flatnonzero(mine.any(axis=0))
            if rows.size == 0:
                continue
            px0, px1 = x0 + cols[0], x0 + cols[-1] + 1
            py0, py1 = y0 + rows[0], y0 + rows[-1] + 1
            left, top = int(np.floor(px0 * sx)), int(np.floor(py0 * sy))
            box = Box(x=left, y=top, w=min(int(np.ceil(px1 * sx)), image.width) - left,
                      h=min(int(np.ceil(py1 * sy)), image.height) - top)
            found.append((int(mine.sum()), box))
        found.sort(key=lambda f: (-f[0], f[1].y, f[1].x))
        out.append([b for _, b in found[:max_boxes]])
    return out
