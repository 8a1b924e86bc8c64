"""The pixel palette's web split: generated UI pages rendered in Chromium, the truth from the styles set.

    python tests/benchmarks/pixel_web_dataset.py [--out /work/data/pixel-web] [--pages 40] [--seed 3]

Pages come from tests/benchmarks/pixel_web/pages.py (its docstring lists the parts); photos are
generated (pixel_web/photos.py), fonts are the typography benchmark's pinned @fontsource faces, and
pixel_web/render.mjs shows each page in Debian's Chromium at DPR 1, 1.5, 2 and 3. Each page then
gives three of these images (rotating over pages, so every variant appears equally often):

    dpr1-png, dpr1-jpeg60, dpr1.5-jpeg80, dpr2-png, dpr2-jpeg90, dpr3-png,
    dpr2-down (the DPR 2 render downscaled to 1× by a bilinear filter, as a browser shows a retina
    screenshot at half size), dpr3-down-jpeg75 (DPR 3 → 1.5×, then JPEG),
    subpixel-png and subpixel-jpeg85 (the DPR 3 render folded to 1× the way LCD anti-aliasing draws
    text: each channel sampled at its own third of the pixel after FreeType's default 5-tap filter,
    so glyph and border edges carry colour fringes).

Ground truth per image (documented choices):
* The design colours are the colours the page's styles set (pages.Page.roles). One is required
  when its exact pixels (every channel within 2 levels) cover ≥ 0.1 % of the page's DPR 1 PNG; a
  colour under that is "don't care" (reporting it is neither a hit nor a miss), like the repo's
  synthetic split.
* Its area is that exact-pixel share (for area-weighted recall).
* Imagery (photos, the hero overlay, gradients, illustrations: every `data-imagery` element) may
  contribute ONE colour each: the first reported colour that matches no design colour but lies within
  ΔE2000 5 of pixels sampled from a region uses that region's allowance; any further such colour is a
  false positive. Shadow tints, anti-aliasing blends and JPEG ringing are false positives too.
* The page's near-duplicate pair (ΔE2000 2.5–4.5) is "kept apart" when both are matched one-to-one
  by different reported colours.
* Halves: pages with an even index are the tuning half, odd the held-out half.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from pixel_web import pages as page_gen  # noqa: E402
from tests.benchmarks.typography import tools  # noqa: E402
from tests.benchmarks.typography.fontsets import FONT_SETS  # noqa: E402

DEFAULT_OUT = Path("/work/data/pixel-web")
PALETTES = ("drawn", "systems")
DEFAULT_OUTS = {"drawn": DEFAULT_OUT, "systems": Path("/work/data/pixel-web-systems")}
PALETTES_HELP = ("drawn: roles ≥ ΔE 8 apart but one near pair; systems: Tailwind / Bootstrap / Material 3 / "
                 "Primer ramps (pixel_web/systems.py), each in its own folder")
DPRS = (1, 1.5, 2, 3)
VARIANTS = ("dpr1-png", "dpr1-jpeg60", "dpr1.5-jpeg80", "dpr2-png", "dpr2-jpeg90", "dpr3-png",
            "dpr2-down", "dpr3-down-jpeg75", "subpixel-png", "subpixel-jpeg85")
PER_PAGE = 3
REQUIRED_SHARE = 0.001
EXACT_LEVELS = 2
FACES = ("inter", "roboto", "lato", "open-sans", "source-serif-4", "merriweather", "poppins", "dm-sans",
         "ibm-plex-sans", "playfair-display", "montserrat", "lora", "work-sans", "nunito")
LCD_FILTER = np.array([0x08, 0x4D, 0x56, 0x4D, 0x08], dtype=np.float64) / 256.0  # FreeType's default


def font_css(catalog, ids) -> str:
    rules = []
    for fid in ids:
        f = catalog[fid]
        for w in f.weights:
            for style in ("normal", "italic") if f.italic else ("normal",):
                rules.append(f'@font-face{{font-family:"{f.family}";font-style:{style};font-weight:{w};'
                             f'font-display:block;src:url(/fonts/{f.id}/files/{f.id}-latin-{w}-{style}.woff2)'
                             ' format("woff2")}')
    return "".join(rules)


def subpixel(img3: Image.Image) -> Image.Image:
    """A DPR 3 render folded to 1× as LCD anti-aliasing draws: rows averaged by 3, then each channel
    sampled at its third of the pixel after the 5-tap filter on the subpixel grid."""
    a = np.asarray(img3.convert("RGB"), dtype=np.float64)
    h, w = a.shape[0] // 3, a.shape[1] // 3
    a = a[:h * 3, :w * 3].reshape(h, 3, w * 3, 3).mean(axis=1)  # (h, 3w, 3): the subpixel grid
    lum = a.copy()
    pad = np.pad(lum, ((0, 0), (2, 2), (0, 0)), mode="edge")
    filt = sum(LCD_FILTER[k] * pad[:, k:k + 3 * w] for k in range(5))
    out = np.stack([filt[:, c::3, c] for c in range(3)], axis=-1)
    return Image.fromarray(np.clip(np.round(out), 0, 255).astype(np.uint8), "RGB")


def variant_image(folder: Path, variant: str) -> tuple[Image.Image, float, str]:
    """(image, scale from CSS px, format) for a variant of a rendered page."""
    def shot(dpr) -> Image.Image:
        return Image.open(folder / f"render-dpr{dpr:g}.png").convert("RGB")
    if variant.startswith("subpixel"):
        return subpixel(shot(3)), 1.0, "png" if variant.endswith("png") else variant.split("-")[1]
    if variant == "dpr2-down":
        im = shot(2)
        return im.resize((im.width // 2, im.height // 2), Image.Resampling.BILINEAR), 1.0, "png"
    if variant == "dpr3-down-jpeg75":
        im = shot(3)
        return im.resize((im.width // 2, im.height // 2), Image.Resampling.BILINEAR), 1.5, "jpeg75"
    dpr = float(variant[3:].split("-")[0])
    return shot(dpr), dpr, variant.split("-")[1]


def truth_for(page: page_gen.Page) -> dict:
    img = np.asarray(Image.open(page.folder / "render-dpr1.png").convert("RGB"), dtype=np.int16)
    total = img.shape[0] * img.shape[1]
    colors = []
    for rgb, roles in page.palette.items():
        exact = (np.abs(img - np.array(rgb, dtype=np.int16)).max(axis=2) <= EXACT_LEVELS).sum() / total
        colors.append({"rgb": list(rgb), "hex": page_gen.hexc(rgb), "roles": roles, "share": round(float(exact), 6),
                       "required": bool(exact >= REQUIRED_SHARE)})
    return {"colors": colors, "pair": [page_gen.hexc(page.roles[r]) for r in page.pair], "pairRoles": list(page.pair)}


def generate(out: Path, count: int, seed: int, palettes: str = "drawn") -> dict:
    started = time.monotonic()
    install_root = tools.install(FONT_SETS["benchmark"])
    catalog = tools.faces(install_root, FONT_SETS["benchmark"])
    faces = [(catalog[f].family, f) for f in FACES if f in catalog]
    page_gen.FONT_CSS = font_css(catalog, [f for _fam, f in faces])
    shutil.rmtree(out, ignore_errors=True)
    (out / "pages").mkdir(parents=True)
    (out / "images").mkdir()
    rng = np.random.default_rng(seed)
    built = [page_gen.build(rng, i, out / "pages" / f"web{i:03d}", faces, palettes) for i in range(count)]
    manifest = {"fonts": str(install_root / "node_modules" / "@fontsource"),
                "pages": [{"id": p.id, "dir": str(p.folder), "dprs": list(DPRS),
                           "viewport": {"width": page_gen.VIEWPORT[0], "height": page_gen.VIEWPORT[1]}} for p in built]}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    shutil.copy2(HERE / "pixel_web" / "render.mjs", install_root / "pixel-web-render.mjs")
    subprocess.run(["node", str(install_root / "pixel-web-render.mjs"), str(out / "manifest.json")], check=True)
    images = []
    for i, p in enumerate(built):
        truth = truth_for(p)
        for k in range(PER_PAGE):
            variant = VARIANTS[(PER_PAGE * i + k) % len(VARIANTS)]
            im, scale, fmt = variant_image(p.folder, variant)
            name = f"{p.id}.{variant}.{'png' if fmt == 'png' else 'jpg'}"
            if fmt == "png":
                im.save(out / "images" / name, "PNG")
            else:
                im.save(out / "images" / name, "JPEG", quality=int(fmt[4:]))
            regions = json.loads((p.folder / "regions-dpr1.json").read_text())  # CSS px at any DPR
            images.append({"image": f"images/{name}", "page": p.id, "half": "tune" if i % 2 == 0 else "held-out",
                           "variant": variant, "scale": scale, "size": [im.width, im.height], "dark": p.dark,
                           "system": p.system,
                           "photos": p.photos, "faces": p.faces, "truth": truth,
                           "imagery": [{"kind": r["kind"], "rect": [v * scale for v in r["rect"]]} for r in regions]})
    index = {"format": 1, "seed": seed, "palettes": palettes, "renderer": tools.chromium_version(), "variants": list(VARIANTS),
             "images": images}
    (out / "index.json").write_text(json.dumps(index, indent=1))
    print(f"{count} pages → {len(images)} images in {out} ({time.monotonic() - started:.0f} s)")
    return index


def load_or_generate(out: Path, count: int, seed: int, palettes: str = "drawn") -> dict:
    idx = out / "index.json"
    if idx.exists():
        index = json.loads(idx.read_text())
        if (index.get("seed") == seed and index.get("palettes", "drawn") == palettes
                and len({i["page"] for i in index["images"]}) == count):
            return index
    return generate(out, count, seed, palettes)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=None, help="default: " + ", ".join(f"{DEFAULT_OUTS[k]} ({k})" for k in PALETTES))
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--palettes", choices=PALETTES, default="drawn", help=PALETTES_HELP)
    a = ap.parse_args()
    generate(a.out or DEFAULT_OUTS[a.palettes], a.pages, a.seed, a.palettes)
