"""Where the web split's near-duplicate pairs are lost: the extractor's stage that merges or drops
each pair colour, for every image whose pair is not kept apart (issue 20).

    python tests/benchmarks/pixel_web_pairs.py [--half tune|held-out|all]

Runs the numpy pipeline (the specification of the compiled one: same palettes) stage by stage on
/work/data/pixel-web (tests/benchmarks/pixel_web_dataset.py). Each pair colour is followed from the
leader cluster whose core is nearest to it (OKLab) to the first stage that takes it:
* leaders    — it shares a leader cluster with its partner (quantisation + leader radius);
* fold       — folded away as a blend between two heavier clusters (clusters.fold_blends);
* noise / satellite / continuum — merged into another cluster ("(pair)": into its partner's);
* budget / min_share — ranked out (below the top max_colors, or under extractor.MIN_SHARE);
* imagery    — dropped as a secondary colour of an imagery region;
* off        — reported, but more than the benchmark's ΔE2000 5 from the true colour;
* kept       — reported within ΔE 5 (the other colour of the pair is the lost one).
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from pixel_dataset import de2000  # noqa: E402
from pixel_web_benchmark import score  # noqa: E402
from pixel_web_dataset import DEFAULT_OUT  # noqa: E402

from shared.extraction.image import load_image  # noqa: E402
from shared.extraction.palette import clusters as C  # noqa: E402
from shared.extraction.palette import extractor as ex  # noqa: E402
from shared.extraction.palette.colorspace import srgb_to_oklab  # noqa: E402
from shared.extraction.palette.imagery import classify  # noqa: E402

MATCH_DE = 5.0


def _nearest_cluster(cl: C.Clusters, rgb) -> int:
    cand = np.flatnonzero(cl.pixels > 0)
    target = srgb_to_oklab(np.asarray(rgb, dtype=np.float64)[None])[0]
    return int(cand[np.argmin(np.linalg.norm(srgb_to_oklab(cl.core_rgb[cand]) - target, axis=1))])


def fates(rgb: np.ndarray, pair: list[tuple[int, int, int]], budget: int) -> list[str]:
    """The stage that loses each colour of `pair` (see the module's docstring)."""
    cl, _labels, apart = ex._clusters(rgb, None)
    lead = [_nearest_cluster(cl, c) for c in pair]
    out = ["leaders" if i == 1 and lead[0] == lead[1] else "" for i in range(2)]

    def check(stage: str) -> None:
        for i, c in enumerate(lead):
            if out[i]:
                continue
            o = cl.owner[c]
            if o < 0:
                out[i] = stage
            elif o != c:
                out[i] = stage + (" (pair)" if o == cl.owner[lead[1 - i]] else "")

    C.fold_blends(cl)
    check("fold")
    C.agglomerate(cl, C.NOISE_DE, allowed=C.apart_matrix(cl, apart))
    check("noise")
    C.absorb_satellites(cl, C.apart_matrix(cl, apart))
    check("satellite")
    groups, flat = C.continuum_groups(cl)
    keep = C.apart_matrix(cl, apart)
    C.agglomerate(cl, C.CONTINUUM_DE, allowed=groups if keep is None else groups & keep, flat=flat)
    check("continuum")
    alive, _share, importance = ex._ranked(cl, float(rgb.shape[0] * rgb.shape[1]))
    chosen = list(alive[np.lexsort((alive, -importance))][:budget])
    found = ex.find_colors_numpy(rgb, None, budget)
    keep, _imagery = classify(rgb, None, [f.rgb for f in found])
    for i, c in enumerate(lead):
        if out[i]:
            continue
        o = int(cl.owner[c])
        if o not in alive:
            out[i] = "min_share"
        elif o not in chosen:
            out[i] = "budget"
        elif not keep[chosen.index(o)]:
            out[i] = "imagery"
        else:
            d = de2000(found[chosen.index(o)].rgb, tuple(pair[i]))
            out[i] = "off" if d > MATCH_DE else "kept"
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--half", default="all", choices=("tune", "held-out", "all"))
    ap.add_argument("--budget", type=int, default=12)
    args = ap.parse_args(argv)
    import json

    index = json.loads((args.out / "index.json").read_text())
    counts: collections.Counter = collections.Counter()
    lost = total = 0
    for im in index["images"]:
        if args.half != "all" and im["half"] != args.half:
            continue
        truth = im["truth"]
        rgb = load_image((args.out / im["image"]).read_bytes()).rgb  # decoded as the product decodes it
        reported = [f.rgb for f in ex.find_colors_numpy(rgb, None, args.budget)]
        keep, _ = classify(rgb, None, reported)
        s = score([c for c, k in zip(reported, keep) if k], truth, [])
        if s["pair"] is None:
            continue
        total += 1
        if s["pair"]:
            continue
        lost += 1
        by_hex = {c["hex"]: c for c in truth["colors"]}
        pair = [tuple(by_hex[h]["rgb"]) for h in truth["pair"]]
        f = fates(rgb, pair, args.budget)
        counts.update(x.split(" ")[0] for x in f)
        print(f"{im['half']:<8} {im['image'].split('/')[-1]:<34} {'/'.join(truth['pairRoles']):<16} "
              f"{truth['pair'][0]} {f[0]:<17} {truth['pair'][1]} {f[1]}")
    print(f"\npairs lost: {lost} of {total}; stage that takes a pair colour: "
          + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
