"""A sample UI screenshot the demo uploads when no image is given: a dashboard with a brand nav
bar, cards, buttons, status badges and anti-aliased text, painted with a known palette."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

PALETTE = {
    "background": "#F7F8FA", "surface": "#FFFFFF", "nav": "#1E3A8A", "primary": "#2563EB",
    "accent": "#F59E0B", "text": "#111827", "muted": "#6B7280", "border": "#E5E7EB",
    "success": "#10B981", "error": "#EF4444",
}


def _font(size: int) -> ImageFont.ImageFont:
    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                 "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def sample_png(width: int = 1280, height: int = 800) -> bytes:
    p = PALETTE
    img = Image.new("RGB", (width, height), p["background"])
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, width, 72), fill=p["nav"])
    d.text((32, 22), "Copy That", font=_font(26), fill=p["surface"])
    d.rounded_rectangle((width - 200, 16, width - 32, 56), radius=8, fill=p["accent"])
    d.text((width - 176, 26), "Upgrade", font=_font(18), fill=p["text"])
    for i in range(3):
        x0 = 32 + i * 408
        d.rounded_rectangle((x0, 112, x0 + 384, 432), radius=12, fill=p["surface"], outline=p["border"], width=2)
        d.text((x0 + 24, 136), f"Project {i + 1}", font=_font(24), fill=p["text"])
        d.text((x0 + 24, 176), "Tokens extracted from screenshots", font=_font(16), fill=p["muted"])
        badge = p["success"] if i != 1 else p["error"]
        d.rounded_rectangle((x0 + 24, 220, x0 + 124, 250), radius=15, fill=badge)
        d.text((x0 + 40, 225), "Done" if i != 1 else "Failed", font=_font(15), fill=p["surface"])
        d.rounded_rectangle((x0 + 24, 360, x0 + 184, 408), radius=8, fill=p["primary"])
        d.text((x0 + 52, 372), "Open", font=_font(20), fill=p["surface"])
    d.rounded_rectangle((32, 472, width - 32, height - 32), radius=12, fill=p["surface"], outline=p["border"], width=2)
    for row in range(5):
        y = 500 + row * 52
        d.text((56, y), f"Color token {row + 1}", font=_font(18), fill=p["text"])
        d.line((56, y + 38, width - 56, y + 38), fill=p["border"], width=1)
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()
