"""Which device-pixel ratio an image was captured at, when the caller does not say.

A 2560-wide capture of a 1280 px layout has every glyph twice as tall as the CSS says; sizes must be
reported in CSS px. Three facts pin the ratio down, each a soft score (log-likelihood) per ratio:

- running text is set at 12–20 CSS px on nearly every site (16 most of all): the em carrying the
  most glyphs, divided by the ratio, should be near 15.5 px (log-normal, σ 0.25; capped, because on
  a poster the most glyphs may sit in a headline);
- text smaller than ~10 CSS px is rare: the small end of the line sizes (10th glyph-weighted
  percentile) bounds the ratio from above (a page whose small print is 11 image px is not 2×);
- a capture is a viewport: phones are 320–480 CSS px wide, held upright and 2–3×; tablets 600–1100
  and 1–2×; desktops 1100–2560 (mostly ≤ 1920) and wider than tall. A 1280×900 image is a desktop
  at 1×, not a phone at 3×; 780×1688 is a phone at 2×.

- hairlines: a 1 CSS px border or divider is drawn 1 device px thick at 1× (and at 1.5×, where
  borders snap down to whole pixels) and exactly 2 px at 2×; straight rules at least 32 px long,
  1 or 2 px thick between two matching sides, vote (about half of UI pages have some).

- the pixel grid: a layout is set on whole CSS px, so the distances between a page's long straight
  edges (box sides, rules) are whole CSS px times the ratio: at 2× even numbers of image px, at 1.5×
  multiples of 3 (a whole even CSS px, as most spacings and sizes are). Measured along the hairline
  samples (pairs of neighbouring long crisp edges), a clear lead of even spans over multiples of 3
  contradicts 1.5× and the reverse contradicts 2× (a 4 px grid at 1.5× makes 6k, a 6 px grid at 2×
  12k: both, and no vote). It decides between 1.5× and 2× when small body text leaves them close.

A plain 1280-wide screenshot with 16 px body text stays at 1; 2560×1800 with 32 px body text is 2.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

RATIOS = (1.0, 1.5, 2.0, 3.0)
PRIOR = {1.0: 0.0, 1.5: -1.0, 2.0: -0.2, 3.0: -0.5}  # log-prior: 1× and 2× captures are the common ones
BODY_TYPICAL_PX, BODY_SPREAD, BODY_CAP = 15.5, 0.25, 4.5  # log-normal body size, its σ, the most it can cost
SMALL_MIN_PX, SMALL_SPREAD = 10.0, 0.12  # the small end of the text (10th percentile of glyph-weighted ems)
PHONE, TABLET, DESKTOP = (320.0, 480.0), (600.0, 1100.0), (1100.0, 2560.0)  # CSS viewport widths
WIDE_DESKTOP = 1920.0  # few desktops are wider (a 2560-wide viewport is ~1/8 as common as 1920)
RULE_STEP, RULE_LEN, RULE_SAMPLE = 10, 32, 4  # grey step (0–255), length (px), column sampling
RULE_MIN, RULE_WEIGHT = 2, 3.0  # rules needed to vote; what a contradicted ratio loses
BODY_CLUSTER = 0.08  # ems within 8 % are one size when looking for the body
# Grid spans: an edge is a step of more than GRID_STEP grey levels with each side flat to a quarter of
# it, running GRID_LEN px along the edge; GRID_MIN spans vote; the vote needs even spans to lead
# multiples of 3 (or the reverse) by GRID_LEAD of the spans. On the layout benchmark's development
# half (even pages) the 2× captures' lead is 0.06–0.5 (median ~0.4); 1× captures (where the vote
# never touches 1×) 0.0–0.5 as well: a 2 px grid is common, hence only 1.5× against 2× is judged.
GRID_STEP, GRID_LEN, GRID_MIN, GRID_LEAD = 12, 16, 30, 0.15


def body_em(ems: Sequence[float], glyphs: Sequence[float]) -> float | None:
    """The em (image px) carrying the most glyphs: a mode weighted by each line's glyph count."""
    if not len(ems):
        return None
    e, w = np.asarray(ems, float), np.asarray(glyphs, float)
    support = np.array([w[np.abs(e - v) <= BODY_CLUSTER * v].sum() for v in e])
    near = np.abs(e - e[int(support.argmax())]) <= BODY_CLUSTER * e[int(support.argmax())]
    return float(np.average(e[near], weights=w[near]))


