"""The pixel palette pipeline: blend pixels credited to their ends → bins → leader clusters → blends
folded, noise merged, halos absorbed, continua collapsed → ranked by importance → at most
`max_colors` colours with area share and region → imagery regions (photos, gradients, flat
illustrations) reduced to their dominant colour each, marked `imagery` (palette/imagery.py).
Deterministic: no randomness, ties broken by index.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from shared.extraction.palette.adjacency import adjacency
from shared.extraction.palette.blends import detect_blends
from shared.extraction.palette.clusters import (CONTINUUM_DE, NOISE_DE, Clusters, absorb_satellites,
                                                agglomerate, apart_matrix, continuum_groups, fold_blends)
from shared.extraction.palette.colorspace import srgb_to_oklab
from shared.extraction.palette.imagery import classify
from shared.extraction.palette.histogram import build_bins, leader_clusters, pixel_keys


def compiled_builds() -> list:
    """The compiled builds of the core this machine may run (built by setup.py: pip install -e . /
    the deploy's stage step), baseline first, then its x86-64-v3 build (AVX2, BMI, POPCNT: ~7 %
    faster) where this CPU runs it and it was built from the same source. Empty where none was built
    (no C compiler, another platform): numpy then, same results, ~4× slower."""
    from shared import logs
    try:
        from shared.extraction.palette import _core as baseline
    except ImportError as exc:
        logs.warning(logs.get("copythat.extraction"), "compiled palette core unavailable: numpy pipeline in use",
                     reason=str(exc)[:200])
        return []
    if not baseline.cpu_has_x86_64_v3():
        return [baseline]
    try:
        from shared.extraction.palette import _core_v3
    except ImportError:
        return [baseline]  # built without it (another compiler or platform)
    source = getattr(baseline, "source_sha256", None)
    if source is not None and getattr(_core_v3, "source_sha256", None) == source:
        return [baseline, _core_v3]
    # Its optional rebuild failed after _core.c changed: that file is from an older source.
    logs.warning(logs.get("copythat.extraction"), "x86-64-v3 palette core is from another source: "
                 "baseline build in use", baseline=str(source)[:12],
                 v3=str(getattr(_core_v3, "source_sha256", None))[:12])
    return [baseline]


def _compiled_core():
    """The build to run: the fastest of compiled_builds(), None for the numpy pipeline."""
    builds = compiled_builds()
    return builds[-1] if builds else None


_core = _compiled_core()

# Colours below this share are speckle, not design (a 14 px text colour covers far more than 0.05 %).
MIN_SHARE = 0.0005
# Chroma (OKLab) at which the saliency boost saturates (×(1 + CHROMA_BOOST) for saturated colours).
CHROMA_FULL = 0.12
CHROMA_BOOST = 3.0
# Importance grows with share^SHARE_EXPONENT: sub-linear, so a 2 % brand button can outrank a 25 %
# off-white band once its saturation is counted.
SHARE_EXPONENT = 0.4
# Gradient / shading representatives rank below flat colours of the same area.
CONTINUUM_WEIGHT = 0.5
# Diffuse clusters (photo shading, gradient steps, leftover ramps) rank below flat colours of similar area.
PURITY_FLOOR = 0.15


@dataclass(frozen=True)
class FoundColor:
    rgb: tuple[int, int, int]
    share: float
    importance: float
    bbox: tuple[float, float, float, float]  # x0, y0, x1, y1 in image fractions
    centroid: tuple[float, float]
    edge_ratio: float
    imagery: bool = False  # the dominant colour of a photo, gradient or illustration, not a design colour


def find_colors(rgb: np.ndarray, alpha: np.ndarray | None, max_colors: int) -> list[FoundColor]:
    """The palette of an (H, W, 3) uint8 sRGB image; `alpha` (H, W) marks the pixels that count
    (≥ 128). Runs the compiled pipeline when it was built, else the numpy one: same results. Each
    imagery region (photo, gradient, flat illustration) then keeps only its dominant colour, marked
    `imagery`; the budget is not refilled: fewer colours are reported when the design has fewer."""
    found = (find_colors_numpy if _core is None else find_colors_compiled)(rgb, alpha, max_colors)
    return without_imagery(rgb, alpha, found)


def without_imagery(rgb: np.ndarray, alpha: np.ndarray | None, found: list[FoundColor]) -> list[FoundColor]:
    """`found` with each imagery region's secondary colours dropped and its dominant one marked."""
    if len(found) < 2:
        return found
    keep, imagery = classify(rgb, _valid(alpha), [f.rgb for f in found], core=_core)
    return [replace(f, imagery=True) if im else f for f, k, im in zip(found, keep, imagery) if k]


