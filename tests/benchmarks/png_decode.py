"""PNG decoding: libspng (pyspng, what load_image uses for plain 8-bit RGB/RGBA PNGs) against Pillow.

    python tests/benchmarks/png_decode.py [--scenes 12] [--repeats 7]

Files: the pixel benchmark's screenshots (tests/benchmarks/pixel_dataset.py) as PNG at 800×500 (also
tagged with an ICC profile, which load_image converts) and downscaled to 400×250, and one 1920×1080
screenshot-like PNG made of the same scenes. For each: the
decode alone (bytes → H×W×3 numpy array: pyspng.load vs Pillow's open + load + asarray) and our whole
load_image (bytes → NormalizedImage, analysis size 512) with and without the libspng path. Every
decode is checked to give the same pixels. Figures: ms per image, best of --repeats, median over the
images, interleaved so that both sides see the same machine state.
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
import pyspng  # noqa: E402
from PIL import Image, ImageCms  # noqa: E402
from pixel_dataset import encode, make_scenes  # noqa: E402

from shared.extraction import image, png  # noqa: E402

SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def pillow_decode(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        return np.asarray(img)


def load_with_pillow(data: bytes) -> image.NormalizedImage:
    plain = png.libspng_may_decode
    png.libspng_may_decode = lambda *_a: False
    try:
        return image.load_image(data)
    finally:
        png.libspng_may_decode = plain


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
    print(f"{'file':<24} {'n':>3} {'decode: Pillow':>15} {'libspng':>8} {'×':>5} "
          f"{'load_image: Pillow':>19} {'libspng':>8} {'×':>5}")
    for name, datas in sets.items():
        rows = []
        for data in datas:
            assert np.array_equal(pyspng.load(data, "RGB"), pillow_decode(data)), f"{name}: pixels differ"
            assert np.array_equal(image.load_image(data).rgb, load_with_pillow(data).rgb)
            row = []
            for fn in (pillow_decode, lambda d: pyspng.load(d, "RGB"), load_with_pillow, image.load_image):
                fn(data)  # warm-up
            for _ in range(2):  # interleaved rounds
                row.append([best_ms(fn, data, args.repeats) for fn in
                            (pillow_decode, lambda d: pyspng.load(d, "RGB"), load_with_pillow, image.load_image)])
            rows.append([min(r[i] for r in row) for i in range(4)])
        pd, sd, pl, sl = (statistics.median(r[i] for r in rows) for i in range(4))
        print(f"{name:<24} {len(datas):>3} {pd:>12.2f} ms {sd:>8.2f} {pd / sd:>5.2f} {pl:>16.2f} ms {sl:>8.2f} {pl / sl:>5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