def small_em(ems: Sequence[float], glyphs: Sequence[float]) -> float | None:
    """The 10th glyph-weighted percentile of the ems: the small print, robust to a stray icon."""
    if not len(ems):
        return None
    e, w = np.asarray(ems, float), np.asarray(glyphs, float)
    order = np.argsort(e)
    c = np.cumsum(w[order])
    return float(e[order][np.searchsorted(c, 0.1 * c[-1])])


def _viewport_score(css_width: float, ratio: float, aspect: float) -> float:
    """How plausible a viewport this wide (CSS px) is at this ratio, for an image of this height /
    width. Phones are upright and 2–3×; tablets are 1–2× and not phone-tall; desktops 1–2×, wider
    than tall, most of them 1280–1920 wide."""
    if css_width < PHONE[0] or css_width > DESKTOP[1] * 1.5:
        far = PHONE[0] / css_width if css_width < PHONE[0] else css_width / (DESKTOP[1] * 1.5)
        return -4.0 * math.log(far) - 3.0
    portrait = aspect > 1.2
    if PHONE[0] <= css_width <= PHONE[1]:
        return 0.0 if portrait else -2.0  # a phone held sideways is rare
    s = 0.0 if ratio <= 2.0 else -2.0  # 3× screens are phones
    if TABLET[0] <= css_width <= TABLET[1]:
        return s - (1.0 if 1.2 < aspect < 1.7 else 2.0)  # upright, and not as tall as a phone
    if DESKTOP[0] <= css_width <= DESKTOP[1]:
        tall = 0.0 if not portrait else (0.5 if aspect < 1.7 else 2.0)  # phone-tall: a phone, or a full page
        return s - tall - (1.5 if css_width > WIDE_DESKTOP else 0.0)
    return s - 2.0  # between phone and tablet, or wider than desktops are