def _valid(alpha: np.ndarray | None) -> np.ndarray | None:
    valid = None if alpha is None else alpha >= 128
    if valid is not None and not valid.any():
        valid = None  # fully transparent: analyse the composite rather than nothing
    return valid


def find_colors_compiled(rgb: np.ndarray, alpha: np.ndarray | None, max_colors: int) -> list[FoundColor]:
    """The same pipeline in C (shared/extraction/palette/_core.c): one pass per stage over the
    pixels and plain loops over the clusters, where numpy pays a call per small array."""
    if max_colors <= 0 or rgb.size == 0:
        return []
    if _core is None:
        raise RuntimeError("the compiled palette core was not built (pip install -e . builds it)")
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    valid = _valid(alpha)
    mask = None if valid is None else np.ascontiguousarray(valid).view(np.uint8)
    h, w = rgb.shape[:2]
    return [FoundColor(rgb=(r, g, b), share=share, importance=importance, bbox=(x0, y0, x1, y1),
                       centroid=(cx, cy), edge_ratio=edge_ratio)
            for r, g, b, share, importance, x0, y0, x1, y1, cx, cy, edge_ratio
            in _core.find_colors(rgb, h, w, mask, max_colors)]


def find_colors_numpy(rgb: np.ndarray, alpha: np.ndarray | None, max_colors: int) -> list[FoundColor]:
    """The reference pipeline in numpy: the fallback where no C compiler built the core, and the
    specification the compiled one is tested against."""
    if max_colors <= 0 or rgb.size == 0:
        return []
    valid = _valid(alpha)
    cl, labels, apart = _clusters(rgb, valid)
    fold_blends(cl)
    # Two surfaces under NOISE_DE that the leader clusters kept apart (a white card on a grey-50
    # page) stay apart in every merge below.
    agglomerate(cl, NOISE_DE, allowed=apart_matrix(cl, apart))
    absorb_satellites(cl, apart_matrix(cl, apart))
    groups, flat = continuum_groups(cl)
    keep = apart_matrix(cl, apart)
    agglomerate(cl, CONTINUUM_DE, allowed=groups if keep is None else groups & keep, flat=flat)

    total = float(rgb.shape[0] * rgb.shape[1] if valid is None else valid.sum())
    alive, share, importance = _ranked(cl, total)
    order = np.lexsort((alive, -importance))[:max_colors]
    chosen = alive[order]
    regions = _regions(_final_labels(labels, cl.owner, len(cl.mass)), chosen)
    out = []
    for i, c in zip(order, chosen):
        # A flat colour is reported as its core (mode neighbourhood); a gradient representative or a
        # colour that only exists on edges (thin text) as its mean.
        color = cl.rgb[c] if cl.continuum[c] or cl.edge[c] > 0.9 * cl.pixels[c] else cl.core_rgb[c]
        r, g, b = (int(v) for v in np.clip(np.round(color), 0, 255))
        out.append(FoundColor(rgb=(r, g, b), share=float(share[i]), importance=float(importance[i]),
                              **regions[int(c)]))
    return out


def _clusters(rgb: np.ndarray, valid: np.ndarray | None) -> tuple[Clusters, np.ndarray, np.ndarray | None]:
    """Blend pixels out (their area credited to their ends), bins, leader clusters, adjacency; and the
    cluster pairs of two surfaces kept apart under NOISE_DE."""
    blends = detect_blends(rgb, valid)
    use = ~blends.mask if valid is None else valid & ~blends.mask
    if not use.any():
        use = np.ones(rgb.shape[:2], dtype=bool) if valid is None else valid
    keys = pixel_keys(rgb)
    credits = (np.concatenate([blends.end_a, blends.end_b]), np.concatenate([1.0 - blends.t, blends.t]))
    bins = build_bins(rgb, keys, use, credits)
    leaders = leader_clusters(bins)
    k = len(leaders.lead_bin)
    # Per-pixel cluster index (as label_image(keys, bins, leaders.bin_label, use, void=k) would give):
    # build_bins already mapped every pixel to its bin, and the unused ones (blends, transparency) to
    # the dummy bin B, which becomes the void label k. One gather instead of a 2**18 lookup table.
    labels = np.take(np.append(leaders.bin_label, k).astype(np.int32), bins.pixel_bin).reshape(use.shape)
    adj = adjacency(labels, rgb, k + 1)
    pixels = np.bincount(leaders.bin_label, weights=bins.n, minlength=k)
    mass = np.bincount(leaders.bin_label, weights=bins.mass, minlength=k)
    rgb_sum = np.stack([np.bincount(leaders.bin_label, weights=bins.rgb_sum[:, c], minlength=k)
                        for c in range(3)], axis=1)
    cl = Clusters(mass=mass, pixels=pixels.copy(), rgb=rgb_sum / pixels[:, None],
                  edge=adj.edge_pixels[:k].astype(np.float64), core=leaders.core.copy(),
                  core_rgb=leaders.core_rgb.copy(), owner=np.arange(k), continuum=np.zeros(k, dtype=bool),
                  adj=adj)
    return cl, labels, leaders.apart


