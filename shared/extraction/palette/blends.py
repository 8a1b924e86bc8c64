"""Per-pixel blend detection: a pixel that sits on the sRGB segment between its two opposite neighbours
(left/right or up/down), and those neighbours differ strongly, is an anti-aliasing, resampling or JPEG
ramp pixel, not a colour. Its area is credited to the two ends in proportion to where it sits, so text
keeps the area it was painted with while its grey ramps vanish from the histogram.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Neighbours closer than this (sRGB Euclidean) are one colour plus noise, not two colours being blended.
MIN_CONTRAST = 24.0
T_RANGE = (0.08, 0.92)
# Allowed distance off the segment: JPEG ringing bends ramps; relative to the contrast, with a floor.
PERP_FRACTION = 0.12
PERP_FLOOR = 6.0


@dataclass
class BlendPixels:
    mask: np.ndarray  # (H, W) bool
    end_a: np.ndarray  # (M, 3) uint8 colour of the first end of each blend pixel (row-major order)
    end_b: np.ndarray  # (M, 3)
    t: np.ndarray  # (M,) position between the ends (0 = end_a)


def detect_blends(rgb: np.ndarray, valid: np.ndarray | None) -> BlendPixels:
    h, w, _ = rgb.shape
    x = rgb.astype(np.int32)
    mask = np.zeros((h, w), dtype=bool)
    t_img = np.zeros((h, w), dtype=np.float32)
    a_img = np.zeros((h, w, 3), dtype=np.uint8)
    b_img = np.zeros((h, w, 3), dtype=np.uint8)
    for axis in (1, 0):
        if rgb.shape[axis] < 3:
            continue
        inner = (slice(None), slice(1, -1)) if axis == 1 else (slice(1, -1), slice(None))
        before = (slice(None), slice(0, -2)) if axis == 1 else (slice(0, -2), slice(None))
        after = (slice(None), slice(2, None)) if axis == 1 else (slice(2, None), slice(None))
        p, a, b = x[inner], x[before], x[after]
        ab = b - a
        length2 = (ab * ab).sum(axis=2)
        strong = length2 >= MIN_CONTRAST**2
        if not strong.any():
            continue
        t = ((p - a) * ab).sum(axis=2) / np.maximum(length2, 1)
        off = (p - a) - t[..., None] * ab
        perp2 = (off * off).sum(axis=2)
        limit2 = np.maximum(PERP_FLOOR**2, PERP_FRACTION**2 * length2)
        hit = strong & (t > T_RANGE[0]) & (t < T_RANGE[1]) & (perp2 <= limit2) & ~mask[inner]
        if valid is not None:
            hit &= valid[inner] & valid[before] & valid[after]
        mask[inner] |= hit
        t_img[inner][hit] = t[hit]
        a_img[inner][hit] = a[hit]
        b_img[inner][hit] = b[hit]
    return BlendPixels(mask=mask, end_a=a_img[mask], end_b=b_img[mask], t=t_img[mask].astype(np.float64))
