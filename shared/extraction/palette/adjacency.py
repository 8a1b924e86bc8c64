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


def _pairs(labels: np.ndarray, d: int, axis: int) -> tuple[np.ndarray, np.ndarray]:
    if axis == 1:
        return labels[:, :-d], labels[:, d:]
    return labels[:-d, :], labels[d:, :]


def adjacency(labels: np.ndarray, rgb: np.ndarray, size: int) -> Adjacency:
    touch = np.zeros(size * size, dtype=np.int64)
    contacts = np.zeros(size * size, dtype=np.int64)
    step_sum = np.zeros(size * size, dtype=np.float64)
    edge = np.zeros(labels.shape, dtype=bool)
    rgbf = rgb.astype(np.int32)
    for axis in (0, 1):
        for d in (1, 2):
            if labels.shape[1 - axis] <= d:
                continue
            a, b = _pairs(labels, d, axis)
            diff = a != b
            if not diff.any():
                continue
            idx = a[diff].astype(np.int64) * size + b[diff]
            touch += np.bincount(idx, minlength=size * size)
            if d == 1:
                ra, rb = _pairs(rgbf, 1, axis)
                step = np.sqrt(((ra[diff] - rb[diff]) ** 2).sum(axis=1))
                contacts += np.bincount(idx, minlength=size * size)
                step_sum += np.bincount(idx, weights=step, minlength=size * size)
                if axis == 1:
                    edge[:, :-1] |= diff
                    edge[:, 1:] |= diff
                else:
                    edge[:-1, :] |= diff
                    edge[1:, :] |= diff
    sym = lambda m: (m.reshape(size, size) + m.reshape(size, size).T)  # noqa: E731
    return Adjacency(touch=sym(touch), contacts=sym(contacts), step_sum=sym(step_sum),
                     edge_pixels=np.bincount(labels[edge].ravel(), minlength=size))
