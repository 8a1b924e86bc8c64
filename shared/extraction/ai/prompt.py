"""The prompt and the image sent to the model: small on purpose.

The model is given the pixel palette (hexes and area shares) and asked only to label those colors
(name, role, usage, confidence). The image is downscaled to `image_long_edge` and re-encoded as PNG
(lossless: flat UI compresses well) unless a lossy encoding is much smaller (photos).
"""
from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from PIL import Image

from shared.domain.models import PaletteColor
from shared.extraction.ai.pricing import fit_long_edge
from shared.extraction.ai.schema import ROLES
from shared.extraction.image import NormalizedImage

SYSTEM_PROMPT = (
    "You label the colors of a design image (UI screenshot, mockup or brand image) for a design-token "
    "library. Use only the hexes you are given; do not invent colors. Answer only through the schema."
)


@dataclass(frozen=True)
class EncodedImage:
    data: bytes
    mime: str
    width: int
    height: int

    @property
    def b64(self) -> str:
        return base64.b64encode(self.data).decode("ascii")


def encode_image(image: NormalizedImage, long_edge: int, jpeg_quality: int = 80,
                 png_preference: float = 1.25) -> EncodedImage:
    h, w = image.rgb.shape[:2]
    tw, th = fit_long_edge(w, h, long_edge)
    img = Image.fromarray(image.rgb)
    if (tw, th) != (w, h):
        img = img.resize((tw, th), Image.Resampling.LANCZOS)
    png = io.BytesIO()
    img.save(png, format="PNG", optimize=True)
    lossy = io.BytesIO()
    img.save(lossy, format="JPEG", quality=jpeg_quality, optimize=True)
    if len(png.getvalue()) <= png_preference * len(lossy.getvalue()):
        return EncodedImage(png.getvalue(), "image/png", tw, th)
    return EncodedImage(lossy.getvalue(), "image/jpeg", tw, th)


def build_prompt(pixel_palette: list[PaletteColor], max_colors: int, feedback: str | None = None) -> str:
    lines = [f"{c.hex} {round(c.share * 100)}%" for c in pixel_palette[:max_colors]]
    text = (
        "Pixel palette of this image (hex, area share):\n" + "\n".join(lines) + "\n"
        f"For each hex, give: name (1-3 words), role ({'/'.join(ROLES)}), usage (max 5 words), "
        "confidence 0-1. Keep the hexes exactly as given; skip a hex you cannot label."
    )
    if feedback:
        text += ("\n\nYour previous answer was rejected: " + feedback +
                 "\nAnswer again, following the schema exactly.")
    return text
