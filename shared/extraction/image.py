"""Image validation and normalization: bytes in, an sRGB pixel array out.

First version (walking skeleton); the pixel-extractor issue owns its replacement. The contract:
`load_image` sniffs magic bytes (PNG, JPEG, WebP, GIF only), enforces the byte and pixel caps
before a full decode, and raises `ImageError` with a stable code for anything it refuses.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from shared.domain.errors import ImageError, PayloadTooLarge, UnsupportedMediaType

MAGIC = {
    b"\x89PNG\r\n\x1a\n": ("PNG", "image/png"),
    b"\xff\xd8\xff": ("JPEG", "image/jpeg"),
    b"GIF87a": ("GIF", "image/gif"),
    b"GIF89a": ("GIF", "image/gif"),
}


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int = 20 * 1024 * 1024
    max_pixels: int = 50_000_000
    # Long edge the pixels are analysed at; larger images are downscaled (at decode where possible).
    analysis_long_edge: int = 512


@dataclass(frozen=True)
class NormalizedImage:
    rgb: np.ndarray  # H×W×3 uint8, sRGB, alpha already composited on white
    alpha: np.ndarray | None  # H×W uint8 when the source had transparency
    width: int  # of the source image
    height: int
    format: str  # PNG / JPEG / WEBP / GIF
    mime: str
    sha256: str  # of the normalized pixels: the same picture re-encoded hashes the same
    transparency: float  # share of pixels with alpha < 255


def sniff(data: bytes) -> tuple[str, str]:
    """Return (format, mime) from the magic bytes, or raise UnsupportedMediaType."""
    for magic, kind in MAGIC.items():
        if data.startswith(magic):
            return kind
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP", "image/webp"
    raise UnsupportedMediaType("only PNG, JPEG, WebP and GIF images are accepted", code="unsupported_image_type")


def load_image(data: bytes, limits: ImageLimits = ImageLimits()) -> NormalizedImage:
    if not data:
        raise ImageError("the image is empty", code="empty_image")
    if len(data) > limits.max_bytes:
        raise PayloadTooLarge(f"the image is larger than {limits.max_bytes} bytes", code="image_too_large")
    fmt, mime = sniff(data)
    try:
        img = Image.open(io.BytesIO(data))
        width, height = img.size
        if width * height > limits.max_pixels:
            raise ImageError(f"the image has more than {limits.max_pixels} pixels", code="image_too_many_pixels")
        img.seek(0)
        img = ImageOps.exif_transpose(img)
        img.thumbnail((limits.analysis_long_edge, limits.analysis_long_edge))
        rgba = np.asarray(img.convert("RGBA"))
    except ImageError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageError("the image could not be decoded (truncated or corrupt)", code="corrupt_image") from exc
    alpha = rgba[..., 3]
    a = alpha.astype(np.float32)[..., None] / 255.0
    rgb = (rgba[..., :3].astype(np.float32) * a + 255.0 * (1.0 - a)).round().astype(np.uint8)
    transparency = float((alpha < 255).mean())
    digest = hashlib.sha256(rgb.tobytes() + np.array(rgb.shape, dtype=np.int32).tobytes()).hexdigest()
    return NormalizedImage(rgb=rgb, alpha=alpha if transparency > 0 else None, width=width, height=height,
                           format=fmt, mime=mime, sha256=digest, transparency=transparency)
