"""Process CPU time per image, decode + palette, on the repo pixel benchmark's 36 images.

    python tests/benchmarks/pixel_cpu_time.py LABEL [--root CHECKOUT] [--keep FILE] [--repeats 5]

12 scenes × (PNG, JPEG q70, 50 % downscale) from tests/benchmarks/pixel_dataset.py, best of
--repeats per image. CPU time, not wall time: on a shared machine it is far less disturbed by other
tenants. Compare two checkouts by running it for each, several rounds, alternating; `--root` measures
another checkout's code with this script, and `--keep FILE` keeps each image's minimum over the rounds
run so far (the least disturbed figure), e.g.

    for i in 1 2 3 4; do
      python tests/benchmarks/pixel_cpu_time.py before --root ../prepal --keep /tmp/before.json --repeats 20
      python tests/benchmarks/pixel_cpu_time.py after --keep /tmp/after.json --repeats 20
    done
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
_ap.add_argument("label", nargs="?", default=None)
_ap.add_argument("--root", type=Path, default=HERE.parents[1], help="the checkout whose code is measured")
_ap.add_argument("--keep", type=Path, default=None, help="keep per-image minima across runs in this JSON file")
_ap.add_argument("--repeats", type=int, default=5)
ARGS = _ap.parse_args()
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ARGS.root.resolve()))

from pixel_dataset import encode, make_scenes  # noqa: E402

from shared.extraction.image import load_image  # noqa: E402
from shared.extraction.pixels import extract_palette  # noqa: E402


def cpu_ms(data: bytes, repeats: int = 5) -> float:
    best = float("inf")
    for _ in range(repeats):
        c0 = time.process_time()
        extract_palette(load_image(data), 12)
        best = min(best, time.process_time() - c0)
    return best * 1000


def main() -> int:
    data = [encode(s, split) for s in make_scenes(12) for split in ("png", "jpeg", "downscaled")]
    for d in data[:3]:
        extract_palette(load_image(d), 12)  # warm-up
    per = [cpu_ms(d, ARGS.repeats) for d in data]
    rounds = 1
    if ARGS.keep is not None:
        if ARGS.keep.exists():
            kept = json.loads(ARGS.keep.read_text())
            per, rounds = [min(a, b) for a, b in zip(per, kept["per"])], kept["rounds"] + 1
        ARGS.keep.write_text(json.dumps({"per": per, "rounds": rounds}))
    label = ARGS.label or str(ARGS.root)
    print(f"{label}: CPU ms/image mean {statistics.mean(per):.2f} median {statistics.median(per):.2f} ({len(per)} images"
          + (f", per-image minimum over {rounds} rounds)" if ARGS.keep is not None else ")"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
