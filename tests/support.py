"""Small builders the tests share."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw


def ui_png(colors=("#F7F8FA", "#2563EB", "#111827"), size=(240, 160)) -> bytes:
    """Three flat regions: a background, a button and a text-like bar, in known colors."""
    img = Image.new("RGB", size, colors[0])
    d = ImageDraw.Draw(img)
    w, h = size
    d.rectangle((w // 8, h // 4, w // 2, h // 2), fill=colors[1])
    d.rectangle((w // 8, int(h * 0.7), int(w * 0.9), int(h * 0.8)), fill=colors[2])
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def storage_event_data(bucket: str, name: str, generation: int, size: int, content_type: str = "image/png") -> dict:
    """The object resource Eventarc puts in a storage.object.v1.finalized event (int64 fields as strings)."""
    return {"bucket": bucket, "name": name, "generation": str(generation), "size": str(size),
            "contentType": content_type, "metageneration": "1", "timeCreated": "2026-11-25T12:00:00Z"}


# A page drawn exactly for the layout extractor (CSS px; `scale` is the device-pixel ratio): cards
# 16 px apart in a row, 24 px from the page's edge and padded 24 px, corners of 12 px, a shadow of
# offset 0 4 px, blur 12 px (σ = 6 px) at 15 % black; inside each card a photo well (radius 8) and a
# pill button 16 px below it. Text from Pillow's own face (no system font needed).
LAYOUT_PAGE = {"gap": 16, "padding": 24, "radius": 12, "inner_radius": 8, "shadow_y": 4, "shadow_blur": 12,
               "shadow_alpha": 0.15, "button_h": 32}


def _rounded_mask(size: tuple[int, int], box: tuple[float, float, float, float], radius: float, ss: int = 4):
    """Coverage (0..1) of a rounded rectangle, anti-aliased by drawing it `ss` times larger."""
    import numpy as np

    w, h = size
    big = Image.new("L", (w * ss, h * ss), 0)
    x0, y0, x1, y1 = (v * ss for v in box)
    ImageDraw.Draw(big).rounded_rectangle((x0, y0, x1 - 1, y1 - 1), radius=radius * ss, fill=255)
    return np.asarray(big.resize((w, h), Image.Resampling.BOX), np.float64) / 255.0


def _gauss_blur(a, sigma: float):
    import numpy as np

    r = int(3 * sigma) + 1
    x = np.arange(-r, r + 1)
    k = np.exp(-x * x / (2 * sigma * sigma))
    k /= k.sum()
    a = np.apply_along_axis(lambda v: np.convolve(v, k, mode="same"), 0, a)
    return np.apply_along_axis(lambda v: np.convolve(v, k, mode="same"), 1, a)


def layout_png(scale: int = 1, shadow: bool = True, fmt: str = "PNG", quality: int = 90, **page) -> bytes:
    """`page` overrides LAYOUT_PAGE's values (e.g. shadow_y=1, shadow_blur=2: a contact shadow)."""
    import numpy as np
    from PIL import ImageFont

    p, s = {**LAYOUT_PAGE, **page}, scale
    W, H = 3 * 200 + 2 * p["gap"] + 2 * p["padding"], 360
    w, h = W * s, H * s
    page = np.empty((h, w, 3), np.float64)
    page[:] = (243, 244, 246)

    def paint(mask, rgb, alpha=1.0):
        a = (mask * alpha)[..., None]
        page[:] = page * (1 - a) + np.array(rgb, np.float64) * a

    cards = [(p["padding"] + i * (200 + p["gap"]), p["padding"], 200, 300) for i in range(3)]
    for x, y, cw, ch in cards:
        box = (x * s, y * s, (x + cw) * s, (y + ch) * s)
        if shadow:
            off = (x * s, (y + p["shadow_y"]) * s, (x + cw) * s, (y + ch + p["shadow_y"]) * s)
            paint(_gauss_blur(_rounded_mask((w, h), off, p["radius"] * s), p["shadow_blur"] / 2 * s), (0, 0, 0),
                  p["shadow_alpha"])
        paint(_rounded_mask((w, h), box, p["radius"] * s), (255, 255, 255))
        pad = p["padding"]
        well = ((x + pad) * s, (y + pad) * s, (x + cw - pad) * s, (y + pad + 96) * s)
        paint(_rounded_mask((w, h), well, p["inner_radius"] * s), (203, 213, 225))
        by = y + pad + 96 + p["gap"] + 72
        button = ((x + pad) * s, by * s, (x + pad + 96) * s, (by + p["button_h"]) * s)
        paint(_rounded_mask((w, h), button, p["button_h"] / 2 * s), (37, 99, 235))
    img = Image.fromarray(np.clip(np.round(page), 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    for i, (x, y, cw, ch) in enumerate(cards):
        ty = y + p["padding"] + 96 + p["gap"]
        d.text(((x + p["padding"]) * s, ty * s), f"Project {'ABC'[i]} plan", fill=(17, 24, 39),
               font=ImageFont.load_default(size=18 * s))
        d.text(((x + p["padding"]) * s, (ty + 30) * s), "Shared with the team", fill=(75, 85, 99),
               font=ImageFont.load_default(size=14 * s))
        by = y + p["padding"] + 96 + p["gap"] + 72
        label = ImageFont.load_default(size=14 * s)
        left, _, right, _ = label.getbbox("Open it")  # centred: the same padding both sides
        d.text(((x + p["padding"] + 48) * s - (left + right) / 2, (by + 8) * s), "Open it", fill=(255, 255, 255),
               font=label)
    out = io.BytesIO()
    img.save(out, fmt, **({"quality": quality} if fmt == "JPEG" else {}))
    return out.getvalue()
