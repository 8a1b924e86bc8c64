"""The vertical metrics of the benchmark's faces, read from their @fontsource font files, for the
learned face identifier (shared/extraction/typography/fontnet.py): when it knows a line's face, the
em is the measured height over that face's own share of the em instead of an estimate.

    /work/venvs/train/bin/python tests/benchmarks/typography_face_table.py [--font-set benchmark-faces]
        [--out shared/extraction/typography/data/faces.json]

Per face (its CSS family name, as the ground truth's usedFont), from the latin subset of its regular
weight (the nearest it ships to 400), in units of the em: "ascender" (the median top of b d h k l),
"capital" (of H E I T), "x" (of x z v w) and the family class. fontTools reads the .woff files
(zlib, no brotli); it is a training-time tool like torch (pip install fonttools in the training venv).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.typography import tools  # noqa: E402
from tests.benchmarks.typography.fontsets import FONT_SETS  # noqa: E402

GLYPHS = {"ascender": "bdhkl", "capital": "HEIT", "x": "xzvw"}


def metrics(path: Path) -> dict[str, float]:
    font = TTFont(str(path))
    upem = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    gs = font.getGlyphSet()
    out = {}
    for key, chars in GLYPHS.items():
        tops = []
        for ch in chars:
            name = cmap.get(ord(ch))
            if name is None:
                continue
            pen = BoundsPen(gs)
            gs[name].draw(pen)
            if pen.bounds:
                tops.append(pen.bounds[3])
        out[key] = round(statistics.median(tops) / upem, 4) if tops else None
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--font-set", default="benchmark-faces")
    ap.add_argument("--out", type=Path, default=ROOT / "shared/extraction/typography/data/faces.json")
    a = ap.parse_args(argv)
    font_set = FONT_SETS[a.font_set]
    root = tools.install(font_set)
    catalog = tools.faces(root, font_set)
    table = {}
    for fid in font_set.ids():
        face = catalog[fid]
        w = min(face.weights, key=lambda v: abs(v - 400))
        path = root / "node_modules" / "@fontsource" / fid / "files" / f"{fid}-latin-{w}-normal.woff"
        table[face.family] = {**metrics(path), "class": face.cls}
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(dict(sorted(table.items())), indent=1) + "\n")
    print(f"{len(table)} faces -> {a.out}")
    for k, v in sorted(table.items()):
        print(f"  {k:20s} {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
