"""One image's bytes → everything the pixels say about it, for the token types asked.

The one entry the extract function and `copythat tokens` share: decode once for the palette (the
analysis image, whose hash keys the AI cache) and, when typography or a layout type (spacing,
radius, shadow) is asked, once more at full detail, where the text lines are measured once for
both; then each type's extractor. Deterministic, no key needed.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from shared.domain.layout import LayoutResult
from shared.domain.models import PaletteColor
from shared.domain.tokens import LAYOUT_TYPES
from shared.domain.typography import TypographyResult
from shared.extraction.image import ImageLimits, NormalizedImage, load_image
from shared.extraction.pixels import extract_palette

NO_TEXT_NOTE = "no text found: no typography tokens"
NO_LAYOUT_NOTE = "no UI layout found: no spacing, radius or shadow tokens"


@dataclass
class Extraction:
    image: NormalizedImage  # the analysis image (palette, AI prompt, cache key)
    palette: list[PaletteColor]  # [] when colors were not asked
    typography: TypographyResult | None  # None when typography was not asked
    layout: LayoutResult | None = None  # None when no layout type was asked; only the asked types filled
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
    typography, layout, notes = None, None, []
    layout_types = [t for t in LAYOUT_TYPES if t in token_types]
    if "typography" in token_types or layout_types:
        # loaded on first use (cold start)
        from shared.extraction.typography import measure_image, styles_of

        t0 = time.perf_counter()
        detail = load_image(data, limits, detail=True)
        t1 = time.perf_counter()
        text = measure_image(detail)  # the text lines, measured once for typography and layout
        measuring = time.perf_counter() - t1
        ms["text"] = (time.perf_counter() - t0) * 1000
        if layout_types:
            # before styles_of, which classifies (a subset of) the lines in place: the layout reads
            # the lines as measured, as the layout benchmark scores it
            from shared.extraction.layout import extract_layout

            t0 = time.perf_counter()
            layout = only(extract_layout(detail, text=text, device_pixel_ratio=device_pixel_ratio), layout_types)
            ms["layout"] = (time.perf_counter() - t0) * 1000
            if not (layout.spacing or layout.radii or layout.shadows):
                notes.append(NO_LAYOUT_NOTE)
        if "typography" in token_types:
            t0 = time.perf_counter()
            # its own time as extract_typography counts it: measuring the lines, then the styles
            typography = styles_of(text, device_pixel_ratio=device_pixel_ratio, started=t0 - measuring)
            ms["typography"] = (time.perf_counter() - t0) * 1000
            if not typography.styles:
                notes.append(NO_TEXT_NOTE)
    return Extraction(image=image, palette=palette, typography=typography, layout=layout, notes=notes, ms=ms)


def only(result: LayoutResult, types: Sequence[str]) -> LayoutResult:
    """The layout with the types not asked for emptied (one analysis measures them all)."""
    update: dict = {}
    if "spacing" not in types:
        update.update(spacing=[], base_unit=None, progression="none", off_scale=[])
    if "radius" not in types:
        update["radii"] = []
    if "shadow" not in types:
        update["shadows"] = []
    return result.model_copy(update=update) if update else result
