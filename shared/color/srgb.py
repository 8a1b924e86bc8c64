"""sRGB math in pure Python, one color at a time: the one implementation of OKLCH, WCAG relative
luminance and contrast that the color science, the exporters and the numpy screen
(fast_delta_e, built from these constants) share.

No coloraide, no numpy: the export function imports it at start. Checked against coloraide in
tests (tests/unit/test_color_one_implementation.py, test_export_formats.py).
"""
from __future__ import annotations

import math
from functools import lru_cache

from shared.domain.base import normalize_hex

# Björn Ottosson's published OKLab matrices (https://bottosson.github.io/posts/oklab/).
SRGB_TO_LMS = (
    (0.4122214708, 0.5363325363, 0.0514459929),
    (0.2119034982, 0.6806995451, 0.1073969566),
    (0.0883024619, 0.2817188376, 0.6299787005),
)
LMS_TO_OKLAB = (
    (0.2104542553, 0.7936177850, -0.0040720468),
    (1.9779984951, -2.4285922050, 0.4505937099),
    (0.0259040371, 0.7827717662, -0.8086757660),
)
# WCAG 2.x relative luminance weights (https://www.w3.org/TR/WCAG22/#dfn-relative-luminance).
LUMINANCE = (0.2126, 0.7152, 0.0722)


def rgb255(hex_: str) -> tuple[int, int, int]:
    h = normalize_hex(hex_)
    return int(h[1:3], 16), int(h[3:5], 16), int(h[5:7], 16)


def linear(channel01: float) -> float:
    """sRGB transfer function inverted. WCAG 2.2 uses 0.04045 (2.0 printed 0.03928); no 8-bit value
    lies between the two."""
    c = channel01
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _dot(row: tuple[float, float, float], v: tuple[float, float, float]) -> float:
    return row[0] * v[0] + row[1] * v[1] + row[2] * v[2]


@lru_cache(maxsize=65536)
def oklab_of(hex_: str) -> tuple[float, float, float]:
    lin = tuple(linear(c / 255) for c in rgb255(hex_))
    lms = tuple(math.copysign(abs(v) ** (1 / 3), v) for v in (_dot(r, lin) for r in SRGB_TO_LMS))
    return tuple(_dot(r, lms) for r in LMS_TO_OKLAB)  # type: ignore[return-value]


@lru_cache(maxsize=65536)
def oklch_of(hex_: str) -> tuple[float, float, float]:
    """OKLCH (L 0–1, C, H degrees; H 0 for achromatic colors) of an sRGB hex color."""
    L, a, b = oklab_of(hex_)
    C = math.hypot(a, b)
    H = math.degrees(math.atan2(b, a)) % 360 if C > 2e-4 else 0.0
    return (L, C, H)


@lru_cache(maxsize=65536)
def relative_luminance(hex_: str) -> float:
    """WCAG 2.x relative luminance."""
    return _dot(LUMINANCE, tuple(linear(c / 255) for c in rgb255(hex_)))


def wcag_contrast(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio (order-independent), 1–21: (L1 + 0.05) / (L2 + 0.05)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)
