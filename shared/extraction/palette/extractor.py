"""The pixel palette pipeline: bins → leader clusters → blends folded, noise merged, continua collapsed →
ranked by importance → at most `max_colors` colours with area share and region.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shared.extraction.palette.adjacency import adjacency
from shared.extraction.palette.blends import detect_blends
from shared.extraction.palette.clusters import (CONTINUUM_DE, NOISE_DE, Clusters, agglomerate,
                                                continuum_groups, fold_blends)
from shared.extraction.palette.colorspace import srgb_to_oklab
from shared.extraction.palette.histogram import build_bins, label_image, leader_clusters, pixel_keys

# Colours below this share are speckle, not design (a 14 px text colour covers far more than 0.05 %).
MIN_SHARE = 0.0005
# Chroma (OKLab) at which the saliency boost saturates: a brand blue counts like ~4× its area.
CHROMA_FULL = 0.15
CHROMA_BOOST = 1.0
CONTINUUM_WEIGHT = 0.5


@dataclass(frozen=True)
class FoundColor:
    rgb: tuple[int, int, int]
    share: float
    importance: float
    bbox: tuple[float, float, float, float]  # x0, y0, x1, y1 in image fractions
    centroid: tuple[float, float]
    edge_ratio: float


def find_colors(rgb: np.ndarray, alpha: np.ndarray | None, max_colors: int) -> list[FoundColor]:
    if max_colors <= 0 or rgb.size == 0:
        return []
    valid = None if alpha is None else alpha >= 128
    if valid is not None and not valid.any():
        valid = None  # fully transparent: analyse the composite rather than nothing
    blends = detect_blends(rgb, valid)
    use = ~blends.mask if valid is None else valid & ~blends.mask
    if not use.any():
        use = np.ones(rgb.shape[:2], dtype=bool) if valid is None else valid
    keys = pixel_keys(rgb)
    credits = (np.concatenate([blends.end_a, blends.end_b]), np.concatenate([1.0 - blends.t, blends.t]))
    bins = build_bins(rgb, keys, use, credits)
    leaders = leader_clusters(bins)
    k = len(leaders.lead_bin)
    labels = label_image(keys, bins, leaders.bin_label, use, void=k)  # blends and transparency: void
    adj = adjacency(labels, rgb, k + 1)
    pixels = np.bincount(leaders.bin_label, weights=bins.n, minlength=k)
    mass = np.bincount(leaders.bin_label, weights=bins.mass, minlength=k)
    rgb_sum = np.stack([np.bincount(leaders.bin_label, weights=bins.rgb_sum[:, c], minlength=k)
                        for c in range(3)], axis=1)
    cl = Clusters(mass=mass, pixels=pixels.copy(), rgb=rgb_sum / pixels[:, None],
                  edge=adj.edge_pixels[:k].astype(np.float64), owner=np.arange(k),
                  continuum=np.zeros(k, dtype=bool), adj=adj)
    fold_blends(cl)
    agglomerate(cl, NOISE_DE)
    agglomerate(cl, CONTINUUM_DE, allowed=continuum_groups(cl))

    total = float(rgb.shape[0] * rgb.shape[1] if valid is None else valid.sum())
    alive = np.flatnonzero(cl.alive)
    share = cl.mass[alive] / total
    chroma = np.hypot(*srgb_to_oklab(cl.rgb[alive])[:, 1:].T)
    importance = (np.sqrt(share) * (1.0 + CHROMA_BOOST * np.minimum(chroma / CHROMA_FULL, 1.0))
                  * np.where(cl.continuum[alive], CONTINUUM_WEIGHT, 1.0))
    keep = share >= MIN_SHARE
    if not keep.any():
        keep = share == share.max()
    alive, share, importance = alive[keep], share[keep], importance[keep]
    order = np.lexsort((alive, -importance))[:max_colors]
    final = _final_labels(labels, cl.owner, k)
    return [_describe(int(alive[i]), float(share[i]), float(importance[i]), cl, final) for i in order]


def _final_labels(labels: np.ndarray, owner: np.ndarray, void: int) -> np.ndarray:
    lut = np.append(np.where(owner >= 0, owner, void), void).astype(np.int32)
    return lut[labels]


def _describe(c: int, share: float, importance: float, cl: Clusters, final: np.ndarray) -> FoundColor:
    h, w = final.shape
    mask = final == c
    ys, xs = np.nonzero(mask)
    if ys.size:
        x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
        bbox = (x0 / w, y0 / h, (x1 + 1) / w, (y1 + 1) / h)
        centroid = ((xs.mean() + 0.5) / w, (ys.mean() + 0.5) / h)
        edge = _edge_ratio(mask)
    else:
        bbox, centroid, edge = (0.0, 0.0, 1.0, 1.0), (0.5, 0.5), 1.0
    r, g, b = (int(v) for v in np.clip(np.round(cl.rgb[c]), 0, 255))
    return FoundColor(rgb=(r, g, b), share=share, importance=importance,
                      bbox=tuple(float(np.clip(v, 0.0, 1.0)) for v in bbox),  # type: ignore[arg-type]
                      centroid=(float(centroid[0]), float(centroid[1])), edge_ratio=edge)


def _edge_ratio(mask: np.ndarray) -> float:
    """Share of the mask's pixels with a 4-neighbour outside it."""
    inner = mask.copy()
    inner[1:, :] &= mask[:-1, :]
    inner[:-1, :] &= mask[1:, :]
    inner[:, 1:] &= mask[:, :-1]
    inner[:, :-1] &= mask[:, 1:]
    n = int(mask.sum())
    return 0.0 if n == 0 else float((n - int(inner.sum())) / n)
