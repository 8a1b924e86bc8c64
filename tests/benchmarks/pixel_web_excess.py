"""What the web split's extra and missed colours are (issue 20): every reported colour the one-to-one
match leaves unmatched, by its distance to the page's design colours, and the imagery pages' extra
colours by the kind of imagery on the page.

    python tests/benchmarks/pixel_web_benchmark.py --only copythat --json rows.json
    python tests/benchmarks/pixel_web_excess.py rows.json [--half tune|held-out|all]

Unmatched reported colours (greedy one-to-one at ΔE2000 ≤ 5, as the benchmark):
* duplicate — within ΔE 12 of a design colour another reported colour already matched (a split);
* off       — within ΔE 12 of a design colour nothing matched (measured off: a blend, a JPEG shift);
* imagery   — farther than ΔE 12 from every design colour, on a page with imagery;
* invented  — farther than ΔE 12 from every design colour, on a page without imagery.
The imagery rows give, per kind of imagery on the page, the far colours per image and how many exceed
the one per region the benchmark forgives.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from pixel_dataset import de2000  # noqa: E402
from pixel_web_dataset import DEFAULT_OUT  # noqa: E402

MATCH_DE, NEAR_DE = 5.0, 12.0


def _rgb(h: str) -> tuple[int, int, int]:
    return int(h[1:3], 16), int(h[3:5], 16), int(h[5:7], 16)


def unmatched(reported: list[tuple[int, int, int]], truth: list[dict]) -> tuple[set[int], set[int]]:
    """(reported indices, truth indices) left unmatched by the greedy one-to-one match."""
    pairs = sorted((de2000(a, tuple(c["rgb"])), i, j) for i, a in enumerate(reported) for j, c in enumerate(truth))
    free_r, free_t = set(range(len(reported))), set(range(len(truth)))
    for d, i, j in pairs:
        if d <= MATCH_DE and i in free_r and j in free_t:
            free_r.discard(i)
            free_t.discard(j)
    return free_r, free_t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rows", type=Path, help="the --json file of pixel_web_benchmark.py")
    ap.add_argument("--method", default="copythat")
    ap.add_argument("--half", choices=["tune", "held-out", "all"], default="all")
    ap.add_argument("--data", type=Path, default=DEFAULT_OUT)
    a = ap.parse_args()
    index = {r["image"]: r for r in json.loads((a.data / "index.json").read_text())["images"]}
    rows = [r for r in json.loads(a.rows.read_text())[a.method] if a.half == "all" or r["half"] == a.half]
    causes: collections.Counter = collections.Counter()
    by_variant: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    missed: collections.Counter = collections.Counter()
    by_kind: dict[tuple, list[tuple[int, int]]] = collections.defaultdict(list)
    for r in rows:
        page = index[r["image"]]
        truth = page["truth"]["colors"]
        reported = [_rgb(h) for h in r["reported"]]
        free_r, free_t = unmatched(reported, truth)
        far = 0
        for i in free_r:
            d, j = min((de2000(reported[i], tuple(c["rgb"])), j) for j, c in enumerate(truth))
            if d <= NEAR_DE:
                cause = f"{'off' if j in free_t else 'duplicate'} ({truth[j]['roles'][0]})"
            else:
                cause = "imagery" if page["imagery"] else "invented"
                far += 1
            causes[cause] += 1
            by_variant[r["variant"]][cause.split(" ")[0]] += 1
        missed.update(truth[j]["roles"][0] for j in free_t if truth[j]["required"])
        if page["imagery"]:
            by_kind[tuple(sorted({g["kind"] for g in page["imagery"]}))].append((far, len(page["imagery"])))
    n = len(rows)
    print(f"{n} images ({a.half}); unmatched reported colours per image: {sum(causes.values()) / max(n, 1):.2f}")
    for cause, c in causes.most_common():
        print(f"  {cause:<24} {c:5d}  {c / max(n, 1):.2f}/image")
    print("missed required colours by role: " + ", ".join(f"{k} {v}" for k, v in missed.most_common()))
    print("\nimagery pages: far colours per image, and those beyond one per region")
    print(f"  {'imagery on the page':<28} {'images':>6} {'far/img':>8} {'regions':>8} {'beyond':>7}")
    for kinds, v in sorted(by_kind.items()):
        beyond = sum(max(0, f - g) for f, g in v) / len(v)
        print(f"  {'+'.join(kinds):<28} {len(v):6d} {sum(f for f, _ in v) / len(v):8.2f} "
              f"{sum(g for _, g in v) / len(v):8.2f} {beyond:7.2f}")
    print("\nper variant: " + "; ".join(f"{v} " + ", ".join(f"{k} {c}" for k, c in sorted(cs.items()))
                                       for v, cs in sorted(by_variant.items())))


if __name__ == "__main__":
    main()
