"""Measured colors against the reference's color tokens: a verdict for each.

* `on`: ΔE2000 to the nearest token ≤ the tolerance; `near`: ≤ 2 × the tolerance; `off` beyond.
* A JPEG cannot keep a flat color exactly: each 8×8 block's mean is rounded to its DC quantization
  step, luma and chroma apart (the file's own tables say how far). There the distance to a token is
  to the nearest color the token could have been encoded as: its YCbCr box of ± half a step (and a
  level of rounding) per channel. And at edges a JPEG keeps only lightness (chroma is subsampled and
  quantized hardest there), so a color living only on edges (edge ratio ≥ `EDGE_ONLY`) is judged by
  its lightness. A lossless image is measured as it is.
* Not every measured color is a color someone chose. A color that lives mostly on edges
  (edge ratio ≥ `BLEND_EDGE`) and lies within the tolerance of the sRGB line between two colors —
  tokens or other measured colors — is a `blend`: anti-aliased text and shapes, and the overshoot of a
  resampled screenshot (Lanczos and bicubic filters ring a little past both ends, hence `BLEND_T`
  beyond 0–1, and each channel is clipped to 0–255 there); browsers and image tools mix in sRGB. In a
  JPEG luma and chroma mix apart. In a lossless image whose text is small in pixels (body text under
  `SMALL_TEXT_PX` image px: a downscaled screenshot), glyphs are all edge and a measured color
  averages the edges of several pairs: there a color on edges only (edge ratio ≥ `EDGE_ONLY`) may
  also mix three tokens or colors they explain (on a token, or a blend) — never an off one. Not at
  readable sizes, where an edge-only color is the text's own and a recoloured text must stay off.
* What is left on edges only with a sliver of area (< `NOISE_SHARE` of the image) is `noise`:
  ringing and chroma bleed around strong edges.
Neither blends nor noise are drift; they are listed so nothing measured is hidden. Flat colors (a
fill, a panel, a button: few of their pixels touch another color) are never explained away.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from shared.color.fast_delta_e import ciede2000, srgb255_to_lab_d65
from shared.domain.drift import ColorFinding
from shared.domain.models import PaletteColor
from shared.drift.reference import RefColor, Reference

BLEND_EDGE = 0.5
EDGE_ONLY = 0.9
BLEND_T = (-0.2, 1.2)
NOISE_SHARE = 0.002
THREE_COLOR_BLENDS = True  # off only to measure the rule (tests/benchmarks/drift_benchmark.py)
SMALL_TEXT_PX = 11.0  # body text below this many image px: stems under a pixel, every glyph pixel a mix
SCREEN_RGB = 40.0  # segments farther than this (sRGB units) from a color are not worth a ΔE2000
ORDER = {"off": 0, "near": 1, "on": 2, "blend": 3, "noise": 4}
# JFIF's full-range YCbCr (what JPEG files hold), as rows acting on sRGB 0–255.
_TO_YCC = np.array([[0.299, 0.587, 0.114], [-0.168736, -0.331264, 0.5], [0.5, -0.418688, -0.081312]])
_FROM_YCC = np.linalg.inv(_TO_YCC)
_CENTER = np.array([0.0, 128.0, 128.0])


def _rgb(hexes: Sequence[str]) -> np.ndarray:
    return np.array([[int(h[i:i + 2], 16) for i in (1, 3, 5)] for h in hexes], dtype=np.float64).reshape(-1, 3)


def _ycc(rgb: np.ndarray) -> np.ndarray:
    return rgb @ _TO_YCC.T + _CENTER


def _from_ycc(ycc: np.ndarray) -> np.ndarray:
    return np.clip((ycc - _CENTER) @ _FROM_YCC.T, 0, 255)


def _de(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return ciede2000(srgb255_to_lab_d65(a), srgb255_to_lab_d65(b))


def distance_verdict(delta_e: float, tolerance: float) -> str:
    if delta_e <= tolerance:
        return "on"
    return "near" if delta_e <= 2 * tolerance else "off"


def token_distances(x: np.ndarray, t: np.ndarray, jpeg_dc: tuple[int, int] | None = None,
                    lightness_only: np.ndarray | None = None) -> np.ndarray:
    """(N, R) ΔE2000 from each measured color to each token. For a JPEG, to the nearest color of the
    token's quantization box; rows in `lightness_only` keep the token's chroma (their own is the codec's)."""
    if jpeg_dc is None:
        return _de(x[:, None, :], t[None, :, :])
    half = np.array([jpeg_dc[0], jpeg_dc[1], jpeg_dc[1]]) / 16.0 + 0.5  # half a DC step + the YCbCr rounding
    tx = np.broadcast_to(_ycc(t)[None, :, :], (len(x), len(t), 3))
    xx = np.broadcast_to(_ycc(x)[:, None, :], tx.shape).copy()
    if lightness_only is not None:
        xx[lightness_only, :, 1:] = tx[lightness_only, :, 1:]
    seen = _from_ycc(xx)
    return _de(seen, _from_ycc(np.clip(xx, tx - half, tx + half)))


def blend_residuals(x: np.ndarray, anchors: np.ndarray, *, jpeg: bool = False,
                    lightness_only: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each color of `x` (N, 3 sRGB 0–255): ΔE2000 to the nearest blend of two `anchors` (M, 3) —
    a point of the sRGB segment between them (t within BLEND_T); in a JPEG also luma and chroma mixed
    apart, or with `lightness_only` luma alone — and that pair's indices (inf when none is close)."""
    m, n = len(anchors), len(x)
    inf = (np.full(n, np.inf), np.zeros(n, int), np.zeros(n, int))
    if m < 2 or n == 0:
        return inf
    ia, ib = np.triu_indices(m, 1)
    if jpeg or lightness_only:
        a, ab, xx = _ycc(anchors)[ia], _ycc(anchors)[ib] - _ycc(anchors)[ia], _ycc(x)
    else:
        a, ab, xx = anchors[ia], anchors[ib] - anchors[ia], x
    d = xx[:, None, :] - a[None]
    if lightness_only:
        s = d[..., 0] / np.where(np.abs(ab[..., 0]) < 1e-9, 1e-9, ab[..., 0])[None]
        point = a[None] + np.clip(s, *BLEND_T)[..., None] * ab[None]
        point[..., 1:] = xx[:, None, 1:]
    elif jpeg:
        s = d[..., 0] / np.where(np.abs(ab[..., 0]) < 1e-9, 1e-9, ab[..., 0])[None]
        c = (d[..., 1:] * ab[None, :, 1:]).sum(axis=2) / np.maximum((ab[:, 1:] ** 2).sum(axis=1), 1e-9)[None]
        point = a[None] + np.concatenate([np.clip(s, *BLEND_T)[..., None] * ab[None, :, :1],
                                          np.clip(c, *BLEND_T)[..., None] * ab[None, :, 1:]], axis=2)
    else:
        t = (d * ab[None]).sum(axis=2) / np.maximum((ab * ab).sum(axis=1), 1e-9)[None]
        point = a[None] + np.clip(t, *BLEND_T)[..., None] * ab[None]
    point = _from_ycc(point) if (jpeg or lightness_only) else np.clip(point, 0, 255)
    rows, cols = np.nonzero(np.linalg.norm(point - x[:, None, :], axis=2) <= SCREEN_RGB)
    if rows.size == 0:
        return inf
    de = np.full((n, len(ia)), np.inf)
    de[rows, cols] = _de(x[rows], point[rows, cols])
    if not (jpeg or lightness_only):
        de = np.minimum(de, _clipped_overshoot(x, anchors[ia], anchors[ib]))
    best = de.argmin(axis=1)
    return de[np.arange(n), best], ia[best], ib[best]


_T_SAMPLES = np.linspace(BLEND_T[0], BLEND_T[1], 141)


def _clipped_overshoot(x: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(N, P) ΔE2000 to the nearest point of each segment's path once its overshoot is clipped to
    0–255 per channel (a projection onto the straight line misses the bent path: ringing past black
    or white); only where that path leaves the cube."""
    out = np.full((len(x), len(a)), np.inf)
    path = a[:, None, :] + _T_SAMPLES[None, :, None] * (b - a)[:, None, :]  # (P, T, 3)
    bent = ((path < 0) | (path > 255)).any(axis=(1, 2))
    if not bent.any():
        return out
    path = np.clip(path[bent], 0, 255)
    for i in range(len(x)):
        near = np.linalg.norm(path - x[i], axis=2) <= SCREEN_RGB
        p, t = np.nonzero(near)
        if p.size:
            d = np.full(near.shape, np.inf)
            d[p, t] = _de(np.broadcast_to(x[i], (p.size, 3)), path[p, t])
            out[i, np.flatnonzero(bent)] = d.min(axis=1)
    return out


def triple_blend_residual(x: np.ndarray, anchors: np.ndarray) -> tuple[float, tuple[int, int, int]]:
    """ΔE2000 from one color `x` (3,) to the nearest mix of three `anchors` (M, 3): its projection on
    each triangle's plane in sRGB, where all three weights are ≥ 0 (else a pair explains it, or nothing)."""
    m = len(anchors)
    if m < 3:
        return np.inf, (0, 0, 0)
    tri = np.array([(i, j, k) for i in range(m) for j in range(i + 1, m) for k in range(j + 1, m)])
    a, u, v = anchors[tri[:, 0]], anchors[tri[:, 1]] - anchors[tri[:, 0]], anchors[tri[:, 2]] - anchors[tri[:, 0]]
    d = x[None] - a
    uu, uv, vv = (u * u).sum(1), (u * v).sum(1), (v * v).sum(1)
    du, dv = (d * u).sum(1), (d * v).sum(1)
    det = uu * vv - uv * uv
    ok = det > 1e-6 * np.maximum(uu * vv, 1e-9)  # not a degenerate (flat) triangle
    s = np.where(ok, (du * vv - dv * uv) / np.where(ok, det, 1), -1)
    t = np.where(ok, (dv * uu - du * uv) / np.where(ok, det, 1), -1)
    inside = ok & (s >= 0) & (t >= 0) & (s + t <= 1)
    point = a + s[:, None] * u + t[:, None] * v
    inside &= np.linalg.norm(point - x[None], axis=1) <= SCREEN_RGB
    if not inside.any():
        return np.inf, (0, 0, 0)
    idx = np.flatnonzero(inside)
    de = _de(np.broadcast_to(x, (idx.size, 3)), point[idx])
    best = int(de.argmin())
    return float(de[best]), tuple(int(v) for v in tri[idx[best]])


def _label(ref: RefColor, ambiguous: set[str]) -> str:
    last = ref.ref.path.rsplit(".", 1)[-1]
    return ref.ref.path if last in ambiguous or ref.composite else last


def judge_colors(palette: Sequence[PaletteColor], reference: Reference, tolerance: float,
                 jpeg_dc: tuple[int, int] | None = None, body_text_px: float | None = None) -> list[ColorFinding]:
    """A finding per measured color, off first, then near, on, blend, noise (largest first within).
    `jpeg_dc`: the image's DC quantization steps when it is a JPEG; `body_text_px`: the size of its
    body text in image px, when text was measured."""
    if not palette:
        return []
    refs = reference.colors
    x = _rgb([c.hex for c in palette])
    t = _rgb([r.hex for r in refs])
    edge = np.array([c.region.edge_ratio if c.region else 0.0 for c in palette])
    edge_only = (edge >= EDGE_ONLY) if jpeg_dc is not None else np.zeros(len(x), bool)
    de = token_distances(x, t, jpeg_dc, edge_only)
    nearest = de.argmin(axis=1)
    dist = de[np.arange(len(x)), nearest]
    verdicts = [distance_verdict(float(d), tolerance) for d in dist]
    anchors = np.concatenate([t, x])
    names = [r.ref.css_var for r in refs] + [c.hex for c in palette]
    blend_of: dict[int, list[str]] = {}
    for i in (i for i, v in enumerate(verdicts) if v != "on" and edge[i] >= BLEND_EDGE):
        keep = np.array([k for k in range(len(anchors)) if k != len(t) + i])  # not a blend of itself
        res, ia, ib = blend_residuals(x[i:i + 1], anchors[keep], jpeg=jpeg_dc is not None,
                                      lightness_only=bool(edge_only[i]))
        if res[0] <= tolerance:
            verdicts[i] = "blend"
            blend_of[i] = [names[keep[ia[0]]], names[keep[ib[0]]]]
    # The tokens and the measured colors they explain (on one, or a blend): never another off color.
    design = list(range(len(t))) + [len(t) + k for k, v in enumerate(verdicts) if v in ("on", "blend")]
    for i in (i for i, v in enumerate(verdicts) if v in ("near", "off") and edge[i] >= EDGE_ONLY):
        if jpeg_dc is not None or not THREE_COLOR_BLENDS or body_text_px is None or body_text_px >= SMALL_TEXT_PX:
            break  # a JPEG's edge-only colors are judged by their lightness already; readable text is its color
        res3, tri = triple_blend_residual(x[i], anchors[design])
        if res3 <= tolerance:
            verdicts[i] = "blend"
            blend_of[i] = [names[design[k]] for k in tri]
    for i, v in enumerate(verdicts):
        if v in ("near", "off") and edge[i] >= EDGE_ONLY and palette[i].share < NOISE_SHARE:
            verdicts[i] = "noise"
    lasts = [r.ref.path.rsplit(".", 1)[-1] for r in refs]
    ambiguous = {n for n in lasts if lasts.count(n) > 1}
    out = []
    for i, c in enumerate(palette):
        ref = refs[int(nearest[i])]
        d = round(float(dist[i]), 2)
        out.append(ColorFinding(hex=c.hex, share=c.share, edge_ratio=float(edge[i]), boxes=list(c.boxes or []),
                                verdict=verdicts[i], nearest=ref.ref, delta_e=d, blend_of=blend_of.get(i, []),
                                suggestion=_suggest(c, verdicts[i], ref, d, _label(ref, ambiguous), blend_of.get(i))))
    out.sort(key=lambda f: (ORDER[f.verdict], -f.share))
    return out


def _suggest(c: PaletteColor, verdict: str, ref: RefColor, d: float, label: str, ends: list[str] | None) -> str:
    token = f"{label} ({ref.hex})"
    if verdict == "on":
        return f"{c.hex} is {label}" + ("" if d == 0 else f" (ΔE {d:.1f})") + f": `{ref.ref.css_var}`"
    if verdict == "near":
        return f"{c.hex} is ΔE {d:.1f} from {token}; use `{ref.ref.css_var}`"
    if verdict == "off":
        return (f"{c.hex} is no token: ΔE {d:.1f} from the nearest, {token}. Use `{ref.ref.css_var}` if it "
                "was meant, or add the color to the tokens")
    if verdict == "blend":
        return f"{c.hex} is anti-aliasing between {', '.join(ends[:-1])} and {ends[-1]}: not drift"
    return f"{c.hex} is a sliver on edges ({c.share:.2%} of the image): compression or resampling noise"


def shares(findings: Sequence[ColorFinding]) -> dict[str, float]:
    out = {v: 0.0 for v in ORDER}
    for f in findings:
        out[f.verdict] += f.share
    return out


def score(findings: Sequence[ColorFinding]) -> float:
    """100 × (on + near/2) / (on + near + off) of the measured design color area."""
    s = shares(findings)
    design = s["on"] + s["near"] + s["off"]
    return 100.0 if design <= 0 else round(100 * (s["on"] + s["near"] / 2) / design, 1)
