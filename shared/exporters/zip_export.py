"""A zip of every other format, byte-for-byte deterministic.

Entries are stored in a fixed order under ``<project-slug>/`` with a fixed 1980-01-01 00:00
timestamp, fixed permissions (0644) and fixed deflate level, so the same bundle gives the same
archive bytes.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from ._model import View

NAME = "zip"
LABEL = "All formats (zip)"
CONTENT_TYPE = "application/zip"
_EPOCH = (1980, 1, 1, 0, 0, 0)


def filename(slug: str) -> str:
    return f"{slug}-tokens.zip"


def _readme(view: View, formats: list[Any]) -> bytes:
    b = view.bundle
    lines = [
        f"{b.project_name} — design tokens exported by Copy That",
        "",
        f"{view.summary()}. Files:",
        "",
    ]
    lines += [f"- {f.filename(view.project_slug)}: {f.label}" for f in formats]
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_view(view: View, formats: list[Any]) -> bytes:
    buf = io.BytesIO()
    folder = view.project_slug
    files = [("README.txt", _readme(view, formats))]
    files += [(f.filename(view.project_slug), f.render_view(view)) for f in formats]
    with zipfile.ZipFile(buf, "w") as zf:
        for name, body in files:
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so external_attr means the same everywhere
            info.external_attr = 0o100644 << 16
            zf.writestr(info, body, compresslevel=6)
    return buf.getvalue()
