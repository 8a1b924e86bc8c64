"""Equivalence and timing of the C find_colors (shared.extraction.palette._core) against the numpy one:
every build there is (the baseline one, and _core_v3 for x86-64-v3 CPUs where it was built and this CPU
runs it), each compared with numpy.

    python setup.py build_ext --inplace        # builds the extension next to its sources
    python tests/benchmarks/pixel_core_equivalence.py [--quick] [--no-time] [--threads]

Images: the labelled dataset (24 scenes × png / jpeg / downscaled), uniform noise, blocky JPEGs, RGBA
PNGs with transparent areas (one fully transparent, one almost), 1×1, 1×N, N×1, 2×2, ramps, a single
colour; max_colors 1, 5 and 12 (--quick: 12 only). A result is compared as the product uses it
(shared/extraction/pixels.py: hex, share to 6 decimals, region fields to 4) and bit for bit (every
field but importance, which only orders the colours: numpy's SIMD pow / cbrt differ from libm's by an
ulp, so importance may differ in its last bits). Timing: per image, best of 3, median per split.
"""
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "shared" / "extraction").is_dir())
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from pixel_dataset import encode, make_scenes  # noqa: E402
from shared.extraction.image import load_image  # noqa: E402
from shared.extraction.palette import _core  # noqa: E402
from shared.extraction.palette.extractor import compiled_builds  # noqa: E402
from shared.extraction.palette.extractor import find_colors_numpy as find_colors  # noqa: E402


def builds() -> dict:
    return {"x86-64-v3" if core.__name__.endswith("_v3") else "baseline": core
            for core in compiled_builds()}


def c_find(rgb, alpha, max_colors, core=_core):
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    valid = None if alpha is None else np.ascontiguousarray(alpha >= 128).view(np.uint8)
    h, w = rgb.shape[:2]
    return core.find_colors(rgb, h, w, valid, max_colors)


def as_tuple(f):
    return (*f.rgb, f.share, f.importance, *f.bbox, *f.centroid, f.edge_ratio)


def product(t):
    r, g, b, share, _imp, x0, y0, x1, y1, cx, cy, er = t
    # numpy's FoundColor carries bbox / centroid as np.float64, and round(np.float64, 4) is numpy's
    # rounding (x * 1e4 → rint → / 1e4), not Python's correctly rounded one: 0.08125 → 0.0812 vs 0.0813.
    # So the C values are wrapped the same way (as the integration must do to keep the product equal).
    return (f"#{r:02X}{g:02X}{b:02X}", round(min(share, 1.0), 6),
            tuple(round(np.float64(v), 4) for v in (x0, y0, x1, y1, cx, cy)), round(er, 4))


def no_importance(t):
    return tuple(t[:4]) + tuple(float(v) for v in t[5:])


def png_bytes(arr):
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "PNG")
    return buf.getvalue()


def jpeg_bytes(arr, q=60):
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "JPEG", quality=q)
    return buf.getvalue()


