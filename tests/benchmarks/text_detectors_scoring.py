"""Scoring of predicted text-line boxes against ground-truth line boxes (used by text_detectors_benchmark.py).

Per image: predicted boxes P and true lines T. Each true line has `box`, the dataset's line box (the
glyphs' content area as the browser reports it: ascent + descent of the font, not the ink), `ink`
(the bounding box of the pixels that differ from the line's solid background inside that box; over
a photo or gradient, of the pixels within 40 of the text colour; None for gradient-filled text) and `css_px` (the CSS font size). Boxes are
(x0, y0, x1, y1), x1/y1 exclusive, in image pixels.
* match: ONE-TO-ONE, all (p, t) pairs with IoU(p, box(t)) >= 0.5 taken greedily by IoU.
  recall R = matched true lines / true lines; precision P = matched predictions / predictions.
  Ri / Pi: the same against the ink box (lines without one use the content box).
* covered: for each true line, the fraction of its ink box's area (else its content box) inside the
  union of predicted boxes;
  a line counts as covered when that fraction is >= 0.8 (a detector that merges two lines into one box,
  or splits a line into words, still covers them).
* Size bands by the line's CSS font size: 10-13, 14-20, 21-40, >40 px (the same band at DPR 1 and 2).
  A prediction is put in the band of the true line it matched, else of the true line it overlaps most,
  else in 'none' (it overlaps no text at all: a pure false positive).
* Tightness, over matched pairs (content or ink match): predicted box height / true ink height, the
  top and bottom edge offsets from the ink box (pred - true, in CSS px: image px / DPR), and predicted
  height / content-box height.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

BANDS = ((10, 13.99, "10-13"), (14, 20.99, "14-20"), (21, 40.99, "21-40"), (41, 1e9, ">40"))
BAND_NAMES = [b[2] for b in BANDS] + ["none"]


def band_of(px: float) -> str:
    for lo, hi, name in BANDS:
        if lo - 0.5 <= px <= hi:
            return name
    return "<10" if px < 10 else ">40"


def iou_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)))
    ix = np.clip(np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0]), 0, None)
    iy = np.clip(np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1]), 0, None)
    inter = ix * iy
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    return inter / np.maximum(area_a[:, None] + area_b[None, :] - inter, 1e-9)


def greedy_match(P: np.ndarray, T: np.ndarray, thr: float = 0.5) -> tuple[dict, set]:
    iou = iou_matrix(P, T)
    pairs = np.argwhere(iou >= thr)
    order = np.argsort(-iou[pairs[:, 0], pairs[:, 1]]) if len(pairs) else []
    used_p, used_t, match = set(), set(), {}
    for k in order:
        i, j = pairs[k]
        if i in used_p or j in used_t:
            continue
        used_p.add(i); used_t.add(j); match[int(i)] = int(j)
    return match, used_t


@dataclass
class Tally:
    true: dict = field(default_factory=lambda: defaultdict(int))
    matched_true: dict = field(default_factory=lambda: defaultdict(int))
    covered: dict = field(default_factory=lambda: defaultdict(int))
    cover_frac: dict = field(default_factory=lambda: defaultdict(float))
    pred: dict = field(default_factory=lambda: defaultdict(int))
    matched_pred: dict = field(default_factory=lambda: defaultdict(int))
    matched_true_ink: dict = field(default_factory=lambda: defaultdict(int))
    matched_pred_ink: dict = field(default_factory=lambda: defaultdict(int))
    h_ratio_box: list = field(default_factory=list)
    h_ratio: list = field(default_factory=list)
    top_off: list = field(default_factory=list)
    bot_off: list = field(default_factory=list)
    images: int = 0
    fp_free: int = 0          # predictions on text-free images
    free_images: int = 0
    free_images_with_fp: int = 0

    def add(self, pred, lines, dpr: float, shape) -> None:
        self.images += 1
        P = np.array(pred, dtype=np.float64).reshape(-1, 4)
        if not lines:
            self.free_images += 1
            self.fp_free += len(P)
            self.free_images_with_fp += int(len(P) > 0)
            return
        C = np.array([l["box"] for l in lines], dtype=np.float64).reshape(-1, 4)
        T = np.array([l["ink"] or l["box"] for l in lines], dtype=np.float64).reshape(-1, 4)
        bands = [band_of(l["css_px"]) for l in lines]
        match, used_t = greedy_match(P, C)
        match_i, used_ti = greedy_match(P, T)
        for j, b in enumerate(bands):
            self.matched_true_ink[b] += int(j in used_ti)
        for i in match_i:
            self.matched_pred_ink[bands[match_i[i]]] += 1
        # coverage raster, at most image-sized
        h, w = shape[:2]
        cov = np.zeros((h, w), dtype=bool)
        for x0, y0, x1, y1 in P.astype(int):
            cov[max(y0, 0):max(y1, 0), max(x0, 0):max(x1, 0)] = True
        for j, b in enumerate(bands):
            self.true[b] += 1
            self.matched_true[b] += int(j in used_t)
            x0, y0, x1, y1 = T[j].astype(int)
            area = max((x1 - x0) * (y1 - y0), 1)
            f = cov[y0:y1, x0:x1].sum() / area
            self.cover_frac[b] += f
            self.covered[b] += int(f >= 0.8)
        # inter for prediction band assignment
        if len(P):
            ix = np.clip(np.minimum(P[:, None, 2], T[None, :, 2]) - np.maximum(P[:, None, 0], T[None, :, 0]), 0, None)
            iy = np.clip(np.minimum(P[:, None, 3], T[None, :, 3]) - np.maximum(P[:, None, 1], T[None, :, 1]), 0, None)
            inter = ix * iy
        for i in range(len(P)):
            if i in match or i in match_i:
                j = match[i] if i in match else match_i[i]
                b = bands[j]
                if lines[j]["ink"]:
                    th = T[j, 3] - T[j, 1]
                    self.h_ratio.append((P[i, 3] - P[i, 1]) / max(th, 1))
                    self.top_off.append((P[i, 1] - T[j, 1]) / dpr)
                    self.bot_off.append((P[i, 3] - T[j, 3]) / dpr)
                self.h_ratio_box.append((P[i, 3] - P[i, 1]) / max(C[j, 3] - C[j, 1], 1))
            elif inter[i].max() > 0:
                b = bands[int(inter[i].argmax())]
            else:
                b = "none"
            self.pred[b] += 1
            self.matched_pred[b] += int(i in match)

    def summary(self) -> dict:
        def tot(d):
            return sum(d.values())
        out = {"R": tot(self.matched_true) / max(tot(self.true), 1),
               "P": tot(self.matched_pred) / max(tot(self.pred), 1),
               "Ri": tot(self.matched_true_ink) / max(tot(self.true), 1),
               "Pi": tot(self.matched_pred_ink) / max(tot(self.pred), 1),
               "cov": tot(self.covered) / max(tot(self.true), 1),
               "n_true": tot(self.true), "n_pred": tot(self.pred),
               "fp_none": self.pred.get("none", 0),
               "free_images": self.free_images, "fp_free": self.fp_free,
               "free_images_with_fp": self.free_images_with_fp}
        for b in BAND_NAMES[:-1]:
            if self.true.get(b):
                out[f"R_{b}"] = self.matched_true[b] / self.true[b]
                out[f"Ri_{b}"] = self.matched_true_ink[b] / self.true[b]
                out[f"cov_{b}"] = self.covered[b] / self.true[b]
                out[f"n_{b}"] = self.true[b]
            if self.pred.get(b):
                out[f"P_{b}"] = self.matched_pred[b] / self.pred[b]
        if self.h_ratio:
            out["h_ratio_med"] = float(np.median(self.h_ratio))
            out["h_ratio_p10"], out["h_ratio_p90"] = (float(v) for v in np.percentile(self.h_ratio, [10, 90]))
            out["top_off_med"] = float(np.median(self.top_off))
            out["bot_off_med"] = float(np.median(self.bot_off))
        if self.h_ratio_box:
            out["h_ratio_box_med"] = float(np.median(self.h_ratio_box))
        return out
