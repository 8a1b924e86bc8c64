"""Process CPU time per image, decode + palette, on the repo pixel benchmark's 36 images.

    python tests/benchmarks/pixel_cpu_time.py LABEL

12 scenes × (PNG, JPEG q70, 50 % downscale) from tests/benchmarks/pixel_dataset.py, best of 5 per
image. CPU time, not wall time: on a shared machine it is far less disturbed by other tenants. Run
it in two checkouts one after the other (several rounds, alternating) to compare their speed.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

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
    per = [cpu_ms(d) for d in data]
    label = sys.argv[1] if len(sys.argv) > 1 else str(HERE.parents[1])
    print(f"{label}: CPU ms/image mean {statistics.mean(per):.2f} median {statistics.median(per):.2f} ({len(per)} images)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
