"""PNG structure checks made before Pillow parses a file: chunk headers only (nothing inflated)."""
from __future__ import annotations

import struct
from collections.abc import Iterator

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
