"""Shadows from the falloff outside a box's edges.

CSS draws a box-shadow as the box's shape, moved by (x, y), grown by the spread and blurred by a
Gaussian of σ = blur / 2, then composited under the box: outside it, a pixel darkens (towards the
shadow's colour) by alpha × the blurred shape's coverage there. Along the middle of a side the
coverage is a product of two error functions, so the four sides' exterior profiles (surfaces.py:
the median across each side's straight part) pin the shadow down: the bottom side's falloff reaches
y + spread beyond the edge, the top's spread − y, the right's x + spread, the left's spread − x;
how fast it falls is the blur.

Per box: the background is where the profiles level off; each side's profile is read up to the
first obstacle (a step, or another surface's edge: a neighbour's, or that of the box it lies in) and,
where a neighbour's own shadow rises again before it, up to the turning point; a side that is also
the side of a larger box holding it (a list's row at its card's edge) is that box's to read. The darkening is measured along its main colour direction (a tinted
shadow darkens towards its tint). A box casts a shadow when some side darkens by SHOWS levels next
to its edge and fades with distance. The fit is Levenberg–Marquardt on (amplitude, σ, x, y, spread),
all boxes at once (one set of array operations per iteration), started from the best of a small grid;
a second layer is added when one leaves much of the profile unexplained.

Inset shadows (fit_insets) are read from the inside of a box without an outer one: the first pixels
inside each side, where an inset that falls down darkens the top more than the bottom.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shared.extraction.layout.surfaces import SIDES, Surface

SHOWS = 3.0  # levels of darkening next to an edge for a shadow to show
FADE = 2.0  # levels it must fade by, away from the edge
STEP = 8.0  # levels between neighbouring pixels: an obstacle, not a falloff
COVERS = 0.5  # share of a side another box must lie across to end its profile
CLEAR = 2.0  # px: a container's edge this close to the box's own is the same edge (a duplicate reading)
SIBLING = 0.2  # share of a box's extent a facing sibling's may differ by
NEAR = 3  # px from the edge where a steep shadow may fall faster than STEP
MAX_D = 64  # px of profile used
ITERS = 40
SIGMA_MIN, SIGMA_MAX = 0.2, 48.0
FAR_MIN = 6  # px of profile needed to read where it levels off
FAR_LONG = 16  # px: profiles this long level off at the background
SAME_BG = 3.0  # × tol: surroundings of one colour
LOSSLESS_TOL = 4.0  # the flatness tolerance of a lossless image (layout.TOL_LOSSLESS); above it: lossy
FIT_SHARE = 0.3  # rms residual of an accepted fit, of the rms darkening
FIT_SHARE_LOSSY = 0.4  # the same in a lossy image (its noise is misfit too): the even half, dpr2-jpeg
LUMA = np.array([0.299, 0.587, 0.114])
MIN_Y, SIDEWAYS = -1.0, 2.0  # px
HARD_SIGMA = 0.3  # px: a blur this small is a hard-edged (offset) shadow
HARD_SPREAD = 2.0  # px: a hard-edged shadow is the box's shape moved; a solid band grown wider is a neighbour
SOFT_ALPHA = 0.9
HARD_ALPHA = 0.2  # a hard-edged shadow fainter than this is a hairline (a border's anti-aliasing)
# of the box's short side: a hard-edged shadow moved further than this is a second box's worth of
# flat colour beside it (the page between a chip and the text below it read as a band, the text as
# the background beyond)
HARD_REACH = 0.5
SOFT_SPREAD = 0.25  # of the blur: how far a soft shadow may grow beyond HARD_SPREAD (UIs shrink them)
MIN_ALPHA = 0.01  # a key layer fainter than this shows nowhere
# A contact shadow (`0 1px 2px`): a falloff of a few pixels below the edge, where the edge's own
# anti-aliasing blurs the fit (amplitude and spread trade off, so its alpha may read as 1).
TIGHT_SIGMA = 2.0  # px: blur up to 4 px
TIGHT_Y = (0.5, 3.0)  # px: offset down
TIGHT_FIT = 0.5  # rms residual of the rms darkening
TWO_GAIN = 0.5  # a second layer must halve the squared misfit
FLOOR = 1.5  # levels: rms misfit any fit may leave (8-bit rounding of a faint shadow on a dark page)
# A "shadow" with no offset and a blur under 1.5 px reaches a pixel or so beyond the edge on every
# side alike: the edge's anti-aliasing or a hairline outline, which the edge reading already saw
OUTLINE_Y, OUTLINE_SIGMA = 0.5, 0.75  # px


@dataclass
class Layer:
    amplitude: float  # levels of darkening at full coverage, along `direction`
    sigma: float  # px (work scale); blur = 2σ
    x: float
    y: float
    spread: float
    color: tuple[int, int, int]
    alpha: float
    inset: bool = False


@dataclass
class Fit:
    layers: list[Layer]
    residual: float  # rms levels
    signal: float  # rms darkening, levels
    lossy: bool = False  # read from a lossy image (JPEG/WebP): its noise is part of the residual
    short: float = float("inf")  # px: the box's short side


INV_SQRT_2PI = 0.3989422804014327


def _phi_pdf(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The standard normal's CDF (Abramowitz–Stegun 7.1.26, error < 1.5e-7) and its density, which
    share the one exponential: exp(−z²/2)."""
    a = np.abs(z) * 0.7071067811865476
    t = 1.0 / (1.0 + 0.3275911 * a)
    e = np.exp(-a * a)
    half = 0.5 * (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * e
    return np.where(z >= 0, 1.0 - half, half), INV_SQRT_2PI * e


def _phi(z: np.ndarray) -> np.ndarray:
    return _phi_pdf(z)[0]


@dataclass
class _Samples:
    px: np.ndarray  # (B, N) sample position x (relative to the box's left edge)
    py: np.ndarray  # (B, N)
    val: np.ndarray  # (B, N) darkening, levels
    wt: np.ndarray  # (B, N) 0/1
    w: np.ndarray  # (B,) box width
    h: np.ndarray  # (B,)
    mx: np.ndarray  # (B, N) where the neighbour's own shadow is read (as the box's, mirrored)
    my: np.ndarray
    mw: np.ndarray  # (B, N) 0/1: a neighbour casting the same shadow faces this sample
    amax: np.ndarray | None = None  # (B,) the most darkening a layer can give (alpha 1)


def _cover(p: np.ndarray, s: _Samples, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    out = np.zeros_like(s.val)
    for k in range(p.shape[1] // 5):
        a, sg, ox, oy, sp = (p[:, 5 * k + i][:, None] for i in range(5))
        sg = np.maximum(sg, SIGMA_MIN)
        x0, x1 = ox - sp, s.w[:, None] + ox + sp
        y0, y1 = oy - sp, s.h[:, None] + oy + sp
        cx = _phi((x1 - x) / sg) - _phi((x0 - x) / sg)
        cy = _phi((y1 - y) / sg) - _phi((y0 - y) / sg)
        out = out + a * cx * cy
    return out


def _model(p: np.ndarray, s: _Samples) -> np.ndarray:
    """p: (B, 5 × layers) = amplitude, σ, x, y, spread per layer → darkening (B, N)."""
    out = _cover(p, s, s.px, s.py)
    if s.mw.any():
        out = out + s.mw * _cover(p, s, s.mx, s.my)
    return out


def _cover_grad(p: np.ndarray, s: _Samples, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂ cover / ∂ p: (B, N, 5 × layers). Analytic: each coverage factor is a difference of two
    normal CDFs, so every derivative is a sum of densities at the same four points."""
    b, n = s.val.shape
    jac = np.empty((b, n, p.shape[1]))
    for k in range(p.shape[1] // 5):
        a, sg, ox, oy, sp = (p[:, 5 * k + i][:, None] for i in range(5))
        sg = np.maximum(sg, SIGMA_MIN)
        u1, u0 = (s.w[:, None] + ox + sp - x) / sg, (ox - sp - x) / sg
        v1, v0 = (s.h[:, None] + oy + sp - y) / sg, (oy - sp - y) / sg
        (c1, f1), (c0, f0) = _phi_pdf(u1), _phi_pdf(u0)
        (d1, g1), (d0, g0) = _phi_pdf(v1), _phi_pdf(v0)
        cx, cy = c1 - c0, d1 - d0
        jac[:, :, 5 * k] = cx * cy
        jac[:, :, 5 * k + 1] = a * ((f0 * u0 - f1 * u1) * cy + cx * (g0 * v0 - g1 * v1)) / sg
        jac[:, :, 5 * k + 2] = a * (f1 - f0) * cy / sg
        jac[:, :, 5 * k + 3] = a * cx * (g1 - g0) / sg
        jac[:, :, 5 * k + 4] = a * ((f1 + f0) * cy + cx * (g1 + g0)) / sg
    return jac


def _jacobian(p: np.ndarray, s: _Samples) -> np.ndarray:
    """∂(−residual) / ∂p, the prior's rows included: (B, N + 2 × layers, 5 × layers)."""
    jac = _cover_grad(p, s, s.px, s.py)
    if s.mw.any():
        jac = jac + s.mw[:, :, None] * _cover_grad(p, s, s.mx, s.my)
    jac = jac * s.wt[:, :, None]
    pri = np.zeros((p.shape[0], 2 * (p.shape[1] // 5), p.shape[1]))
    for r, (k, j) in enumerate((k, j) for k in range(p.shape[1] // 5) for j in (2, 4)):
        pri[:, r, 5 * k + j] = -PRIOR
    return np.concatenate([jac, pri], axis=1)


def _clip(p: np.ndarray, amax: np.ndarray | None = None) -> np.ndarray:
    for k in range(p.shape[1] // 5):
        p[:, 5 * k] = np.clip(p[:, 5 * k], 0.0, 400.0 if amax is None else amax)
        p[:, 5 * k + 1] = np.clip(p[:, 5 * k + 1], SIGMA_MIN, SIGMA_MAX)
        p[:, 5 * k + 2:5 * k + 5] = np.clip(p[:, 5 * k + 2:5 * k + 5], -60.0, 60.0)
    return p


PRIOR = 0.35  # levels per px of x offset and of spread: most shadows have neither


def _resid(p: np.ndarray, s: _Samples) -> np.ndarray:
    r = (s.val - _model(p, s)) * s.wt
    pri = [PRIOR * p[:, 5 * k + j] for k in range(p.shape[1] // 5) for j in (2, 4)]
    return np.concatenate([r, np.stack(pri, axis=1)], axis=1)


def _sse(p: np.ndarray, s: _Samples) -> np.ndarray:
    r = _resid(p, s)
    return (r * r).sum(axis=1)


def _lm(p: np.ndarray, s: _Samples, iters: int = ITERS) -> np.ndarray:
    """Levenberg–Marquardt, batched over boxes; analytic Jacobian (a forward-difference one cost a
    model evaluation per parameter: most of the layout analysis's time)."""
    p = _clip(p.copy(), s.amax)
    b, m = p.shape
    lam = np.full(b, 1e-2)
    r = _resid(p, s)
    cur = (r * r).sum(axis=1)
    eye = np.eye(m)
    moved = True
    for _ in range(iters):
        if moved:  # the residual and Jacobian change only where a step was taken
            jac = _jacobian(p, s)
            jtj = np.einsum("bni,bnj->bij", jac, jac)
            jtr = np.einsum("bni,bn->bi", jac, r)
            diag = np.einsum("bii->bi", jtj)
        a = jtj + lam[:, None, None] * (diag[:, :, None] * eye + 1e-6 * eye)
        try:
            step = np.linalg.solve(a, jtr[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            break
        q = _clip(p + step, s.amax)
        rq = _resid(q, s)
        new = (rq * rq).sum(axis=1)
        better = new < cur
        moved = bool(better.any())
        p[better] = q[better]
        r[better] = rq[better]
        cur = np.where(better, new, cur)
        lam = np.where(better, lam * 0.3, lam * 4.0)
        if (lam > 1e6).all():
            break
    return p


@dataclass
class _Side:
    side: str
    d: np.ndarray  # distances of the samples from the edge (px)
    v: np.ndarray  # (n, 3) colours
    gap: float | None = None  # distance to a facing surface (its shadow mirrored into the profile)


def _usable(ext: np.ndarray, tol: float) -> tuple[int, bool, int | None]:
    """How much of an exterior profile is the box's own surroundings: up to the first NaN and the
    first step (a neighbour's edge); whether it ended at such a step; and where the first step is
    (also when it was read as the end of a hard shadow's flat run)."""
    n = min(ext.shape[0], MAX_D)
    if n == 0:
        return 0, False, None
    bad = np.isnan(ext[:n]).any(axis=1)
    if bad.any():
        n = int(bad.argmax())
    if n < 2:
        return n, False, None
    diff = np.diff(ext[:n], axis=0)
    jump = np.abs(diff).max(axis=1) > max(STEP, 2 * tol)
    # a steep shadow (a small blur) falls by more than a step per px next to the edge: jumps there
    # that all go the same way as the profile's trend are its falloff
    trend = ext[min(n - 1, NEAR + 3)] - ext[0]
    steep = (np.arange(jump.size) < NEAR) & ((diff * trend[None, :]).sum(axis=1) > 0)
    if jump[:NEAR].any():
        lead = 0
        while lead < min(NEAR, jump.size) and (not jump[lead] or steep[lead]):
            lead += 1
        jump[:lead] = False
    if jump.any():
        k = int(jump.argmax())
        # a hard shadow ends in a step: a flat dark run, then the background
        if k >= 1 and np.abs(ext[:k + 1] - ext[0]).max() <= tol:
            return min(n, k + 3), False, k + 1
        return k + 1, True, k + 1
    return n, False, None


def _background(sides: list[_Side]) -> np.ndarray | None:
    """The colour the profiles level off at: the far end of the longest one."""
    longest = max(sides, key=lambda sd: sd.v.shape[0], default=None)
    if longest is None or longest.v.shape[0] < 4:
        return None
    return np.median(longest.v[-3:], axis=0)


def _facing(boxes: np.ndarray, i: int, side: str, dist: float) -> bool:
    """Whether another surface's edge faces side `side` of box i at about `dist` px."""
    x0, y0, x1, y1 = boxes[i]
    bx0, by0, bx1, by1 = boxes.T
    if side in ("top", "bottom"):
        edge = (by1 - y0 + dist) if side == "top" else (by0 - y1 - dist)
        ov = np.minimum(bx1, x1) - np.maximum(bx0, x0)
        span = np.minimum(bx1 - bx0, x1 - x0)
    else:
        edge = (bx1 - x0 + dist) if side == "left" else (bx0 - x1 - dist)
        ov = np.minimum(by1, y1) - np.maximum(by0, y0)
        span = np.minimum(by1 - by0, y1 - y0)
    # a sibling of about the same extent along the side (a grid's next card), which casts the
    # same shadow; a bar or a panel beside the box need not
    ext_b = (bx1 - bx0) if side in ("top", "bottom") else (by1 - by0)
    ext_a = (x1 - x0) if side in ("top", "bottom") else (y1 - y0)
    ok = (np.abs(edge) <= 2.0) & (ov >= 0.5 * span) & (np.abs(ext_b - ext_a) <= SIBLING * ext_a)
    ok[i] = False
    return bool(ok.any())


def _clear(boxes: np.ndarray, i: int, side: str) -> float:
    """How far side `side` of box i looks out before another surface's edge: the edge of a box
    it runs into, or of the box it lies in (an avatar's surroundings end at its card's edge, where
    a lighter page would read as the avatar's falloff). Only boxes across most of the side count
    (the profile is a median along it), and a container's edge only when clear of the box's own."""
    x0, y0, x1, y1 = boxes[i]
    bx0, by0, bx1, by1 = boxes.T
    if side in ("top", "bottom"):
        ov = (np.minimum(bx1, x1) - np.maximum(bx0, x0)) >= COVERS * (x1 - x0)
        lo, hi, at, out = by0, by1, (y1 if side == "bottom" else y0), (1.0 if side == "bottom" else -1.0)
    else:
        ov = (np.minimum(by1, y1) - np.maximum(by0, y0)) >= COVERS * (y1 - y0)
        lo, hi, at, out = bx0, bx1, (x1 if side == "right" else x0), (1.0 if side == "right" else -1.0)
    # distances along the outward direction of the near and far edges of every box
    near, far = (lo - at, hi - at) if out > 0 else (at - hi, at - lo)
    ahead = ov & (near >= -1.0)  # a box beyond the edge: its near edge
    around = ov & (near < -1.0) & (far >= CLEAR)  # a box around this one: its far edge
    ahead[i] = around[i] = False
    d = np.concatenate([near[ahead], far[around]])
    return float(d.min()) if d.size else np.inf


def _shared(boxes: np.ndarray, i: int, side: str) -> bool:
    """Whether side `side` of box i is also the side of a larger box holding it (a list's row at
    its card's edge): what lies beyond is that box's surroundings, its shadow that box's."""
    x0, y0, x1, y1 = boxes[i]
    bx0, by0, bx1, by1 = boxes.T
    holds = (bx0 <= x0 + CLEAR) & (by0 <= y0 + CLEAR) & (bx1 >= x1 - CLEAR) & (by1 >= y1 - CLEAR)
    larger = (bx0 <= x0 - CLEAR) | (by0 <= y0 - CLEAR) | (bx1 >= x1 + CLEAR) | (by1 >= y1 + CLEAR)
    edge = {"top": np.abs(by0 - y0), "bottom": np.abs(by1 - y1), "left": np.abs(bx0 - x0),
            "right": np.abs(bx1 - x1)}[side] < CLEAR
    ok = holds & larger & edge
    ok[i] = False
    return bool(ok.any())


def _sides_of(s: Surface, i: int, boxes: np.ndarray, tol: float) -> list[_Side]:
    sides = []
    for name in SIDES:
        sd = s.sides.get(name)
        if sd is None or _shared(boxes, i, name):
            continue
        n, blocked, step = _usable(sd.exterior, tol)
        clear = _clear(boxes, i, name)
        end = None  # where the profile's obstacle is, when another surface's edge is it
        if clear - 1.0 < n:  # (that edge's anti-aliasing excluded)
            n, blocked, step, end = max(int(np.floor(clear - 1.0)), 0), True, None, clear
        if step is not None and not blocked and _facing(boxes, i, name, float(step)):
            # not a hard shadow's flat run but a grid's gap, both cards' soft shadows overlapping
            # in it (they sum to a nearly level band): the profile ends at the neighbour
            n, blocked = step, True
        if n < 3:
            continue
        end = float(n) if end is None else end
        gap = end if blocked and _facing(boxes, i, name, end) else None
        sides.append(_Side(name, np.arange(n) + 0.5, sd.exterior[:n].astype(np.float64), gap))
    return sides


def _points(s: Surface, sd: _Side) -> tuple[np.ndarray, ...]:
    """Sample positions (relative to the box's top-left), and the mirrored ones in a facing
    neighbour's own falloff."""
    m = sd.d.size
    mid_x, mid_y = np.full(m, 0.5 * s.w), np.full(m, 0.5 * s.h)
    back = (sd.gap - sd.d) if sd.gap is not None else np.zeros(m)
    if sd.side == "top":
        return mid_x, -sd.d, mid_x, s.h + back
    if sd.side == "bottom":
        return mid_x, s.h + sd.d, mid_x, -back
    if sd.side == "left":
        return -sd.d, mid_y, s.w + back, mid_y
    return s.w + sd.d, mid_y, -back, mid_y


WHY: dict[int, str] = {}  # debugging: why a surface got no shadow (filled only when DEBUG is set)
TRIED: dict = {}  # debugging: every surface's best fit, accepted or not (filled only when DEBUG is set)
DEBUG = False


def _no(si: int, why: str):
    if DEBUG:
        WHY[si] = why
    return None


def _candidate(s: Surface, si: int, boxes: np.ndarray, tol: float):
    """(sides, darkening per side, background, colour direction) when the box's surroundings darken
    towards its edges the way a shadow does; None otherwise."""
    sides = _sides_of(s, si, boxes, tol)
    if len(sides) < 2:
        return _no(si, "sides<2")
    # where the profiles level off: the far end of the long ones (a short one, between two boxes,
    # may end inside the shadow), else of the longest
    # (a side facing a neighbour ends in the neighbour's own shadow)
    free = [sd for sd in sides if sd.gap is None] or sides
    longest = max(sd.v.shape[0] for sd in free)
    if longest < FAR_MIN:
        return _no(si, "no far")
    reach = min(FAR_LONG, longest)
    fars = [np.median(sd.v[-3:], axis=0) for sd in free if sd.v.shape[0] >= reach]
    bg = np.median(np.array(fars), axis=0)
    # a side whose surroundings level off at another colour is beside another surface
    kept = [sd for sd in sides if sd.v.shape[0] < reach or sd.gap is not None
            or np.abs(np.median(sd.v[-3:], axis=0) - bg).max() <= SAME_BG * tol]
    if len(kept) < 2:
        return _no(si, "kept<2")
    dark = np.concatenate([bg[None, :] - sd.v[:2] for sd in kept])
    mag = np.abs(dark).max(axis=1)
    if mag.max() < SHOWS:
        return _no(si, "faint")
    u = dark[mag.argmax()] / max(np.linalg.norm(dark[mag.argmax()]), 1e-6)  # the darkening's colour direction
    if float(u @ LUMA) <= 0:
        return _no(si, "lighter")  # lighter towards the edge: a glow or a neighbour, not a shadow
    vals = []
    for sd in kept:
        val = (bg[None, :] - sd.v) @ u
        if sd.gap is None:
            # a neighbour's shadow rising again before an obstacle: stop at the turning point
            k = int(np.argmin(val))
            if k >= 2 and val[k:].max() - val[k] > max(tol, 1.0):
                val, sd.d = val[:k + 1], sd.d[:k + 1]
        # a shadow only fades away from the edge: stop where the darkening grows again
        rise = np.flatnonzero(np.diff(val) > max(tol, 2.0))
        if rise.size and sd.gap is None:
            val, sd.d = val[:rise[0] + 1], sd.d[:rise[0] + 1]
        vals.append(val)
    near = max(v[:2].mean() for v in vals)
    fade = max(v[:2].mean() - v[-2:].mean() for v in vals)
    if near < SHOWS or fade < FADE:
        return _no(si, f"near {near:.1f} fade {fade:.1f}")
    return kept, vals, bg, u


def fit_shadows(surfaces: list[Surface], tol: float) -> None:
    """Set `shadow` on each surface that casts one (in place)."""
    boxes = np.array([x.box() for x in surfaces], np.float64).reshape(-1, 4)
    cands = []
    for si, s in enumerate(surfaces):
        c = _candidate(s, si, boxes, tol)
        if c is not None:
            cands.append((si, *c))
    if not cands:
        return
    n = max(sum(v.size for v in c[2]) for c in cands)
    b = len(cands)
    arr = {k: np.zeros((b, n)) for k in ("px", "py", "val", "wt", "mx", "my", "mw")}
    w, h = np.zeros(b), np.zeros(b)
    for i, (si, sides, vals, bg, u) in enumerate(cands):
        s = surfaces[si]
        w[i], h[i] = s.w, s.h
        k = 0
        for sd, v in zip(sides, vals):
            m = v.size
            xs, ys, mxs, mys = _points(s, sd)
            sl = slice(k, k + m)
            arr["px"][i, sl], arr["py"][i, sl], arr["val"][i, sl], arr["wt"][i, sl] = xs[:m], ys[:m], v, 1.0
            arr["mx"][i, sl], arr["my"][i, sl], arr["mw"][i, sl] = mxs[:m], mys[:m], float(sd.gap is not None)
            k += m
    amax = np.array([_reach(bg, u) for (_, _, _, bg, u) in cands])
    smp = _Samples(arr["px"], arr["py"], arr["val"], arr["wt"], w, h, arr["mx"], arr["my"], arr["mw"], amax)
    val, wt = arr["val"], arr["wt"]
    # start: the best of a small grid (σ, y), amplitude by least squares
    best_p = np.zeros((b, 5))
    best_e = np.full(b, np.inf)
    for sg in (0.3, 1.0, 2.0, 4.0, 8.0, 14.0, 22.0):
        for fy in (0.0, 0.5, 1.0):
            p = np.zeros((b, 5))
            p[:, 0], p[:, 1], p[:, 3] = 1.0, sg, fy * sg
            m = _model(p, smp) * wt
            p[:, 0] = np.maximum((m * val).sum(1) / np.maximum((m * m).sum(1), 1e-9), 0.0)
            e = ((val * wt - p[:, :1] * m) ** 2).sum(1)  # the model is linear in its amplitude; no x, no spread
            better = e < best_e
            best_p[better] = p[better]
            best_e = np.where(better, e, best_e)
    p = _lm(best_p, smp)
    one = _sse(p, smp)
    # two layers where one leaves much unexplained (a tight contact shadow under a wide one)
    q = np.zeros((b, 10))
    q[:, 5:] = p
    q[:, 0] = 0.5 * p[:, 0]
    q[:, 1] = np.maximum(0.5, 0.25 * p[:, 1])
    q[:, 3] = np.minimum(p[:, 3], 1.0)
    q = _lm(q, smp)
    two = _sse(q, smp)
    res1 = (val - _model(p, smp)) * wt
    res2 = (val - _model(q, smp)) * wt
    cnt = np.maximum(wt.sum(1), 1)
    for i, (si, sides, vals, bg, u) in enumerate(cands):
        signal = float(np.sqrt((val[i] ** 2 * wt[i]).sum() / cnt[i]))
        layered = two[i] < TWO_GAIN * one[i] and min(q[i, 0], q[i, 5]) > 0.05 * max(q[i, 0], q[i, 5])
        # the two-layer fit first where it explains much more; when it is not a shadow a UI would
        # draw (one layer wandered off to soak up the background's misfit), the one-layer fit
        options = ([([q[i, :5], q[i, 5:]], res2[i])] if layered else []) + [([p[i]], res1[i])]
        fit = None
        for params, res in options:
            rms = float(np.sqrt((res ** 2).sum() / cnt[i]))
            layers = []
            for a, sg, ox, oy, sp in params:
                color, alpha = _shadow_colour(bg, u, a)
                layers.append(Layer(float(a), float(sg), float(ox), float(oy), float(sp), color, alpha))
            layers.sort(key=lambda ly: ly.y + 2 * ly.sigma + ly.spread)  # the key (furthest reaching) last
            fit = Fit(layers, rms, signal, lossy=tol > LOSSLESS_TOL, short=min(surfaces[si].w, surfaces[si].h))
            if accept(fit):
                break
        else:
            key = fit.layers[-1]
            _no(si, f"fit a{key.alpha:.2f} s{key.sigma:.1f} y{key.y:.1f} x{key.x:.1f} sp{key.spread:.1f} rms {fit.residual:.1f} sig {signal:.1f} "
                    f"n{len(fit.layers)}")
            if DEBUG:
                TRIED[si] = fit
            continue  # no shadow explains the profiles
        if DEBUG:
            TRIED[si] = fit
        surfaces[si].shadow = fit


def accept(fit: Fit) -> bool:
    """A fit is a shadow when it explains the profiles and is one a UI would draw."""
    key = fit.layers[-1]
    if (HARD_SIGMA <= key.sigma <= TIGHT_SIGMA and TIGHT_Y[0] <= key.y <= TIGHT_Y[1] and abs(key.x) <= 1.0
            and key.spread <= HARD_SPREAD and key.alpha >= MIN_ALPHA):
        return fit.residual <= max(FLOOR, TIGHT_FIT * fit.signal)
    if key.sigma < HARD_SIGMA and max(abs(key.x), abs(key.y)) > HARD_REACH * fit.short:
        return False
    share = FIT_SHARE_LOSSY if fit.lossy else FIT_SHARE
    return not (key.alpha < MIN_ALPHA or key.sigma >= 0.95 * SIGMA_MAX or fit.residual > max(FLOOR, share * fit.signal)
                or not _plausible(key.alpha, key.sigma, key.x, key.y, key.spread))


def _plausible(alpha: float, sigma: float, ox: float, oy: float, spread: float = 0.0) -> bool:
    """What shadows UIs draw: falling down or straight around (not up), sideways no more than
    down, not opaque unless hard-edged, and a hard-edged one offset (a 0-blur 0-offset "shadow" is
    an outline, which the edge reading already saw) and not grown (a solid band around a box is a
    neighbouring surface or a ring), and one neither offset nor blurred beyond a pixel and a half
    not an outline."""
    if oy < MIN_Y or abs(ox) > abs(oy) + SIDEWAYS:
        return False
    if abs(oy) < OUTLINE_Y and sigma < OUTLINE_SIGMA:
        return False
    if sigma < HARD_SIGMA:
        return oy >= 1.0 and alpha >= HARD_ALPHA and abs(spread) <= HARD_SPREAD
    return alpha <= SOFT_ALPHA and spread <= HARD_SPREAD + SOFT_SPREAD * 2 * sigma


def _reach(bg: np.ndarray, u: np.ndarray) -> float:
    """How far the background can darken along `u` before leaving the RGB cube (alpha 1)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(u > 1e-6, bg / u, np.where(u < -1e-6, (bg - 255.0) / u, np.inf))
    r = float(np.min(t))
    return r if np.isfinite(r) and r > 0 else 0.0


def _shadow_colour(bg: np.ndarray, u: np.ndarray, amplitude: float) -> tuple[tuple[int, int, int], float]:
    """The darkest colour along the darkening's direction inside the RGB cube, and the alpha that
    gives the fitted amplitude with it (a grey darkening on a light page: black at a low alpha)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(u > 1e-6, bg / u, np.where(u < -1e-6, (bg - 255.0) / u, np.inf))
    reach = float(np.min(t))
    if not np.isfinite(reach) or reach <= 0:
        return (0, 0, 0), 0.0
    col = np.clip(bg - reach * u, 0, 255)
    return tuple(int(round(c)) for c in col), float(min(1.0, amplitude / reach))


# Inset shadows: CSS draws `inset x y blur` as the area outside the box, moved by (x, y) and blurred,
# clipped to the padding box. Along the middle of the top side, at depth t inside the edge, that
# darkens by alpha × Φ((y − t)/σ); the bottom's by alpha × Φ((−y − t)/σ), the sides' by about
# alpha × Φ(−t/σ): a shadow that falls down darkens the top inside more than the bottom.
IN_DEPTH = 8  # px read inside each side
IN_SIGMAS = (0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)  # px
IN_YS = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0)  # px: an inset that falls down (y > 0); one with y = 0 is an edge's blur
IN_ROWS = 24
# the second pixel inside keeps at least this share of the first's darkening under the smallest blur
# (σ 0.5 px, y 1 px: Φ(−1) / Φ(1) = 0.19); a line 1 px thick keeps none
IN_SECOND = 0.15
IN_NOISE = 0.5  # levels
# from the 4th pixel inside on, the fill: an inset tight enough to read (blur up to about 3 px)
# has faded there; the pixels may span a quarter of the flatness tolerance (1 level in a lossless
# image, 2 in a lossy one)
IN_TAIL, IN_FLAT = 3, 0.25


def _inside(rgb: np.ndarray, s: Surface, side: str) -> tuple[np.ndarray, np.ndarray] | None:
    """(distances inside the padding box's edge, darkening in luma levels) of the first IN_DEPTH
    pixels wholly inside side `side`, the median along its straight part; None when unreadable."""
    sd = s.sides.get(side)
    if sd is None:
        return None
    h, w = rgb.shape[:2]
    a, b = sd.span
    along = np.arange(a, b)
    if along.size > IN_ROWS:
        along = along[np.linspace(int(0.1 * along.size), int(0.9 * along.size) - 1, IN_ROWS).astype(np.int64)]
    depth = int(min(IN_DEPTH, 0.5 * (s.h if side in ("top", "bottom") else s.w)))
    if depth < 3 or along.size == 0:
        return None
    k = np.arange(depth)
    if side in ("top", "left"):
        e = sd.edge + sd.border
        first = int(np.ceil(e - 1e-6))
        pos = first + k
        t = pos + 0.5 - e
    else:
        e = sd.edge - sd.border
        first = int(np.floor(e + 1e-6)) - 1
        pos = first - k
        t = e - (pos + 0.5)
    if side in ("top", "bottom"):
        if pos.min() < 0 or pos.max() >= h or along.min() < 0 or along.max() >= w:
            return None
        px = rgb[pos[:, None], along[None, :]]
    else:
        if pos.min() < 0 or pos.max() >= w or along.min() < 0 or along.max() >= h:
            return None
        px = rgb[along[None, :], pos[:, None]]
    v = np.median(px.astype(np.float64), axis=1)
    return t, (s.fill.astype(np.float64)[None, :] - v) @ LUMA


def _inset_fit(prof: dict[str, tuple[np.ndarray, np.ndarray]]) -> tuple[float, float, float, float, float] | None:
    """(amplitude, σ, y, rms, signal) of the inset shadow best explaining the four inside profiles."""
    ts = {k: v[0] for k, v in prof.items()}
    ds = np.concatenate([v[1] for v in prof.values()])
    best = None
    for sg in IN_SIGMAS:
        for y in IN_YS:
            m = np.concatenate([_phi(((y if k == "top" else -y if k == "bottom" else 0.0) - ts[k]) / sg)
                                for k in prof])
            a = max(float(m @ ds) / max(float(m @ m), 1e-9), 0.0)
            e = float(((ds - a * m) ** 2).mean())
            if best is None or e < best[3]:
                best = (a, sg, y, e)
    a, sg, y, e = best
    return a, sg, y, float(np.sqrt(e)), float(np.sqrt((ds ** 2).mean()))


def falls_inward(top: np.ndarray, bottom: np.ndarray, tol: float) -> bool:
    """Whether the inside darkens towards the top edge more than towards the bottom one, fades
    inward over more than one pixel (a 1 px line along the top is a border, not a blur) and is flat
    from the IN_TAIL-th pixel on (a photo or a JPEG's ringing along the top edge drifts on)."""
    return not (top[0] < SHOWS or top[0] - bottom[0] < SHOWS or top[0] - top[-1] < FADE
                or top[1] < max(IN_SECOND * top[0], IN_NOISE) or np.ptp(top[IN_TAIL:]) > IN_FLAT * tol)


def fit_insets(rgb: np.ndarray, surfaces: list[Surface], tol: float) -> None:
    """Set an inset `shadow` on each surface without an outer one whose inside darkens towards its
    top edge the way an inset shadow falling down does (in place). `rgb`: the work image."""
    for si, s in enumerate(surfaces):
        if s.shadow is not None or any(s.sides.get(k) is None for k in SIDES):
            continue
        prof = {k: _inside(rgb, s, k) for k in SIDES}
        if any(v is None for v in prof.values()):
            continue
        if not falls_inward(prof["top"][1], prof["bottom"][1], tol):
            continue
        a, sg, y, rms, signal = _inset_fit(prof)
        if rms > max(FLOOR, FIT_SHARE * signal):
            continue
        bg = s.fill.astype(np.float64)
        u = np.ones(3) / np.sqrt(3.0)
        color, alpha = _shadow_colour(bg, u, a / float(LUMA @ u) if float(LUMA @ u) else a)
        if alpha < MIN_ALPHA or alpha > SOFT_ALPHA:
            continue
        s.shadow = Fit([Layer(a, sg, 0.0, y, 0.0, color, alpha, inset=True)], rms, signal, lossy=tol > LOSSLESS_TOL)
