"""Training data for the learned font-property estimator (shared/extraction/typography/fontnet.py).

    python tests/benchmarks/typography_training.py render [--out /work/data/typography-train] [--pages N]
    python tests/benchmarks/typography_training.py truth   # the truth again from a render's DOM dumps
    python tests/benchmarks/typography_training.py render --font-set training-b   # the second set
    python tests/benchmarks/typography_training.py render --font-set benchmark-faces  # the benchmark's faces
    python tests/benchmarks/typography_training.py lines [--out /work/data/typography-train/lines.npz]
        [--sources train,train-b,faces,calib] [--shard k/n]

`render`: the training font set (typography/fontsets.py TRAINING: 122 web fonts disjoint from the
benchmark's and from the calibration set's) set in every page kind plus specimen pages, seed 3,
rendered in Chromium at DPR 1, 1.5, 2 and 3 (render.mjs); the truth of each page and DPR is read
back from the DOM as for the benchmark (pages/<id>/truth-dpr<N>.json).

A second set (TRAINING_B: 98 more fonts, disjoint from all others) is rendered at DPR 1 and 2 into
/work/data/typography-train-b the same way.

A third set (benchmark-faces) sets the benchmark's own 37 faces on new pages, so that the model knows
the popular web faces the product mostly meets: seed 8 and page ids "faces-…" (the benchmark's pages
are seed 1, "landing-00" …, never rebuilt), 40 specimen pages besides the 80 of the usual kinds, at
DPR 1, 1.5 and 2, into /work/data/typography-faces. With it, the benchmark measures known faces on
unseen pages; fontnet_train.py --validate measures unseen faces.

`lines`: every line the product's detector finds (detect + measure, as in the product) in the
training renders (both sets) and in the calibration set (/work/data/typography-calib, DPR 1 and 2), each image as
PNG and as JPEG (quality 60-90, seeded), matched to its truth line: the fontnet inputs
(fontnet.line_input) with the labels (CSS size × DPR over the measured height, weight, class, face).
No benchmark page is read (nor, but for the faces source, a benchmark face). Train on it with tests/benchmarks/fontnet_train.py.
"""
from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.typography import pages as recipes  # noqa: E402
from tests.benchmarks.typography import tools  # noqa: E402
from tests.benchmarks.typography.fontsets import FONT_SETS  # noqa: E402
from tests.benchmarks.typography_dataset import truth_lines  # noqa: E402

DEFAULT_OUT = Path("/work/data/typography-train")
CALIB = Path("/work/data/typography-calib")
SEED = 3
DPRS = (1, 1.5, 2, 3)
SET_DPRS = {"training": DPRS, "training-b": (1, 2),  # the second set at the benchmark's ratios only (time)
            "benchmark-faces": (1, 1.5, 2)}
OUT_B = Path("/work/data/typography-train-b")
# The benchmark's faces on new pages: seed 8 (the benchmark's is 1, calibration 2, training 3) and page
# ids prefixed "faces-" (the benchmark's are "landing-00" …), so no page of the benchmark is rebuilt.
OUT_FACES = Path("/work/data/typography-faces")
SET_SEED = {"benchmark-faces": 8}
SET_PREFIX = {"benchmark-faces": "faces-"}
SET_OUT = {"training": DEFAULT_OUT, "training-b": OUT_B, "benchmark-faces": OUT_FACES}


def _dpr_name(d: float) -> str:
    return f"{d:g}"