def _rules(g: np.ndarray, step: int) -> tuple[int, int]:
    """Horizontal rules 1 and 2 px thick in a grey image whose columns were sampled every `step`:
    runs of RULE_LEN px where a row (pair of rows) differs from the rows above and below by more
    than RULE_STEP while those two agree."""
    a, b = g[:-3], g[1:-2]
    one = (np.abs(b - a) > RULE_STEP) & (np.abs(b - g[2:-1]) > RULE_STEP) & (np.abs(a - g[2:-1]) < RULE_STEP // 2)
    two = ((np.abs(b - a) > RULE_STEP) & (np.abs(g[2:-1] - g[3:]) > RULE_STEP) & (np.abs(a - g[3:]) < RULE_STEP // 2)
           & (np.abs(b - g[2:-1]) < RULE_STEP // 3))
    out = []
    for m in (one, two):
        d = np.diff(np.pad(m.view(np.int8), ((0, 0), (1, 1))), axis=1)
        _, starts = np.nonzero(d == 1)
        _, ends = np.nonzero(d == -1)
        out.append(int(((ends - starts) * step >= RULE_LEN).sum()))
    return out[0], out[1]


def hairlines(gray: np.ndarray) -> tuple[int, int]:
    """(rules 1 px thick, rules 2 px thick), horizontal and vertical, in a uint8 grey image."""
    return hairlines_sampled(gray[:, ::RULE_SAMPLE], gray[::RULE_SAMPLE])


def hairlines_sampled(columns: np.ndarray, rows: np.ndarray) -> tuple[int, int]:
    """`hairlines` from the grey of every RULE_SAMPLE-th column and every RULE_SAMPLE-th row only
    (all it reads: the grey of a large image need not be computed whole)."""
    h1, h2 = _rules(columns.astype(np.int16), RULE_SAMPLE)
    v1, v2 = _rules(np.ascontiguousarray(rows.astype(np.int16).T), RULE_SAMPLE)
    return h1 + v1, h2 + v2


def _edges(g: np.ndarray, step: int) -> tuple[np.ndarray, np.ndarray]:
    """Long crisp edges along axis 0 of a grey image whose axis-1 lines were sampled every `step`:
    (position, line) of every sample on one, the position being the first pixel past the step, where
    the step runs GRID_LEN px along the edge (across neighbouring samples at the same position)."""
    ad = np.abs(np.diff(g, axis=0))  # ad[i]: the step between i and i + 1
    i, j = np.nonzero(ad[1:-1] > GRID_STEP)  # sorted by position, then line
    i += 1
    d = ad[i, j]
    flat = (ad[i - 1, j] <= d >> 2) & (ad[i + 1, j] <= d >> 2)  # each side within a quarter of the step
    y, x = i[flat] + 1, j[flat]
    if not y.size:
        return y, x
    # runs: the same position, consecutive lines
    new = np.ones(y.size, bool)
    new[1:] = (y[1:] != y[:-1]) | (x[1:] != x[:-1] + 1)
    run = np.cumsum(new) - 1
    long = (np.bincount(run) * step >= GRID_LEN)[run]
    return y[long], x[long]


def _spans(g: np.ndarray, step: int) -> np.ndarray:
    """Distinct distances (px) between neighbouring long edges along each sampled line."""
    pos, line = _edges(g, step)
    order = np.lexsort((pos, line))
    pos, line = pos[order].astype(np.int64), line[order]
    same = line[1:] == line[:-1]
    pairs = np.unique(pos[:-1][same] * g.shape[0] + pos[1:][same])
    return (pairs % g.shape[0]) - (pairs // g.shape[0])


def grid_spans(columns: np.ndarray, rows: np.ndarray) -> tuple[int, int, int]:
    """(spans, even ones, multiples of 3) between neighbouring long crisp edges, from the grey of
    every RULE_SAMPLE-th column and row (the hairline samples). Spans under 3 px are an edge's own
    pixels, not a distance."""
    s = np.concatenate([_spans(columns.astype(np.int16), RULE_SAMPLE),
                        _spans(np.ascontiguousarray(rows.astype(np.int16).T), RULE_SAMPLE)])
    s = s[s >= 3]
    return int(s.size), int((s % 2 == 0).sum()), int((s % 3 == 0).sum())


def _grid_score(ratio: float, spans: int, even: int, thirds: int) -> float:
    if spans < GRID_MIN:
        return 0.0
    lead = (even - thirds) / spans
    if lead >= GRID_LEAD and ratio == 1.5:
        return -RULE_WEIGHT  # a 2× grid, not 1.5×
    if -lead >= GRID_LEAD and ratio == 2.0:
        return -RULE_WEIGHT  # a 1.5× (or 3×) grid, not 2×
    return 0.0


def _hairline_score(ratio: float, thin: int, double: int) -> float:
    if thin >= RULE_MIN and thin > 2 * double:
        return 0.0 if ratio < 2.0 else -RULE_WEIGHT  # 1 px rules: not a 2× or 3× capture
    if double >= RULE_MIN and double > 2 * thin:
        return 0.0 if ratio == 2.0 else -RULE_WEIGHT
    return 0.0


def infer_dpr(ems: Sequence[float], glyphs: Sequence[float], width_px: int, height_px: int,
              rules: tuple[int, int] = (0, 0), grid: tuple[int, int, int] = (0, 0, 0)) -> tuple[float, float]:
    """(ratio, confidence 0–1) from the lines' ems (image px) with their glyph counts, the image
    size, its hairline counts (`hairlines`) and its grid spans (`grid_spans`). Without text the rest
    decides."""
    body, small = body_em(ems, glyphs), small_em(ems, glyphs)
    aspect = height_px / max(width_px, 1)
    scores = {}
    for r in RATIOS:
        s = PRIOR[r] + _viewport_score(width_px / r, r, aspect)
        if body:
            z = (math.log(body / r) - math.log(BODY_TYPICAL_PX)) / BODY_SPREAD
            s -= min(0.5 * z * z, BODY_CAP)
        if small:
            z = min(0.0, math.log(small / r / SMALL_MIN_PX)) / SMALL_SPREAD
            s -= min(0.5 * z * z, BODY_CAP)
        scores[r] = s + _hairline_score(r, *rules) + _grid_score(r, *grid)
    best = max(scores, key=scores.get)
    total = sum(math.exp(v - scores[best]) for v in scores.values())
    return best, round(1.0 / total, 3)
