"""Procedural photo-like images for the pages (hero backgrounds, thumbnails, text-free scenes).

Made with numpy from the page's seed, so nothing is downloaded and no image ever holds text.
Written at twice the CSS size the page shows them at, so DPR 2 renders carry full-resolution grain.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter


def _hsv(h: float, s: float, v: float) -> np.ndarray:
    i, f = int(h * 6) % 6, h * 6 - int(h * 6)
    p, q, t = v * (1 - s), v * (1 - f * s), v * (1 - (1 - f) * s)
    return 255 * np.array([(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)][i])


def landscape(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """Sky gradient, a sun, ridges of hills fading into haze."""
    y = np.linspace(0, 1, h)[:, None, None]
    hue = rng.uniform(0, 1)
    top, horizon = _hsv(hue, rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.8)), _hsv(hue + 0.1, 0.4, 0.95)
    img = np.broadcast_to(top * (1 - y) + horizon * y, (h, w, 3)).copy()
    xs, ys = np.meshgrid(np.arange(w) / w, np.arange(h) / h)
    sx, sy = rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.5)
    glow = np.exp(-((xs - sx) ** 2 + ((ys - sy) * h / w) ** 2) / 0.004)[..., None]
    img = img * (1 - glow) + _hsv(0.12, 0.2, 1.0) * glow
    ridge_hue = rng.uniform(0, 1)
    for k, base in enumerate(np.sort(rng.uniform(0.45, 0.8, 3))):
        line = base + sum(rng.uniform(0.01, 0.05) * np.sin(2 * np.pi * (f * xs[0] + rng.uniform(0, 1)))
                          for f in (1, 3, 7, 17))
        mask = (ys > line[None, :])[..., None]
        color = _hsv(ridge_hue, 0.5, 0.55 - 0.15 * k)
        img = np.where(mask, color * (0.9 + 0.1 * ys[..., None]), img)
    return img


def blobs(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """Soft colour fields with shading: a product shot or an abstract backdrop."""
    ys, xs = np.mgrid[0:h, 0:w] / max(h, w)
    acc, weight = np.zeros((h, w, 3)), np.zeros((h, w, 1))
    for _ in range(6):
        cx, cy, s = rng.uniform(0, w / max(h, w)), rng.uniform(0, h / max(h, w)), rng.uniform(0.1, 0.35)
        g = np.exp(-((xs - cx) ** 2 + (ys - cy) ** 2) / (2 * s * s))[..., None]
        acc += g * _hsv(rng.uniform(0, 1), rng.uniform(0.2, 0.8), rng.uniform(0.3, 1.0))
        weight += g
    img = acc / np.maximum(weight, 1e-6)
    return img * (0.85 + 0.15 * np.sin(xs * 7 + ys * 4))[..., None]


def bokeh(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """Dark backdrop with out-of-focus lights (night street, concert)."""
    img = np.zeros((h, w, 3)) + _hsv(rng.uniform(0, 1), 0.6, 0.15)
    for _ in range(40):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.02, 0.08) * w
        x0, x1 = max(0, int(cx - r - 2)), min(w, int(cx + r + 3))
        y0, y1 = max(0, int(cy - r - 2)), min(h, int(cy + r + 3))
        ys, xs = np.mgrid[y0:y1, x0:x1]
        disc = np.clip((r - np.hypot(xs - cx, ys - cy)) / 3, 0, 1)[..., None] * rng.uniform(0.2, 0.6)
        img[y0:y1, x0:x1] = img[y0:y1, x0:x1] * (1 - disc) + _hsv(rng.uniform(0, 1), 0.5, 1.0) * disc
    return img


KINDS = {"landscape": landscape, "blobs": blobs, "bokeh": bokeh}


def write_photo(path: Path, kind: str, rng: np.random.Generator, css_w: int, css_h: int) -> str:
    """Write a JPEG at 2× the CSS size; returns its file name for the page to reference."""
    # The scene is smooth: draw it at (up to) the CSS size and upscale, then add grain at full size.
    step = 2 if css_w * css_h > 200_000 else 1
    scene = np.clip(KINDS[kind](rng, css_w // step, css_h // step), 0, 255).astype(np.uint8)
    big = Image.fromarray(scene, "RGB").filter(ImageFilter.GaussianBlur(0.6)).resize(
        (2 * css_w, 2 * css_h), Image.Resampling.BICUBIC)
    grain = rng.normal(0, 4, (2 * css_h, 2 * css_w, 1)).astype(np.float32)  # sensor noise
    pic = Image.fromarray(np.clip(np.asarray(big) + grain, 0, 255).astype(np.uint8), "RGB")
    pic.save(path, "JPEG", quality=88)
    return path.name