def _ranked(cl: Clusters, total: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Alive clusters above MIN_SHARE with their share and importance (area, saturation, flatness)."""
    alive = np.flatnonzero(cl.alive)
    share = cl.mass[alive] / total
    chroma = np.hypot(*srgb_to_oklab(cl.rgb[alive])[:, 1:].T)
    importance = (share**SHARE_EXPONENT * (1.0 + CHROMA_BOOST * np.minimum(chroma / CHROMA_FULL, 1.0))
                  * np.where(cl.continuum[alive], CONTINUUM_WEIGHT, 1.0)
                  * (PURITY_FLOOR + (1.0 - PURITY_FLOOR) * cl.purity[alive]))
    keep = share >= MIN_SHARE
    if not keep.any():
        keep = share == share.max()
    return alive[keep], share[keep], importance[keep]


def _final_labels(labels: np.ndarray, owner: np.ndarray, void: int) -> np.ndarray:
    lut = np.append(np.where(owner >= 0, owner, void), void).astype(np.int32)
    return np.take(lut, labels)


def _regions(final: np.ndarray, chosen: np.ndarray) -> dict[int, dict]:
    """Bounding box, centroid and edge ratio of each chosen label, with a few bincounts over the image.

    Only the chosen labels (at most max_colors) get row/column histograms: every other label is
    mapped to one spare slot first, so the tables stay small and the index arithmetic is int32."""
    h, w = final.shape
    n = len(chosen)
    size = max(int(final.max()) + 1, int(chosen.max(initial=0)) + 1)
    slot_of = np.full(size, n, dtype=np.int32)
    slot_of[chosen] = np.arange(n, dtype=np.int32)
    slot = np.take(slot_of, final)  # (H, W): 0..n-1 for chosen labels, n for the rest
    flat = slot.ravel()
    rows = np.bincount((slot * h + np.arange(h, dtype=np.int32)[:, None]).ravel(),
                       minlength=(n + 1) * h).reshape(n + 1, h)
    count = rows.sum(axis=1).astype(np.float64)  # pixels per slot, without another pass
    cols = np.bincount((slot * w + np.arange(w, dtype=np.int32)[None, :]).ravel(),
                       minlength=(n + 1) * w).reshape(n + 1, w)
    cx = cols @ np.arange(w) / np.maximum(count, 1)
    cy = rows @ np.arange(h) / np.maximum(count, 1)
    # Edges are label boundaries of the final labels (not of the slots: two unchosen labels differ).
    edge = np.zeros((h, w), dtype=bool)
    hd = final[:, 1:] != final[:, :-1]
    vd = final[1:, :] != final[:-1, :]
    edge[:, 1:] |= hd
    edge[:, :-1] |= hd
    edge[1:, :] |= vd
    edge[:-1, :] |= vd
    edges = np.bincount(flat[edge.ravel()], minlength=n + 1)
    out = {}
    for s, c in enumerate(chosen):
        c = int(c)
        if count[s] == 0:
            out[c] = dict(bbox=(0.0, 0.0, 1.0, 1.0), centroid=(0.5, 0.5), edge_ratio=1.0)
            continue
        r_idx, c_idx = np.flatnonzero(rows[s]), np.flatnonzero(cols[s])
        out[c] = dict(bbox=(float(c_idx[0] / w), float(r_idx[0] / h), float((c_idx[-1] + 1) / w),
                            float((r_idx[-1] + 1) / h)),
                      centroid=(float((cx[s] + 0.5) / w), float((cy[s] + 0.5) / h)),
                      edge_ratio=float(edges[s] / count[s]))
    return out
