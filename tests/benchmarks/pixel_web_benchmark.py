"""Pixel palette on the web split: ours and the peers, same images, same run, per half.

    python tests/benchmarks/pixel_web_benchmark.py [--pages 40] [--only copythat,celebi] [--budget 12]
    python tests/benchmarks/pixel_web_benchmark.py --palettes systems

The second split takes its roles from published design systems (Tailwind, Bootstrap 5, Material 3,
Primer: pixel_web/systems.py): text greys on the ink-to-page ramp, 1 px grey borders, white cards on
grey-50 pages — what third-party screenshots hold, and harder than the drawn palettes.

The images (Chromium renders of generated UI pages at DPR 1–3, downscaled, sub-pixel, JPEG q60–90)
and the ground-truth rules are in tests/benchmarks/pixel_web_dataset.py; they are generated into
/work/data/pixel-web on first use (about 4 minutes for 40 pages). Scoring, per image, ONE-TO-ONE
greedy by ΔE2000 ≤ 5 (coloraide's CIEDE2000) between reported colours and the page's design colours
(required and don't-care alike, so a don't-care colour is neither a hit nor a miss); then each
imagery region lets one further reported colour within ΔE 5 of its pixels go uncounted.
* P = matched required / (reported − ignored)       (a count)
* R = matched required area / required area           (area-weighted, by exact-pixel share)
* Rn = matched required / required                    (a count: small text and border colours weigh the same)
* F1 = 2·P·R / (P + R), averaged over images
* rep, true = mean counted reported colours and required colours; excess = mean (rep − true)
* pairs = near-duplicate pairs (ΔE 2.5–4.5; on `--palettes systems` pages the system's own shades,
  ΔE 2–12) with both colours matched, over pairs with both required
* by role: the share of required colours found per role (ink, muted, line, brand, …): small text and
  border colours are where a palette loses recall without the area-weighted R showing it
* ms = wall time from the encoded file to the palette (decode included), best of --repeats (2), median
Every method gets the same colour budget (12 by default); ours reports fewer when it finds fewer.
Printed for the tuning half (even pages), the held-out half (odd pages) and both.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))
if os.environ.get("COPYTHAT_BENCH_PEERS"):  # peers installed aside (pip install --target DIR …)
    sys.path.append(os.environ["COPYTHAT_BENCH_PEERS"])

from pixel_benchmark import METHODS  # noqa: E402
from pixel_dataset import de2000  # noqa: E402
from pixel_web_dataset import DEFAULT_OUTS, PALETTES, PALETTES_HELP, load_or_generate  # noqa: E402

from shared.extraction.palette.colorspace import ciede2000, srgb_to_lab  # noqa: E402

MATCH_DE = 5.0
REGION_SAMPLES = 1500


def region_samples(path: Path, imagery: list[dict]) -> list[np.ndarray]:
    """Lab samples of each imagery region's pixels inside the image (regions below the fold dropped)."""
    img = np.asarray(Image.open(path).convert("RGB"))
    h, w = img.shape[:2]
    rng = np.random.default_rng(0)
    out = []
    for r in imagery:
        x, y, rw, rh = r["rect"]
        x0, y0, x1, y1 = max(int(x), 0), max(int(y), 0), min(int(x + rw), w), min(int(y + rh), h)
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        px = img[y0:y1, x0:x1].reshape(-1, 3)
        px = px[rng.choice(len(px), min(REGION_SAMPLES, len(px)), replace=False)]
        out.append(srgb_to_lab(px.astype(np.float64)))
    return out


def score(reported: list[tuple[int, int, int]], truth: dict, regions: list[np.ndarray]) -> dict:
    colors = truth["colors"]
    pairs = sorted((de2000(tuple(r), tuple(t["rgb"])), i, j) for i, r in enumerate(reported)
                   for j, t in enumerate(colors) if de2000(tuple(r), tuple(t["rgb"])) <= MATCH_DE)
    used_r: dict[int, int] = {}
    used_t: set[int] = set()
    for _d, i, j in pairs:
        if i not in used_r and j not in used_t:
            used_r[i] = j
            used_t.add(j)
    ignored = sum(1 for j in used_r.values() if not colors[j]["required"])
    allowance = [True] * len(regions)
    for i, r in enumerate(reported):
        if i in used_r:
            continue
        lab = srgb_to_lab(np.array(r, dtype=np.float64))[None, :]
        for k, samples in enumerate(regions):
            if allowance[k] and (ciede2000(lab, samples) <= MATCH_DE).any():
                allowance[k] = False
                ignored += 1
                break
    required = [j for j, t in enumerate(colors) if t["required"]]
    hit = [j for j in required if j in used_t]
    counted = len(reported) - ignored
    area = sum(colors[j]["share"] for j in required)
    recall = sum(colors[j]["share"] for j in hit) / area if area else 0.0
    precision = len(hit) / counted if counted else 0.0
    pair_idx = [next(j for j, t in enumerate(colors) if t["hex"] == h) for h in truth["pair"]]
    pair_counted = all(colors[j]["required"] for j in pair_idx)
    by_role: dict[str, list[int]] = {}
    for j in required:  # a colour with several roles counts under each
        for role in colors[j].get("roles", []):
            by_role.setdefault(role, [0, 0])
            by_role[role][0] += j in used_t
            by_role[role][1] += 1
    return {"P": precision, "R": recall, "Rn": len(hit) / len(required) if required else 0.0, "roles": by_role,
            "F1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "rep": counted, "true": len(required),
            "pair": (all(j in used_t for j in pair_idx) if pair_counted else None)}


