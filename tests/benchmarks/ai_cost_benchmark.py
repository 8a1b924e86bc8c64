"""AI cost benchmark.

    cd /work/wt/ai && python -m tests.benchmarks.ai_cost_benchmark [--colors 12]

1. Estimated USD per image (the pre-call estimate run_extraction uses for budgets) for screenshots
   1280×800, 1920×1080, 3840×2160 and a 12 MP photo (4000×3000), per model of the pricing table:
   "before" = the image sent at its own size (the provider resizes it by its rules), "after" = our
   downscale to AiConfig.image_long_edge. Prompt = the real prompt with --colors pixel colors; output
   estimated at pricing.OUTPUT_TOKENS_PER_COLOR per color.
2. 100 uploads of 20 distinct images through run_extraction with an in-memory cache, against the fake
   Anthropic server through the real SDK: provider calls made (target: 20, i.e. 0 on a cache hit).
3. The fake's `invented_colors` mode over the 20 images: how many AI colors were snapped / dropped.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from datetime import datetime, timezone

import numpy as np

from shared.domain.models import PaletteColor
from shared.extraction.ai import (AiConfig, AiDeps, DictSecretStore, ExtractionRequest, FixedBudgetLedger,
                                  InMemoryCostSink, InMemoryExtractionCache, run_extraction)
from shared.extraction.ai import pricing
from shared.extraction.ai.config import _default_routes
from shared.extraction.ai.prompt import SYSTEM_PROMPT, build_prompt
from shared.extraction.ai.schema import json_schema
from shared.extraction.pixels import extract_palette
from tests.fakes.ai_servers import sample_ui_image, start_fake_anthropic, start_fake_openai

SIZES = [("screenshot 1280x800", 1280, 800), ("screenshot 1920x1080", 1920, 1080),
         ("screenshot 3840x2160", 3840, 2160), ("photo 4000x3000 (12 MP)", 4000, 3000)]
SONNET_CLASS = "claude-sonnet-5-5"
TARGET_USD = 0.002


def _output_mode(model: str, cfg: AiConfig) -> bool:
    """True when the default routes call this Claude model through the forced tool."""
    for route in _default_routes().values():
        for c in route:
            if c.model == model:
                return (c.output or cfg.anthropic_output) == "tool"
    return cfg.anthropic_output == "tool"


def estimates(n_colors: int) -> dict[str, list[tuple[float, float]]]:
    cfg = AiConfig()
    pal = [PaletteColor(hex=f"#{(i * 0x1F3D5B) % 0xFFFFFF:06X}", share=round(1 / n_colors, 4)) for i in range(n_colors)]
    prompt_chars = len(SYSTEM_PROMPT) + len(build_prompt(pal, n_colors))
    schema_chars = len(json.dumps(json_schema()))
    table: dict[str, list[tuple[float, float]]] = {}
    for model in pricing.PRICING:
        provider = "anthropic" if model.startswith("claude") else "openai"
        row = []
        for _, w, h in SIZES:
            kw = dict(prompt_chars=prompt_chars, schema_chars=schema_chars, n_colors=n_colors,
                      detail=cfg.openai_image_detail, tool_mode=_output_mode(model, cfg))
            before = pricing.estimate_call(provider, model, image_size=(w, h), **{**kw, "detail": "high"})
            after = pricing.estimate_call(provider, model,
                                          image_size=pricing.fit_long_edge(w, h, cfg.image_long_edge), **kw)
            row.append((before.usd, after.usd))
        table[model] = row
    return table


def print_estimates(n_colors: int) -> float:
    cfg = AiConfig()
    print(f"== 1. Estimated USD per new image ({n_colors} palette colors; prices as of {pricing.PRICING_AS_OF}; "
          f"our downscale: long edge {cfg.image_long_edge}px, OpenAI detail '{cfg.openai_image_detail}' after, "
          f"'high' before)")
    head = "model".ljust(20) + "".join(f"{name:>28}" for name, _, _ in SIZES) + f"{'median after':>14}"
    print(head)
    print(" " * 20 + "".join(f"{'before -> after':>28}" for _ in SIZES))
    table = estimates(n_colors)
    sonnet_median = 0.0
    for model, row in table.items():
        cells = "".join(f"{f'{b:.5f} -> {a:.5f}':>28}" for b, a in row)
        med = statistics.median(a for _, a in row)
        if model == SONNET_CLASS:
            sonnet_median = med
        print(f"{model:<20}{cells}{med:>14.5f}")
    w, h = pricing.fit_long_edge(1280, 800, cfg.image_long_edge)
    pal = [PaletteColor(hex="#000000", share=1.0)] * n_colors
    e = pricing.estimate_call("anthropic", SONNET_CLASS, image_size=(w, h),
                              prompt_chars=len(SYSTEM_PROMPT) + len(build_prompt(pal, n_colors)),
                              schema_chars=len(json.dumps(json_schema())), n_colors=n_colors, tool_mode=False)
    p = pricing.price_for(SONNET_CLASS)
    print(f"{SONNET_CLASS} at 1280x800 after: {e.input_tokens} input tokens "
          f"(${e.input_tokens * p.input_per_mtok / 1e6:.5f}, image {pricing.image_tokens('anthropic', SONNET_CLASS, w, h)}) + "
          f"{e.output_tokens} output tokens (${e.output_tokens * p.output_per_mtok / 1e6:.5f})")
    sens = ", ".join(f"{n} colors ${statistics.median(a for _, a in estimates(n)[SONNET_CLASS]):.5f}"
                     for n in (2, 4, 6, 8, 12))
    print(f"{SONNET_CLASS} median after, by palette size: {sens}")
    ok = "MET" if sonnet_median < TARGET_USD else "NOT MET"
    print(f"Sonnet-class ({SONNET_CLASS}) median after downscale: ${sonnet_median:.5f} "
          f"(target < ${TARGET_USD}: {ok})")
    return sonnet_median


class _Clock:
    def now(self):
        return datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def _deps(a, o, cache, cfg_extra=None):
    sink = InMemoryCostSink()
    cfg = AiConfig(anthropic_base_url=a.base_url, openai_base_url=o.base_url, backoff_jitter=0,
                   **(cfg_extra or {}))
    return AiDeps(secrets=DictSecretStore({"anthropic-api-key": "bench-a", "openai-api-key": "bench-o"}),
                  cache=cache, costs=sink, budget=FixedBudgetLedger(), clock=_Clock(), config=cfg,
                  sleep=lambda s: None), sink


def run_cache_benchmark(a, o, strategy: str = "quality") -> None:
    print(f"\n== 2. 100 uploads of 20 distinct images, strategy '{strategy}', in-memory cache, "
          "fake Anthropic through the real SDK")
    a.reset()
    o.reset()
    cache = InMemoryExtractionCache()
    rng = np.random.default_rng(7)
    order = list(range(20)) + [int(i) for i in rng.integers(0, 20, size=80)]
    images = [sample_ui_image(1280, 800, seed=i) for i in range(20)]
    palettes = [extract_palette(img, 12) for img in images]
    new_usd: list[float] = []
    hit_calls = 0
    hits = 0
    for n, i in enumerate(order):
        before = len(a.requests) + len(o.requests)
        deps, _ = _deps(a, o, cache)
        out = run_extraction(images[i], palettes[i],
                             ExtractionRequest(uid="bench", project_id="p", job_id=f"job{n}", strategy=strategy),
                             deps)
        calls = len(a.requests) + len(o.requests) - before
        if out.cached:
            hits += 1
            hit_calls += calls
        else:
            new_usd.append(out.usd)
    print(f"uploads: {len(order)}, distinct images: {len(images)}, provider calls: "
          f"{len(a.requests) + len(o.requests)}, cache hits: {hits}, provider calls on cache hits: {hit_calls}")
    print(f"measured USD per new image (fake usage, {strategy} -> {a.last_request.body['model']}): "
          f"median ${statistics.median(new_usd):.5f}, max ${max(new_usd):.5f}")


def run_invented(a, o) -> None:
    print("\n== 3. Fake 'invented_colors' mode over 20 images (nudged hexes at even positions, complements at "
          "odd positions, + #FF00FF)")
    a.reset()
    a.set_mode("invented_colors")
    snapped = dropped = total = 0
    for i in range(20):
        img = sample_ui_image(1280, 800, seed=i)
        pal = extract_palette(img, 12)
        deps, _ = _deps(a, o, InMemoryExtractionCache())
        out = run_extraction(img, pal, ExtractionRequest(uid="b", project_id="p", job_id=f"inv{i}", strategy="quality"),
                             deps)
        snapped += out.snapped
        dropped += out.dropped
        total += len(pal) + 1
    a.set_mode("valid")
    print(f"AI colors returned: {total}; snapped to a pixel color (ΔE ≤ 10): {snapped} "
          f"({snapped / total:.0%}); dropped: {dropped} ({dropped / total:.0%}); "
          f"exact: {total - snapped - dropped}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--colors", type=int, default=12)
    ap.add_argument("--anthropic-port", type=int, default=18630)
    ap.add_argument("--openai-port", type=int, default=18631)
    args = ap.parse_args(argv)
    print_estimates(args.colors)
    a = start_fake_anthropic(args.anthropic_port, "bench-a")
    o = start_fake_openai(args.openai_port, "bench-o")
    try:
        run_cache_benchmark(a, o)
        run_invented(a, o)
    finally:
        a.stop()
        o.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
