"""Labelled synthetic dataset for the pixel palette benchmark.

Every scene is painted by this generator, which records the colours it painted with and the area it
painted them over; that record, not any extractor's output, is the ground truth.

Ground-truth rules (documented choices):
* Flat shapes (rectangles, anti-aliased rounded buttons and dots, 1 px borders, anti-aliased text)
  are painted through a coverage mask; a colour's true area is the sum of its coverage, and the
  colour underneath loses the same area. So text counts with the ink it was painted with, and the
  anti-aliasing blends are not colours of their own.
* Gradients and photo-like regions are EXCLUDED from scoring: their pixels belong to no true colour,
  and a reported colour that matches no true colour but lies within ΔE2000 5 of a colour sampled from
  those regions is ignored (neither a hit nor a false positive). Any extractor is free to report them.
* Painted colours covering under 0.1 % of the image are not required (too small to call a design colour
  at this size) and, like excluded regions, are "don't care" if reported.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from coloraide import Color
from PIL import Image, ImageFont

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/share/fonts/TTF")]
MIN_TRUE_SHARE = 0.001
WIDTH, HEIGHT = 800, 500
SUPERSAMPLE = 4


def load_font(size: int, bold: bool = False) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for d in FONT_DIRS:
        if (d / name).exists():
            return ImageFont.truetype(str(d / name), size)
    return ImageFont.load_default(size=size)


def de2000(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    return Color("srgb", [v / 255 for v in a]).delta_e(Color("srgb", [v / 255 for v in b]), method="2000")


def oklch_rgb(lightness: float, chroma: float, hue: float) -> tuple[int, int, int]:
    c = Color("oklch", [lightness, chroma, hue]).convert("srgb").fit("srgb")
    return tuple(int(round(v * 255)) for v in c.coords())  # type: ignore[return-value]


@dataclass
class Scene:
    name: str
    kind: str
    image: Image.Image
    truth: list[tuple[tuple[int, int, int], float]]  # colour, painted area share
    dont_care: np.ndarray  # (N, 3) colours that may be reported without penalty


@dataclass
class Painter:
    width: int
    height: int
    background: tuple[int, int, int]
    rgb: np.ndarray = field(init=False)
    label: np.ndarray = field(init=False)  # colour id painted last with coverage ≥ 0.5; -1 = excluded
    colors: list[tuple[int, int, int]] = field(init=False)
    area: list[float] = field(init=False)

    def __post_init__(self) -> None:
        self.rgb = np.empty((self.height, self.width, 3), dtype=np.float64)
        self.rgb[:] = self.background
        self.label = np.zeros((self.height, self.width), dtype=np.int32)
        self.colors = [self.background]
        self.area = [float(self.width * self.height)]
        self.excluded_samples: list[np.ndarray] = []

    def _id(self, color: tuple[int, int, int]) -> int:
        if color in self.colors:
            return self.colors.index(color)
        self.colors.append(color)
        self.area.append(0.0)
        return len(self.colors) - 1

    def paint(self, coverage: np.ndarray, color: tuple[int, int, int]) -> None:
        """Composite `color` with per-pixel coverage 0–1 and move that area to it in the ledger."""
        cid = self._id(color)
        cov = np.clip(coverage, 0.0, 1.0)
        under = self.label
        moved = np.bincount((under + 1).ravel(), weights=cov.ravel(), minlength=len(self.colors) + 1)
        for lid, amount in enumerate(moved[1:]):
            if lid < len(self.area):
                self.area[lid] -= amount
        self.area[cid] += float(cov.sum())
        self.rgb = self.rgb * (1 - cov[..., None]) + np.array(color, dtype=np.float64) * cov[..., None]
        self.label = np.where(cov >= 0.5, cid, self.label)

    def rect(self, x0: int, y0: int, x1: int, y1: int, color: tuple[int, int, int]) -> None:
        cov = np.zeros((self.height, self.width))
        cov[max(y0, 0):max(y1, 0), max(x0, 0):max(x1, 0)] = 1.0
        self.paint(cov, color)

    def border(self, x0: int, y0: int, x1: int, y1: int, color: tuple[int, int, int], width: int = 1) -> None:
        cov = np.zeros((self.height, self.width))
        cov[y0:y1, x0:x1] = 1.0
        cov[y0 + width:y1 - width, x0 + width:x1 - width] = 0.0
        self.paint(cov, color)

    def rounded(self, x0: int, y0: int, x1: int, y1: int, radius: float, color: tuple[int, int, int]) -> None:
        """Anti-aliased rounded rectangle (supersampled coverage)."""
        s = SUPERSAMPLE
        ys, xs = np.mgrid[0:(y1 - y0) * s, 0:(x1 - x0) * s]
        px, py = (xs + 0.5) / s, (ys + 0.5) / s
        w, h = x1 - x0, y1 - y0
        dx = np.maximum(np.abs(px - w / 2) - (w / 2 - radius), 0)
        dy = np.maximum(np.abs(py - h / 2) - (h / 2 - radius), 0)
        inside = (dx * dx + dy * dy <= radius * radius).astype(np.float64)
        small = inside.reshape(h, s, w, s).mean(axis=(1, 3))
        cov = np.zeros((self.height, self.width))
        cov[y0:y1, x0:x1] = small
        self.paint(cov, color)

    def circle(self, cx: int, cy: int, r: int, color: tuple[int, int, int]) -> None:
        self.rounded(cx - r, cy - r, cx + r, cy + r, float(r), color)

    def text(self, x: int, y: int, content: str, size: int, color: tuple[int, int, int], bold: bool = False) -> None:
        mask = Image.new("L", (self.width, self.height), 0)
        from PIL import ImageDraw
        ImageDraw.Draw(mask).text((x, y), content, fill=255, font=load_font(size, bold))
        self.paint(np.asarray(mask, dtype=np.float64) / 255.0, color)

    def excluded(self, x0: int, y0: int, pixels: np.ndarray) -> None:
        """Paint a gradient / photo block that is not scored; remember its colours as don't-care."""
        h, w, _ = pixels.shape
        cov = np.zeros((self.height, self.width))
        cov[y0:y0 + h, x0:x0 + w] = 1.0
        moved = np.bincount((self.label[y0:y0 + h, x0:x0 + w] + 1).ravel(), minlength=len(self.colors) + 1)
        for lid, amount in enumerate(moved[1:]):
            if lid < len(self.area):
                self.area[lid] -= amount
        self.rgb[y0:y0 + h, x0:x0 + w] = pixels
        self.label[y0:y0 + h, x0:x0 + w] = -1
        step = max(1, int(np.sqrt(h * w / 1500)))
        self.excluded_samples.append(pixels[::step, ::step].reshape(-1, 3))

    def gradient(self, x0: int, y0: int, x1: int, y1: int, c0: tuple[int, int, int],
                 c1: tuple[int, int, int], vertical: bool = False) -> None:
        n = (y1 - y0) if vertical else (x1 - x0)
        t = np.linspace(0, 1, n)
        ramp = np.array(c0)[None, :] * (1 - t[:, None]) + np.array(c1)[None, :] * t[:, None]
        block = (np.repeat(ramp[:, None, :], x1 - x0, axis=1) if vertical
                 else np.repeat(ramp[None, :, :], y1 - y0, axis=0))
        self.excluded(x0, y0, block)

    def photo(self, x0: int, y0: int, x1: int, y1: int, rng: np.random.Generator) -> None:
        """A photo stand-in: smooth blobs of random colours, shading and sensor noise."""
        h, w = y1 - y0, x1 - x0
        ys, xs = np.mgrid[0:h, 0:w] / max(h, w)
        acc = np.zeros((h, w, 3))
        weight = np.zeros((h, w, 1))
        for _ in range(5):
            cx, cy, s = rng.uniform(0, 1), rng.uniform(0, 1), rng.uniform(0.1, 0.35)
            col = np.array(oklch_rgb(rng.uniform(0.3, 0.85), rng.uniform(0.02, 0.16), rng.uniform(0, 360)))
            g = np.exp(-((xs - cx) ** 2 + (ys - cy) ** 2) / (2 * s * s))[..., None]
            acc += g * col
            weight += g
        img = acc / np.maximum(weight, 1e-6)
        img *= (0.8 + 0.2 * np.sin(xs * 9 + ys * 5))[..., None]
        img += rng.normal(0, 5, img.shape)
        self.excluded(x0, y0, np.clip(img, 0, 255))

    def scene(self, name: str, kind: str) -> Scene:
        total = float(self.width * self.height)
        truth, dont_care = [], []
        for color, area in zip(self.colors, self.area):
            share = area / total
            if share >= MIN_TRUE_SHARE:
                truth.append((color, round(share, 6)))
            elif share > 0:
                dont_care.append(np.array([color], dtype=np.float64))
        samples = self.excluded_samples + dont_care
        img = Image.fromarray(np.clip(np.round(self.rgb), 0, 255).astype(np.uint8), "RGB")
        return Scene(name=name, kind=kind, image=img, truth=truth,
                     dont_care=np.concatenate(samples) if samples else np.zeros((0, 3)))