def render_set(out: Path, count: int | None, render: bool = True, name: str = "training") -> None:
    """Build and render the pages (or, without `render`, only re-read the DOM dumps a render left).
    A page render.mjs refuses (text drawn by a face or weight it does not name: a generator recipe
    asked a one-weight face for bold) is left out of the index, not the run."""
    font_set = FONT_SETS[name]
    dprs = SET_DPRS[name]
    install_root = tools.install(font_set)
    catalog = tools.faces(install_root, font_set)
    if render:
        shutil.rmtree(out / "pages", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    seed, prefix = SET_SEED.get(name, SEED), SET_PREFIX.get(name, "")
    pages = [recipes.build(kind, n, seed, catalog, out, prefix) for kind, n in recipes.plan(count, font_set)]
    if render:
        manifest = {"fonts": str(install_root / "node_modules" / "@fontsource"),
                    "pages": [{"id": p.id, "dir": str(p.folder), "dprs": list(dprs),
                               "viewport": {"width": p.viewport[0], "height": p.viewport[1]}} for p in pages]}
        (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
        shutil.copy2(tools.HERE / "render.mjs", install_root / "render.mjs")
        proc = subprocess.run(["node", str(install_root / "render.mjs"), str(out / "manifest.json")],
                              stderr=subprocess.PIPE, text=True)
        (out / "render-failures.txt").write_text(proc.stderr)
    failed = {line.split(" @")[0] for line in (out / "render-failures.txt").read_text().splitlines() if " @" in line}
    print(f"left out (render refused): {sorted(failed)}")
    index = []
    for p in pages:
        if p.id in failed:
            continue
        for d in dprs:
            dom = json.loads((p.folder / f"dom-dpr{_dpr_name(d)}.json").read_text())
            lines = truth_lines(dom, d, catalog)
            (p.folder / f"truth-dpr{_dpr_name(d)}.json").write_text(json.dumps({"page": p.id, "kind": p.kind,
                                                                              "dpr": d, "lines": lines}))
        index.append({"id": p.id, "kind": p.kind, "dir": str(p.folder.relative_to(out))})
    (out / "index.json").write_text(json.dumps({"fontSet": name, "seed": seed, "dprs": list(dprs),
                                                "pages": index}, indent=1))
    print(f"{len(index)} pages × {len(dprs)} DPRs in {out}")


def images(train: Path, calib: Path, train_b: Path = OUT_B, faces: Path = OUT_FACES):
    """(source, page id, dpr, png path, truth lines) of every training image."""
    for src, root in (("train", train), ("train-b", train_b), ("faces", faces)):
        if not (root / "index.json").exists():
            continue
        index = json.loads((root / "index.json").read_text())
        for p in index["pages"]:
            for d in index["dprs"]:
                folder = root / p["dir"]
                truth = json.loads((folder / f"truth-dpr{_dpr_name(d)}.json").read_text())
                yield src, p["id"], float(d), folder / f"render-dpr{_dpr_name(d)}.png", truth["lines"]
    if (calib / "index.json").exists():
        for p in json.loads((calib / "index.json").read_text())["pages"]:
            for split in ("dpr1-png", "dpr2-png"):
                f = p["files"][split]
                truth = json.loads((calib / f["truth"]).read_text())
                yield "calib", p["id"], float(truth["dpr"]), calib / f["image"], truth["lines"]


def collect(train: Path, calib: Path, out: Path, limit: int | None, sources: set[str] | None = None,
            shard: tuple[int, int] = (0, 1)) -> None:
    """`shard` (k, n): only every n-th image from the k-th (run n of them side by side); each image's
    JPEG quality is the one the whole run would draw for it."""
    from shared.extraction.image import load_image
    from shared.extraction.typography import measure_image
    from shared.extraction.typography.fontnet import line_input
    from tests.benchmarks.typography_calibration import match

    rng = random.Random(SEED)
    rows: dict[str, list] = {k: [] for k in ("crop", "feat", "vw", "asc", "tall", "em", "weight", "cls", "face", "dpr", "jpeg", "src",
                                             "page", "italic")}
    n = k = 0
    for src, pid, dpr, png, tlines in images(train, calib):
        if sources and src not in sources:
            continue
        seen = [t for t in tlines if not t["clipped"]]
        if not seen:
            continue
        q = rng.randint(60, 90)
        k += 1
        if (k - 1) % shard[1] != shard[0]:
            continue
        raw = png.read_bytes()
        buf = io.BytesIO()
        Image.open(io.BytesIO(raw)).convert("RGB").save(buf, "JPEG", quality=q)
        for jpeg, data in ((0, raw), (q, buf.getvalue())):
            image = load_image(data, detail=True)
            m = measure_image(image, learned=False)
            shrink = m.width / m.source_width if m.source_width else 1.0
            for ln, t in zip(m.lines, match(m.lines, seen)):
                if t is None or t["familyClass"] is None:
                    continue
                x = line_input(ln, image.rgb)
                if x is None:
                    continue
                rows["crop"].append(x[0])
                rows["feat"].append(x[1])
                rows["vw"].append(x[2])
                rows["asc"].append(ln.ascent)
                rows["tall"].append(ln.tall)
                rows["em"].append(t["fontSize"] * dpr * shrink)
                rows["weight"].append(t["fontWeight"])
                rows["cls"].append(t["familyClass"])
                rows["face"].append(t["usedFont"])
                rows["dpr"].append(dpr)
                rows["jpeg"].append(jpeg)
                rows["src"].append(src)
                rows["page"].append(pid)
                rows["italic"].append(t["fontStyle"] != "normal")
        n += 1
        if n % 20 == 0:
            print(f"{n} images, {len(rows['em'])} lines", flush=True)
        if limit and n >= limit:
            break
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, crop=np.stack(rows["crop"]).astype(np.uint8), feat=np.stack(rows["feat"]).astype(np.float32),
                        **{k: np.asarray(v) for k, v in rows.items() if k not in ("crop", "feat")})
    print(f"{len(rows['em'])} lines from {n} images, {len(set(rows['face']))} faces -> {out}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=("render", "truth", "lines"), help="truth: re-read a render's DOM dumps")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--font-set", choices=sorted(SET_DPRS), default="training", help="render/truth: which set")
    ap.add_argument("--data", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--calib", type=Path, default=CALIB)
    ap.add_argument("--pages", type=int, default=None)
    ap.add_argument("--images", type=int, default=None, help="lines: only the first N images")
    ap.add_argument("--shard", default="0/1", help="lines: k/n, every n-th image from the k-th")
    ap.add_argument("--sources", default=None, help="lines: only these sources (train,train-b,faces,calib)")
    a = ap.parse_args(argv)
    if a.what in ("render", "truth"):
        out = a.out or SET_OUT[a.font_set]
        render_set(out, a.pages, render=a.what == "render", name=a.font_set)
    else:
        collect(a.data, a.calib, a.out or a.data / "lines.npz", a.images,
                set(a.sources.split(",")) if a.sources else None, tuple(int(v) for v in a.shard.split("/")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
