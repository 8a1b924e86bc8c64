"""The image sent (downscaled, re-encoded by size) and the prompt (pixel hexes, labels only)."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image

from shared.domain.models import PaletteColor
from shared.extraction.ai.prompt import build_prompt, encode_image
from shared.extraction.image import NormalizedImage
from tests.fakes.ai_servers import sample_ui_image


def _photo(w=512, h=384):
    rng = np.random.default_rng(1)
    rgb = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
    return NormalizedImage(rgb=rgb, alpha=None, width=4000, height=3000, format="JPEG", mime="image/jpeg",
                           transparency=0.0, digest="x")


def test_flat_ui_stays_lossless_and_is_downscaled():
    src = sample_ui_image(512, 320)
    enc = encode_image(src, 256)
    assert enc.lossless and enc.mime in ("image/png", "image/webp") and (enc.width, enc.height) == (256, 160)
    decoded = Image.open(io.BytesIO(enc.data)).convert("RGB")
    expected = Image.fromarray(src.rgb).resize((256, 160), Image.Resampling.LANCZOS)
    assert decoded.size == (256, 160) and np.array_equal(np.asarray(decoded), np.asarray(expected))


def test_photo_goes_lossy():
    enc = encode_image(_photo(), 512)
    assert not enc.lossless and enc.mime in ("image/jpeg", "image/webp")
    assert Image.open(io.BytesIO(enc.data)).format in ("JPEG", "WEBP")


def test_never_upscales():
    enc = encode_image(sample_ui_image(200, 100), 768)
    assert (enc.width, enc.height) == (200, 100)


def test_prompt_lists_pixel_hexes_and_feedback():
    pal = [PaletteColor(hex="#112233", share=0.5), PaletteColor(hex="#AABBCC", share=0.5)]
    p = build_prompt(pal, 12)
    assert "#112233 50%" in p and "#AABBCC" in p and "rejected" not in p
    for word in ("rgb", "hsl", "contrast", "oklch"):
        assert word not in p.lower()
    assert "colors: bad" in build_prompt(pal, 12, feedback="colors: bad")
    assert "#AABBCC" not in build_prompt(pal, 1)


def test_compact_prompt_numbers_only_the_top_n_and_asks_for_rows():
    from shared.extraction.ai.schema import ROLES

    pal = [PaletteColor(hex=f"#0000{i:02X}", share=0.1) for i in range(1, 9)]
    p = build_prompt(pal, 12, answer_format="compact", label_top_n=3)
    assert "1 #000001 10%" in p and "3 #000003 10%" in p and "#000004" not in p
    assert "[number, name" in p and all(r in p for r in ROLES) and "rejected" not in p
    assert "#000005" in build_prompt(pal, 12, answer_format="compact", label_top_n=None)
    assert "#000002" not in build_prompt(pal, 1, answer_format="compact", label_top_n=6)
    assert "l: bad" in build_prompt(pal, 12, "l: bad", answer_format="compact", label_top_n=3)
    full = build_prompt(pal, 12)
    assert "#000008 10%" in full and "[number" not in full
