"""Photo-like images made procedurally (nothing downloaded): landscapes, textures, bokeh, objects.

Each is a smooth, shaded, noisy RGB array with hundreds of distinct colours, the way a real photo in a
UI is: what the palette extractor must treat as imagery rather than as design colours.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

from pixel_dataset import oklch_rgb  # noqa: E402  (tests/benchmarks on sys.path)


def _fbm(rng: np.random.Generator, h: int, w: int, octaves: int = 5) -> np.ndarray:
    """Fractal noise in [0, 1]: random grids of growing resolution, upsampled bicubically and summed."""
    acc = np.zeros((h, w))
    amp, total = 1.0, 0.0
    for o in range(octaves):
        gh, gw = 2 + 2**o, 2 + int(2**o * w / max(h, 1))
        grid = Image.fromarray((rng.random((gh, gw)) * 255).astype(np.uint8), "L")
        acc += amp * np.asarray(grid.resize((w, h), Image.Resampling.BICUBIC), dtype=np.float64) / 255
        total += amp
        amp *= 0.55
    acc /= total
    return (acc - acc.min()) / max(acc.max() - acc.min(), 1e-9)


def _ramp(t: np.ndarray, stops: list[tuple[int, int, int]]) -> np.ndarray:
    xs = np.linspace(0, 1, len(stops))
    return np.stack([np.interp(t, xs, [s[c] for s in stops]) for c in range(3)], axis=-1)


def _color(rng: np.random.Generator, lo: float, hi: float, chroma: tuple[float, float] = (0.03, 0.16),
           hue: float | None = None) -> tuple[int, int, int]:
    return oklch_rgb(rng.uniform(lo, hi), rng.uniform(*chroma), rng.uniform(0, 360) if hue is None else hue % 360)


def landscape(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    ys = np.linspace(0, 1, h)[:, None, None]
    hue = rng.uniform(0, 360)
    sky = (1 - ys) * np.array(_color(rng, 0.55, 0.8, hue=hue)) + ys * np.array(_color(rng, 0.75, 0.95, hue=hue + 40))
    img = np.broadcast_to(sky, (h, w, 3)).copy()
    yy, xx = np.mgrid[0:h, 0:w]
    sx, sy, sr = rng.uniform(0.2, 0.8) * w, rng.uniform(0.15, 0.4) * h, rng.uniform(0.05, 0.1) * w
    sun = np.exp(-((xx - sx) ** 2 + (yy - sy) ** 2) / (2 * sr * sr))[..., None]
    img = img * (1 - sun) + sun * np.array(_color(rng, 0.9, 0.97, (0.05, 0.12), hue=60))
    ground_hue = rng.uniform(60, 180)
    for layer in range(3):
        line = _fbm(rng, 1, w, 4)[0]
        top = (0.35 + 0.17 * layer + 0.18 * (line - 0.5)) * h
        mask = (yy >= top[None, :]).astype(np.float64)[..., None]
        shade = _fbm(rng, h, w, 5)[..., None]
        base = np.array(_color(rng, 0.55 - 0.13 * layer, 0.65 - 0.13 * layer, (0.04, 0.12), hue=ground_hue + 20 * layer))
        img = img * (1 - mask) + mask * base * (0.75 + 0.5 * shade)
    return img


def texture(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """Wood, stone, coffee, fabric: noise through a three-stop ramp of related hues."""
    hue = rng.uniform(0, 360)
    stops = [_color(rng, 0.2, 0.35, hue=hue), _color(rng, 0.45, 0.6, hue=hue + 15), _color(rng, 0.7, 0.85, hue=hue + 30)]
    t = _fbm(rng, h, w, 6)
    if rng.random() < 0.5:  # grain: stretched noise
        t = 0.6 * t + 0.4 * _fbm(rng, -(-h // 8), w, 4).repeat(8, axis=0)[:h]
    return _ramp(t, stops)


def bokeh(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    ys = np.linspace(0, 1, h)[:, None, None]
    img = np.broadcast_to((1 - ys) * np.array(_color(rng, 0.15, 0.3)) + ys * np.array(_color(rng, 0.25, 0.4)), (h, w, 3)).copy()
    yy, xx = np.mgrid[0:h, 0:w]
    for _ in range(int(rng.integers(12, 30))):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.03, 0.12) * w
        disk = np.clip((r - np.hypot(xx - cx, yy - cy)) / (0.25 * r), 0, 1)[..., None] * rng.uniform(0.2, 0.7)
        img = img * (1 - disk) + disk * np.array(_color(rng, 0.6, 0.95, (0.05, 0.18)))
    return img


def still_life(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """An object on a table: a shaded ellipse with a soft shadow, in front of a lit wall."""
    xs = np.linspace(0, 1, w)[None, :, None]
    wall = (1 - xs) * np.array(_color(rng, 0.7, 0.9, (0.01, 0.06))) + xs * np.array(_color(rng, 0.55, 0.75, (0.01, 0.06)))
    img = np.broadcast_to(wall, (h, w, 3)).copy()
    yy, xx = np.mgrid[0:h, 0:w]
    table = (yy > 0.68 * h)[..., None]
    img = np.where(table, np.array(_color(rng, 0.35, 0.55, (0.03, 0.1), hue=rng.uniform(30, 80))) * (0.8 + 0.4 * _fbm(rng, h, w)[..., None]), img)
    cx, cy, rx, ry = rng.uniform(0.3, 0.7) * w, 0.5 * h, rng.uniform(0.12, 0.22) * w, rng.uniform(0.2, 0.3) * h
    d = ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2
    shadow = np.exp(-(((xx - cx - 0.3 * rx) / (1.3 * rx)) ** 2 + ((yy - cy - ry) / (0.25 * ry)) ** 2))[..., None]
    img = img * (1 - 0.45 * shadow)
    body = np.array(_color(rng, 0.45, 0.7, (0.08, 0.2)))
    light = np.clip(1.1 - 0.6 * np.hypot((xx - cx + 0.4 * rx) / rx, (yy - cy + 0.4 * ry) / ry), 0.25, 1.2)[..., None]
    inside = np.clip((1 - d) * 8, 0, 1)[..., None]
    return img * (1 - inside) + inside * body * light


STYLES = {"landscape": landscape, "texture": texture, "bokeh": bokeh, "still-life": still_life}


def make_photo(rng: np.random.Generator, style: str, w: int, h: int) -> Image.Image:
    """A photo of `style` at w×h, with sensor noise and a light lens blur, as an 8-bit RGB image."""
    img = STYLES[style](rng, w, h) + rng.normal(0, rng.uniform(2, 6), (h, w, 3))
    out = Image.fromarray(np.clip(np.round(img), 0, 255).astype(np.uint8), "RGB")
    return out.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9)))
