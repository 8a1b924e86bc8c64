"""Pixel palette extraction (first version, walking skeleton; the pixel-extractor issue replaces it).

Contract: deterministic; at most `max_colors` colors, most important first, each with its area share.
"""
from __future__ import annotations

import numpy as np
from PIL import Image

from shared.domain.models import PaletteColor
from shared.extraction.image import NormalizedImage


def extract_palette(image: NormalizedImage, max_colors: int = 12) -> list[PaletteColor]:
    img = Image.fromarray(image.rgb)
    q = img.quantize(colors=max_colors, method=Image.Quantize.MEDIANCUT)
    pal = np.array(q.getpalette()[: 3 * max_colors], dtype=np.int64).reshape(-1, 3)
    idx = np.asarray(q).ravel()
    counts = np.bincount(idx, minlength=len(pal))
    total = counts.sum()
    order = np.argsort(-counts, kind="stable")
    out = []
    for i in order:
        if counts[i] == 0:
            continue
        r, g, b = pal[i]
        out.append(PaletteColor(hex=f"#{r:02X}{g:02X}{b:02X}", share=round(float(counts[i] / total), 6)))
    return out[:max_colors]
