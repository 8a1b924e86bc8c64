"""Issue 16 #3: a cache hit is the answer to the same question. The key is a hash of exactly what the
provider is sent (prompt text with its numbered lists, encoded image, schema, model, parameters) and
the token types asked for; whether someone else already asked stays off what a user can read."""
from __future__ import annotations

import io

from PIL import Image

from shared.extraction.ai import InMemoryExtractionCache, run_extraction
from shared.extraction.image import load_image
from shared.extraction.pixels import extract_palette
from tests.fakes.ai_servers import fake_name
from tests.unit.ai_helpers import make_deps, req


def test_a_reordered_palette_is_another_question(anth, oai, image, palette):
    cache = InMemoryExtractionCache()
    run_extraction(image, palette, req("a"), make_deps(anth, oai, cache=cache))
    reordered = list(reversed(palette))
    out = run_extraction(image, reordered, req("b"), make_deps(anth, oai, cache=cache))
    assert not out.cached and len(anth.requests) == 2
    # the fake names each color after its number in the list it was sent: labels follow the colors
    listed = out.colors[: 6]
    assert [c.name for c in listed] == [fake_name(i) for i in range(1, len(listed) + 1)]
    assert [c.hex for c in out.colors] == [p.hex for p in reordered]


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_a_transparent_image_and_its_flattened_twin_do_not_share_answers(anth, oai):
    rgba = Image.new("RGBA", (240, 160), (0, 0, 0, 0))
    for box, color in (((0, 0, 240, 40), (37, 99, 235, 255)), ((20, 60, 200, 100), (17, 24, 39, 255)),
                       ((20, 110, 120, 150), (234, 67, 53, 255))):
        rgba.paste(Image.new("RGBA", (box[2] - box[0], box[3] - box[1]), color), box[:2])
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.split()[3])
    transparent, flattened = load_image(_png(rgba)), load_image(_png(flat))
    assert transparent.sha256 == flattened.sha256  # the same pixels once composited on white...
    pal_t, pal_f = extract_palette(transparent, 12), extract_palette(flattened, 12)
    assert [p.hex for p in pal_t] != [p.hex for p in pal_f]  # ...but not the same numbered list
    cache = InMemoryExtractionCache()
    run_extraction(transparent, pal_t, req("a"), make_deps(anth, oai, cache=cache))
    out = run_extraction(flattened, pal_f, req("b"), make_deps(anth, oai, cache=cache))
    assert not out.cached and len(anth.requests) == 2


def test_the_key_changes_with_the_prompt_the_schema_and_the_call_parameters(anth, oai, image, palette, monkeypatch):
    from shared.extraction.ai import prompt as prompt_module

    cache = InMemoryExtractionCache()
    run_extraction(image, palette, req("a"), make_deps(anth, oai, cache=cache))
    assert run_extraction(image, palette, req("same"), make_deps(anth, oai, cache=cache)).cached
    run_extraction(image, palette, req("b"), make_deps(anth, oai, cache=cache, max_output_tokens=900))
    monkeypatch.setattr(prompt_module, "SYSTEM_PROMPT", prompt_module.SYSTEM_PROMPT + " Be brief.")
    run_extraction(image, palette, req("c"), make_deps(anth, oai, cache=cache))
    monkeypatch.setattr(prompt_module, "USAGE_HINTS", ("hero", *prompt_module.USAGE_HINTS))  # the prompt text
    run_extraction(image, palette, req("d"), make_deps(anth, oai, cache=cache))
    assert len(anth.requests) == 4 and len(cache) == 4
