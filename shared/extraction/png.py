"""The PNG fast path: which PNGs libspng (pyspng) may decode in Pillow's place, and the decode.

libspng decodes a plain 8-bit RGB/RGBA PNG ~1.6× faster than Pillow, to the same pixels
(tests/benchmarks/png_decode.py). Pillow stays the reference: it opens every file (header, caps,
mode), and decodes whatever this module does not take. Everything here reads chunk headers only
(nothing inflated).
"""
from __future__ import annotations

import struct
from collections.abc import Iterator

import numpy as np
import pyspng
from PIL import Image

# A real PNG has a few dozen chunks before its pixels (text, profiles, EXIF, APNG control).
MAX_CHUNKS_BEFORE_PIXELS = 4096


def chunks(data: bytes) -> Iterator[tuple[bytes, bool]]:
    """(type, complete) of each chunk, from its header; a chunk whose declared length runs past the
    end of the file is the last, incomplete."""
    pos, end = 8, len(data)
    while pos + 8 <= end:
        length, kind = struct.unpack_from(">I4s", data, pos)
        complete = pos + 12 + length <= end
        yield kind, complete
        if not complete:
            return
        pos += 12 + length


def too_many_chunks_before_pixels(data: bytes) -> bool:
    for count, (kind, _complete) in enumerate(chunks(data)):
        if kind == b"IDAT":
            return False
        if count >= MAX_CHUNKS_BEFORE_PIXELS:
            return True
    return False


def libspng_may_decode(img: Image.Image, frames: int, data: bytes) -> bool:
    """An 8-bit RGB/RGBA PNG (no 16-bit, palette or grey), not interlaced, one frame covering the
    whole canvas, no tRNS colour key, and nothing after its pixels but IEND. (Orientation, which
    Pillow's path applies, is the caller's to rule out; an ICC profile is applied after either decode.)"""
    return (img.mode in ("RGB", "RGBA") and len(img.tile) == 1 and img.tile[0].args == img.mode
            and img.tile[0].extents == (0, 0, *img.size) and "bbox" not in img.info
            and frames == 1 and not img.info.get("interlace") and "transparency" not in img.info
            and ends_after_its_pixels(data))


def ends_after_its_pixels(data: bytes) -> bool:
    """Are the chunks after the first IDAT more IDATs, then IEND, each complete? Pillow's header
    parse (img.info) stops at the first IDAT; a later chunk (EXIF or XMP orientation in eXIf / tEXt /
    zTXt / iTXt, APNG frames) is read only when Pillow decodes, and a broken tail is an error there.
    Such files go to Pillow."""
    seen_idat = False
    for kind, complete in chunks(data):
        if not complete:
            return False
        if kind == b"IDAT":
            seen_idat = True
        elif seen_idat:
            return kind == b"IEND"
    return False


def decode(data: bytes, mode: str) -> np.ndarray | None:
    """(H, W, 3 or 4) uint8 pixels, or None when libspng refuses the file: Pillow, the reference
    decoder, then decides (it reads or it fails). One leniency is libspng's: a wrong zlib checksum at
    the end of complete pixel data is decoded, where Pillow calls the file corrupt."""
    try:
        return pyspng.load(data, mode)
    except (RuntimeError, ValueError):
        return None
