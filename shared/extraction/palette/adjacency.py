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
    edge = np.zeros(labels.shape, dtype=bool)
    h, w = labels.shape
    for axis in (0, 1):
        for d in (1, 2):
            if (w if axis == 1 else h) <= d:
                continue
            a = labels[:, :-d] if axis == 1 else labels[:-d, :]
            b = labels[:, d:] if axis == 1 else labels[d:, :]
            ys, xs = np.nonzero(a != b)
            if ys.size == 0:
                continue
            qy, qx = (ys, xs + d) if axis == 1 else (ys + d, xs)
            idx = labels[ys, xs].astype(np.int64) * size + labels[qy, qx]
            counts = np.bincount(idx, minlength=size * size)
            touch += counts
            if d == 1:
                diff = rgb[ys, xs].astype(np.int32) - rgb[qy, qx]
                contacts += counts
                step_sum += np.bincount(idx, weights=np.sqrt((diff * diff).sum(axis=1)), minlength=size * size)
                edge[ys, xs] = True
                edge[qy, qx] = True
    sym = lambda m: (m.reshape(size, size) + m.reshape(size, size).T)  # noqa: E731
    return Adjacency(touch=sym(touch), contacts=sym(contacts), step_sum=sym(step_sum),
                     edge_pixels=np.bincount(labels[edge].ravel(), minlength=size))
