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
    flat_valid = None if valid is None else valid.ravel()
    mask = np.zeros(h * w, dtype=bool)
    # Channel planes as int32, once: the dense contrast test is three subtractions per axis, and the
    # sparse test below gathers 1-D components (np.take), far cheaper than (N, 3) fancy indexing.
    planes = [rgb[..., c].astype(np.int32) for c in range(3)]
    flat_planes = [c.ravel() for c in planes]
    found: list[tuple[np.ndarray, list[np.ndarray], list[np.ndarray], np.ndarray]] = []  # index, a, b, t
    for axis in (1, 0):
        if rgb.shape[axis] < 3:
            continue
        # Contrast between the two neighbours of every inner pixel (dense, on views), then the exact
        # test only where it is strong: edges are a small fraction of an image, so this stays cheap.
        length2_all = None
        for c in planes:
            d = (c[:, 2:] - c[:, :-2]) if axis == 1 else (c[2:, :] - c[:-2, :])
            d *= d
            if length2_all is None:
                length2_all = d
            else:
                length2_all += d
        strong = np.flatnonzero(length2_all >= MIN_CONTRAST**2)
        if strong.size == 0:
            continue
        # Flat pixel indices of the first end (a), the middle (p) and the far end (b).
        if axis == 1:
            ia = strong + (strong // (w - 2)) * 2
            step = 1
        else:
            ia = strong
            step = w
        ip, ib = ia + step, ia + 2 * step
        a = [np.take(c, ia).astype(np.float32) for c in flat_planes]
        b = [np.take(c, ib).astype(np.float32) for c in flat_planes]
        pa = [np.take(c, ip).astype(np.float32) - ac for c, ac in zip(flat_planes, a)]
        ab = [bc - ac for ac, bc in zip(a, b)]
        l2 = np.take(length2_all, strong).astype(np.float32)
        t = (pa[0] * ab[0] + pa[1] * ab[1] + pa[2] * ab[2]) / l2
        perp2 = None
        for pc, abc in zip(pa, ab):
            off = pc - t * abc
            off *= off
            perp2 = off if perp2 is None else perp2 + off
        hit = ((t > T_RANGE[0]) & (t < T_RANGE[1])
               & (perp2 <= np.maximum(PERP_FLOOR**2, PERP_FRACTION**2 * l2)) & ~np.take(mask, ip))
        if flat_valid is not None:
            hit &= np.take(flat_valid, ip) & np.take(flat_valid, ia) & np.take(flat_valid, ib)
        hit = np.flatnonzero(hit)
        mask[ip[hit]] = True
        found.append((ip[hit], [c[hit] for c in a], [c[hit] for c in b], t[hit]))
    mask = mask.reshape(h, w)
    if not found:
        empty = np.zeros((0, 3), dtype=np.uint8)
        return BlendPixels(mask=mask, end_a=empty, end_b=empty, t=np.zeros(0))
    idx = np.concatenate([f[0] for f in found])
    order = np.argsort(idx, kind="stable")  # row-major, so the result does not depend on axis order
    ends = lambda k: np.stack([np.concatenate([f[k][c] for f in found])[order]
                               for c in range(3)], axis=1).astype(np.uint8)
    return BlendPixels(mask=mask, end_a=ends(1), end_b=ends(2),
                       t=np.concatenate([f[3] for f in found])[order].astype(np.float64))
