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
