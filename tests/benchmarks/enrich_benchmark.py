"""Color-science benchmark: enrich a 12-color palette (cold / warm name index) and plan a
200-token library merge. Prints the median of several runs.

    /tmp/probe/bin/python tests/benchmarks/enrich_benchmark.py [--runs N]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from shared.color import contrast, conversions, naming  # noqa: E402
from shared.color.enrichment import enrich_color  # noqa: E402
from shared.library.plan import plan_merge  # noqa: E402
from shared.color.palette import analyze_palette  # noqa: E402
from shared.domain.models import PaletteColor, Region  # noqa: E402


def _random_hexes(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["#%06X" % rng.randrange(0x1000000) for _ in range(n)]


def _palette(seed: int) -> list[PaletteColor]:
    rng = random.Random(seed)
    shares = [rng.random() for _ in range(12)]
    total = sum(shares)
    return [PaletteColor(hex=h, share=s / total, region=Region(edge_ratio=rng.random()))
            for h, s in zip(_random_hexes(12, seed), shares)]


def _clear_color_caches() -> None:
    """Per-color memoisation off, so every run computes (the name index is handled separately)."""
    conversions._parsed.cache_clear()
    conversions._oklch_to_hex_cached.cache_clear()
    conversions.oklch_coords.cache_clear()
    contrast.relative_luminance.cache_clear()


def _median_ms(fn, runs: int, setup=None) -> tuple[float, float]:
    """Median wall and CPU milliseconds (CPU time is steadier on shared, busy cores)."""
    wall, cpu = [], []
    for i in range(runs):
        if setup:
            setup()
        t, c = time.perf_counter(), time.process_time()
        fn(i)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def _reset_indexes() -> None:
    for idx in (naming.NAMES, naming.CSS_NAMES, naming.WEB_SAFE):
        idx.reset()
    _clear_color_caches()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    runs = ap.parse_args().runs

    def enrich(i: int) -> None:
        pal = _palette(1000 + i)
        dominant = max(pal, key=lambda c: c.share).hex
        for c in pal:
            enrich_color(c.hex, dominant_hex=dominant)

    cold = _median_ms(enrich, runs, setup=_reset_indexes)
    warm = _median_ms(enrich, runs, setup=_clear_color_caches)
    analyze = _median_ms(lambda i: analyze_palette(_palette(2000 + i)), runs, setup=_clear_color_caches)

    # A 200-token library built by merging images of 10 colors, then one more image of 12.
    existing: list = []
    j = 0
    while len(existing) < 200:
        pal = [PaletteColor(hex=h, share=0.05 + 0.9 * k / 10, region=Region(edge_ratio=k / 10))
               for k, h in enumerate(_random_hexes(10, 50 + j))]
        plan = plan_merge(existing, pal, project_id="bench", job_id=f"job-{j}", image_sha256=f"sha-{j}")
        existing = list({t.id: t for t in [*existing, *plan.upserts]}.values())
        j += 1
    existing = existing[:200]
    n_existing = len(existing)
    merge = _median_ms(
        lambda i: plan_merge(existing, _palette(3000 + i), project_id="bench", job_id=f"new-{i}",
                             image_sha256=f"new-{i}"),
        runs, setup=_clear_color_caches)

    print(f"{'median of ' + str(runs) + ' runs':<36} {'wall ms':>8} {'cpu ms':>8}")
    for label, (w, c) in [
        ("enrich 12 colors, cold name index", cold),
        ("enrich 12 colors, warm name index", warm),
        ("analyze_palette, 12 colors", analyze),
        (f"plan_merge, {n_existing} existing + 12 new", merge),
    ]:
        print(f"{label:<36} {w:8.1f} {c:8.1f}")


if __name__ == "__main__":
    main()
