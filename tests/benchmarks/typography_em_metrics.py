"""Can a face's vertical proportions tell its em? Face by face, on fonts the benchmark does not use.

    python tests/benchmarks/typography_em_metrics.py [--fit /work/data/typography-train/lines.npz]
        [--held-out /work/data/typography-train-b/lines.npz]

A line's size is its em; the pixels show heights (ascenders, x-height, descenders), and each face
puts them at its own share of the em. If the proportions a style shows (x-height / ascender,
descender / ascender, stem / ascender, stroke contrast, advance per glyph) predicted that share, a
style's lines pooled could fix the em per face. Both files are typography_training.py's `lines`
(measured lines with their true em); the first set's faces fit, the second's (disjoint faces, and
not seen by the shipped model) judge. Printed:

* per metric (ascender, x-height, descender, ascender + descender, x-height + descender, of the em):
  its spread across faces (std of the log) and the held-out faces within 6 % of the fitting faces'
  typical share;
* least-squares fits of log(ascender / em) on a face's proportions, judged on the held-out faces;
* the shipped model's em (fontnet.py) against the font-blind constants (classify.EM_SHARE) on the
  held-out faces' lines: per line, and per face (its lines' median error).

Faces are summarised from their upright lines of at least `MIN_EM` px with ascenders, an x-height
and descenders.
"""
from __future__ import annotations

import argparse
import sys
import types
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# The leaf modules (numpy and Pillow) suffice: enter the package without its image-stack __init__.
_pkg = types.ModuleType("shared.extraction.typography")
_pkg.__path__ = [str(ROOT / "shared" / "extraction" / "typography")]
sys.modules.setdefault("shared.extraction.typography", _pkg)

from shared.extraction.typography import fontnet  # noqa: E402
from shared.extraction.typography.classify import EM_SHARE  # noqa: E402

FIT = Path("/work/data/typography-train/lines.npz")
HELD_OUT = Path("/work/data/typography-train-b/lines.npz")
MIN_EM = 14.0  # px: smaller glyphs are snapped to whole pixels
WITHIN = np.log1p(0.06)
# fontnet.features columns
X_ASC, HAS_X, DESC_ASC, STEM_ASC, CONTRAST, LOG_GLYPHS, LOG_WIDTH = 3, 4, 5, 6, 7, 12, 13


def face_table(d: dict) -> dict[str, dict[str, float]]:
    f, em, asc = d["feat"], d["em"], d["asc"]
    ok = ((d["tall"] == "ascender") & (em >= MIN_EM) & ~d["italic"] & (f[:, HAS_X] > 0.5)
          & (f[:, DESC_ASC] > 0.05))
    out = {}
    for face in np.unique(d["face"][ok]):
        m = ok & (d["face"] == face)
        if m.sum() < 5:
            continue
        share = asc[m] / em[m]
        out[str(face)] = {
            "asc": float(np.median(share)), "x": float(np.median(f[m, X_ASC] * share)),
            "desc": float(np.median(f[m, DESC_ASC] * share)),
            "x/asc": float(np.median(f[m, X_ASC])), "desc/asc": float(np.median(f[m, DESC_ASC])),
            "stem/asc": float(np.median(f[m, STEM_ASC])), "contrast": float(np.median(f[m, CONTRAST])),
            "advance/asc": float(np.median(np.exp(f[m, LOG_WIDTH] - f[m, LOG_GLYPHS]))),
        }
    return out


def metric_spread(fit: dict, held: dict) -> None:
    metrics = {"ascender": lambda r: r["asc"], "x-height": lambda r: r["x"], "descender": lambda r: r["desc"],
               "ascender+descender": lambda r: r["asc"] + r["desc"], "x-height+descender": lambda r: r["x"] + r["desc"]}
    print(f"{'metric / em':<22}{'std fit':>9}{'std held-out':>14}{'held-out within 6 %':>21}")
    for name, fn in metrics.items():
        a = np.log([fn(r) for r in fit.values()])
        b = np.log([fn(r) for r in held.values()])
        print(f"{name:<22}{a.std():>9.3f}{b.std():>14.3f}{np.mean(np.abs(b - a.mean()) <= WITHIN):>21.2f}")


def proportion_fits(fit: dict, held: dict) -> None:
    sets = [("constant", []), ("x/asc", ["x/asc"]), ("desc/asc", ["desc/asc"]), ("x/asc, desc/asc", ["x/asc", "desc/asc"]),
            ("+ stem, contrast, advance", ["x/asc", "desc/asc", "stem/asc", "contrast", "advance/asc"])]
    ya = np.log([r["asc"] for r in fit.values()])
    yb = np.log([r["asc"] for r in held.values()])
    print(f"\n{'log(ascender/em) from':<28}{'held-out |err|':>15}{'within 3 %':>12}{'within 6 %':>12}")
    for label, cols in sets:
        xa = np.array([[1.0] + [r[c] for c in cols] for r in fit.values()])
        xb = np.array([[1.0] + [r[c] for c in cols] for r in held.values()])
        coef, *_ = np.linalg.lstsq(xa, ya, rcond=None)
        err = yb - xb @ coef
        print(f"{label:<28}{np.abs(err).mean():>15.3f}{np.mean(np.abs(err) <= np.log1p(0.03)):>12.2f}"
              f"{np.mean(np.abs(err) <= WITHIN):>12.2f}")


def model_vs_constants(path: Path) -> None:
    params = fontnet._params()
    if params is None:
        print("\n(no fontnet model shipped)")
        return
    with np.load(path) as z:
        crop, vw, feat = z["crop"], z["vw"], z["feat"]
        em, asc, tall, face = z["em"], z["asc"], z["tall"], z["face"]
    out = np.empty(em.size)
    for i in range(0, em.size, 2000):
        s = slice(i, i + 2000)
        out[s] = fontnet.forward(params, crop[s].astype(np.float32) / 255.0, vw[s].astype(float), feat[s])[0]
    errs = {"fontnet": np.log(asc) + out - np.log(em),
            "constants": np.log(asc / np.array([EM_SHARE[t] for t in tall])) - np.log(em)}
    print(f"\n{'em on held-out faces':<22}{'lines':>7}{'median':>9}{'within 6 %':>12}{'faces':>7}{'face |err|':>12}"
          f"{'faces within 6 %':>18}")
    for name, e in errs.items():
        by_face: dict[str, list] = defaultdict(list)
        for f, v in zip(face, e):
            by_face[str(f)].append(v)
        fm = np.array([np.median(v) for v in by_face.values()])
        print(f"{name:<22}{e.size:>7}{np.median(e):>+9.3f}{np.mean(np.abs(e) <= WITHIN):>12.3f}{fm.size:>7}"
              f"{np.abs(fm).mean():>12.3f}{np.mean(np.abs(fm) <= WITHIN):>18.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fit", type=Path, default=FIT)
    ap.add_argument("--held-out", type=Path, default=HELD_OUT)
    a = ap.parse_args(argv)
    with np.load(a.fit) as z:
        fit = face_table({k: z[k] for k in ("feat", "em", "asc", "tall", "italic", "face")})
    with np.load(a.held_out) as z:
        held = face_table({k: z[k] for k in ("feat", "em", "asc", "tall", "italic", "face")})
    print(f"faces: {len(fit)} fitting ({a.fit}), {len(held)} held out ({a.held_out})\n")
    metric_spread(fit, held)
    proportion_fits(fit, held)
    model_vs_constants(a.held_out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
