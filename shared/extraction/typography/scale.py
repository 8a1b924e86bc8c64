"""The type scale behind a set of text sizes: a modular ratio, a fixed step, or neither.

A ratio r explains the sizes when each is base·r^k for an integer k, the k run through consecutive
steps (a scale is not every other step), and the sizes sit much closer to their steps than sizes
picked at random would: with a tolerance as wide as max(1 px, 6 %), a small ratio such as 1.125
"fits" any set of sizes, so the test is the residual, not the tolerance. For random sizes the mean
|log residual| is ln(r)/4; a scale must come in under `MAX_RESIDUAL` of that. The same for a fixed
step (residual against step/4). The candidates are the ratios designers name (1.125–1.618) and
2/4/8 px steps: searching a fine grid of ratios too made random size sets look like scales (every
extra candidate is another chance), measured on 400 random sets vs 400 noisy (2 %) true scales:
named ratios only, 4 sizes, 0.35 → 3 % false scales, 57 % of true ratios found and named right;
a 0.005 grid → 9 % false, 45 % right. At least four distinct sizes are needed.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

from shared.domain.typography import TypeScale

NAMED_RATIOS = (1.125, 1.2, 1.25, 1.333, 1.414, 1.5, 1.618)
STEPS_PX = (2.0, 4.0, 8.0)
SIZE_ABS_PX, SIZE_REL = 1.0, 0.06
MIN_SIZES = 4
MIN_FIT = 0.75  # share of the sizes within the size tolerance of their step
MIN_FILL = 0.6  # steps used / steps spanned
MAX_RESIDUAL = 0.35  # mean residual as a share of what random sizes would give


def _within(a: float, b: float) -> bool:
    return abs(a - b) <= max(SIZE_ABS_PX, SIZE_REL * max(a, b)) + 1e-9


def _score(sizes: Sequence[float], predicted: Sequence[float], ks: Sequence[int], residual: float,
           random_residual: float) -> tuple[float, float] | None:
    """(normalised residual, fit) when the scale qualifies, else None."""
    fit = sum(_within(s, p) for s, p in zip(sizes, predicted)) / len(sizes)
    fill = len(set(ks)) / (max(ks) - min(ks) + 1)
    norm = residual / random_residual
    if fit < MIN_FIT or fill < MIN_FILL or len(set(ks)) < MIN_SIZES or norm > MAX_RESIDUAL:
        return None
    return norm, fit


def _ratio(sizes: Sequence[float], base: float, r: float) -> tuple[float, float] | None:
    lr = math.log(r)
    ks = [round(math.log(s / base) / lr) for s in sizes]
    resid = sum(abs(math.log(s / base) - k * lr) for s, k in zip(sizes, ks)) / len(sizes)
    return _score(sizes, [base * r ** k for k in ks], ks, resid, lr / 4)


def _step(sizes: Sequence[float], base: float, step: float) -> tuple[float, float] | None:
    ks = [round((s - base) / step) for s in sizes]
    resid = sum(abs(s - base - k * step) for s, k in zip(sizes, ks)) / len(sizes)
    return _score(sizes, [base + k * step for k in ks], ks, resid, step / 4)


def detect_scale(sizes: Sequence[float], base: float) -> TypeScale:
    """The scale that best explains these sizes (CSS px) around the body size `base`."""
    distinct = sorted({round(s, 2) for s in sizes if s > 0})
    if len(distinct) < MIN_SIZES or base <= 0:
        return TypeScale(base=round(base, 2))
    best = None  # (normalised residual, kind, value, fit): the lowest residual wins
    for kind, values, fit_of in (("ratio", NAMED_RATIOS, _ratio), ("step", STEPS_PX, _step)):
        for v in values:
            got = fit_of(distinct, base, v)
            if got and (best is None or got[0] < best[0]):
                best = (got[0], kind, v, got[1])
    if best is None:
        return TypeScale(base=round(base, 2))
    _, kind, value, fit = best
    if kind == "ratio":
        return TypeScale(base=round(base, 2), kind="ratio", ratio=value, fit=round(fit, 3))
    return TypeScale(base=round(base, 2), kind="step", step=value, fit=round(fit, 3))
