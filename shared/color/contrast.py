"""Contrast: WCAG 2.x ratio (normative today) and APCA Lc (WCAG 3 draft, informative).

Reported ratios are floored to 2 decimals so a displayed "4.50" can never hide a 4.499 that
fails; pass/fail flags are computed on the unrounded ratio.
"""
from __future__ import annotations

import math
from shared.color import srgb
from shared.color.srgb import rgb255

AA_NORMAL = 4.5
AA_LARGE = 3.0
AAA_NORMAL = 7.0
AAA_LARGE = 4.5


# WCAG 2.x relative luminance and contrast ratio: the one implementation (shared/color/srgb.py).
relative_luminance = srgb.relative_luminance
wcag_contrast = srgb.wcag_contrast


def floor2(x: float) -> float:
    return math.floor(x * 100 + 1e-9) / 100


def wcag_levels(ratio: float) -> dict[str, bool]:
    return {
        "aaNormal": ratio >= AA_NORMAL,
        "aaLarge": ratio >= AA_LARGE,
        "aaaNormal": ratio >= AAA_NORMAL,
        "aaaLarge": ratio >= AAA_LARGE,
    }


# APCA 0.0.98G-4g constants as published in the apca-w3 README ("Current APCA Constants").
# The formula is re-implemented here from that published math (no code copied).
_TRC = 2.4
_R, _G, _B = 0.2126729, 0.7151522, 0.0721750
_NORM_BG, _NORM_TXT, _REV_TXT, _REV_BG = 0.56, 0.57, 0.62, 0.65
_BLK_THRS, _BLK_CLMP = 0.022, 1.414
_SCALE_BOW = _SCALE_WOB = 1.14
_LO_BOW_OFFSET = _LO_WOB_OFFSET = 0.027
_LO_CLIP, _DELTA_Y_MIN = 0.1, 0.0005


def _apca_y(hex_: str) -> float:
    r, g, b = rgb255(hex_)
    return _R * (r / 255) ** _TRC + _G * (g / 255) ** _TRC + _B * (b / 255) ** _TRC


def apca_lc(text: str, background: str) -> float:
    """APCA lightness contrast Lc of `text` on `background` (signed: negative = light on dark)."""
    ty, by = _apca_y(text), _apca_y(background)
    # Soft clamp near black (flare), as in the reference.
    ty = ty if ty > _BLK_THRS else ty + (_BLK_THRS - ty) ** _BLK_CLMP
    by = by if by > _BLK_THRS else by + (_BLK_THRS - by) ** _BLK_CLMP
    if abs(by - ty) < _DELTA_Y_MIN:
        return 0.0
    if by > ty:  # dark text on light background
        sapc = (by**_NORM_BG - ty**_NORM_TXT) * _SCALE_BOW
        out = 0.0 if sapc < _LO_CLIP else sapc - _LO_BOW_OFFSET
    else:  # light text on dark background
        sapc = (by**_REV_BG - ty**_REV_TXT) * _SCALE_WOB
        out = 0.0 if sapc > -_LO_CLIP else sapc + _LO_WOB_OFFSET
    return out * 100.0
