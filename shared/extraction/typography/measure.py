"""Per line: how tall, how heavy and what shape its glyphs are, measured on the pixels (image px).

Works on the line's ink box. The background is the crop's most common grey, the ink the far end of
what differs from it; every pixel gets a soft coverage 0–1 (anti-aliased edges are fractions of a
pixel, which is what makes sub-pixel heights possible at 12 px text).

Vertical metrics come from the columns of ink: each column's top and bottom edge (sub-pixel), then
the baseline is where most columns end, the x-line where most of the lower tops sit, the ascent the
height of the tall runs of columns, told apart by width (a stem: ascenders and i-dots; a letter:
capitals and digits, used only when there are no ascenders), the descent the depth of the columns
that go below the baseline. A band with descenders under it and nothing above is lowercase without
ascenders: its height is the x-height. Stroke widths come from the ink runs inside the x-height band: across rows
(vertical stems) and down columns (horizontal strokes); their ratio is the stroke contrast that
tells a serif face from a sans.
"""
from __future__ import annotations

import numpy as np

from shared.extraction.typography.lines import TextLine

BINS = 64
MIN_CONTRAST = 0.08  # ink must differ from the background by this much (0–1 grey)
SOLID = 0.5  # coverage above which a pixel is ink for run and edge finding
X_BAND_SHARE = 0.3  # columns below the tall ones needed for a lowercase band
X_ONLY_DESCENT = 0.3  # descenders this deep (of the band's height) mean the band is lowercase
NARROW_STEMS = 1.8  # a tall run of columns at most this many stems wide is an ascender or a dot


def luminance(rgb: np.ndarray) -> np.ndarray:
    x = rgb.astype(np.float32) * (1.0 / 255.0)
    return 0.2126 * x[..., 0] + 0.7152 * x[..., 1] + 0.0722 * x[..., 2]


def coverage(crop: np.ndarray) -> tuple[np.ndarray, float, float] | None:
    """(coverage 0–1, background grey, ink grey) of a line crop, None when nothing stands out."""
    # np.histogram(crop, BINS, (0, 1)) without its generic machinery: grey 0-1 falls in bin ⌊grey·BINS⌋.
    hist = np.bincount(np.minimum((crop * BINS).astype(np.intp).ravel(), BINS - 1), minlength=BINS)
    k = int(hist.argmax())
    bg = float(crop[(crop >= k / BINS) & (crop <= (k + 1) / BINS)].mean())
    d = crop - bg
    lo, hi = float(d.min()), float(d.max())
    if max(-lo, hi) < MIN_CONTRAST:
        return None
    # The polarity with more ink mass beyond the noise floor (dark text on light, or light on dark).
    dark, light = float(np.clip(-d - 0.05, 0, None).sum()), float(np.clip(d - 0.05, 0, None).sum())
    if dark >= light:
        ink = bg + float(np.percentile(d[d < -0.05], 5)) if (d < -0.05).any() else bg + lo
    else:
        ink = bg + float(np.percentile(d[d > 0.05], 95)) if (d > 0.05).any() else bg + hi
    span = ink - bg
    if abs(span) < MIN_CONTRAST:
        return None
    return np.clip(d / span, 0.0, 1.0), bg, ink


