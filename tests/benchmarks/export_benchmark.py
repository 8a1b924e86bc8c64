"""Export time per format for a 20-token and a 2,000-token library (median of a few runs).

    /tmp/probe/bin/python tests/benchmarks/export_benchmark.py [--runs 5]

Bundles come from `shared.exporters.sample.mixed_bundle`: half colors (each with an 11-step scale,
light/dark schemes filled), half typed tokens (the sample fonts, weights and type scale, then
text styles, spacing steps, radii and shadows); building them is not timed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from shared.exporters import FORMATS, render  # noqa: E402
from shared.exporters._model import oklch_of, relative_luminance  # noqa: E402
from shared.exporters.sample import mixed_bundle  # noqa: E402


def median_ms(fmt: str, bundle, runs: int) -> tuple[float, int]:
    times = []
    size = 0
    for _ in range(runs):
        oklch_of.cache_clear()  # time the color math too, not just a warm cache
        relative_luminance.cache_clear()
        t0 = time.perf_counter()
        size = len(render(fmt, bundle).body)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), size


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    sizes = (20, 2000)
    bundles = {n: mixed_bundle(n) for n in sizes}
    rows = []
    for fmt in FORMATS:
        row = [fmt]
        for n in sizes:
            ms, size = median_ms(fmt, bundles[n], args.runs)
            row += [f"{ms:,.1f}", f"{size / 1024:,.0f}"]
        rows.append(row)
    head = ["format"] + [h for n in sizes for h in (f"{n:,} tok ms", f"{n:,} tok KiB")]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    print(f"median of {args.runs} runs, Python {sys.version.split()[0]}, half colors (11-step scales), half typed")
    for r in [head, ["-" * w for w in widths], *rows]:
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))))


if __name__ == "__main__":
    main()