def cases(quick=False):
    scenes = make_scenes(24)
    for split in ("png", "jpeg", "downscaled"):
        for i, s in enumerate(scenes):
            im = load_image(encode(s, split))
            yield split, f"{split}/{i}", im.rgb, im.alpha
    rng = np.random.default_rng(3)
    for i in range(6):
        yield "noise", f"noise/{i}", rng.integers(0, 256, (120, 160, 3), dtype=np.uint8), None
        b = np.repeat(np.repeat(rng.integers(0, 256, (12, 16, 3), dtype=np.uint8), 10, 0), 10, 1)
        im = load_image(jpeg_bytes(b))
        yield "blocky", f"blocky/{i}", im.rgb, im.alpha
    # RGBA PNGs with transparent areas (scene crops with holes / soft alpha edges)
    for i in range(6):
        im = load_image(encode(scenes[i], "downscaled"))
        h, w = im.rgb.shape[:2]
        yy, xx = np.mgrid[:h, :w]
        a = np.full((h, w), 255, np.uint8)
        a[(xx - w * (0.3 + 0.08 * i)) ** 2 + (yy - h / 2) ** 2 < (h / 3) ** 2] = 0
        a[:, : w // 6] = np.clip(xx[:, : w // 6] * 255 // max(w // 6, 1), 0, 255).astype(np.uint8)
        if i == 5:
            a[:] = 0  # fully transparent: analysed as the composite
        if i == 4:
            a[:] = 0
            a[10:20, 10:30] = 255  # only a small opaque patch
        rgba = np.dstack([im.rgb, a])
        buf = io.BytesIO()
        Image.fromarray(rgba, "RGBA").save(buf, "PNG")
        im2 = load_image(buf.getvalue())
        yield "alpha", f"alpha/{i}", im2.rgb, im2.alpha
    # tiny and degenerate shapes
    yield "tiny", "1x1", rng.integers(0, 256, (1, 1, 3), dtype=np.uint8), None
    yield "tiny", "1xN", rng.integers(0, 256, (1, 57, 3), dtype=np.uint8), None
    yield "tiny", "Nx1", rng.integers(0, 256, (63, 1, 3), dtype=np.uint8), None
    yield "tiny", "2x2", rng.integers(0, 256, (2, 2, 3), dtype=np.uint8), None
    ramp = np.repeat(np.linspace(0, 255, 80).astype(np.uint8)[None, :, None], 3, 2).repeat(5, 0)
    yield "tiny", "1xN-ramp", ramp[:1].copy(), None
    yield "tiny", "ramp-5x80", ramp, None
    yield "tiny", "single", np.full((50, 70, 3), (200, 30, 90), np.uint8), None
    yield "tiny", "single-alpha", np.full((20, 30, 3), 7, np.uint8), np.where(np.arange(600).reshape(20, 30) % 3, 255, 0).astype(np.uint8)
    yield "tiny", "1x1-alpha0", np.full((1, 1, 3), 100, np.uint8), np.zeros((1, 1), np.uint8)


def best_of(fn, n=3):
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def thread_check():
    """The C function releases the GIL: run it from 4 threads at once and compare with serial runs."""
    from concurrent.futures import ThreadPoolExecutor
    data = [(rgb, alpha) for _g, _n, rgb, alpha in cases()]
    for build, core in builds().items():
        serial = [c_find(rgb, alpha, 12, core) for rgb, alpha in data]
        with ThreadPoolExecutor(4) as pool:
            for _ in range(3):
                threaded = list(pool.map(lambda a: c_find(a[0], a[1], 12, core), data))
                assert threaded == serial, f"threaded results differ ({build})"
        print(f"threads ({build}): {len(data)} images x 3 rounds on 4 threads, identical to serial runs")


def main():
    if "--threads" in sys.argv:
        thread_check()
        return
    quick = "--quick" in sys.argv
    timing = "--no-time" not in sys.argv
    max_list = (12,) if quick else (1, 5, 12)
    cores = builds()
    n_cmp = dict.fromkeys(cores, 0)
    n_same = dict.fromkeys(cores, 0)
    n_exact = dict.fromkeys(cores, 0)
    max_ulps = dict.fromkeys(cores, 0.0)
    diffs = []
    times: dict[str, tuple[list, dict]] = {}
    for group, name, rgb, alpha in cases(quick):
        for mc in max_list:
            ref = [as_tuple(f) for f in find_colors(rgb, alpha, mc)]
            for build, core in cores.items():
                got = c_find(rgb, alpha, mc, core)
                n_cmp[build] += 1
                exact = [no_importance(t) for t in ref] == [no_importance(t) for t in got]
                imp_ulps = max([abs(a[4] - b[4]) / np.spacing(a[4]) for a, b in zip(ref, got)] or [0])
                max_ulps[build] = max(max_ulps[build], imp_ulps) if exact else max_ulps[build]
                same = [product(t) for t in ref] == [product(t) for t in got]
                n_exact[build] += exact
                n_same[build] += same
                if not same:
                    diffs.append((f"{build} {name}", mc, ref, got))
                elif not exact:
                    print(f"  (product-equal, not bit-equal apart from importance) {build} {name} max={mc}")
        if timing and group in ("png", "jpeg", "downscaled", "noise", "blocky", "alpha"):
            key = f"{group} {rgb.shape[1]}x{rgb.shape[0]}" if group != "alpha" else group
            tn, tc = times.setdefault(key, ([], {b: [] for b in cores}))
            tn.append(best_of(lambda: find_colors(rgb, alpha, 12)))
            for build, core in cores.items():
                tc[build].append(best_of(lambda: c_find(rgb, alpha, 12, core)))
    for build in cores:
        print(f"{build}: compared {n_cmp[build]}: product-identical {n_same[build]}, bit-identical (all fields but "
              f"importance) {n_exact[build]}, different {n_cmp[build] - n_same[build]}; importance differs by at "
              f"most {max_ulps[build]:.0f} ulp where the rest is bit-identical")
    for name, mc, ref, got in diffs:
        print(f"DIFF {name} max_colors={mc}")
        for i in range(max(len(ref), len(got))):
            a = ref[i] if i < len(ref) else None
            b = tuple(got[i]) if i < len(got) else None
            mark = "  " if a == b else ("!!" if a is None or b is None or product(a) != product(b) else "~ ")
            print(f"  {mark} numpy {a}\n     C     {b}")
    if timing:
        print(f"{'split':24s} {'n':>3s} {'numpy ms':>9s}" + "".join(f" {b + ' ms':>12s} {'speedup':>8s}" for b in cores))
        for key, (tn, tc) in times.items():
            mn = statistics.median(tn) * 1e3
            cols = "".join(f" {statistics.median(tc[b]) * 1e3:12.3f} {mn / (statistics.median(tc[b]) * 1e3):7.1f}x"
                           for b in cores)
            print(f"{key:24s} {len(tn):3d} {mn:9.2f}{cols}")


if __name__ == "__main__":
    main()
