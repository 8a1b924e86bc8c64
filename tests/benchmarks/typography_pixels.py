"""The product's pixel typography as a benchmark predictor (no model, no key).

    python tests/benchmarks/typography_benchmark.py --predictor tests.benchmarks.typography_pixels:predict

The benchmark passes each split's device-pixel ratio; the product recognises it from the pixels, so
the hint is ignored (pass `use_hint` through `predict_with_hint` to measure with it).
"""
from __future__ import annotations

from pathlib import Path

from shared.extraction.image import load_image
from shared.extraction.typography import extract_typography


def _styles(path: str, dpr: float | None) -> list[dict]:
    image = load_image(Path(path).read_bytes(), detail=True)
    result = extract_typography(image, device_pixel_ratio=dpr)
    return [{"fontSize": s.font_size, "fontWeight": s.font_weight, "lineHeight": s.line_height,
             "letterSpacing": s.letter_spacing, "familyClass": s.family_class, "role": s.role, "share": s.share}
            for s in result.styles]


def predict(path: str, dpr_hint: int | None = None) -> list[dict]:
    """What the product says without being told the device-pixel ratio."""
    return _styles(path, None)


def predict_with_hint(path: str, dpr_hint: int | None = None) -> list[dict]:
    return _styles(path, dpr_hint)
