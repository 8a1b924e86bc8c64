"""Where the typography benchmark's text-size F1 and body size are lost, per split (a diagnosis).

    python tests/benchmarks/typography_losses.py [--data /work/data/typography] [--splits dpr1-png,...] [--verbose]

Runs the product's pixel typography (as typography_pixels.predict: no DPR hint) and matches each
measured line to its truth line by box overlap (half the line's box). Prints, per split:

* the size F1 and body ±1 px as the benchmark scores them;
* the images whose device-pixel ratio was misread (every size of such an image is off by the
  ratio's error: their losses are counted under `dpr`, not below);
* the em ceiling: the share of true (page, size) groups whose detected lines, pooled as a style is
  (glyph-weighted median of their sizes at the true DPR), land within max(1 px, 6 %) of the true
  size (a size without a detected line counts as missed): about what perfect grouping would score
  with today's per-line measurements;
* each missed true size by cause: `missed` (no detected line), `measure-off` (most of its lines
  read beyond the tolerance), `merged` (its lines read right but went to another size's basin),
  `value-off` (read right, but the basin's value is not);
* each extra predicted size by cause: `spurious` (its lines match no text), `split` (its lines'
  true size is already matched by another predicted size), `off-value` (its true size is missed:
  the same loss as a `measure-off`);
* each wrong body by cause: `measure` (the chosen style's lines are the true body's, read off by
  more than 1 px) or `pick` (another size's lines).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path
from unittest import mock

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import shared.extraction.typography as typography  # noqa: E402
from shared.extraction.image import load_image  # noqa: E402
from shared.extraction.typography.classify import em_px  # noqa: E402
from tests.benchmarks.typography_score import (  # noqa: E402
    distinct, max_matching, predicted_body, score_image, size_matches, truth_summary)

DEFAULT_DATA = Path("/work/data/typography")
MERGE = 0.5  # px: predicted sizes this close are one (as the scorer's `distinct`)


def _truth_line(ln, truth: list[dict], dpr: float) -> dict | None:
    best, best_share = None, 0.0
    for t in truth:
        bx, by, bw, bh = (v * dpr for v in t["boxCss"])
        ix = max(0.0, min(ln.x1, bx + bw) - max(ln.x0, bx))
        iy = max(0.0, min(ln.y1, by + bh) - max(ln.y0, by))
        share = ix * iy / max(1, ln.width * ln.height)
        if share > best_share:
            best, best_share = t, share
    return best if best_share >= 0.5 else None


def _weighted_median(values: list[float], weights: list[float]) -> float:
    v, w = np.asarray(values, float), np.asarray(weights, float)
    order = np.argsort(v)
    c = np.cumsum(w[order])
    return float(v[order][np.searchsorted(c, 0.5 * c[-1])])


def styles_with_basins(measured) -> tuple:
    """The product's styles of measured lines, the basins (size clusters) their lines went to, and the
    styles as the scorer's predictions."""
    captured: list = []
    real = typography.cluster_lines

    def keep(lines):
        captured[:] = real(lines)
        return captured

    with mock.patch.object(typography, "cluster_lines", keep):
        result = typography.styles_of(measured)
    preds = [{"fontSize": s.font_size, "fontWeight": s.font_weight, "lineHeight": s.line_height,
              "familyClass": s.family_class, "role": s.role, "share": s.share} for s in result.styles]
    return result, captured, preds


