"""AI cost benchmark.

    PYTHONPATH=. python -m tests.benchmarks.ai_cost_benchmark [--colors 12]

1. Estimated USD per image (the pre-call estimate run_extraction uses for budgets) for screenshots
   1280×800, 1920×1080, 3840×2160 and a 12 MP photo (4000×3000), per model of the pricing table:
   "before" = the image sent at its own size (the provider resizes it by its rules), "after" = our
   downscale to AiConfig.image_long_edge. Prompt = the real prompt (AiConfig.answer_format, label_top_n)
   with --colors pixel colors; output estimated at pricing.output_tokens_per_color(format) per labelled
   color. Then the Sonnet-class median per answer format × image long edge × labels, and whether
   prompt caching can apply to the static prefix.
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
from shared.extraction.ai.prompt import SYSTEM_PROMPT, build_prompt, label_count
from shared.extraction.ai.schema import schema_for
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


def _palette(n_colors: int) -> list[PaletteColor]:
    return [PaletteColor(hex=f"#{(i * 0x1F3D5B) % 0xFFFFFF:06X}", share=round(1 / n_colors, 4)) for i in range(n_colors)]


def _call_kw(n_colors: int, cfg: AiConfig) -> dict:
    """estimate_call's text/output arguments exactly as run_extraction computes them for this config."""
    pal = _palette(n_colors)
    fmt = cfg.answer_format
    n_label = label_count(n_colors, cfg.max_colors, cfg.label_top_n) if fmt == "compact" else min(n_colors, cfg.max_colors)
    prompt = build_prompt(pal, cfg.max_colors, answer_format=fmt, label_top_n=cfg.label_top_n)
    return dict(prompt_chars=len(SYSTEM_PROMPT) + len(prompt), schema_chars=len(json.dumps(schema_for(fmt))),
                n_colors=n_label, output_tokens_per_color=pricing.output_tokens_per_color(fmt))


def estimates(n_colors: int, cfg: AiConfig | None = None, models=None) -> dict[str, list[tuple[float, float]]]:
    cfg = cfg or AiConfig()
    base = _call_kw(n_colors, cfg)
    table: dict[str, list[tuple[float, float]]] = {}
    for model in models or pricing.PRICING:
        provider = "anthropic" if model.startswith("claude") else "openai"
        row = []
        for _, w, h in SIZES:
            kw = dict(base, detail=cfg.openai_image_detail, tool_mode=_output_mode(model, cfg))
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
          f"'high' before; answer '{cfg.answer_format}', label top {cfg.label_top_n})")
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
    e = pricing.estimate_call("anthropic", SONNET_CLASS, image_size=(w, h), tool_mode=False, **_call_kw(n_colors, cfg))
    p = pricing.price_for(SONNET_CLASS)
    print(f"{SONNET_CLASS} at 1280x800 after: {e.input_tokens} input tokens "
          f"(${e.input_tokens * p.input_per_mtok / 1e6:.5f}, image {pricing.image_tokens('anthropic', SONNET_CLASS, w, h)}) + "
          f"{e.output_tokens} output tokens (${e.output_tokens * p.output_per_mtok / 1e6:.5f})")
    sens = ", ".join(f"{n} colors ${_sonnet_median(n, cfg):.5f}" for n in (2, 4, 6, 8, 12))
    print(f"{SONNET_CLASS} median after, by palette size: {sens}")
    ok = "MET" if sonnet_median < TARGET_USD else "NOT MET"
    print(f"Sonnet-class ({SONNET_CLASS}) median after downscale: ${sonnet_median:.5f} "
          f"(target < ${TARGET_USD}: {ok})")
    print_levers(n_colors)
    print_cache(cfg)
    return sonnet_median


def _sonnet_median(n_colors: int, cfg: AiConfig) -> float:
    return statistics.median(a for _, a in estimates(n_colors, cfg, [SONNET_CLASS])[SONNET_CLASS])


