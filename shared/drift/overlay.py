"""The drift report drawn on the screenshot (PNG): every off-token region outlined in red, near ones in
amber, off text sizes in violet, each labelled with its number in the report's findings (the HTML
report's table and `copythat check` use the same numbers). The rest of the image is dimmed a little
so the outlines read on any background. Deterministic: the same image and report give the same bytes.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont, ImageOps

from shared.domain.drift import DriftReport
from shared.domain.tokens import Box

COLORS = {"off": "#E11D48", "near": "#D97706", "fontSize": "#7C3AED", "spacing": "#0891B2", "radius": "#0891B2",
          "shadow": "#0891B2"}
MAX_SIDE = 4096  # a larger screenshot is drawn on a copy scaled to this


@dataclass(frozen=True)
class Mark:
    number: int
    kind: str  # off / near / fontSize / spacing / radius / shadow
    label: str
    boxes: tuple[Box, ...]


def marks(report: DriftReport) -> list[Mark]:
    """What the overlay and the HTML report outline, numbered in the order the findings are listed."""
    out: list[Mark] = []
    for c in report.colors:
        if c.verdict in ("off", "near"):
            out.append(Mark(len(out) + 1, c.verdict, f"{c.verdict} {c.hex}", tuple(c.boxes)))
    for group in (report.text, report.spacing, report.radii):
        for f in group:
            if f.verdict != "on":
                out.append(Mark(len(out) + 1, f.kind, f"{f.px:g}px", tuple(f.boxes)))
    for s in report.shadows:
        if s.verdict != "on":
            out.append(Mark(len(out) + 1, "shadow", "shadow", tuple(s.boxes)))
    return out


def render_overlay(image_bytes: bytes, report: DriftReport) -> bytes:
    img = ImageOps.exif_transpose(Image.open(io.BytesIO(image_bytes)))
    img = img.convert("RGB")
    scale = min(1.0, MAX_SIDE / max(img.size))
    if scale < 1.0:
        img = img.resize((round(img.width * scale), round(img.height * scale)), Image.Resampling.BOX)
    base = Image.blend(img, Image.new("RGB", img.size, "#FFFFFF"), 0.25)
    draw = ImageDraw.Draw(base)
    width = max(2, round(max(img.size) / 500))
    font = ImageFont.load_default(size=max(12, round(max(img.size) / 90)))
    found = marks(report)
    for m in found:  # the marked regions undimmed first, so no outline is pasted over
        for b in m.boxes:
            x0, y0, x1, y1 = (int(v * scale) for v in (b.x, b.y, b.x + b.w, b.y + b.h))
            base.paste(img.crop((x0, y0, x1 + 1, y1 + 1)), (x0, y0))
    for m in found:
        color = COLORS[m.kind]
        for i, b in enumerate(m.boxes):
            x0, y0 = b.x * scale, b.y * scale
            x1, y1 = (b.x + b.w) * scale, (b.y + b.h) * scale
            draw.rectangle([x0 - width, y0 - width, x1 + width - 1, y1 + width - 1], outline=color, width=width)
            if i == 0:
                text = f"{m.number} {m.label}"
                l, t, r, btm = draw.textbbox((0, 0), text, font=font)
                ty = y0 - width - (btm - t) - 6 if y0 - (btm - t) - 8 >= 0 else y1 + width
                draw.rectangle([x0 - width, ty, x0 - width + (r - l) + 8, ty + (btm - t) + 6], fill=color)
                draw.text((x0 - width + 4 - l, ty + 3 - t), text, font=font, fill="#FFFFFF")
    out = io.BytesIO()
    base.save(out, "PNG", optimize=False)
    return out.getvalue()