def run(index: dict, root: Path, methods: dict, budget: int, repeats: int = 2) -> dict:
    rows: dict[str, list[dict]] = {m: [] for m in methods}
    regions = {im["image"]: region_samples(root / im["image"], im["imagery"]) for im in index["images"]}
    for name, fn in methods.items():
        fn(str(root / index["images"][0]["image"]), budget)  # warm-up
        for im in index["images"]:
            path = str(root / im["image"])
            times = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                out = fn(path, budget)
                times.append((time.perf_counter() - t0) * 1000)
            row = score([tuple(int(v) for v in c) for c in out], im["truth"], regions[im["image"]])
            row.update(ms=min(times), half=im["half"], variant=im["variant"], image=im["image"],
                       reported=[f"#{r:02x}{g:02x}{b:02x}" for r, g, b in out])
            rows[name].append(row)
    return rows


def summary(rows: list[dict]) -> dict:
    pairs = [r["pair"] for r in rows if r["pair"] is not None]
    return {k: statistics.mean(r[k] for r in rows) for k in ("F1", "P", "R", "Rn", "rep", "true")} | {
        "excess": statistics.mean(r["rep"] - r["true"] for r in rows),
        "pairs": sum(pairs) / len(pairs) if pairs else float("nan"), "n_pairs": len(pairs),
        "ms": statistics.median(r["ms"] for r in rows), "n": len(rows)}


def print_tables(rows: dict[str, list[dict]], budget: int) -> None:
    for half in ("tune", "held-out", "all"):
        table = {m: summary([r for r in rs if half == "all" or r["half"] == half]) for m, rs in rows.items()}
        n = next(iter(table.values()))["n"]
        print(f"\n## web split, {half} ({n} images, budget {budget}, match ΔE2000 ≤ {MATCH_DE}, one-to-one greedy)")
        print(f"{'method':<26} {'F1':>6} {'prec':>6} {'recall':>7} {'Rn':>6} {'rep':>5} {'true':>5} {'excess':>7}"
              f" {'pairs apart':>12} {'ms/img':>8}")
        for m, s in sorted(table.items(), key=lambda kv: -kv[1]["F1"]):
            print(f"{m:<26} {s['F1']:>6.3f} {s['P']:>6.3f} {s['R']:>7.3f} {s['Rn']:>6.3f} {s['rep']:>5.2f} {s['true']:>5.2f}"
                  f" {s['excess']:>+7.2f} {s['pairs']:>7.1%} /{s['n_pairs']:<3} {s['ms']:>8.1f}")
    ours = rows.get("copythat")
    roles = sorted({k for rs in rows.values() for r in rs for k in r.get("roles", {})})
    if roles:
        print("\n## required colours found, by role (count, both halves): where the misses are")
        print(f"{'method':<26} " + " ".join(f"{k[:9]:>9}" for k in roles))
        for name, rs in rows.items():
            cells = []
            for k in roles:
                hit = sum(r["roles"][k][0] for r in rs if k in r.get("roles", {}))
                tot = sum(r["roles"][k][1] for r in rs if k in r.get("roles", {}))
                cells.append(f"{hit / tot:>9.2f}" if tot else f"{'-':>9}")
            print(f"{name:<26} " + " ".join(cells))
    if ours:
        print("\n## copythat per variant (both halves)")
        print(f"{'variant':<18} {'F1':>6} {'prec':>6} {'recall':>7} {'excess':>7} {'pairs apart':>12}")
        for v in sorted({r["variant"] for r in ours}):
            s = summary([r for r in ours if r["variant"] == v])
            print(f"{v:<18} {s['F1']:>6.3f} {s['P']:>6.3f} {s['R']:>7.3f} {s['excess']:>+7.2f} {s['pairs']:>7.1%} /{s['n_pairs']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=None, help="default: " + ", ".join(f"{DEFAULT_OUTS[k]} ({k})" for k in PALETTES))
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--palettes", choices=PALETTES, default="drawn", help=PALETTES_HELP)
    ap.add_argument("--budget", type=int, default=12)
    ap.add_argument("--use-pages", type=int, default=None,
                    help="score only the first N pages of the dataset (both halves; the peers are slow)")
    ap.add_argument("--repeats", type=int, default=2, help="timed runs per image (the best counts)")
    ap.add_argument("--only", default=None, help="comma-separated method names")
    ap.add_argument("--json", default=None, help="also write every image's row to this file")
    args = ap.parse_args(argv)
    args.out = args.out or DEFAULT_OUTS[args.palettes]
    index = load_or_generate(args.out, args.pages, args.seed, args.palettes)
    methods = {k: v for k, v in METHODS.items() if k != "copythat (numpy fallback)"}
    if args.only:
        methods = {k: v for k, v in methods.items() if k in args.only.split(",")}
    if args.use_pages:
        keep = sorted({im["page"] for im in index["images"]})[:args.use_pages]
        index = {**index, "images": [im for im in index["images"] if im["page"] in keep]}
    rows = run(index, args.out, methods, args.budget, args.repeats)
    print_tables(rows, args.budget)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
