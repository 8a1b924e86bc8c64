"""Pixel palette extraction: the embedded default, the last fallback and the AI's ground truth.

Contract: deterministic; at most `max_colors` colors, most important first (area, saturation and
whether the colour is flat design or a gradient step), each with its area share and a `Region`; a
photo's or gradient's region gives at most its dominant colour, with source IMAGERY_SOURCE.
The algorithm lives in `shared.extraction.palette`; this module adapts it to the domain model.
"""
from __future__ import annotations

from shared.domain.models import PaletteColor, Region
from shared.extraction.image import NormalizedImage
from shared.extraction.palette.extractor import find_colors


# The source (kept in the token's provenance) of a colour that stands for a photo, gradient or
# illustration rather than for the design.
IMAGERY_SOURCE = "pixels:imagery"


def extract_palette(image: NormalizedImage, max_colors: int = 12) -> list[PaletteColor]:
    found = find_colors(image.rgb, image.alpha, max_colors)
    out = []
    for f in found:
        x0, y0, x1, y1 = f.bbox
        region = Region(x0=round(x0, 4), y0=round(y0, 4), x1=round(x1, 4), y1=round(y1, 4),
                        cx=round(f.centroid[0], 4), cy=round(f.centroid[1], 4),
                        edge_ratio=round(f.edge_ratio, 4))
        r, g, b = f.rgb
        out.append(PaletteColor(hex=f"#{r:02X}{g:02X}{b:02X}", share=round(min(f.share, 1.0), 6),
                                region=region, source=IMAGERY_SOURCE if f.imagery else "pixels"))
    return out