def diagnose(truth: dict, image_path: Path) -> dict:
    """One image: its scores, the em ceiling's groups, and the causes of its losses."""
    measured = typography.measure_image(load_image(image_path.read_bytes(), detail=True))
    true_dpr = float(truth["dpr"])
    true_sizes = {id(ln): em_px(ln) / true_dpr for ln in measured.lines}  # before styles_of classifies
    result, captured, preds = styles_with_basins(measured)
    score = score_image(truth, preds)
    summary = truth_summary(truth)
    seen = [t for t in truth["lines"] if not t["clipped"]]
    matched = {id(ln): _truth_line(ln, seen, true_dpr) for ln in measured.lines}
    out = {"score": score, "groups": [], "fn": Counter(), "fp": Counter(), "body": Counter(), "notes": [],
           "dpr": result.device_pixel_ratio}
    # The em ceiling: each true size's detected lines pooled at the true DPR.
    for size in summary["sizes"]:
        lines = [ln for ln in measured.lines if (t := matched[id(ln)]) and abs(t["fontSize"] - size) <= MERGE]
        if lines:
            got = _weighted_median([true_sizes[id(ln)] for ln in lines], [max(ln.glyphs, 1) for ln in lines])
            out["groups"].append(size_matches(got, size))
        else:
            out["groups"].append(False)
    by_pred: dict[float, list] = defaultdict(list)
    for c in captured:
        by_pred[round(c.size * 2) / 2].extend(c.lines)
    psizes = distinct([float(p["fontSize"]) for p in preds])
    pairs = max_matching(psizes, summary["sizes"], size_matches)
    hit = {summary["sizes"][j] for j in pairs.values()}

    def lines_near(p: float) -> list:
        return [ln for k, v in by_pred.items() if abs(k - p) <= MERGE for ln in v]

    def true_of(lines) -> Counter:
        return Counter(matched[id(ln)]["fontSize"] if matched.get(id(ln)) else None for ln in lines)

    if abs(result.device_pixel_ratio - true_dpr) > 0.01:
        out["notes"].append(f"DPR read {result.device_pixel_ratio:g}, true {true_dpr:g}")
        out["fn"]["dpr"] = len(summary["sizes"]) - len(pairs)
        out["fp"]["dpr"] = len(psizes) - len(pairs)
        out["body"]["dpr"] = int(not score["body_size"])
        return out
    for j, size in enumerate(summary["sizes"]):
        if j in pairs.values():
            continue
        placed = [(ln, k) for k, v in by_pred.items() for ln in v
                  if (t := matched.get(id(ln))) and abs(t["fontSize"] - size) <= MERGE]
        if not placed:
            cause = "missed"
        else:
            ratios = [ln.size / size for ln, _ in placed]
            right = sum(size_matches(ln.size, size) for ln, _ in placed) / len(placed)
            dest = Counter(k for _, k in placed).most_common(1)[0][0]
            there = true_of(lines_near(dest)).most_common(1)[0][0]
            cause = ("measure-off" if right < 0.5 else
                     "merged" if there is not None and abs(there - size) > MERGE else "value-off")
            out["notes"].append(f"missed {size:g}: {cause}, {len(placed)} lines read x{statistics.median(ratios):.3f}"
                                f" -> {dest:g}")
        out["fn"][cause] += 1
    for i, p in enumerate(psizes):
        if i in pairs or any(size_matches(p, d) for d in summary["dontCareSizes"]):
            continue
        main = true_of(lines_near(p)).most_common(1)[0][0] if lines_near(p) else None
        cause = ("spurious" if main is None else
                 "split" if any(abs(main - h) <= MERGE for h in hit) else "off-value")
        out["fp"][cause] += 1
        out["notes"].append(f"extra {p:g}: {cause} (its lines' true size {main})")
    if not score["body_size"]:
        body = predicted_body(preds)
        main = true_of(lines_near(body["fontSize"])).most_common(1)[0][0] if body else None
        tb = summary["body"]["fontSize"]
        cause = "measure" if main is not None and abs(main - tb) <= MERGE else "pick"
        out["body"][cause] += 1
        out["notes"].append(f"body {body and body['fontSize']} vs {tb:g}: {cause}")
    return out


def run_split(data: Path, split: str, verbose: bool) -> dict:
    index = json.loads((data / "index.json").read_text())
    f1, body, groups, misread = [], [], [], 0
    fn, fp, bodies = Counter(), Counter(), Counter()
    for page in index["pages"]:
        files = page["files"][split]
        truth = json.loads((data / files["truth"]).read_text())
        if not truth["hasText"]:
            continue
        d = diagnose(truth, data / files["image"])
        f1.append(d["score"]["size_f1"])
        body.append(d["score"]["body_size"])
        groups += d["groups"]
        misread += abs(d["dpr"] - truth["dpr"]) > 0.01
        fn.update(d["fn"])
        fp.update(d["fp"])
        bodies.update(d["body"])
        if verbose and d["notes"]:
            print(f"  {page['id']}: " + "; ".join(d["notes"]))
    out = {"split": split, "images": len(f1), "size_f1": statistics.fmean(f1), "body_size": statistics.fmean(body),
           "em_ceiling": statistics.fmean(groups), "groups": len(groups), "dpr_misread": misread, "missed_sizes": dict(fn),
           "extra_sizes": dict(fp), "wrong_body": dict(bodies)}
    print(f"{split}: size F1 {out['size_f1']:.3f}, body {out['body_size']:.3f}; DPR misread on {misread} images; "
          f"em ceiling {out['em_ceiling']:.3f} of {len(groups)} true sizes | missed sizes {dict(fn)} | extra sizes {dict(fp)} | wrong body {dict(bodies)}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--splits", default="dpr1-png,dpr1-jpeg,dpr2-png,dpr2-jpeg")
    ap.add_argument("--verbose", action="store_true", help="every loss, per page")
    a = ap.parse_args(argv)
    for split in a.splits.split(","):
        run_split(a.data, split, a.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
