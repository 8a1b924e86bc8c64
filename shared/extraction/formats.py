"""Image type sniffing by magic bytes (no decoder import: the upload function uses it on its hot path)."""
from __future__ import annotations

from shared.domain.errors import UnsupportedMediaType

MAGIC = {
    b"\x89PNG\r\n\x1a\n": ("PNG", "image/png"),
    b"\xff\xd8\xff": ("JPEG", "image/jpeg"),
    b"GIF87a": ("GIF", "image/gif"),
    b"GIF89a": ("GIF", "image/gif"),
}
ACCEPTED_TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif")


def sniff(data: bytes) -> tuple[str, str]:
    """(format, mime) from the first bytes; anything but PNG, JPEG, WebP and GIF (SVG included) is refused."""
    for magic, kind in MAGIC.items():
        if data.startswith(magic):
            return kind
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP", "image/webp"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head:
        raise UnsupportedMediaType("SVG is not accepted; upload a PNG, JPEG, WebP or GIF rendering",
                                   code="unsupported_image_type")
    raise UnsupportedMediaType("only PNG, JPEG, WebP and GIF images are accepted", code="unsupported_image_type")
