"""The product's layout extractor as a layout-benchmark predictor.

    python tests/benchmarks/layout_benchmark.py --predictor tests.benchmarks.layout_product:predict

predict(image_path, dpr_hint=None) loads the image as the pipeline does (`load_image(detail=True)`),
measures the text once (typography) and runs `extract_layout` on it; the prediction also lists the
boxes found (CSS px) with their shadow and pill flags, which the scorer checks per box.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from shared.extraction.image import load_image  # noqa: E402
from shared.extraction.layout import analyse, extract_layout, text_dpr  # noqa: E402
from shared.extraction.typography import measure_image  # noqa: E402


def to_prediction(result, boxes: list[dict] | None = None) -> dict:
    pred = {"spacing": [{"value": s.value, "count": s.count} for s in result.spacing],
            "baseUnit": result.base_unit,
            "radii": [{"value": r.value, "count": r.count, "pill": r.pill} for r in result.radii],
            "shadows": [{"layers": [{"offsetX": ly.offset_x.value, "offsetY": ly.offset_y.value, "blur": ly.blur.value,
                                     "spread": ly.spread.value, "color": ly.color, "alpha": ly.alpha, "inset": ly.inset}
                                    for ly in e.layers]} for e in result.shadows]}
    if boxes is not None:
        pred["boxes"] = boxes
    return pred


def predict(image_path: str, dpr_hint: int | None = None) -> dict:
    data = Path(image_path).read_bytes()
    started = time.process_time()
    image = load_image(data, detail=True)
    text = measure_image(image)
    mid = time.process_time()
    result = extract_layout(image, text=text, device_pixel_ratio=dpr_hint)
    done = time.process_time()
    boxes = None
    if result.spacing or result.radii or result.shadows:
        boxes = _boxes(image, text, dpr_hint)
    pred = to_prediction(result, boxes if boxes is not None else [])
    # the product's own CPU time (decode + text + layout; layout alone): the scorer's box pass is not the product's
    pred["cpuMs"], pred["layoutCpuMs"] = (done - started) * 1000, (done - mid) * 1000
    return pred


def _boxes(image, text, dpr_hint) -> list[dict]:
    """The surfaces found, in CSS px (the scorer's per-box checks); a second analysis pass, for
    the benchmark only."""
    from shared.extraction.typography import MIN_TEXT_EMS, text_ems
    from shared.extraction.typography.blocks import link_blocks
    dpr, _ = text_dpr(text, dpr_hint)
    lines = text.lines if text_ems(text.lines) >= MIN_TEXT_EMS else []
    link_blocks(lines)
    shrink = text.width / text.source_width if text.source_width else 1.0
    a = analyse(image.rgb, lines, dpr * shrink, lossy=image.format in ("JPEG", "WEBP"))
    return [{"rect": [s.x0 / a.css, s.y0 / a.css, s.w / a.css, s.h / a.css], "shadow": s.shadow is not None,
             "pill": s.pill} for s in a.surfaces]
