"""Why true boxes are not found, per split: every missed box of the layout benchmark traced to a cause (a diagnosis).

    python tests/benchmarks/layout_box_causes.py [--data /work/data/layout] [--splits dpr1-jpeg,dpr2-jpeg]
        [--half even|odd] [--pages N] [--verbose]

Runs the product's layout analysis (no DPR hint, as layout_product.predict) and, for each true box the
benchmark's "boxes found" row counts (isBox, standsOut, at least half in view) that no found box matches
at IoU >= 0.5, reads the flat regions at the image's own tolerance (regions.py, as analyse does) and
gives it the first cause that applies:

* `outline`: a flat region matches the box (IoU >= 0.5; regions stop a pixel short of their edges) but
  its outline is not a box's (surfaces.box_like: a neighbour or an overlap cuts it, or the codec's
  ringing moves single rows);  `sides`: box-shaped, but its sides' edges are not read
  (measure_surface);  `measured-off`: measured, but to a box that misses the truth (IoU < 0.5) or is
  dropped later (too small, a glyph's counter, the text check);
* `noisy-fill`: under 30 % of the box's interior (2 CSS px in from its edges) is flat: its label's
  anti-aliasing, or a JPEG's ringing around it, reaches most of its fill (only the container's holes,
  holes.py, can find it);
* `joined-low-contrast` / `joined-bordered` / `joined`: the interior's main flat region is more than
  1.6x the box: it runs on into the page or a neighbour — through a step under 30 levels (the truth's
  edge contrast) without a border, through a bordered box's ring, or through a stronger edge (thin gaps
  filled, a broken edge);
* `fragmented`: the interior's main flat region is a part of the box.

Prints the counts per split and, with --verbose, every missed box with its kind, edge contrast and
border. A lossless split serves as the reference: its misses are the analysis's, not the codec's.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from shared.extraction.image import load_image  # noqa: E402
from shared.extraction.layout import TOL_LOSSLESS, TOL_LOSSY, _work_image, analyse, text_dpr  # noqa: E402
from shared.extraction.layout.holes import label_image  # noqa: E402
from shared.extraction.layout.regions import label_runs, range3, regions  # noqa: E402
from shared.extraction.layout.surfaces import box_like, measure_surface  # noqa: E402
from shared.extraction.typography import MIN_TEXT_EMS, measure_image, text_ems  # noqa: E402
from shared.extraction.typography.blocks import link_blocks  # noqa: E402

DEFAULT_DATA = Path("/work/data/layout")
MATCH = 0.5  # IoU: the benchmark's box match
NOISY = 0.3  # flat share of a box's interior under which its fill is noise
JOINED = 1.6  # the interior's region's box over the true box's area
LOW_CONTRAST = 30  # levels: the truth's edge contrast of a low-contrast box


def _iou(a, b) -> float:
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def diagnose(image_path: Path, truth: dict) -> list[tuple[str, dict]] | None:
    """(cause, true box) for every missed true box; None when the image gives no analysis (no text)."""
    img = load_image(image_path.read_bytes(), detail=True)
    text = measure_image(img)
    dpr, _ = text_dpr(text, None)
    lines = text.lines if text_ems(text.lines) >= MIN_TEXT_EMS else []
    if not lines:
        return None
    link_blocks(lines)
    lossy = img.format in ("JPEG", "WEBP")
    a = analyse(img.rgb, lines, dpr * (text.width / text.source_width if text.source_width else 1.0), lossy=lossy)
    css = a.css  # work px per CSS px
    found = [tuple(v / css for v in s.box()) for s in a.surfaces]
    work = _work_image(img.rgb, int(a.k))
    tol = TOL_LOSSY if lossy else TOL_LOSSLESS
    runs = label_runs(range3(work) <= tol)
    lab = label_image(runs, work.shape[:2])
    regs = {r.index: r for r in regions(work, runs, min_side=1, min_area=1)}
    trues = [b for b in truth["boxes"] if b["isBox"] and b["standsOut"] and b["visibleFrac"] >= 0.5]
    out = []
    for t in trues:
        x, y, w, h = t["rect"]
        tb = (x, y, x + w, y + h)
        if max((_iou(tb, q) for q in found), default=0.0) >= MATCH:
            continue
        best = max(regs.values(), key=lambda r: _iou(tb, (r.x0 / css, r.y0 / css, r.x1 / css, r.y1 / css)), default=None)
        if best is not None and _iou(tb, (best.x0 / css, best.y0 / css, best.x1 / css, best.y1 / css)) >= MATCH:
            if not box_like(best):
                cause = "outline"
            elif measure_surface(work, best, tol) is None:
                cause = "sides"
            else:
                cause = "measured-off"
            out.append((cause, t))
            continue
        ix0, iy0 = max(int((x + 2) * css), 0), max(int((y + 2) * css), 0)
        ix1, iy1 = max(int((x + w - 2) * css), ix0), max(int((y + h - 2) * css), iy0)
        inner = lab[iy0:iy1, ix0:ix1]
        ids = inner[inner >= 0]
        if inner.size == 0 or ids.size < NOISY * inner.size:
            out.append(("noisy-fill", t))
            continue
        r = regs.get(int(np.bincount(ids).argmax()))
        if r is not None and r.w * r.h / (css * css) > JOINED * w * h:
            border = max(t["border"]["widths"]) > 0
            cause = "joined-bordered" if border else (
                "joined-low-contrast" if (t["edge"] or 0) < LOW_CONTRAST else "joined")
        else:
            cause = "fragmented"
        out.append((cause, t))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--splits", default="dpr1-jpeg,dpr2-jpeg")
    ap.add_argument("--half", choices=("even", "odd"), default="even")
    ap.add_argument("--pages", type=int, default=None)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    pages = json.loads((args.data / "index.json").read_text())["pages"]
    pages = pages[0 if args.half == "even" else 1::2][:args.pages]
    for split in args.splits.split(","):
        counts, total, missed = Counter(), 0, 0
        for p in pages:
            f = p["files"][split]
            truth = json.loads((args.data / f["truth"]).read_text())
            got = diagnose(args.data / f["image"], truth)
            n = sum(1 for b in truth["boxes"] if b["isBox"] and b["standsOut"] and b["visibleFrac"] >= 0.5)
            total += n
            if got is None:
                counts["no-analysis"] += n
                missed += n
                continue
            missed += len(got)
            for cause, t in got:
                counts[cause] += 1
                if args.verbose:
                    print(f"  {split} {p['id']} {t.get('kind') or t['tag']} {[round(v) for v in t['rect']]} "
                          f"edge={t['edge']} border={max(t['border']['widths'])} pill={t['pill']}: {cause}")
        print(f"{split}: {missed} of {total} true boxes missed — "
              + ", ".join(f"{k} {v}" for k, v in counts.most_common()), flush=True)


if __name__ == "__main__":
    main()
