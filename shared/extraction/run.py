"""One image's bytes → everything the pixels say about it, for the token types asked.

The one entry the extract function and `copythat tokens` share: decode once for the palette (the
analysis image, whose hash keys the AI cache) and, when typography is asked, once more at full
detail for the text; then each type's extractor. Deterministic, no key needed.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from shared.domain.models import PaletteColor
from shared.domain.typography import TypographyResult
from shared.extraction.image import ImageLimits, NormalizedImage, load_image
from shared.extraction.pixels import extract_palette

NO_TEXT_NOTE = "no text found: no typography tokens"


@dataclass
class Extraction:
    image: NormalizedImage  # the analysis image (palette, AI prompt, cache key)
    palette: list[PaletteColor]  # [] when colors were not asked
    typography: TypographyResult | None  # None when typography was not asked
    notes: list[str] = field(default_factory=list)
    ms: dict[str, float] = field(default_factory=dict)  # time per step


def extract_tokens(data: bytes, *, token_types: Sequence[str], max_colors: int = 12,
                   device_pixel_ratio: float | None = None, limits: ImageLimits = ImageLimits()) -> Extraction:
    ms: dict[str, float] = {}
    t0 = time.perf_counter()
    image = load_image(data, limits)
    ms["decode"] = (time.perf_counter() - t0) * 1000
    palette: list[PaletteColor] = []
    if "color" in token_types:
        t0 = time.perf_counter()
        palette = extract_palette(image, max_colors)
        ms["palette"] = (time.perf_counter() - t0) * 1000
    typography, notes = None, []
    if "typography" in token_types:
        from shared.extraction.typography import extract_typography  # loaded on first use (cold start)

        t0 = time.perf_counter()
        detail = load_image(data, limits, detail=True)
        typography = extract_typography(detail, device_pixel_ratio=device_pixel_ratio)
        ms["typography"] = (time.perf_counter() - t0) * 1000
        if not typography.styles:
            notes.append(NO_TEXT_NOTE)
    return Extraction(image=image, palette=palette, typography=typography, notes=notes, ms=ms)
