"""Exporters: a project's token library (an `ExportBundle`: colors, fonts, text styles, spacing,
radii, shadows) as files front-end tools read.

Public API::

    from shared.exporters import FORMATS, Rendered, render
    out = render("dtcg", bundle)          # -> Rendered(body: bytes, content_type, filename)

* ``FORMATS`` maps each format name to its `Format` (name, label, content type, file extension);
  names: ``dtcg``, ``css``, ``scss``, ``tailwind``, ``ts``, ``json``, ``html``, ``zip``.
  A few aliases are accepted by `render` (``tokens``/``design-tokens`` → dtcg, ``typescript`` →
  ts, ``tw`` → tailwind, ``preview`` → html), case-insensitively.
* Unknown format → ``InvalidRequest`` code ``unknown_format`` (400, details list the formats).
* Empty library → ``InvalidRequest`` code ``empty_library`` with status **409**: the project
  exists (so not 404, which would tell a client its project id is wrong), but its current state
  (no tokens yet) does not allow an export; it resolves itself once an extraction finishes. A
  library with other tokens but no colors exports.
* Exporters are pure and deterministic: the same bundle gives the same bytes (zip entries carry a
  fixed 1980-01-01 timestamp), so the export function can use a hash of ``body`` as the ETag.
  ``bundle.generated_at`` is written into the files when set: pass the library's last update
  time, not "now", or every export gets a new ETag.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from types import ModuleType
from typing import Callable

from shared.domain.errors import InvalidRequest

from . import css, dtcg, html, json_export, scss, tailwind, typescript, zip_export
from ._model import View, build_view
from .bundle import ExportBundle

__all__ = ["FORMATS", "Format", "Rendered", "render", "ExportBundle"]


@dataclass(frozen=True)
class Rendered:
    body: bytes
    content_type: str
    filename: str

    @property
    def etag(self) -> str:
        """A strong HTTP ETag for the body (bodies are deterministic, so equal bundles share it)."""
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    content_type: str
    filename: Callable[[str], str]  # project slug -> file name
    render_view: Callable[[View], bytes]


def _fmt(module: ModuleType) -> Format:
    return Format(module.NAME, module.LABEL, module.CONTENT_TYPE, module.filename, module.render_view)


_MODULES = (dtcg, css, scss, tailwind, typescript, json_export, html)
FORMATS: dict[str, Format] = {m.NAME: _fmt(m) for m in _MODULES}
FORMATS[zip_export.NAME] = Format(
    zip_export.NAME,
    zip_export.LABEL,
    zip_export.CONTENT_TYPE,
    zip_export.filename,
    lambda view: zip_export.render_view(view, [FORMATS[m.NAME] for m in _MODULES]),
)

ALIASES = {"tokens": "dtcg", "design-tokens": "dtcg", "typescript": "ts", "tw": "tailwind", "preview": "html"}


def resolve_format(fmt: str) -> Format:
    key = (fmt or "").strip().lower()
    key = ALIASES.get(key, key)
    if key not in FORMATS:
        raise InvalidRequest(
            f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}",
            code="unknown_format",
            details={"format": fmt, "formats": list(FORMATS)},
        )
    return FORMATS[key]


def render(fmt: str, bundle: ExportBundle) -> Rendered:
    f = resolve_format(fmt)  # a bad format is reported before an empty library
    view = build_view(bundle)
    return Rendered(f.render_view(view), f.content_type, f.filename(view.project_slug))
