"""A check in-process: image bytes and a reference → the drift report. `copythat check` runs this; the
cloud's check jobs run the same two halves in their extract (`measure`) and enrich (`build_report`)
steps."""
from __future__ import annotations

from dataclasses import dataclass

from shared.domain.drift import DEFAULT_TOLERANCE, DriftReport
from shared.extraction.image import ImageLimits
from shared.extraction.occurrences import color_boxes
from shared.extraction.run import Extraction, extract_tokens
from shared.drift.reference import Reference
from shared.drift.report import build_report

# A check looks at more colors than a library extraction keeps (12): a small off-token element must
# not be crowded out by the brand's own colors.
CHECK_COLORS = 32


def measure(data: bytes, *, typography: bool = True, device_pixel_ratio: float | None = None,
            limits: ImageLimits = ImageLimits(), layout: tuple[str, ...] = ()) -> Extraction:
    """The extraction a check needs: the palette with where each color occurs, the text styles, and the
    layout types asked (spacing, radius, shadow)."""
    types = (["color", "typography"] if typography else ["color"]) + list(layout)
    found = extract_tokens(data, token_types=types, max_colors=CHECK_COLORS, device_pixel_ratio=device_pixel_ratio,
                           limits=limits)
    boxes = color_boxes(found.image, [c.hex for c in found.palette])
    found.palette = [c.model_copy(update={"boxes": b}) for c, b in zip(found.palette, boxes)]
    return found


def image_info(found: Extraction) -> dict:
    return {"width": found.image.width, "height": found.image.height, "sha256": found.image.sha256}


@dataclass
class Checked:
    report: DriftReport
    extraction: Extraction


def check_image(data: bytes, reference: Reference, *, tolerance: float = DEFAULT_TOLERANCE,
                typography: bool | None = None, device_pixel_ratio: float | None = None,
                limits: ImageLimits = ImageLimits()) -> Checked:
    """Text sizes, spacing, radii and shadows are measured only when the reference has them to hold to."""
    if typography is None:
        typography = bool(reference.font_sizes)
    # Spacing, radii and shadows are measured only when the reference has a scale or set to hold them to.
    layout = tuple(t for t, ref in (("spacing", reference.spacing), ("radius", reference.radii),
                                    ("shadow", reference.shadows)) if ref)
    found = measure(data, typography=typography, device_pixel_ratio=device_pixel_ratio, limits=limits, layout=layout)
    report = build_report(palette=found.palette, reference=reference, tolerance=tolerance,
                          typography=found.typography, layout=found.layout if layout else None,
                          image=image_info(found), jpeg_dc=found.image.jpeg_dc)
    return Checked(report=report, extraction=found)
