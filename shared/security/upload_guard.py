"""Checks on an inline image at the HTTP edge, before anything is stored: cheap, header-only.

The extract step decodes and normalises the image fully (with its own, stricter limits); here the
upload function refuses what is obviously not an acceptable image, with a clear 4xx:
- not PNG/JPEG/WebP/GIF by magic bytes (SVG, HTML, PDF, text…) → 415 `unsupported_image_type`;
- a header Pillow cannot parse, zero dimensions → 422 `invalid_image`;
- more pixels than `max_pixels` per the header (decompression bombs) → 413 `image_too_many_pixels`;
- a body cut short (no PNG IEND chunk, no JPEG end-of-image marker, no GIF trailer, a WebP whose
  RIFF size disagrees with the bytes) → 422 `truncated_image`.
"""
from __future__ import annotations

import io
import struct

from shared.domain.errors import ImageError, PayloadTooLarge
from shared.extraction.formats import sniff


def check_inline_image(data: bytes, max_pixels: int) -> str:
    """The image's MIME type, or an AppError explaining the refusal."""
    fmt, mime = sniff(data)  # 415 for anything that is not one of our four formats
    if not _complete(fmt, data):
        raise ImageError("the image data is truncated", code="truncated_image")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:  # parses the header only
            width, height = im.size
    except Image.DecompressionBombError:  # Pillow's own ceiling (~179 Mpx) is above ours: same answer
        raise PayloadTooLarge(f"images are limited to {max_pixels} pixels", code="image_too_many_pixels") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error):
        raise ImageError("the image header could not be read", code="invalid_image") from None
    if width <= 0 or height <= 0:
        raise ImageError("the image has no pixels", code="invalid_image")
    if width * height > max_pixels:
        raise PayloadTooLarge(f"images are limited to {max_pixels} pixels", code="image_too_many_pixels")
    return mime


def _complete(fmt: str, data: bytes) -> bool:
    tail = data[-64:]
    if fmt == "PNG":
        return b"IEND" in tail
    if fmt == "JPEG":
        return b"\xff\xd9" in data[-1024:]
    if fmt == "GIF":
        return data.rstrip(b"\x00").endswith(b"\x3b")
    if fmt == "WEBP":
        return len(data) >= 12 and struct.unpack("<I", data[4:8])[0] + 8 <= len(data)
    return False
