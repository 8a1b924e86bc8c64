"""The inline-image checks at the HTTP edge (shared/security/upload_guard.py), each at its edge: the
pixel cap (the configured default, 50 Mpx: 50,000,000 accepted, one more refused 413), zero
dimensions, and the end markers of each format that tell a whole body from one cut short."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from shared.domain.errors import AppError
from shared.security.upload_guard import check_inline_image

CAP = 50_000_000  # COPYTHAT_MAX_PIXELS' default (shared/config.py, issue 17 #5's "pixel cap")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height (8-bit RGB) and that ends properly; the pixels are
    never decoded here, only the header is read."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"\x00")) + _chunk(b"IEND", b"")


def _encoded(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 3), (37, 99, 235)).save(buf, fmt)
    return buf.getvalue()


def _code(data: bytes, max_pixels: int = CAP) -> str:
    try:
        return check_inline_image(data, max_pixels)
    except AppError as e:
        return f"{e.status} {e.code}"


@pytest.mark.parametrize("width, height, answer", [
    (10_000, 5_000, "image/png"),                    # exactly the cap
    (3, 16_666_667, "413 image_too_many_pixels"),    # 50,000,001 pixels: one over
    (1, CAP, "image/png"),
    (1, CAP + 1, "413 image_too_many_pixels"),
])
def test_the_pixel_cap_admits_exactly_fifty_megapixels(width, height, answer):
    assert _code(png_header(width, height)) == answer


@pytest.mark.parametrize("width, height", [(0, 10), (10, 0), (0, 0)])
def test_an_image_without_pixels_is_invalid(width, height):
    assert _code(png_header(width, height)) == "422 invalid_image"


@pytest.mark.parametrize("width, height", [(1, 1), (1, 7), (7, 1)])
def test_a_single_pixel_row_or_column_is_an_image(width, height):
    assert _code(png_header(width, height)) == "image/png"


def test_a_whole_image_of_each_format_is_accepted_with_its_type():
    for fmt, mime in (("PNG", "image/png"), ("JPEG", "image/jpeg"), ("GIF", "image/gif"), ("WEBP", "image/webp")):
        assert _code(_encoded(fmt)) == mime, fmt


@pytest.mark.parametrize("fmt, cut", [("PNG", 12), ("JPEG", 2), ("GIF", 1), ("WEBP", 2)])
def test_a_body_cut_short_is_refused_as_truncated(fmt, cut):
    """Each cut removes exactly the format's end marker (PNG's 12-byte IEND chunk, JPEG's EOI, GIF's
    trailer) or, for WebP, bytes its RIFF size counts."""
    data = _encoded(fmt)
    assert _code(data[:-cut]) == "422 truncated_image"


def test_png_end_chunk_counts_within_the_last_64_bytes():
    """Some encoders pad after IEND; the marker is looked for in the last 64 bytes: IEND's type at
    byte -64 (56 bytes of padding after its CRC) is whole, at byte -65 it is not."""
    data = _encoded("PNG")
    assert _code(data + b"\x00" * 56) == "image/png"
    assert _code(data + b"\x00" * 57) == "422 truncated_image"


def test_jpeg_end_marker_counts_within_the_last_1024_bytes():
    data = _encoded("JPEG")
    assert data.endswith(b"\xff\xd9")
    assert _code(data + b"\x00" * 1022) == "image/jpeg"  # the marker's first byte at -1024
    assert _code(data + b"\x00" * 1023) == "422 truncated_image"  # at -1025


def test_gif_trailer_may_be_followed_by_zero_padding_only():
    data = _encoded("GIF")
    assert _code(data + b"\x00\x00") == "image/gif"
    assert _code(data + b"\x01") == "422 truncated_image"


def test_webp_riff_size_must_fit_the_bytes():
    data = _encoded("WEBP")
    size = struct.unpack("<I", data[4:8])[0]
    assert size + 8 == len(data)
    assert _code(data) == "image/webp"
    # A RIFF size one byte more than the body holds: cut short.
    assert _code(data[:4] + struct.pack("<I", size + 1) + data[8:]) == "422 truncated_image"
    # The smallest RIFF/WEBP header (12 bytes, RIFF size 4) is whole, so its header is what fails.
    assert _code(b"RIFF" + struct.pack("<I", 4) + b"WEBP") == "422 invalid_image"
    assert _code(b"RIFF" + struct.pack("<I", 5) + b"WEBP") == "422 truncated_image"


@pytest.mark.parametrize("data", [b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"%PDF-1.7", b"hello"])
def test_other_types_are_unsupported(data):
    assert _code(data) == "415 unsupported_image_type"


def test_a_header_pillow_cannot_read_is_invalid():
    assert _code(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40 + _chunk(b"IEND", b"")) == "422 invalid_image"
