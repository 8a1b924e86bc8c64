"""A small UI screenshot drawn the way a browser draws one, and its tokens, for the drift check's tests.

Shapes are drawn at 4× and area-averaged down (exact coverage anti-aliasing, as browsers rasterize);
text is FreeType's anti-aliased glyphs (Pillow's bundled face). Every color painted is a token; the
`target` block (64×40 px: 1 % of the 640×400 image) is painted `target_fill` (a token by default).
"""
from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

SIZE = (640, 400)
TARGET = (40, 330, 64, 40)  # x, y, w, h
TOKENS = {"bg": "#F8FAFC", "surface": "#E2E8F0", "border": "#CBD5E1", "text": "#0F172A", "muted": "#64748B",
          "primary": "#2563EB", "on-primary": "#FFFFFF", "success": "#16A34A", "accent": "#D946EF"}
SS = 4


def _box(d: ImageDraw.ImageDraw, x, y, w, h, fill, radius=0, outline=None):
    d.rounded_rectangle([x * SS, y * SS, (x + w) * SS - 1, (y + h) * SS - 1], radius=radius * SS, fill=fill,
                        outline=outline, width=SS if outline else 0)


def screenshot(target_fill: str | None = None, fmt: str = "PNG", quality: int = 75) -> bytes:
    t = TOKENS
    big = Image.new("RGB", (SIZE[0] * SS, SIZE[1] * SS), t["bg"])
    d = ImageDraw.Draw(big)
    _box(d, 0, 0, SIZE[0], 48, t["surface"])
    _box(d, 440, 96, 160, 40, t["primary"], radius=8)
    _box(d, 40, 170, 260, 130, t["surface"], radius=10, outline=t["border"])
    _box(d, 340, 170, 260, 130, t["surface"], radius=10, outline=t["border"])
    _box(d, 56, 186, 56, 22, t["success"], radius=11)
    _box(d, 356, 186, 56, 22, t["accent"], radius=11)
    _box(d, *TARGET, target_fill or t["primary"], radius=4)
    img = big.resize(SIZE, Image.Resampling.BOX)
    d = ImageDraw.Draw(img)
    title, body, small = (ImageFont.load_default(size=s) for s in (28, 14, 12))
    d.text((40, 12), "Brand", font=ImageFont.load_default(size=20), fill=t["primary"])
    d.text((40, 80), "Ship the design system", font=title, fill=t["text"])
    d.text((40, 118), "Tokens, checked on every screenshot before release.", font=body, fill=t["muted"])
    d.text((470, 106), "Get started", font=body, fill=t["on-primary"])
    for x in (56, 356):
        d.text((x, 220), "Card title here", font=ImageFont.load_default(size=18), fill=t["text"])
        d.text((x, 248), "Secondary copy that wraps", font=small, fill=t["muted"])
        d.text((x, 266), "onto a second line of text.", font=small, fill=t["muted"])
    d.text((130, 340), "A line of body text beside the target block.", font=body, fill=t["muted"])
    buf = io.BytesIO()
    img.save(buf, fmt, **({"quality": quality} if fmt == "JPEG" else {}))
    return buf.getvalue()


def tokens_file(extra: dict | None = None) -> dict:
    """The tokens as another tool writes them: a typed group, sRGB objects, one alias (no type scale:
    the bundled face's sizes are not CSS sizes, so text is checked on measured styles elsewhere)."""
    def srgb(h):
        return {"colorSpace": "srgb", "components": [round(int(h[i:i + 2], 16) / 255, 6) for i in (1, 3, 5)],
                "hex": h.lower()}
    doc = {"color": {"$type": "color", **{k: {"$value": srgb(v)} for k, v in TOKENS.items()},
                     "action": {"$value": "{color.primary}"}}}
    doc.update(extra or {})
    return doc