def print_levers(n_colors: int) -> None:
    print(f"\n== 1b. {SONNET_CLASS} median after, {n_colors} palette colors: answer format x image long edge x "
          "colors labelled (target < $0.002)")
    edges = (512, 384, 256)
    print("format   labelled" + "".join(f"{f'{e}px':>12}" for e in edges))
    for fmt, tops in (("full", (None,)), ("compact", (None, 8, 6, 4))):
        for top in tops:
            n_label = min(n_colors, top or n_colors)
            cells = []
            for e in edges:
                med = _sonnet_median(n_colors, AiConfig(answer_format=fmt, label_top_n=top, image_long_edge=e))
                cells.append(f"{med:.5f}{'*' if med < TARGET_USD else ' '}")
            print(f"{fmt:<9}{n_label:>8}" + "".join(f"{c:>12}" for c in cells))
    print("(* = under the target)")


def print_cache(cfg: AiConfig) -> None:
    schema_chars = len(json.dumps(schema_for(cfg.answer_format)))
    prefix = -(-(len(SYSTEM_PROMPT) + schema_chars) // int(pricing.CHARS_PER_TOKEN))
    for provider, model in (("anthropic", SONNET_CLASS), ("anthropic", "claude-haiku-4-5"), ("openai", "gpt-4.1")):
        need = pricing.cache_min_tokens(provider, model)
        applies = pricing.cache_applies(provider, model, prefix)
        print(f"prompt caching {model}: static prefix (system + schema) ~{prefix} tokens, minimum cacheable {need}: "
              f"{'applies' if applies else 'does not apply (no cache_control sent, no cache-read discount assumed)'}")


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


def run_invented(a, o, answer_format: str) -> None:
    cfg = AiConfig(answer_format=answer_format)
    if answer_format == "full":
        how = "nudged hexes at even positions, complements at odd positions, + #FF00FF"
    else:
        how = f"top {cfg.label_top_n} numbered; odd numbers kept, even ones moved past the list, + number n+1"
    print(f"\n== 3. Fake 'invented_colors' mode over 20 images, answer '{answer_format}' ({how})")
    a.reset()
    a.set_mode("invented_colors")
    snapped = dropped = total = labelled = 0
    for i in range(20):
        img = sample_ui_image(1280, 800, seed=i)
        pal = extract_palette(img, 12)
        deps, _ = _deps(a, o, InMemoryExtractionCache(), {"answer_format": answer_format})
        out = run_extraction(img, pal, ExtractionRequest(uid="b", project_id="p", job_id=f"inv{i}", strategy="quality"),
                             deps)
        assert [c.hex for c in out.colors] == [p.hex for p in pal]  # stored values are pixel values
        snapped += out.snapped
        dropped += out.dropped
        labelled += sum(c.source == "anthropic" for c in out.colors)
        asked = len(pal) if answer_format == "full" else label_count(len(pal), cfg.max_colors, cfg.label_top_n)
        total += asked + 1
    a.set_mode("valid")
    print(f"AI colors returned: {total}; snapped to a pixel color (ΔE ≤ 10): {snapped} "
          f"({snapped / total:.0%}); dropped: {dropped} ({dropped / total:.0%}); "
          f"exact: {total - snapped - dropped}; pixel colors labelled: {labelled}; stored values all pixel values")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--colors", type=int, default=12)
    ap.add_argument("--anthropic-port", type=int, default=0, help="0 = an ephemeral port")
    ap.add_argument("--openai-port", type=int, default=0, help="0 = an ephemeral port")
    args = ap.parse_args(argv)
    print_estimates(args.colors)
    a = start_fake_anthropic(args.anthropic_port, "bench-a")
    o = start_fake_openai(args.openai_port, "bench-o")
    try:
        run_cache_benchmark(a, o)
        run_invented(a, o, "full")
        run_invented(a, o, "compact")
    finally:
        a.stop()
        o.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
