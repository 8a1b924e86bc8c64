"""Typography calibration: the constants of shared/extraction/typography fitted on the calibration set.

    python tests/benchmarks/typography_calibration.py [--data /work/data/typography-calib]
        [--splits dpr2-png,dpr1-png] [--pages N] [--dump lines.json]

The calibration set is rendered like the benchmark (typography_dataset.py --font-set calibration) from
a font set disjoint from the benchmark's, so constants fitted here are tested honestly on the
benchmark. Each detected line is matched to the truth line whose box holds most of it; the known CSS
size and weight then turn its measurements into shares of the em. Printed:

* EM_SHARE (classify.py): per kind of tall glyph (ascender, capital, x-height only), the median over
  text faces (sans-serif, serif, monospace) of each face's median height / em, lines ≥ 14 CSS px
  (smaller ones are quantised by hinting). Median over faces, so a face with many lines does not
  outweigh the others.
* WEIGHT_BOUNDS (classify.py): per weight class, the median over faces of stem / em; the bounds are
  the midpoints between neighbouring classes (a class seen in fewer than 3 faces is skipped).
* family features (classify.py): for the serif rule and the monospace rule, each feature's
  distribution per true class and the threshold that classifies the most lines right; then the
  serif boundary in (stem/em, contrast), whose contrast threshold falls as strokes get heavier.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from shared.extraction.image import load_image  # noqa: E402
from shared.extraction.typography import measure_image  # noqa: E402

DEFAULT_DATA = Path("/work/data/typography-calib")
TEXT_CLASSES = ("sans-serif", "serif", "monospace")
MIN_CSS_PX = 14.0
REGULAR_STEM = 0.09  # stem / em of a regular weight: where SERIF_CONTRAST applies as is


def match(lines, truth_lines) -> list[dict | None]:
    """Per detected line, the unclipped truth line whose box covers most of it (or None)."""
    out = []
    for ln in lines:
        best, best_cover = None, 0.0
        for t in truth_lines:
            x, y, w, h = t["box"]
            ox = min(ln.x1, x + w) - max(ln.x0, x)
            oy = min(ln.y1, y + h) - max(ln.y0, y)
            if ox <= 0 or oy < 0.6 * ln.height:
                continue
            cover = ox * oy / max(1, ln.width * ln.height)
            if cover > best_cover:
                best, best_cover = t, cover
        out.append(best if best_cover > 0.5 else None)
    return out


def collect(data: Path, splits: list[str], limit: int | None) -> list[dict]:
    index = json.loads((data / "index.json").read_text())
    pages = index["pages"][:limit] if limit else index["pages"]
    rows = []
    for split in splits:
        dpr = int(split[3])
        for page in pages:
            files = page["files"][split]
            truth = json.loads((data / files["truth"]).read_text())
            seen = [t for t in truth["lines"] if not t["clipped"]]
            if not seen:
                continue
            m = measure_image(load_image((data / files["image"]).read_bytes(), detail=True))
            for ln, t in zip(m.lines, match(m.lines, seen)):
                if t is None or t["familyClass"] is None:
                    continue
                em = t["fontSize"] * dpr
                rows.append({"split": split, "page": page["id"], "face": t["usedFont"], "cls": t["familyClass"],
                             "size": t["fontSize"], "weight": t["fontWeight"], "italic": t["fontStyle"] != "normal",
                             "tall": ln.tall, "ascent": ln.ascent / em,
                             "x_height": ln.x_height / em if ln.x_height else None,
                             "stem": ln.stem / em, "contrast": ln.contrast, "glyphs": ln.glyphs,
                             **{f"f_{k}": float(v) for k, v in ln.features.items()}})
    return rows


def _face_median(rows: list[dict], value) -> dict[str, float]:
    by_face = defaultdict(list)
    for r in rows:
        v = value(r)
        if v is not None:
            by_face[r["face"]].append(v)
    return {f: float(np.median(v)) for f, v in by_face.items() if len(v) >= 2}


def em_shares(rows: list[dict]) -> dict[str, float]:
    text = [r for r in rows if r["cls"] in TEXT_CLASSES and r["size"] >= MIN_CSS_PX and not r["italic"]]
    out = {}
    for kind in ("ascender", "capital", "none"):
        key = "x_height" if kind == "none" else "ascent"
        faces = _face_median([r for r in text if r["tall"] == kind], lambda r, k=key: r[k])
        if faces:
            out[kind] = round(statistics.median(faces.values()), 3)
            spread = np.percentile(list(faces.values()), [10, 90])
            print(f"  {kind:9s} {out[kind]:.3f}  (faces {len(faces)}, p10–p90 {spread[0]:.3f}–{spread[1]:.3f})")
    return out


def weight_bounds(rows: list[dict]) -> list[tuple[int, float]]:
    text = [r for r in rows if r["cls"] in TEXT_CLASSES and r["stem"] > 0 and not r["italic"]]
    medians = {}
    for w in sorted({r["weight"] for r in text}):
        faces = _face_median([r for r in text if r["weight"] == w], lambda r: r["stem"])
        if len(faces) >= 3:
            medians[w] = statistics.median(faces.values())
            print(f"  {w}: stem/em {medians[w]:.3f} (faces {len(faces)})")
    ws = sorted(medians)
    return [(a, round((medians[a] + medians[b]) / 2, 3)) for a, b in zip(ws, ws[1:])]


def best_threshold(pos: list[float], neg: list[float], below: bool) -> tuple[float, float]:
    """The threshold t classifying the most values right: pos < t (below) or pos >= t; (t, accuracy)."""
    values = sorted(set(pos) | set(neg))
    best = (0.0, 0.0)
    p, n = np.asarray(pos), np.asarray(neg)
    for t in values:
        right = ((p < t).sum() + (n >= t).sum()) if below else ((p >= t).sum() + (n < t).sum())
        acc = right / max(1, p.size + n.size)
        if acc > best[1]:
            best = (float(t), float(acc))
    return best


def family_features(rows: list[dict]) -> None:
    text = [r for r in rows if r["cls"] in TEXT_CLASSES]
    for feat, target, below in (("contrast", "serif", True), ("f_foot", "serif", False),
                                ("f_mono", "monospace", False)):
        pos = [r[feat] for r in text if r["cls"] == target and feat in r and r["glyphs"] >= 6]
        neg = [r[feat] for r in text if r["cls"] != target and feat in r and r["glyphs"] >= 6]
        if not pos or not neg:
            continue
        t, acc = best_threshold(pos, neg, below)
        q = lambda v: "/".join(f"{x:.2f}" for x in np.percentile(v, [10, 50, 90]))  # noqa: E731
        print(f"  {feat:9s} {target:9s} p10/50/90 {q(pos)} vs others {q(neg)}: "
              f"{'<' if below else '>='} {t:.3f} right on {acc:.3f} of {len(pos) + len(neg)} lines")


def serif_boundary(rows: list[dict]) -> tuple[float, float]:
    """Serif when contrast < c0 + slope × (stem/em − REGULAR_STEM): heavier strokes thin the
    horizontals of sans faces too, so the boundary falls with the weight. (c0, slope) maximising
    the balanced accuracy over serif and sans-serif lines of 6+ glyphs."""
    text = [r for r in rows if r["cls"] in ("serif", "sans-serif") and r["glyphs"] >= 6 and r["stem"] > 0]
    serif = np.array([r["cls"] == "serif" for r in text])
    contrast = np.array([r["contrast"] for r in text])
    stem = np.array([r["stem"] for r in text]) - REGULAR_STEM
    best = (0.0, 0.0, 0.0)
    for slope in np.arange(-5.0, 0.01, 0.25):
        for c0 in np.arange(0.40, 0.90, 0.01):
            pred = contrast < c0 + slope * stem
            acc = 0.5 * (pred[serif].mean() + (~pred[~serif]).mean())
            if acc > best[2]:
                best = (round(float(c0), 2), round(float(slope), 2), float(acc))
    print(f"  SERIF_CONTRAST, SERIF_SLOPE = {best[0]}, {best[1]}  (balanced accuracy {best[2]:.3f} on "
          f"{serif.sum()} serif, {(~serif).sum()} sans lines)")
    return best[0], best[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--splits", default="dpr2-png,dpr1-png")
    ap.add_argument("--pages", type=int, default=None)
    ap.add_argument("--dump", type=Path, default=None, help="write the matched lines here (JSON)")
    a = ap.parse_args(argv)
    rows = collect(a.data, a.splits.split(","), a.pages)
    print(f"{len(rows)} matched lines, {len({r['face'] for r in rows})} faces, splits {a.splits}")
    print("EM_SHARE (height / em, lines >= 14 CSS px):")
    shares = em_shares(rows)
    print("  EM_SHARE =", json.dumps(shares))
    print("WEIGHT_BOUNDS (stem / em):")
    print("  WEIGHT_BOUNDS =", weight_bounds(rows))
    print("Family features:")
    family_features(rows)
    serif_boundary(rows)
    if a.dump:
        a.dump.write_text(json.dumps(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