class PaletteMaker:
    """Random design palettes whose roles are pairwise ΔE2000 ≥ 12 (unambiguous to score)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.used: list[tuple[int, int, int]] = []

    def take(self, lightness: tuple[float, float], chroma: tuple[float, float],
             min_de: float = 12.0) -> tuple[int, int, int]:
        for _ in range(400):
            c = oklch_rgb(self.rng.uniform(*lightness), self.rng.uniform(*chroma), self.rng.uniform(0, 360))
            if all(de2000(c, u) >= min_de for u in self.used):
                self.used.append(c)
                return c
        raise RuntimeError("could not draw a distinct colour")

    def near(self, base: tuple[int, int, int], de_range: tuple[float, float] = (3.5, 7.0)) -> tuple[int, int, int]:
        """A deliberate near-duplicate of `base` (lighter or darker), ΔE2000 within `de_range`."""
        lch = Color("srgb", [v / 255 for v in base]).convert("oklch")
        for step in np.linspace(0.01, 0.12, 60):
            for sign in (1, -1):
                c = oklch_rgb(lch["lightness"] + sign * step, lch["chroma"], lch["hue"] if lch["chroma"] > 0 else 0)
                if de_range[0] <= de2000(c, base) <= de_range[1] and all(
                        de2000(c, u) >= min(12.0, de_range[0]) for u in self.used if u != base):
                    self.used.append(c)
                    return c
        raise RuntimeError("could not draw a near-duplicate")


def _body_lines(p: Painter, x: int, y: int, lines: int, size: int, color, rng, width_chars: int = 38) -> int:
    words = "design token colour palette brand surface button border accent layout grid".split()
    for _ in range(lines):
        text = " ".join(rng.choice(words, size=8))[:width_chars]
        p.text(x, y, text, size, color)
        y += int(size * 1.5)
    return y


def dashboard(rng: np.random.Generator, idx: int) -> Scene:
    pm = PaletteMaker(rng)
    dark = idx % 3 == 2
    bg = pm.take((0.16, 0.22), (0.0, 0.03)) if dark else pm.take((0.97, 1.0), (0.0, 0.01))
    surface = pm.take((0.27, 0.33), (0.0, 0.04)) if dark else pm.take((0.86, 0.9), (0.0, 0.03))
    brand = pm.take((0.45, 0.65), (0.12, 0.2))
    accent = pm.take((0.6, 0.8), (0.12, 0.18))
    ink = pm.take((0.9, 0.97), (0.0, 0.02)) if dark else pm.take((0.15, 0.25), (0.0, 0.04))
    muted = pm.take((0.6, 0.72), (0.0, 0.04))
    line = pm.take((0.38, 0.45), (0.0, 0.03)) if dark else pm.take((0.75, 0.8), (0.0, 0.03))
    p = Painter(WIDTH, HEIGHT, bg)
    p.rect(0, 0, WIDTH, 56, brand)
    p.text(24, 16, "Copy That", 20, bg, bold=True)
    p.rect(0, 56, 180, HEIGHT, surface)
    for i in range(5):
        p.text(24, 84 + 34 * i, ["Overview", "Projects", "Tokens", "Exports", "Settings"][i], 15, ink)
    p.border(204, 80, 484, 300, line)
    p.text(224, 96, "Palette health", 18, ink, bold=True)
    _body_lines(p, 224, 128, 5, 13, muted, rng, 34)
    p.rounded(224, 246, 344, 282, 8, brand)
    p.text(246, 255, "Extract", 14, bg, bold=True)
    p.rounded(356, 246, 464, 282, 8, accent)
    p.border(508, 80, 776, 300, line)
    p.photo(509, 81, 775, 200, rng)
    p.text(524, 214, "Hero image", 16, ink, bold=True)
    _body_lines(p, 524, 240, 3, 13, muted, rng, 30)
    p.gradient(204, 324, 776, 380, brand, accent)
    _body_lines(p, 204, 398, 5, 14, ink, rng, 70)
    for i in range(4):
        p.circle(720 + 0 * i, 410 + 20 * i, 6, accent if i % 2 else brand)
    return p.scene(f"dashboard-{idx}", "ui")


def near_duplicates(rng: np.random.Generator, idx: int) -> Scene:
    pm = PaletteMaker(rng)
    bg = pm.take((0.96, 1.0), (0.0, 0.01))
    card = pm.near(bg, (3.0, 6.0))
    brand = pm.take((0.45, 0.62), (0.12, 0.2))
    hover = pm.near(brand, (4.0, 8.0))
    ink = pm.take((0.15, 0.25), (0.0, 0.04))
    panel = pm.take((0.3, 0.4), (0.02, 0.06))
    panel2 = pm.near(panel, (4.0, 8.0))
    p = Painter(WIDTH, HEIGHT, bg)
    p.rect(40, 40, 380, 460, card)
    p.text(60, 60, "Pricing", 22, ink, bold=True)
    _body_lines(p, 60, 100, 8, 14, ink, rng, 36)
    p.rounded(60, 360, 200, 404, 10, brand)
    p.rounded(216, 360, 356, 404, 10, hover)
    p.rect(420, 40, 760, 240, panel)
    p.rect(420, 260, 760, 460, panel2)
    p.text(440, 60, "Default", 18, bg, bold=True)
    p.text(440, 280, "Pressed", 18, bg, bold=True)
    return p.scene(f"near-dup-{idx}", "near-dup")


def blend_heavy(rng: np.random.Generator, idx: int) -> Scene:
    pm = PaletteMaker(rng)
    bg = pm.take((0.12, 0.2), (0.0, 0.05))
    ink = pm.take((0.92, 0.99), (0.0, 0.02))
    code1 = pm.take((0.7, 0.85), (0.1, 0.16))
    code2 = pm.take((0.65, 0.8), (0.1, 0.16))
    grid = pm.take((0.3, 0.38), (0.0, 0.04))
    dot = pm.take((0.55, 0.7), (0.15, 0.22))
    p = Painter(WIDTH, HEIGHT, bg)
    for x in range(0, WIDTH, 40):
        p.rect(x, 0, x + 1, HEIGHT, grid)
    for y in range(0, HEIGHT, 40):
        p.rect(0, y, WIDTH, y + 1, grid)
    y = 20
    for i in range(16):
        color = (ink, code1, code2)[i % 3]
        p.text(24 + 12 * (i % 4), y, "const token = palette.extract(image, max=12);", 15, color)
        y += 24
    for i in range(12):
        p.circle(600 + 30 * (i % 4), 60 + 40 * (i // 4), 10, dot)
    p.rounded(560, 300, 760, 360, 14, dot)
    return p.scene(f"blend-heavy-{idx}", "blend")


def landing(rng: np.random.Generator, idx: int) -> Scene:
    pm = PaletteMaker(rng)
    bg = pm.take((0.95, 1.0), (0.0, 0.02))
    ink = pm.take((0.15, 0.25), (0.0, 0.05))
    brand = pm.take((0.45, 0.6), (0.14, 0.22))
    cta = pm.take((0.65, 0.8), (0.14, 0.2))
    c0, c1 = (oklch_rgb(rng.uniform(0.4, 0.7), 0.15, rng.uniform(0, 360)) for _ in range(2))
    muted = pm.take((0.55, 0.68), (0.0, 0.04))
    p = Painter(WIDTH, HEIGHT, bg)
    p.gradient(0, 0, WIDTH, 220, c0, c1, vertical=bool(idx % 2))
    p.rounded(300, 160, 500, 204, 22, cta)
    p.text(330, 170, "Get started", 18, ink, bold=True)
    for i in range(3):
        x = 40 + 250 * i
        p.circle(x + 24, 270, 16, brand)
        p.text(x, 300, ["Fast", "Honest", "Tiny"][i], 20, ink, bold=True)
        _body_lines(p, x, 334, 3, 13, muted, rng, 28)
    p.photo(560, 400, 780, 490, rng)
    p.rect(0, 420, 540, 500, brand)
    p.text(40, 450, "Copy That — images in, tokens out", 18, bg)
    return p.scene(f"landing-{idx}", "ui")


GENERATORS = [dashboard, near_duplicates, blend_heavy, landing]


def make_scenes(count: int, seed: int = 7) -> list[Scene]:
    scenes = []
    for i in range(count):
        rng = np.random.default_rng(seed * 1000 + i)
        scenes.append(GENERATORS[i % len(GENERATORS)](rng, i))
    return scenes


def encode(scene: Scene, split: str) -> bytes:
    """The bytes of a scene for one split: lossless PNG, JPEG quality 70, or PNG downscaled to 50 %."""
    buf = io.BytesIO()
    if split == "png":
        scene.image.save(buf, "PNG")
    elif split == "jpeg":
        scene.image.save(buf, "JPEG", quality=70)
    elif split == "downscaled":
        w, h = scene.image.size
        scene.image.resize((w // 2, h // 2), Image.Resampling.LANCZOS).save(buf, "PNG")
    else:
        raise ValueError(split)
    return buf.getvalue()
