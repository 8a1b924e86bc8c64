"""CPU time of extract_typography per image (one thread), for the time budget (≤ 300 ms per 1280×900
screenshot at 1× and its 2560×1800 capture at 2×). CPU time, not wall time: the machine is shared.

    OPENBLAS_NUM_THREADS=1 python tests/benchmarks/typography_cpu.py [--data /work/data/typography]
        [--splits dpr1-png,dpr2-png] [--pages N] [--profile]

Prints per split the median, p90 and max of the CPU ms per image (decoding excluded), and with
--profile the functions that took the most time.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from shared.extraction.image import load_image  # noqa: E402
from shared.extraction.typography import extract_typography  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("/work/data/typography"))
    ap.add_argument("--splits", default="dpr1-png,dpr2-png")
    ap.add_argument("--pages", type=int, default=None)
    ap.add_argument("--profile", action="store_true")
    a = ap.parse_args(argv)
    index = json.loads((a.data / "index.json").read_text())
    pages = index["pages"][:a.pages] if a.pages else index["pages"]
    extract_typography(load_image((a.data / pages[0]["files"]["dpr1-png"]["image"]).read_bytes(), detail=True))
    for split in a.splits.split(","):
        images = [load_image((a.data / p["files"][split]["image"]).read_bytes(), detail=True) for p in pages]
        prof = cProfile.Profile() if a.profile else None
        ms = []
        for im in images:
            if prof:
                prof.enable()
            t = time.process_time()
            extract_typography(im)
            ms.append((time.process_time() - t) * 1000)
            if prof:
                prof.disable()
        q = statistics.quantiles(ms, n=10)
        print(f"{split}: {len(ms)} images, CPU ms median {statistics.median(ms):.0f}, p90 {q[-1]:.0f}, max {max(ms):.0f}")
        if prof:
            pstats.Stats(prof).sort_stats("tottime").print_stats(15)
            pstats.Stats(prof).sort_stats("cumtime").print_stats("typography", 25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
