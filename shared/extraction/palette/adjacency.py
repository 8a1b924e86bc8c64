"""Spatial statistics of a label image: which clusters touch, how sharply, and which pixels are edges."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Adjacency:
    touch: np.ndarray  # (K+1, K+1) neighbour pairs at distance 1 or 2 (blends reach across 2-px ramps)
    contacts: np.ndarray  # (K+1, K+1) 4-neighbour pairs across a label boundary
    step_sum: np.ndarray  # (K+1, K+1) sum of the sRGB distance of those pairs (how sharp the boundary is)
    edge_pixels: np.ndarray  # (K+1,) pixels of each label that touch another label (4-neighbourhood)


def adjacency(labels: np.ndarray, rgb: np.ndarray, size: int) -> Adjacency:
    touch = np.zeros(size * size, dtype=np.int64)
    contacts = np.zeros(size * size, dtype=np.int64)
    step_sum = np.zeros(size * size, dtype=np.float64)
    h, w = labels.shape
    flat_labels = labels.ravel()
    flat_rgb = rgb.reshape(-1, 3)
    edge = np.zeros(h * w, dtype=bool)
    for axis in (0, 1):
        for d in (1, 2):
            if (w if axis == 1 else h) <= d:
                continue
            # Pairs (p, q = p + d along the axis) with different labels, as flat pixel indices in
            # row-major order (1-D gathers are much cheaper than 2-D fancy indexing).
            if axis == 1:
                diff_at = np.flatnonzero(labels[:, :-d] != labels[:, d:])
                p = diff_at + (diff_at // (w - d)) * d
                q = p + d
            else:
                p = np.flatnonzero(flat_labels[:-d * w] != flat_labels[d * w:])
                q = p + d * w
            if p.size == 0:
                continue
            idx = np.take(flat_labels, p).astype(np.int64) * size + np.take(flat_labels, q)
            counts = np.bincount(idx, minlength=size * size)
            touch += counts
            if d == 1:
                a = np.take(flat_rgb, p, axis=0).astype(np.int32)  # np.take: far cheaper than rgb[p]
                b = np.take(flat_rgb, q, axis=0).astype(np.int32)
                diff = a - b
                diff *= diff
                step = np.sqrt(diff[:, 0] + diff[:, 1] + diff[:, 2])  # same order as .sum(axis=1)
                contacts += counts
                step_sum += np.bincount(idx, weights=step, minlength=size * size)
                edge[p] = True
                edge[q] = True
    sym = lambda m: (m.reshape(size, size) + m.reshape(size, size).T)  # noqa: E731
    return Adjacency(touch=sym(touch), contacts=sym(contacts), step_sum=sym(step_sum),
                     edge_pixels=np.bincount(flat_labels[edge], minlength=size))
