"""PNG decoding: Pillow (what load_image uses for every PNG) against libspng (pyspng, no longer a
dependency: measured beside it when it happens to be installed).

    python tests/benchmarks/png_decode.py [--scenes 12] [--repeats 7]

Files: the pixel benchmark's screenshots (tests/benchmarks/pixel_dataset.py) as PNG at 800×500 (also
tagged with an ICC profile, which load_image converts) and downscaled to 400×250, and one 1920×1080
screenshot-like PNG made of the same scenes. For each: the
decode alone (bytes → H×W×3 numpy array: Pillow's open + load + asarray vs pyspng.load) and our whole
load_image (bytes → NormalizedImage, analysis size 512). Every decode is checked to give the same
pixels. Figures: ms per image, best of --repeats, median over the images, interleaved so that both
sides see the same machine state.

Issue 17 item 13 dropped the libspng path (a statically bundled libspng 0.7.4 and zlib 1.2.11 from
a binding that gets no fixes, decoding untrusted uploads). load_image before → after, 2026-12-07,
load ≈ 16 on 2 cores: 800×500 2.79 → 7.34 ms, with a profile 11.31 → 14.14 ms, 400×250 0.92 → 1.46
ms, 1920×1080 41.74 → 54.46 ms (≈ 13 ms more per full-HD screenshot, on an extract step of seconds).
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from PIL import Image, ImageCms  # noqa: E402
from pixel_dataset import encode, make_scenes  # noqa: E402

from shared.extraction import image  # noqa: E402

try:
    import pyspng  # the former fast path, for comparison only
except ImportError:
    pyspng = None

SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def pillow_decode(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        return np.asarray(img)


def best_ms(fn, data: bytes, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(data)
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def with_profile(data: bytes) -> bytes:
    """The same PNG tagged with an ICC profile (sRGB's: a macOS screenshot carries its display's), so
    that load_image converts it."""
    buf = io.BytesIO()
    Image.open(io.BytesIO(data)).save(buf, "PNG", icc_profile=SRGB_ICC)
    return buf.getvalue()


def big_screenshot(scenes) -> bytes:
    tiles = [np.asarray(Image.open(io.BytesIO(encode(s, "png"))).convert("RGB")) for s in scenes[:6]]
    canvas = np.full((1080, 1920, 3), 248, np.uint8)
    for i, t in enumerate(tiles):
        y, x = (i // 3) * 540, (i % 3) * 640
        h, w = min(540, t.shape[0]), min(640, t.shape[1])
        canvas[y:y + h, x:x + w] = t[:h, :w]
    buf = io.BytesIO()
    Image.fromarray(canvas).save(buf, "PNG")
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scenes", type=int, default=12)
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args(argv)
    scenes = make_scenes(args.scenes)
    sets = {"png 800×500": [encode(s, "png") for s in scenes],
            "png 800×500 + profile": [with_profile(encode(s, "png")) for s in scenes],
            "downscaled 400×250": [encode(s, "downscaled") for s in scenes],
            "screenshot 1920×1080": [big_screenshot(scenes)]}
    print(f"{'file':<24} {'n':>3} {'decode: Pillow':>15} {'pyspng':>8} {'×':>5} {'load_image':>12}")
    spng = (lambda d: pyspng.load(d, "RGB")) if pyspng else None
    for name, datas in sets.items():
        rows = []
        for data in datas:
            if spng:
                assert np.array_equal(spng(data), pillow_decode(data)), f"{name}: pixels differ"
            fns = [pillow_decode, image.load_image] + ([spng] if spng else [])
            for fn in fns:
                fn(data)  # warm-up
            row = [[best_ms(fn, data, args.repeats) for fn in fns] for _ in range(2)]  # interleaved rounds
            rows.append([min(r[i] for r in row) for i in range(len(fns))])
        pd, li = (statistics.median(r[i] for r in rows) for i in range(2))
        sd = statistics.median(r[2] for r in rows) if spng else float("nan")
        print(f"{name:<24} {len(datas):>3} {pd:>12.2f} ms {sd:>8.2f} {pd / sd:>5.2f} {li:>9.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
