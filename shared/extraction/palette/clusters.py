"""Stage 2: from leader clusters to design colours.

Four rules, applied in order, each on cluster statistics (hundreds of rows, never pixels):
1. fold blends: a cluster that lives on edges, lies on the sRGB segment between two heavier clusters
   and touches both (or one, when it sits among detected blend pixels) is anti-aliasing or a JPEG
   ramp, so its mass is split between the two ends;
2. merge noise: clusters closer than ΔE2000 `NOISE_DE` are one colour, but two surfaces the leader
   clusters kept apart (`SURFACE_DE` to `NOISE_DE`: a white card on a grey-50 page) never merge, here
   or in rules 3 and 4;
3. absorb satellites: a diffuse, edge-living cluster interleaved with a similar heavier colour is that
   colour's halo or noise (JPEG ringing, chroma bleed, sensor noise);
4. collapse continua: clusters whose shared boundary is soft (pixel steps much smaller than the
   difference of their colours) are steps of one gradient or shaded surface; their diffuse members are
   agglomerated down to representatives at least `CONTINUUM_DE` apart.
Flat colours (tight around their mode, bounded by sharp edges) are never merged by rules 3 and 4,
which keeps deliberate near-duplicates (ΔE 3–8, each with its own region) and subtle borders apart.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shared.extraction.palette.adjacency import Adjacency
from shared.extraction.palette.colorspace import ciede2000, srgb_to_lab, srgb_to_oklab

# Under this ΔE2000 two clusters are one colour plus compression noise.
NOISE_DE = 2.0
# ... unless both are surfaces (histogram.py: one exact value over an area with interior pixels):
# those are two colours from SURFACE_DE (a white card on a grey-50 page: ΔE 1.00 for Tailwind's
# neutral-50, 1.20 gray-50, 1.38 Bootstrap's light, 1.62 slate-50, 1.91 Primer's #f6f8fa). Chosen
# from the pixels' noise, on the tuning halves of both web splits (120 images): JPEG leaves no solid
# pair at all (its flat areas are never 9 pixels in 10 on one value); the solid pairs under ΔE 2 that
# are not two design colours are downscaling's edge strips (no interior: ≤ 2 % of their pixels) and
# one surface painted one level off (#101726 beside #111827, ΔE 0.31, interior 76 %). 0.9 keeps
# neutral-50 with a margin and stays three times that noise away.
SURFACE_DE = 0.9
# Gradient / shading representatives end up at least this far apart (ΔE2000).
CONTINUUM_DE = 12.0
# A boundary is soft when its mean pixel step is below this fraction of the two colours' distance.
SOFT_BOUNDARY = 0.3
# Flat: at least this share of a cluster's pixels sit within CORE_RADIUS of its mode.
FLAT_PURITY = 0.85
# Blends: share of a cluster's pixels on label boundaries, position range on the segment between the
# ends, how many heavier neighbours are tried, the least contact that counts as touching an end, and
# the share of contacts with detected blend pixels that marks a leftover ramp.
BLEND_MIN_EDGE_RATIO = 0.5
BLEND_T = (0.02, 0.98)
BLEND_CANDIDATES = 24
BLEND_MIN_TOUCH = 0.01
RAMP_VOID_SHARE = 0.2
# A flat cluster (purity ≥ FLAT_PURITY) with interior pixels (under this share on edges) is a colour
# of its own, not a blend: heading ink ΔE 3 from body ink lies "between" the body ink and the page.
BLEND_SOLID_EDGE_RATIO = 0.9
# Satellites: how close to the host, how edge-bound, how diffuse, and how much contact with the host.
SATELLITE_DE = 10.0
SATELLITE_EDGE_RATIO = 0.4
SATELLITE_MAX_PURITY = 0.6
SATELLITE_MIN_TOUCH = 0.1


@dataclass
class Clusters:
    mass: np.ndarray  # (K,) pixels, plus blend mass folded in
    pixels: np.ndarray  # (K,) own pixels (after merges)
    rgb: np.ndarray  # (K, 3) mean sRGB
    edge: np.ndarray  # (K,) own pixels on a label boundary
    core: np.ndarray  # (K,) pixels within CORE_RADIUS of the cluster's mode: flat colours are all core
    core_rgb: np.ndarray  # (K, 3) mean of the core: the reported colour of a flat cluster
    owner: np.ndarray  # (K,) final cluster of each leader cluster; -1 = folded blend
    continuum: np.ndarray  # (K,) bool: representative of a gradient / shaded surface
    adj: Adjacency  # matrices are (K+1)² (last row: transparent), kept in sync with merges

    @property
    def purity(self) -> np.ndarray:
        return self.core / np.maximum(self.pixels, 1)

    @property
    def alive(self) -> np.ndarray:
        return self.owner == np.arange(len(self.owner))

    def absorb(self, dst: int, src: int) -> None:
        total = self.pixels[dst] + self.pixels[src]
        if total > 0:
            self.rgb[dst] = (self.rgb[dst] * self.pixels[dst] + self.rgb[src] * self.pixels[src]) / total
        self.mass[dst] += self.mass[src]
        self.pixels[dst] = total
        self.edge[dst] += self.edge[src]
        if self.core[src] > self.core[dst]:  # the dominant core names the colour
            self.core_rgb[dst] = self.core_rgb[src]
        self.core[dst] = max(self.core[dst], self.core[src])  # a merged gradient is no flatter than its steps
        self.owner[self.owner == src] = dst
        for m in (self.adj.touch, self.adj.contacts, self.adj.step_sum):
            m[dst, :] += m[src, :]
            m[:, dst] += m[:, src]
            m[src, :] = 0
            m[:, src] = 0
            m[dst, dst] = 0
        self.mass[src] = 0
        self.pixels[src] = 0


_TRIU: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _triu(n: int) -> tuple[np.ndarray, np.ndarray]:
    """np.triu_indices(n, 1), cached (it is slow for the tiny sizes used here)."""
    if n not in _TRIU:
        _TRIU[n] = np.triu_indices(n, 1)
    return _TRIU[n]


def fold_blends(cl: Clusters) -> None:
    k = len(cl.mass)
    order = np.lexsort((np.arange(k), cl.mass))  # lightest first: blends fold before their ends do
    # Only clusters living on edges can be blends; the others are skipped without a per-item test.
    order = order[(cl.edge[order] >= BLEND_MIN_EDGE_RATIO * cl.pixels[order]) & (cl.pixels[order] != 0)
                  & ~((cl.core[order] >= FLAT_PURITY * cl.pixels[order])
                      & (cl.edge[order] < BLEND_SOLID_EDGE_RATIO * cl.pixels[order]))]
    if order.size == 0:
        return
    alive = cl.alive
    comp = [np.ascontiguousarray(cl.rgb[:, ch]) for ch in range(3)]  # rgb is not changed here
    # Contacts do not change while folding: which clusters each one touches, once for all rows.
    touch_all = cl.adj.touch[order]
    touch_k = touch_all[:, :k]
    touched_all = touch_k >= np.maximum(2.0, BLEND_MIN_TOUCH * touch_k.sum(axis=1))[:, None]
    # Both ends must carry a real part of c's boundary, not a stray contact. A leftover ramp that
    # sits among detected blend pixels (void) may reach its far end through them: one touched
    # end is enough there. A 1 px border touches only its own sides, so it is never folded.
    among_all = touch_all[:, k] >= RAMP_VOID_SHARE * touch_all.sum(axis=1)
    reach_all = touched_all | among_all[:, None]
    for row, c in enumerate(order):
        if not alive[c]:
            continue
        touch, touched, among_ramps = touch_k[row], touched_all[row], among_all[row]
        cand = np.flatnonzero((cl.mass > cl.mass[c]) & alive & reach_all[row])
        if cand.size < 2:
            continue
        if cand.size > BLEND_CANDIDATES:
            cand = cand[np.lexsort((cand, -touch[cand], ~touched[cand]))[:BLEND_CANDIDATES]]
        i, j = _triu(cand.size)
        ci, cj = cand[i], cand[j]
        # Per component (same float operations and order as the (N, 3) form, without slow
        # reductions over a length-3 axis).
        a = [x[ci] for x in comp]
        ab = [x[cj] - ac for x, ac in zip(comp, a)]
        length2 = ab[0] ** 2 + ab[1] ** 2 + ab[2] ** 2
        t = ((comp[0][c] - a[0]) * ab[0] + (comp[1][c] - a[1]) * ab[1]
             + (comp[2][c] - a[2]) * ab[2]) / np.maximum(length2, 1e-9)
        perp2 = None
        for x, ac, abc in zip(comp, a, ab):
            off = x[c] - (ac + t * abc)
            off *= off
            perp2 = off if perp2 is None else perp2 + off
        perp = np.sqrt(perp2)
        length = np.sqrt(length2)
        ti, tj = touched[ci], touched[cj]
        ok = ((t > BLEND_T[0]) & (t < BLEND_T[1]) & (perp <= np.maximum(8.0, 0.12 * length))
              & (ti & tj | among_ramps & (ti | tj)))
        if not ok.any():
            continue
        best = np.flatnonzero(ok)[np.argmin((perp / np.maximum(length, 1e-9))[ok])]
        ea, eb, tb = int(ci[best]), int(cj[best]), float(t[best])
        cl.mass[ea] += cl.mass[c] * (1.0 - tb)
        cl.mass[eb] += cl.mass[c] * tb
        cl.mass[c] = 0
        cl.owner[cl.owner == c] = -1
        alive = cl.alive


def absorb_satellites(cl: Clusters, allowed: np.ndarray | None = None) -> None:
    """JPEG halos, sensor noise and leftover ramp pixels: a diffuse cluster living on edges that is
    interleaved with (touches) a heavier colour within SATELLITE_DE is that colour's noise. Flat
    colours are never satellites, so deliberate near-duplicates and subtle 1 px borders are kept;
    nor is a host that `allowed` (apart_matrix) keeps apart from it."""
    k = len(cl.mass)
    alive = np.flatnonzero(cl.alive)
    if alive.size < 2:
        return
    edge_ratio = cl.edge / np.maximum(cl.pixels, 1)
    candidates = alive[(edge_ratio[alive] >= SATELLITE_EDGE_RATIO) & (cl.purity[alive] < SATELLITE_MAX_PURITY)]
    for c in candidates[np.lexsort((candidates, cl.mass[candidates]))]:  # lightest first
        if cl.owner[c] != c:
            continue
        touch = cl.adj.touch[c, :k]
        host = (cl.alive & (cl.mass >= cl.mass[c])
                & (touch >= SATELLITE_MIN_TOUCH * max(touch.sum(), 1)))
        host[c] = False
        if allowed is not None:
            host &= allowed[c]
        hosts = np.flatnonzero(host)
        if hosts.size == 0:
            continue
        d = _de_row(cl.rgb, c, hosts, SATELLITE_DE)
        if d.min() < SATELLITE_DE:
            cl.absorb(int(hosts[np.argmin(d)]), int(c))


# ΔE2000 is only computed where OKLab says it could be below the threshold: over 800k random sRGB pairs
# with ΔE2000 < 20, OKLab distance / ΔE2000 never exceeded 0.081 (saturated colours, where ΔE2000
# compresses chroma), so 0.1 per unit skips only pairs that are surely too far.
_OKLAB_PREFILTER_PER_DE = 0.1


def _de_row(rgb: np.ndarray, c: int, others: np.ndarray, threshold: float = np.inf) -> np.ndarray:
    """ΔE2000 from cluster c to `others` (inf where the OKLab prefilter rules out < threshold)."""
    out = np.full(others.size, np.inf)
    if np.isfinite(threshold):
        ok = srgb_to_oklab(rgb[np.append(others, c)])
        near = np.linalg.norm(ok[:-1] - ok[-1], axis=1) <= _OKLAB_PREFILTER_PER_DE * threshold
    else:
        near = np.ones(others.size, dtype=bool)
    if near.any():
        lab = srgb_to_lab(rgb[np.append(others[near], c)])
        out[near] = ciede2000(lab[-1][None, :], lab[:-1])
    return out


def _de_matrix(rgb: np.ndarray, idx: np.ndarray, threshold: float) -> np.ndarray:
    """(K, K) ΔE2000 between the clusters in `idx` (inf elsewhere and where surely ≥ threshold)."""
    k = len(rgb)
    d = np.full((k, k), np.inf)
    if idx.size < 2:
        return d
    ok = srgb_to_oklab(rgb[idx])
    near = np.linalg.norm(ok[:, None, :] - ok[None, :, :], axis=2) <= _OKLAB_PREFILTER_PER_DE * threshold
    np.fill_diagonal(near, False)
    i, j = np.nonzero(np.triu(near))
    if i.size:
        lab = srgb_to_lab(rgb[idx])
        de = ciede2000(lab[i], lab[j])
        d[idx[i], idx[j]] = de
        d[idx[j], idx[i]] = de
    return d


def agglomerate(cl: Clusters, threshold: float, allowed: np.ndarray | None = None,
                flat: np.ndarray | None = None) -> None:
    """Merge the closest alive pair (ΔE2000) until none is below `threshold`; heavier one absorbs.

    `allowed` restricts merges to allowed pairs (one group's; never two surfaces: apart_matrix); a
    merged cluster may join only what both its parts could (for groups, the same row); `flat` marks
    colours that take no part at all.
    """
    k = len(cl.mass)
    flat = np.zeros(k, dtype=bool) if flat is None else flat
    active = cl.alive & ~flat
    d = _de_matrix(cl.rgb, np.flatnonzero(active), threshold)
    allowed = np.ones((k, k), dtype=bool) if allowed is None else allowed.copy()
    d[~allowed] = np.inf
    while True:
        flat_idx = int(np.argmin(d))
        x, y = divmod(flat_idx, k)
        if not np.isfinite(d[x, y]) or d[x, y] >= threshold:
            return
        dst, src = (x, y) if (cl.mass[x], -x) >= (cl.mass[y], -y) else (y, x)
        cl.absorb(dst, src)
        active[src] = False
        row_ok = allowed[dst] & allowed[src]
        allowed[dst, :] = row_ok
        allowed[:, dst] = row_ok
        d[src, :] = np.inf
        d[:, src] = np.inf
        row = np.full(k, np.inf)
        others = np.flatnonzero(active & row_ok)
        others = others[others != dst]
        if others.size:
            row[others] = _de_row(cl.rgb, dst, others, threshold)
        d[dst, :] = row
        d[:, dst] = row


def apart_matrix(cl: Clusters, apart: np.ndarray | None) -> np.ndarray | None:
    """(K, K) bool: pairs that may merge, False between the clusters that now hold the two sides of a
    surface pair kept apart (histogram.py); None when there are none (the common case)."""
    if apart is None or len(apart) == 0:
        return None
    k = len(cl.mass)
    apart = cl.owner[apart]
    apart = apart[(apart >= 0).all(axis=1)]  # a folded side (never a surface: it has an interior)
    allowed = np.ones((k, k), dtype=bool)
    allowed[apart[:, 0], apart[:, 1]] = False
    allowed[apart[:, 1], apart[:, 0]] = False
    return allowed


def continuum_groups(cl: Clusters) -> tuple[np.ndarray, np.ndarray]:
    """(K, K) bool: pairs connected by a chain of soft boundaries (union-find over qualifying pairs),
    and (K,) bool: which clusters are flat."""
    k = len(cl.mass)
    contacts = cl.adj.contacts[:k, :k]
    step = cl.adj.step_sum[:k, :k] / np.maximum(contacts, 1)
    dist = np.linalg.norm(cl.rgb[:, None, :] - cl.rgb[None, :, :], axis=2)
    alive = cl.alive
    soft = (contacts >= 4) & (step < SOFT_BOUNDARY * dist) & alive[:, None] & alive[None, :]
    # Flat colours (a gradient's endpoints painted as solid shapes, say) stay as they are: only the
    # diffuse steps between them are collapsed. Flat = tight around its mode and bounded mostly by
    # sharp edges; a gradient band can be tight (rows of one value) but its boundaries are soft.
    soft_share = (contacts * soft).sum(axis=1) / np.maximum(contacts.sum(axis=1), 1)
    flat = (cl.purity >= FLAT_PURITY) & (soft_share < 0.5)
    soft &= ~flat[:, None] & ~flat[None, :]
    parent = np.arange(k)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in zip(*np.nonzero(np.triu(soft, 1))):
        rx, ry = find(int(x)), find(int(y))
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    roots = np.array([find(i) for i in range(k)])
    sizes = np.bincount(roots, minlength=k)
    cl.continuum |= (sizes[roots] > 1) & ~flat
    return roots[:, None] == roots[None, :], flat
