"""Stage 1: pixels → occupied colour bins → leader clusters, plus the per-pixel label image.

Pixels are binned at 6 bits per channel (an sRGB step of 4, about ΔE2000 1.5): fine enough that two
colours chosen on purpose never share a bin, coarse enough that photos fit in a few thousand bins.
Bins are then grouped by greedy leader clustering in OKLab, heaviest bin first, so a flat colour's
exact value leads its own cluster and absorbs its compression noise.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from shared.extraction.palette.clusters import NOISE_DE, SURFACE_DE
from shared.extraction.palette.colorspace import ciede2000, srgb_to_lab, srgb_to_oklab

BITS = 6
SHIFT = 8 - BITS
NBINS = 1 << (3 * BITS)
LOW = (1 << SHIFT) - 1
QMAX = (1 << BITS) - 1
# OKLab radius of a leader cluster: about ΔE2000 2 (compression noise), below deliberate near-duplicates.
# ΔE2000 discounts chroma differences as chroma grows, OKLab does not: two light greys ΔE2000 3.3 apart
# are only 0.0155 apart in OKLab, JPEG chroma noise on a saturated red about 0.015. So the radius is
# LEADER_RADIUS for a grey, growing by LEADER_RADIUS_PER_CHROMA × chroma up to LEADER_CHROMA_CAP (0.016
# for saturated colours, the radius used for all before). Smaller for greys splits JPEG chroma bleed
# around saturated shapes into colours of their own (tests/unit/test_pixel_extractor.py).
LEADER_RADIUS = 0.014
LEADER_RADIUS_PER_CHROMA = 0.01
LEADER_CHROMA_CAP = 0.2
MAX_LEADERS = 384
# Radius of a cluster's "core" around its mode (about ΔE2000 1): flat colours keep nearly all pixels in it.
CORE_RADIUS = 0.009
# Bins lighter than this share of the pixels never lead a cluster; they join the nearest leader.
MIN_LEADER_SHARE = 0.0002
# A solid colour: one exact value (spread at most SOLID_SPREAD: within about one sRGB level) over at
# least SOLID_SHARE of the pixels, i.e. a painted surface. Compression noise and ramps are never both
# that heavy and that tight, so two solid colours inside one leader radius (white and a #fffafb panel,
# ΔE2000 2.7) are two design colours: neither joins the other's cluster. Closer than NOISE_DE (ΔE2000
# 2) they share it as before — the exact strips that downscaling leaves along an edge (ΔE ~1 from the
# fill) must not reshape the clusters around them — unless both are surfaces (below).
# At least one 8×8 block too: in a small image a few exact pixels (a glyph core, an icon) pass the
# share without being a surface.
SOLID_SHARE = 0.005
SOLID_MIN_PIXELS = 64
SOLID_SPREAD = 0.1
# A surface: a solid colour painted over an area, not along a line. Its interior pixels (all four
# neighbours in its own bin) are at least SURFACE_INTERIOR of its pixels (and one 8×8 block): a card
# or a page is nearly all interior (≥ 88 % on the web splits' tuning halves), the exact strips a 50 %
# downscale leaves along an edge (1 px wide) have none (≤ 2 %). Two surfaces stay apart from
# SURFACE_DE (clusters.py says how it was chosen) instead of NOISE_DE: a white card on a grey-50 page
# (ΔE 1.0–1.9) is two colours. Counted only for the solid bins of a pair under NOISE_DE (rare); the
# compiled core stops counting once the need is met, so a low share also keeps the pass short.
SURFACE_INTERIOR = 0.1


@dataclass
class Bins:
    keys: np.ndarray  # (B,) bin key of each occupied bin
    n: np.ndarray  # (B,) pixel count
    mass: np.ndarray  # (B,) pixel count plus the area credited by blend pixels
    rgb_sum: np.ndarray  # (B, 3) float64 sum of the pixels' sRGB values
    oklab: np.ndarray  # (B, 3) OKLab of the bin's mean colour
    spread: np.ndarray  # (B,) mean squared sRGB distance of the bin's pixels to its mean (0 = one exact colour)
    pixel_bin: np.ndarray  # (H*W,) int32 bin index of each used pixel, B for unused ones
    width: int  # the image's width (pixel_bin's rows)


@dataclass
class Leaders:
    bin_label: np.ndarray  # (B,) cluster index of each bin
    lead_bin: np.ndarray  # (K,) the bin each cluster grew from (its mode)
    core: np.ndarray  # (K,) pixels within CORE_RADIUS of the mode
    core_rgb: np.ndarray  # (K, 3) mean sRGB of those pixels: the colour itself, without its ramps
    apart: np.ndarray | None = None  # (P, 2) cluster pairs of two surfaces under NOISE_DE: never merged


def pixel_keys(rgb: np.ndarray) -> np.ndarray:
    q = (rgb >> SHIFT).astype(np.int32)
    return (q[..., 0] << (2 * BITS)) | (q[..., 1] << BITS) | q[..., 2]


def build_bins(rgb: np.ndarray, keys: np.ndarray, use: np.ndarray,
               credits: tuple[np.ndarray, np.ndarray] | None = None) -> Bins:
    """Bins of the pixels in `use`; `credits` = (colours, weights) of extra area (blend ends)."""
    # Unused pixels go to a dummy bin (NBINS) instead of being gathered out: cheaper on full arrays.
    flat_keys = np.where(use, keys, NBINS).ravel()
    # Occupied bins from a bool table (an eighth of the memory of an int64 count table); the
    # counts themselves come from the (bin, low bits) histogram below.
    seen = np.zeros(NBINS + 1, dtype=bool)
    seen[flat_keys] = True
    occupied = np.flatnonzero(seen[:NBINS])
    size = occupied.size
    lut = np.full(NBINS + 1, size, dtype=np.int32)
    lut[occupied] = np.arange(size, dtype=np.int32)
    pixel_bin = np.take(lut, flat_keys)  # np.take: cheaper than lut[flat_keys] here
    # Per-bin channel sums and squares without float-weighted passes over every pixel: per channel,
    # count the pixels of each (bin, low 2 bits) pair; the sums follow exactly from those counts
    # (integers far below 2**53, so float64 holds them exactly, as the per-pixel sums would be).
    # One (B + 1) x 4 table and (B,) vectors at a time: memory stays bounded on pure noise too.
    quad = pixel_bin << SHIFT
    sums = np.empty((size, 3))
    squares = np.zeros(size)
    n = np.zeros(size, dtype=np.int64)  # set from the first channel's table
    for c, shift in enumerate((2 * BITS, BITS, 0)):
        per_low = np.bincount(quad | (rgb[..., c].ravel() & LOW),
                              minlength=(size + 1) << SHIFT)[:size << SHIFT].reshape(size, 1 << SHIFT)
        cols = [per_low[:, v] for v in range(1 << SHIFT)]  # column adds: no slow 4-wide reduction
        if c == 0:
            n = sum(cols[1:], cols[0])
        low_sum = sum(v * col for v, col in enumerate(cols)).astype(np.float64)
        low_sq = sum(v * v * col for v, col in enumerate(cols)).astype(np.float64)
        base = (((occupied >> shift) & QMAX) << SHIFT).astype(np.float64)  # lowest value of each bin
        sums[:, c] = n * base + low_sum
        squares += n * base * base + 2 * base * low_sum + low_sq
    mean = sums / n[:, None]
    spread = np.maximum(squares / n - (mean * mean).sum(axis=1), 0.0)
    mass = n.astype(np.float64)
    if credits is not None and credits[1].size:
        # Credits to an unoccupied bin fall into the dummy slot `size` and are dropped.
        mass += np.bincount(lut[pixel_keys(credits[0])], weights=credits[1], minlength=size + 1)[:size]
    return Bins(keys=occupied, n=n, mass=mass, rgb_sum=sums, oklab=srgb_to_oklab(mean), spread=spread,
                pixel_bin=pixel_bin, width=int(rgb.shape[1]))


def interior_pixels(bins: Bins, b: int) -> int:
    """Pixels of bin b whose four neighbours are in bin b too (the image's border rows and columns
    never count: a neighbour is missing there; an image under 3 pixels wide or high has none)."""
    m = (bins.pixel_bin == b).reshape(-1, bins.width)
    inner = m[1:-1, 1:-1] & m[:-2, 1:-1]
    inner &= m[2:, 1:-1]
    inner &= m[1:-1, :-2]
    inner &= m[1:-1, 2:]
    return int(np.count_nonzero(inner))


def is_surface(bins: Bins, b: int, cache: dict[int, bool]) -> bool:
    """Solid bin b is a painted surface: enough interior pixels (SURFACE_INTERIOR), computed once."""
    if b not in cache:
        cache[b] = interior_pixels(bins, b) >= max(SOLID_MIN_PIXELS, SURFACE_INTERIOR * float(bins.n[b]))
    return cache[b]


def surface_pairs(bins: Bins, solid: np.ndarray, mean: np.ndarray) -> list[tuple[int, int]]:
    """Pairs of solid bins from SURFACE_DE to under NOISE_DE apart that are both surfaces (interior
    evidence): two design colours (a white card on a grey-50 page), never one cluster or colour."""
    idx = np.flatnonzero(solid)
    if idx.size < 2:
        return []
    lab = srgb_to_lab(mean[idx])
    i, j = np.triu_indices(idx.size, 1)
    de = ciede2000(lab[i], lab[j])
    close = (de >= SURFACE_DE) & (de < NOISE_DE)
    cache: dict[int, bool] = {}
    return [(int(idx[x]), int(idx[y])) for x, y in zip(i[close], j[close])
            if is_surface(bins, int(idx[x]), cache) and is_surface(bins, int(idx[y]), cache)]


def leader_clusters(bins: Bins) -> Leaders:
    total = float(bins.n.sum())
    # Exact colours lead before diffuse ones of similar weight: a thin text colour (hundreds of identical
    # pixels) must not be swallowed by a heavier bin of photo noise that happens to lie next to it.
    # A bin spanning its full 4-unit cube uniformly has spread ≈ 4; an exact colour 0.
    order = np.lexsort((bins.keys, -bins.n / (1.0 + bins.spread)))  # ties by key: deterministic
    label = np.full(len(bins.n), -1, dtype=np.int64)
    # Only bins heavy enough to lead take part in the greedy rounds; the light tail (most bins of a
    # photo) joins the nearest leader afterwards in one vectorised step.
    heavy = order[bins.n[order] >= max(2.0, MIN_LEADER_SHARE * total)]  # keeps the exact-first order
    remaining = heavy if heavy.size else order[:1]
    ok = bins.oklab
    solid = (bins.n >= max(SOLID_MIN_PIXELS, SOLID_SHARE * total)) & (bins.spread <= SOLID_SPREAD)
    mean = bins.rgb_sum / bins.n[:, None]  # occupied bins: n ≥ 1
    apart_bins = surface_pairs(bins, solid, mean)
    apart_of: dict[int, list[int]] = {}
    for a, b in apart_bins:
        apart_of.setdefault(a, []).append(b)
        apart_of.setdefault(b, []).append(a)
    leads: list[int] = []
    while remaining.size and len(leads) < MAX_LEADERS:
        lead = remaining[0]
        a, b = float(ok[lead, 1]), float(ok[lead, 2])
        r = LEADER_RADIUS + LEADER_RADIUS_PER_CHROMA * min(math.sqrt(a * a + b * b), LEADER_CHROMA_CAP)
        r2 = r * r  # the same double operations as the compiled core
        diff = ok[remaining] - ok[lead]
        near = np.einsum("ij,ij->i", diff, diff) <= r2
        if solid[lead]:
            apart = np.flatnonzero(near & solid[remaining])  # the leader itself is ΔE 0 from itself
            if apart.size:
                lab = srgb_to_lab(mean[np.append(remaining[apart], lead)])
                near[apart[ciede2000(lab[-1][None, :], lab[:-1]) >= NOISE_DE]] = False
            if int(lead) in apart_of:
                near[np.isin(remaining, apart_of[int(lead)])] = False
        near[0] = True
        label[remaining[near]] = len(leads)
        leads.append(int(lead))
        remaining = remaining[~near]
    lead_bin = np.array(leads, dtype=np.int64)
    rest = np.flatnonzero(label < 0)
    if rest.size:
        lead_ok = ok[lead_bin]
        for start in range(0, rest.size, 4096):
            chunk = ok[rest[start:start + 4096]]
            # Per component on 2-D arrays: a reduction over a length-3 axis is slow in numpy; the
            # sum is taken in the same order, so distances (and ties) are unchanged.
            d2 = (chunk[:, None, 0] - lead_ok[None, :, 0]) ** 2
            d2 += (chunk[:, None, 1] - lead_ok[None, :, 1]) ** 2
            d2 += (chunk[:, None, 2] - lead_ok[None, :, 2]) ** 2
            label[rest[start:start + 4096]] = d2.argmin(axis=1)
    off = bins.oklab - bins.oklab[lead_bin[label]]
    off *= off
    near_mode = np.sqrt(off[:, 0] + off[:, 1] + off[:, 2]) <= CORE_RADIUS  # = the norm, without a slow 3-wide reduction
    k = len(lead_bin)
    core = np.bincount(label, weights=bins.n * near_mode, minlength=k)
    core_sum = np.stack([np.bincount(label, weights=bins.rgb_sum[:, c] * near_mode, minlength=k)
                         for c in range(3)], axis=1)
    # A pair is a pair of clusters: the second surface may have joined another leader's cluster.
    pairs = np.array([(label[a], label[b]) for a, b in apart_bins], dtype=np.int64).reshape(-1, 2)
    return Leaders(bin_label=label, lead_bin=lead_bin, core=core, core_rgb=core_sum / np.maximum(core, 1)[:, None],
                   apart=pairs[pairs[:, 0] != pairs[:, 1]])


def label_image(keys: np.ndarray, bins: Bins, bin_label: np.ndarray, valid: np.ndarray | None,
                void: int) -> np.ndarray:
    """Per-pixel cluster index; transparent pixels get `void`."""
    lut = np.full(NBINS, void, dtype=np.int32)
    lut[bins.keys] = bin_label
    labels = lut[keys]
    if valid is not None:
        labels[~valid] = void
    return labels
