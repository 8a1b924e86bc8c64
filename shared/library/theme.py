"""The library's theme — tonal scales and light/dark schemes — stored on the project when the library
changes, so `export` formats stored values instead of loading the color science (numpy, coloraide)
on a user's request (issue 17 item 16).

The stored theme is a cache keyed by everything it is computed from: `theme_key` hashes, per color
token, exactly what `derive_theme` reads (id, hex, role, the role lock, share, the role evidence)
plus THEME_VERSION. A stored theme whose key does not match the library (an old document without
one, an edit that raced the refresh, a token written by a path that does not refresh) is ignored and
the theme is computed: an export is never stale, only slower. Bump THEME_VERSION with any change to
what `derive_theme` returns for the same tokens.

Stored as `theme: {key, data}` on the project document: `data` is one JSON string, because the
schemes' role order is part of the export (Firestore maps come back in key order) and a merge write
of a map would keep roles a newer theme dropped. `data` is left out (None: computed on export) above
MAX_STORED_THEME_BYTES, so a huge library can never push the project document over Firestore's
1 MiB limit and fail the enrich merge that writes it.

Imports only the standard library and the token model: `derive_theme` loads when a theme is computed.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from shared.domain.tokens import Token
from shared.library.draft import ROLE_LOCK_KEY

THEME_VERSION = 2
# Half of Firestore's 1 MiB document limit (~2,500 colors at ~200 bytes each); the project's other fields are small.
MAX_STORED_THEME_BYTES = 512 * 1024
EVIDENCE_KEY = "evidence"  # shared.library.colors.EVIDENCE_KEY (not imported: it loads numpy)

Scales = dict[str, dict[int, str]]
Schemes = dict[str, dict[str, str]]


def theme_key(tokens: Sequence[Token]) -> str:
    """A digest of the theme's inputs: equal keys, equal themes."""
    rows = [[t.id, t.hex, t.role, bool(t.enrichment.get(ROLE_LOCK_KEY)), t.provenance.share,
             t.enrichment.get(EVIDENCE_KEY)]
            for t in sorted((t for t in tokens if t.is_color), key=lambda t: t.id)]
    blob = json.dumps([THEME_VERSION, rows], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def compute_theme(tokens: Sequence[Token]) -> tuple[Scales, Schemes]:
    """(scales, schemes) from the color science: token id → {50…950: hex}; mode → role → hex."""
    if not any(t.is_color for t in tokens):
        return {}, {}
    from shared.library.colors import derive_theme  # numpy + coloraide: only when computing

    return derive_theme(tokens)


def stored_theme(tokens: Sequence[Token]) -> dict[str, str | None]:
    """The project document's `theme` field for this library (computed now)."""
    scales, schemes = compute_theme(tokens)
    data = {"scales": {tid: {str(step): h for step, h in scale.items()} for tid, scale in scales.items()},
            "schemes": schemes}
    return stored_form(theme_key(tokens), json.dumps(data, separators=(",", ":")))


def stored_form(key: str, data: str) -> dict[str, str | None]:
    """The `theme` field: the key, and the data unless it is too large to store."""
    return {"key": key, "data": data if len(data.encode()) <= MAX_STORED_THEME_BYTES else None}


def stored_key(stored: Any) -> str | None:
    """The key of a project's stored theme (None: there is none)."""
    return stored.get("key") if isinstance(stored, dict) else None


def read_theme(stored: Any, tokens: Sequence[Token]) -> tuple[Scales, Schemes] | None:
    """The stored theme when it was made from exactly this library; else None (compute it)."""
    if stored_key(stored) != theme_key(tokens):
        return None
    try:
        data = json.loads(stored["data"])
        scales = {tid: {int(step): h for step, h in scale.items()} for tid, scale in data["scales"].items()}
        schemes = {mode: dict(roles) for mode, roles in data["schemes"].items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return scales, schemes


def theme_of(stored: Any, tokens: Sequence[Token]) -> tuple[Scales, Schemes]:
    """What an export needs: the stored theme if it is this library's, else computed."""
    return read_theme(stored, tokens) or compute_theme(tokens)
