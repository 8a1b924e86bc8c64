"""Why text sizes are missed or invented, per split: every lost size traced to the lines behind it (a diagnosis).

    python tests/benchmarks/typography_size_causes.py [--data /work/data/typography-calib-dev] [--splits ...]
        [--pages N] [--verbose]

Runs the product's pixel typography (no DPR hint, as typography_pixels.predict) and sorts each measured
line by the true lines its box covers (true boxes at the true DPR; a true line counts when it covers
30 % of the measured box or the measured box covers 50 % of it):

* `clean`: one true line;  `joined-sizes`: true lines of two sizes (inline code, a price beside its old
  price, a label beside its value);  `joined-lines`: true lines of one size but two rows (stacked lines
  merged into one box);  `joined-icon`: one true line, but the box is much wider than its text (icons
  joined to it: a star rating beside its review count);  `none`: no true text (an icon, a rule, an image).

Each missed true size (of the one-to-one matching the benchmark scores) gets one cause, first that applies:
`dpr` (the image's device-pixel ratio was misread), `detector` (no measured line covers its text),
`joined` (its text is only in joined boxes, icons included), `em` (its clean lines read beyond max(1 px, 6 %): their
median), `merged` (its clean lines read right but went to a basin whose value matches another true
size), `value` (read right, basin value off: a basin pooling several sizes' lines, or a split), `taken`
(its basin matched another true size in the one-to-one matching). Each extra predicted size: `dpr`,
`spurious` (its lines cover no text), `joined` (most of its lines are joined boxes), `split` (its lines'
true size is matched by another predicted size), `em` (its true size is missed: the same loss seen
from the other side). Missed sizes are also tallied by range: tiny (≤ 12 px), body (13–47), huge (≥ 48).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import shared.extraction.typography as typography  # noqa: E402
from shared.extraction.image import load_image  # noqa: E402
from shared.extraction.typography.classify import em_px  # noqa: E402
from tests.benchmarks.typography_losses import styles_with_basins  # noqa: E402
from tests.benchmarks.typography_score import (  # noqa: E402
    distinct, max_matching, score_image, size_matches, truth_summary)

DEFAULT_DATA = Path("/work/data/typography-calib-dev")
MERGE = 0.5
COVER_MEASURED, COVER_TRUE = 0.3, 0.5
ICON_WIDER = 1.3  # a box this much (and an em) wider than its text's holds more than text


def _overlaps(ln, truth: list[dict], dpr: float) -> list[dict]:
    out = []
    area = max(1, ln.width * ln.height)
    for t in truth:
        bx, by, bw, bh = (v * dpr for v in t["boxCss"])
        ix = max(0.0, min(ln.x1, bx + bw) - max(ln.x0, bx))
        iy = max(0.0, min(ln.y1, by + bh) - max(ln.y0, by))
        inter = ix * iy
        if inter <= 0:
            continue
        if inter >= COVER_MEASURED * area or inter >= COVER_TRUE * max(1.0, bw * bh):
            out.append(t)
    return out


def line_kind(ln, truth: list[dict], dpr: float) -> tuple[str, list[dict]]:
    ts = _overlaps(ln, truth, dpr)
    if not ts:
        return "none", ts
    sizes = distinct([t["fontSize"] for t in ts])
    if len(sizes) > 1:
        return "joined-sizes", ts
    tops = sorted(t["boxCss"][1] for t in ts)
    if tops[-1] - tops[0] > 0.5 * ts[0]["fontSize"]:
        return "joined-lines", ts
    if ln.width > ICON_WIDER * sum(t["boxCss"][2] for t in ts) * dpr + ts[0]["fontSize"] * dpr:
        return "joined-icon", ts  # its box spans what no text covers: icons beside the text (★★★★☆ (128))
    return "clean", ts


def _range(size: float) -> str:
    return "tiny" if size <= 12 else "huge" if size >= 48 else "mid"


def diagnose(truth: dict, image_path: Path) -> dict:
    measured = typography.measure_image(load_image(image_path.read_bytes(), detail=True))
    true_dpr = float(truth["dpr"])
    result, captured, preds = styles_with_basins(measured)
    score = score_image(truth, preds)
    summary = truth_summary(truth)
    seen = [t for t in truth["lines"] if not t["clipped"]]
    kinds = {}
    for ln in measured.lines:
        kinds[id(ln)] = line_kind(ln, seen, true_dpr)
    out = {"score": score, "fn": Counter(), "fp": Counter(), "fn_range": Counter(), "lines": Counter(),
           "notes": [], "dpr": result.device_pixel_ratio, "em_err": []}
    for ln in measured.lines:
        k, ts = kinds[id(ln)]
        out["lines"][k] += 1
        if k == "clean":
            out["em_err"].append((em_px(ln) / true_dpr) / ts[0]["fontSize"] - 1.0)
    # Which predicted size each line ended in (the styles keep half-pixel sizes).
    dest = {}
    for c in captured:
        for ln in c.lines:
            dest[id(ln)] = round(c.size * 2) / 2
    psizes = distinct([float(p["fontSize"]) for p in preds])
    pairs = max_matching(psizes, summary["sizes"], size_matches)
    hit = {summary["sizes"][j] for j in pairs.values()}
    misread = abs(result.device_pixel_ratio - true_dpr) > 0.01
    for j, size in enumerate(summary["sizes"]):
        if j in pairs.values():
            continue
        out["fn_range"][_range(size)] += 1
        mine = [(ln, kinds[id(ln)]) for ln in measured.lines
                if any(abs(t["fontSize"] - size) <= MERGE for t in kinds[id(ln)][1])]
        clean = [ln for ln, (k, _) in mine if k == "clean"]
        if misread:
            cause = "dpr"
        elif not mine:
            cause = "detector"
        elif not clean:
            cause = "joined"
        else:
            cls = [ln for ln in clean if id(ln) in dest]
            if not cls:
                cause = "filtered"
            else:
                read = statistics.median(ln.size for ln in cls)
                if not size_matches(read, size):
                    cause = "em"
                else:
                    d = Counter(dest[id(ln)] for ln in cls).most_common(1)[0][0]
                    if size_matches(d, size):
                        cause = "taken"
                    elif any(size_matches(d, o) and o != size for o in summary["sizes"]):
                        cause = "merged"
                    else:
                        cause = "value"
                out["notes"].append(f"missed {size:g} ({cause}): {len(cls)} clean lines read {read:.1f}")
        if cause in ("detector", "joined", "filtered"):
            out["notes"].append(f"missed {size:g} ({cause}, {len(mine)} boxes)")
        out["fn"][cause] += 1
    by_pred = defaultdict(list)
    for c in captured:
        by_pred[round(c.size * 2) / 2].extend(c.lines)
    for i, p in enumerate(psizes):
        if i in pairs or any(size_matches(p, d) for d in summary["dontCareSizes"]):
            continue
        lines = [ln for k, v in by_pred.items() if abs(k - p) <= MERGE for ln in v]
        ks = Counter(kinds[id(ln)][0] for ln in lines)
        trues = Counter(kinds[id(ln)][1][0]["fontSize"] for ln in lines if kinds[id(ln)][0] == "clean")
        if misread:
            cause = "dpr"
        elif not lines or ks["none"] * 2 >= len(lines):
            cause = "spurious"
        elif (ks["joined-sizes"] + ks["joined-lines"] + ks["joined-icon"]) * 2 >= len(lines) and not trues:
            cause = "joined"
        else:
            main = trues.most_common(1)[0][0] if trues else None
            cause = "split" if main is not None and any(abs(main - h) <= MERGE for h in hit) else "em"
        out["fp"][cause] += 1
        out["notes"].append(f"extra {p:g} ({cause}): lines {dict(ks)}, true {dict(trues)}")
    return out


def run_split(data: Path, split: str, pages: int | None, verbose: bool) -> dict:
    index = json.loads((data / "index.json").read_text())
    f1, body, errs = [], [], []
    fn, fp, rng, lines = Counter(), Counter(), Counter(), Counter()
    for page in index["pages"][:pages] if pages else index["pages"]:
        files = page["files"][split]
        truth = json.loads((data / files["truth"]).read_text())
        if not truth["hasText"]:
            continue
        d = diagnose(truth, data / files["image"])
        f1.append(d["score"]["size_f1"])
        body.append(d["score"]["body_size"])
        fn.update(d["fn"])
        fp.update(d["fp"])
        rng.update(d["fn_range"])
        lines.update(d["lines"])
        errs += d["em_err"]
        if verbose and d["notes"]:
            print(f"  {page['id']}: " + "; ".join(d["notes"]))
    a = sorted(abs(e) for e in errs)
    print(f"{split}: size F1 {statistics.fmean(f1):.3f}, body {statistics.fmean(body):.3f} | "
          f"missed {dict(fn.most_common())} by range {dict(rng)} | extra {dict(fp.most_common())} | "
          f"lines {dict(lines)}; clean-line em |err| median {a[len(a) // 2]:.3f}, "
          f"within 6 % {sum(e <= 0.06 for e in a) / len(a):.3f}")
    return {"fn": fn, "fp": fp}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--splits", default="dpr1-png,dpr1-jpeg,dpr2-png,dpr2-jpeg")
    ap.add_argument("--pages", type=int, default=None)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args(argv)
    for split in a.splits.split(","):
        run_split(a.data, split, a.pages, a.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
