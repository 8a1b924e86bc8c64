"""Nearest color names: descriptive (color-name-list), CSS named colors and web-safe colors.

Each list becomes a `ColorIndex`: the colors as an (N, 3) OKLab array. A query takes the few
nearest rows by Euclidean OKLab distance (≈ ΔEOK, one vectorised numpy pass: ~32k rows in well
under a millisecond) and re-ranks those candidates by CIEDE2000, which is what we report.
Indexes load lazily, once, behind a lock (Cloud Functions may serve requests on threads).
"""
from __future__ import annotations

import csv
import gzip
import io
import itertools
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from coloraide.css import color_names as css_color_names

from shared.color.conversions import oklch_coords, rgb255, srgb255_to_oklab
from shared.color.describe import name_is_plausible
from shared.color.fast_delta_e import ciede2000, srgb255_to_lab_d65
from shared.domain.models import normalize_hex

NAME_DATASET = "color-name-list@14.29.0 (MIT, meodai/color-names)"
_DATA = Path(__file__).parent / "data" / "colornames.csv.gz"
_RERANK = 8  # OKLab candidates re-ranked by ΔE2000
_PLAUSIBLE_SLACK = 3.0  # ΔE2000 a plausible name may be farther than the nearest one


@dataclass(frozen=True)
class NameMatch:
    name: str
    hex: str
    delta_e: float  # CIEDE2000 from the query color


class ColorIndex:
    def __init__(self, names: list[str], hexes: list[str]):
        self.names = names
        self.hexes = hexes
        packed = np.array([int(h[1:], 16) for h in hexes], dtype=np.int64)  # "#RRGGBB" only
        rgb = np.stack([(packed >> 16) & 255, (packed >> 8) & 255, packed & 255], axis=1).astype(np.float64)
        self.oklab = srgb255_to_oklab(rgb)
        self.lab = srgb255_to_lab_d65(rgb)  # for the ΔE2000 re-rank

    def __len__(self) -> int:
        return len(self.names)

    def nearest(self, hex_: str, k: int = 1) -> list[NameMatch]:
        """The k nearest entries by ΔE2000 (candidates pre-selected in OKLab)."""
        hex_ = normalize_hex(hex_)
        rgb = np.array([rgb255(hex_)], dtype=np.float64)
        q = srgb255_to_oklab(rgb)[0]
        d = np.einsum("ij,ij->i", self.oklab - q, self.oklab - q)
        m = min(len(d), max(k, 1) * 2 + _RERANK)
        idx = np.argpartition(d, m - 1)[:m] if m < len(d) else np.arange(len(d))
        de = ciede2000(srgb255_to_lab_d65(rgb), self.lab[idx])
        matches = [NameMatch(self.names[i], self.hexes[i], float(e)) for i, e in zip(idx, de)]
        # Ties broken by name so results never depend on array order.
        matches.sort(key=lambda m_: (round(m_.delta_e, 9), m_.name))
        return matches[:k]


def _load_names() -> ColorIndex:
    text = gzip.decompress(_DATA.read_bytes()).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    return ColorIndex([r[0] for r in rows], ["#" + r[1] for r in rows])


def _load_css() -> ColorIndex:
    items = sorted(
        (name, "#%02X%02X%02X" % tuple(int(v) for v in rgba[:3]))
        for name, rgba in css_color_names.name2val_map.items()
        if rgba[3] == 255  # drops "transparent"
    )
    return ColorIndex([n for n, _ in items], [h for _, h in items])


def _load_web_safe() -> ColorIndex:
    hexes = ["#%02X%02X%02X" % rgb for rgb in itertools.product(range(0, 256, 51), repeat=3)]
    return ColorIndex(hexes, hexes)


class _Lazy:
    """Thread-safe build-once holder."""

    def __init__(self, loader):
        self._loader = loader
        self._value: ColorIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> ColorIndex:
        if self._value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._loader()
        return self._value

    def loaded(self) -> bool:
        return self._value is not None

    def reset(self) -> None:
        """For benchmarks (cold start)."""
        with self._lock:
            self._value = None


NAMES = _Lazy(_load_names)
CSS_NAMES = _Lazy(_load_css)
WEB_SAFE = _Lazy(_load_web_safe)


def _plausible_first(hex_: str, matches: list[NameMatch]) -> list[NameMatch]:
    """Nearest-first, but names whose color words contradict the color go to the back."""
    l, c, h = oklch_coords(hex_)
    limit = matches[0].delta_e + _PLAUSIBLE_SLACK
    ok = [m for m in matches if m.delta_e <= limit and name_is_plausible(m.name, l, c, h)]
    return ok + [m for m in matches if m not in ok]


def descriptive_name(hex_: str) -> NameMatch:
    return _plausible_first(hex_, NAMES.get().nearest(hex_, 8))[0]


def closest_css_named(hex_: str) -> NameMatch:
    return CSS_NAMES.get().nearest(hex_, 1)[0]


def closest_web_safe(hex_: str) -> NameMatch:
    return WEB_SAFE.get().nearest(hex_, 1)[0]


def unique_name(hex_: str, taken: set[str], *, candidates: int = 12) -> str:
    """The nearest descriptive name not in `taken` (compared case-insensitively).

    Falls back to numbering the nearest name ("Ocean Blue 2") if all candidates are taken.
    """
    low = {t.casefold() for t in taken}
    matches = _plausible_first(hex_, NAMES.get().nearest(hex_, candidates))
    for m in matches:
        if m.name.casefold() not in low:
            return m.name
    base = matches[0].name
    for n in itertools.count(2):
        cand = f"{base} {n}"
        if cand.casefold() not in low:
            return cand
    raise AssertionError("unreachable")
