"""Where the numpy pixel pipeline spends its time: per-stage milliseconds per image on the benchmark
dataset, and the compiled core's total for the same images.

    python tests/benchmarks/pixel_stages.py [--scenes 12] [--repeats 5]

Each pipeline stage of shared.extraction.palette.extractor is wrapped with a timer (the wrappers cost
a few microseconds per call); decode = load_image (bytes → normalised sRGB pixels). Medians would hide
which stage dominates, so figures are means over all images and repeats, after one warm-up pass.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pixel_dataset import encode, make_scenes  # noqa: E402

import shared.extraction.palette.extractor as extractor  # noqa: E402
from shared.extraction.image import load_image  # noqa: E402

STAGES = ("detect_blends", "pixel_keys", "build_bins", "leader_clusters", "adjacency", "fold_blends",
          "agglomerate", "absorb_satellites", "continuum_groups", "_ranked", "_final_labels", "_regions")
SPLITS = ("png", "jpeg", "downscaled")


def _timed(totals: dict[str, float], name: str):
    inner = getattr(extractor, name)

    def run(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            totals[name] += time.perf_counter() - t0
    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scenes", type=int, default=12)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    totals: dict[str, float] = defaultdict(float)
    for name in STAGES:
        setattr(extractor, name, _timed(totals, name))
    scenes = make_scenes(args.scenes)
    for split in SPLITS:
        datas = [encode(s, split) for s in scenes]
        for data in datas:  # warm-up
            im = load_image(data)
            extractor.find_colors_numpy(im.rgb, im.alpha, 12)
        totals.clear()
        for _ in range(args.repeats):
            for data in datas:
                t0 = time.perf_counter()
                im = load_image(data)
                t1 = time.perf_counter()
                extractor.find_colors_numpy(im.rgb, im.alpha, 12)
                t2 = time.perf_counter()
                totals["decode"] += t1 - t0
                totals["palette (all stages)"] += t2 - t1
                if extractor._core is not None:
                    extractor.find_colors_compiled(im.rgb, im.alpha, 12)
                    totals["palette, compiled core"] += time.perf_counter() - t2
        n = args.repeats * len(datas)
        h, w = im.rgb.shape[:2]
        print(f"\n## {split}: analysed at {w}×{h}, mean ms per image over {n} runs")
        for name, total in sorted(totals.items(), key=lambda kv: -kv[1]):
            print(f"{name:<22} {total / n * 1000:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
