"""Which device-pixel ratio an image was captured at, when the caller does not say.

A 2560-wide capture of a 1280 px layout has every glyph twice as tall as the CSS says; sizes must be
reported in CSS px. Two facts pin the ratio down: running text is set at 12–20 CSS px on nearly
every site (16 most of all), and layouts are laid out for a viewport some 320–1920 CSS px wide. The
ratio chosen makes the body text and the image width most plausible together; a plain 1280-wide
screenshot with 16 px body text stays at 1.
"""
from __future__ import annotations

import math

RATIOS = (1.0, 1.5, 2.0, 3.0)
BODY_TYPICAL_PX = 15.5  # log-normal prior of running text around this, CSS px
BODY_SPREAD = 0.25  # σ of ln(size): 12 and 20 px are about one σ away
MIN_VIEWPORT, MAX_VIEWPORT = 320.0, 2560.0
PRIOR = {1.0: 0.0, 1.5: -1.0, 2.0: -0.2, 3.0: -0.5}  # log-prior: DPR 1 and 2 captures are the common ones


def infer_dpr(body_px: float | None, width_px: int) -> tuple[float, float]:
    """(ratio, confidence 0–1) from the body text height in image px (as CSS px at ratio 1) and the
    image width. Without body text the image width alone decides (phones' 3× captures are ~1170
    px wide; a desktop capture > 2880 px wide is a 2× capture)."""
    scores = {}
    for r in RATIOS:
        s = PRIOR[r]
        css_width = width_px / r
        if css_width < MIN_VIEWPORT:
            s -= 4.0 * math.log(MIN_VIEWPORT / css_width) + 2.0
        elif css_width > MAX_VIEWPORT:
            s -= 4.0 * math.log(css_width / MAX_VIEWPORT) + 2.0
        if body_px:
            z = (math.log(body_px / r) - math.log(BODY_TYPICAL_PX)) / BODY_SPREAD
            s -= 0.5 * z * z
        scores[r] = s
    best = max(scores, key=scores.get)
    total = sum(math.exp(v - scores[best]) for v in scores.values())
    return best, round(1.0 / total, 3)