def _edges(a: np.ndarray, solid: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sub-pixel top and bottom edges of the ink in each column: the first/last solid row, moved out
    by the coverage of the partial pixel beyond it."""
    h = a.shape[0]
    s = solid[:, cols]
    top = s.argmax(axis=0)
    bottom = h - 1 - s[::-1].argmax(axis=0)
    j = np.arange(cols.size)
    above = np.where(top > 0, a[np.maximum(top - 1, 0), cols], 0.0)
    below = np.where(bottom < h - 1, a[np.minimum(bottom + 1, h - 1), cols], 0.0)
    return top - above, bottom + 1 + below + 0 * j


def _runs(mask_rows: np.ndarray, cov_rows: np.ndarray) -> np.ndarray:
    """Soft widths of the ink runs along the last axis of each row (coverage summed over the run and
    its two partial neighbours)."""
    if mask_rows.size == 0:
        return np.empty(0)
    h, w = mask_rows.shape
    d = np.diff(np.pad(mask_rows.astype(np.int8), ((0, 0), (1, 1))), axis=1)
    rows, starts = np.nonzero(d == 1)
    _, ends = np.nonzero(d == -1)  # row-major, so paired with the starts
    cs = np.concatenate((np.zeros((h, 1)), np.cumsum(cov_rows, axis=1, dtype=np.float64)), axis=1)
    widths = cs[rows, ends] - cs[rows, starts]
    widths += np.where(starts > 0, cov_rows[rows, np.maximum(starts - 1, 0)], 0.0)
    widths += np.where(ends < w, cov_rows[rows, np.minimum(ends, w - 1)], 0.0)
    return widths


def _histogram(values: np.ndarray, bins: int, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray]:
    """np.histogram(values, bins, (lo, hi)) for values within [lo, hi], the same bins (its edge
    corrections included) at a fraction of the cost on small arrays."""
    edges = np.linspace(lo, hi, bins + 1)
    idx = ((values - lo) * (bins / (hi - lo))).astype(np.intp)
    idx[idx == bins] -= 1
    idx[values < edges[idx]] -= 1
    idx[(values >= edges[idx + 1]) & (idx != bins - 1)] += 1
    return np.bincount(idx, minlength=bins), edges


def _cluster_top(values: np.ndarray) -> float:
    """The value the densest group of `values` sits at (a histogram mode, refined by its median)."""
    if values.size == 1:
        return float(values[0])
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1.0:
        return float(np.median(values))
    bins = max(2, int((hi - lo) / 0.5))
    hist, edges = _histogram(values, bins, lo, hi)
    k = int(hist.argmax())
    near = values[(values >= edges[max(k - 1, 0)]) & (values <= edges[min(k + 2, bins)])]
    return float(np.median(near))


def _longest_runs(solid: np.ndarray) -> np.ndarray:
    """The longest run of True in each row."""
    d = np.diff(np.pad(solid.astype(np.int8), ((0, 0), (1, 1))), axis=1)
    rows, starts = np.nonzero(d == 1)
    _, ends = np.nonzero(d == -1)
    longest = np.zeros(solid.shape[0], np.int64)
    np.maximum.at(longest, rows, ends - starts)
    return longest


def _without_rules(a: np.ndarray) -> np.ndarray:
    """Coverage with underlines and strike-throughs removed: thin rows of ink running across most of
    the line (no glyph row does), with the anti-aliased rows at their edges."""
    w = a.shape[1]
    if w < 8:
        return a
    rule = _longest_runs(a > SOLID) >= 0.5 * w
    if not rule.any() or rule.mean() > 0.25:
        return a
    a = a.copy()
    for y in np.flatnonzero(rule):
        a[max(y - 1, 0):y + 2] = 0.0
    return a


def _band_runs(solid: np.ndarray, a: np.ndarray, top: float, bottom: float) -> float:
    """Median soft width of the ink runs in the rows between `top` and `bottom` (serifs make the runs
    at the foot and the head of the stems wider than the stems)."""
    r0, r1 = int(np.floor(top)), int(np.ceil(bottom))
    r0, r1 = max(r0, 0), min(max(r1, r0 + 1), a.shape[0])
    runs = _runs(solid[r0:r1], a[r0:r1])
    return float(np.median(runs)) if runs.size else 0.0


def _comb_fit(centers: np.ndarray, em: float) -> float:
    """How well glyph centres sit on a regular grid (0–1): monospaced text puts every glyph on one
    (its advance, 0.45–0.7 em); proportional text does not. 1 − the best mean distance to the grid
    in quarters of a cell (random positions give about 1)."""
    if centers.size < 6 or em <= 0:
        return 0.0
    adv = np.linspace(0.45 * em, 0.72 * em, 28)[:, None]
    phase = np.mod((centers - centers[0])[None, :], adv) / adv
    best = min(1.0, float((np.minimum(phase, 1.0 - phase).mean(axis=1) * 4.0).min()))
    return max(0.0, 1.0 - best)


def _ascent(col_h: np.ndarray, cols: np.ndarray, x_height: float | None, h_max: float,
            stem: float) -> tuple[float, str]:
    """(height of the tall glyphs, what they are: "ascender", "capital" or "none").

    What rises above the x-line in a lowercase line is either an ascender or an i's dot (one stem
    wide: b d h k l, and i j) or a capital or digit (as wide as a letter: S, G, 4, the bar of T).
    Ascenders and capitals stand at different shares of the em, so each tall run of columns is
    judged by its width; ascenders, when there are any, decide."""
    if x_height is None:
        caps = col_h[col_h >= 0.8 * h_max]
        return _cluster_top(caps), "capital"
    tall = col_h >= x_height + 0.5 * (h_max - x_height)
    idx = np.flatnonzero(tall)
    if idx.size == 0:
        return x_height, "none"
    run = np.concatenate(([0], np.cumsum(np.diff(cols[idx]) > 1)))
    width = np.bincount(run).astype(float)
    top = np.zeros(width.size)
    np.maximum.at(top, run, col_h[idx])
    narrow = width <= NARROW_STEMS * max(stem, 1.0) + 1.0
    if narrow.any():
        return float(np.percentile(top[narrow], 75)), "ascender"
    return float(np.median(top)), "capital"


def measure(gray: np.ndarray | None, rgb: np.ndarray, line: TextLine) -> TextLine | None:
    """Fill in the line's metrics (in place, image px); None when the crop holds no readable ink.
    `gray` is the image's luminance, or None to compute it for the line's crop alone."""
    if gray is None:
        crop = luminance(rgb[line.y0:line.y1, line.x0:line.x1])
    else:
        crop = gray[line.y0:line.y1, line.x0:line.x1]
    if crop.shape[0] < 3 or crop.shape[1] < 3:
        return None
    got = coverage(crop)
    if got is None:
        return None
    a, bg, ink = got
    a = _without_rules(a)
    solid = a > SOLID
    cols = np.flatnonzero(solid.any(axis=0))
    if cols.size < 2:
        return None
    tops, bottoms = _edges(a, solid, cols)
    # Glyphs: runs of adjacent ink columns (touching letters make one run; its top is the tallest).
    breaks = np.flatnonzero(np.diff(cols) > 1) + 1
    firsts = np.concatenate(([0], breaks))
    g_top = np.minimum.reduceat(tops, firsts)
    lasts = np.concatenate((breaks - 1, [cols.size - 1]))
    centers = (cols[firsts] + cols[lasts] + 1) * 0.5
    g_bottom = np.maximum.reduceat(bottoms, firsts)
    # Most columns end on the baseline, even in a word of descenders (their stems do); a glyph's own
    # bottom would not do: two touching glyphs with a descender share one.
    baseline = _cluster_top(bottoms)
    col_h = baseline - tops
    h_max = float(np.percentile(col_h, 98))
    if h_max <= 1.0:
        return None
    # The x-line: where most of the lower column tops sit (columns, not glyphs: at 1× the letters
    # of a word touch, and a word with one ascender would hide its x-height).
    low = col_h[col_h < 0.86 * h_max]
    x_height = _cluster_top(low) if low.size >= max(2, X_BAND_SHARE * col_h.size) else None
    if x_height is not None and not 0.45 * h_max <= x_height <= 0.85 * h_max:
        x_height = None  # no lowercase band: capitals, digits or a face without one
    deep = g_bottom[g_bottom > baseline + max(1.0, 0.12 * h_max)] - baseline
    descent = float(np.median(deep)) if deep.size >= 1 else None
    # Strokes, inside the middle of the x-height band (or of the capitals when there is none).
    band_h = x_height or h_max
    r0 = int(round(baseline - 0.75 * band_h))
    r1 = int(round(baseline - 0.25 * band_h))
    r0, r1 = max(r0, 0), min(max(r1, r0 + 1), a.shape[0])
    stems = _runs(solid[r0:r1], a[r0:r1])
    horiz = _runs(solid[r0:r1].T[cols], a[r0:r1].T[cols]) if r1 - r0 >= 3 else np.empty(0)
    stem = float(np.median(stems)) if stems.size else 0.0
    hstroke = float(np.percentile(horiz, 25)) if horiz.size else stem
    ascent, tall = _ascent(col_h, cols, x_height, h_max, stem)
    if x_height is None and descent is not None and descent >= X_ONLY_DESCENT * ascent:
        # Descenders under a band with nothing above it: lowercase without ascenders ("young"),
        # not capitals (which do not descend). Its top is the x-line.
        x_height, tall = ascent, "none"
    foot = _band_runs(solid, a, baseline - 0.14 * band_h, baseline - 0.02 * band_h)
    head = _band_runs(solid, a, baseline - 0.98 * band_h, baseline - 0.86 * band_h)
    line.features.update(foot=foot / stem if stem > 0 and foot else 1.0, head=head / stem if stem > 0 and head else 1.0,
                         mono=_comb_fit(centers, x_height / 0.52 if tall == "none" else ascent / 0.72))
    line.baseline = line.y0 + baseline
    # Glyphs as the columns show them at this resolution (a line found at half size had fewer).
    line.glyphs = max(line.glyphs, int(firsts.size))
    line.ascent, line.x_height, line.descent, line.tall = ascent, x_height, descent, tall
    line.stem = stem
    line.contrast = hstroke / stem if stem > 0 else 1.0
    ys, xs = np.nonzero(a > 0.9)
    if ys.size:
        line.ink = tuple(int(v) for v in np.median(rgb[line.y0 + ys, line.x0 + xs], axis=0))
    bgm = np.abs(crop - bg) < 0.02
    if bgm.any():
        by, bx = np.nonzero(bgm)
        line.background = tuple(int(v) for v in np.median(rgb[line.y0 + by, line.x0 + bx], axis=0))
    line.features.update(cols=float(cols.size), ink_share=float(a.mean()), bg=bg, ink=ink)
    return line
