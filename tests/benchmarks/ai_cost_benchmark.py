"""AI cost benchmark.

    .venv/bin/python -m tests.benchmarks.ai_cost_benchmark [--colors 12] [--styles 5]

1. Estimated USD per new image (the pre-call estimate run_extraction uses for budgets and routing)
   for screenshots 1280×800, 1920×1080, 3840×2160 and a 12 MP photo (4000×3000), per routed model, at
   the settings the routes send (structured output / forced tool, thinking, effort, image detail,
   tokenizer): "before" = the image sent at its own size (the provider resizes it by its rules),
   "after" = our downscale to AiConfig.image_long_edge. The prompt is the real one (compact answer,
   label_top_n colors, and --styles measured text styles when typography is asked).
2. The `optimal` route: per image, the model it picks first (the best Claude model whose estimate is
   within optimal_target_usd) and that estimate; the median over the images, colors only and with
   typography, against the $0.002 target.
3. Estimate vs billed: every routed model answers real run_extraction calls (the real SDKs against the
   fake servers, which bill usage by each model's image rule and tokenizer and the answer's length)
   for images of every size, colors only and with typography; the runner's own pre-call estimate of
   each call (its log line) against the USD of the usage the fake billed; every model within 10 %.
4. 100 uploads of 20 distinct images through an in-memory cache: provider calls made (20: none on a hit).
5. The fake's `invented_colors` mode over 20 images: how many AI labels were snapped / dropped.
"""
from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
from datetime import datetime, timezone

import numpy as np

from shared.domain.models import PaletteColor
from shared.extraction.ai import (AiConfig, AiDeps, DictSecretStore, ExtractionRequest, FixedBudgetLedger,
                                  InMemoryCostSink, InMemoryExtractionCache, run_extraction)
from shared.extraction.ai import pricing
from shared.extraction.ai.config import Candidate
from shared.extraction.ai.models import MODELS_CHECKED, thinking_runs
from shared.extraction.ai.prompt import SYSTEM_PROMPT, build_prompt, label_count
from shared.extraction.ai.routing import plan
from shared.extraction.ai.schema import schema_for
from shared.extraction.pixels import extract_palette
from tests.fakes.ai_servers import sample_typography, sample_ui_image, start_fake_anthropic, start_fake_openai

SIZES = [("screenshot 1280x800", 1280, 800), ("screenshot 1920x1080", 1920, 1080),
         ("screenshot 3840x2160", 3840, 2160), ("photo 4000x3000 (12 MP)", 4000, 3000)]
TARGET_USD = 0.002
TOLERANCE = 0.10


def routed(cfg: AiConfig) -> list[Candidate]:
    seen: dict[str, Candidate] = {}
    for route in cfg.routes.values():
        for c in route:
            seen.setdefault(c.model, c)
    return list(seen.values())


def _palette(n_colors: int) -> list[PaletteColor]:
    return [PaletteColor(hex=f"#{(i * 0x1F3D5B) % 0xFFFFFF:06X}", share=round(1 / n_colors, 4)) for i in range(n_colors)]


def estimate(c: Candidate, cfg: AiConfig, size: tuple[int, int], n_colors: int, n_styles: int) -> pricing.Estimate:
    """estimate_call exactly as run_extraction computes it for this candidate and prompt."""
    s = c.settings()
    styles = sample_typography(n_styles).styles if n_styles else []
    pal = _palette(n_colors) if n_colors else []
    n_label = label_count(n_colors, cfg.max_colors, cfg.label_top_n) if n_colors else 0
    prompt = build_prompt(pal, cfg.max_colors, answer_format=cfg.answer_format, label_top_n=cfg.label_top_n,
                          styles=styles)
    schema = schema_for(cfg.answer_format, colors=bool(n_colors), styles=bool(styles))
    return pricing.estimate_call(
        c.provider, c.model, image_size=size, prompt_chars=len(SYSTEM_PROMPT) + len(prompt),
        schema_chars=len(json.dumps(schema)), n_colors=n_label, n_styles=len(styles), detail=s.detail,
        tool_mode=(c.provider == "anthropic" and s.output == "tool"),
        output_tokens_per_color=pricing.output_tokens_per_color(cfg.answer_format),
        thinking=thinking_runs(c.provider, c.model, s.thinking, s.effort))


def print_estimates(n_colors: int, n_styles: int) -> None:
    cfg = AiConfig()
    print(f"== 1. Estimated USD per new image ({n_colors} palette colors, {n_styles} text styles; prices as of "
          f"{pricing.PRICING_AS_OF}; our downscale: long edge {cfg.image_long_edge}px)")
    print("model".ljust(20) + "".join(f"{name:>28}" for name, _, _ in SIZES) + f"{'median after':>14}")
    for c in routed(cfg):
        row = []
        for _, w, h in SIZES:
            before = estimate(c, cfg, (w, h), n_colors, n_styles).usd
            after = estimate(c, cfg, pricing.fit_long_edge(w, h, cfg.image_long_edge), n_colors, n_styles).usd
            row.append((before, after))
        cells = "".join(f"{f'{b:.5f} -> {a:.5f}':>28}" for b, a in row)
        print(f"{c.model:<20}{cells}{statistics.median(a for _, a in row):>14.5f}")
    schema_chars = len(json.dumps(schema_for(cfg.answer_format, styles=True)))
    prefix = -(-(len(SYSTEM_PROMPT) + schema_chars) // int(pricing.CHARS_PER_TOKEN))
    for c in routed(cfg):
        need = pricing.cache_min_tokens(c.provider, c.model)
        print(f"prompt caching {c.model}: static prefix (system + schema) ~{prefix} tokens, minimum cacheable "
              f"{need}: {'applies' if prefix >= need else 'does not apply (no cache_control sent)'}")


def optimal_median(n_colors: int, n_styles: int) -> float:
    cfg = AiConfig()
    picks = []
    for _, w, h in SIZES:
        size = pricing.fit_long_edge(w, h, cfg.image_long_edge)
        chain = plan("optimal", cfg, lambda c: estimate(c, cfg, size, n_colors, n_styles).usd)
        first = chain[0]
        picks.append((first.model, estimate(first, cfg, size, n_colors, n_styles).usd))
    med = statistics.median(u for _, u in picks)
    print(f"   {n_colors} colors, {n_styles} text styles: picks {[m for m, _ in picks]}, estimates "
          f"{', '.join(f'${u:.5f}' for _, u in picks)}; median ${med:.5f}")
    return med


class _Estimates(logging.Handler):
    """The runner's own estimate and billed USD of each successful call (its 'ai attempt succeeded' line)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.rows: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage() == "ai attempt succeeded":
            self.rows.append(dict(getattr(record, "fields", {})))


class _Clock:
    def now(self):
        return datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)


def _deps(a, o, cache, **cfg_extra):
    cfg = AiConfig(anthropic_base_url=a.base_url, openai_base_url=o.base_url, backoff_jitter=0, **cfg_extra)
    return AiDeps(secrets=DictSecretStore({"anthropic-api-key": "bench-a", "openai-api-key": "bench-o"}),
                  cache=cache, costs=InMemoryCostSink(), budget=FixedBudgetLedger(), clock=_Clock(), config=cfg,
                  sleep=lambda s: None)


def run_estimate_vs_billed(a, o) -> bool:
    print("\n== 3. Estimate vs billed (the fake's usage) per routed model, real SDKs; every image size, 5 and "
          "12 palette colors, colors only and with 5 text styles")
    handler = _Estimates()
    logger = logging.getLogger("shared.extraction.ai.attempts")
    logger.addHandler(handler)
    ok = True
    try:
        for c in routed(AiConfig()):
            handler.rows.clear()
            for i, (_, w, h) in enumerate(SIZES):
                img = sample_ui_image(w // 4, h // 4, seed=i)  # the sent image is ≤ 384 px either way
                img = sample_ui_image(w, h, seed=i) if w <= 1920 else img
                for pal in (extract_palette(img, 12), _palette(12)):  # the image's 5 colors; 12 (6 labelled)
                    for typo in (None, sample_typography(5)):
                        types = ("color", "typography") if typo else ("color",)
                        job = f"e{c.model}{i}{len(pal)}{bool(typo)}"
                        run_extraction(img, pal, ExtractionRequest(uid="b", project_id="p", job_id=job,
                                                                   strategy="quality", token_types=types),
                                       _deps(a, o, InMemoryExtractionCache(), routes={"quality": [c]}), typography=typo)
            est = [r["estimateUsd"] for r in handler.rows]
            billed = [r["usd"] for r in handler.rows]
            ratios = [e / b for e, b in zip(est, billed)]
            worst = max(abs(r - 1) for r in ratios)
            ok &= worst <= TOLERANCE
            print(f"{c.model:<20} calls {len(ratios)}: estimate median ${statistics.median(est):.6f}, billed median "
                  f"${statistics.median(billed):.6f}; estimate/billed {min(ratios):.3f}..{max(ratios):.3f} "
                  f"({'within' if worst <= TOLERANCE else 'OUTSIDE'} ±{TOLERANCE:.0%})")
    finally:
        logger.removeHandler(handler)
    return ok


def run_cache_benchmark(a, o, strategy: str = "optimal") -> None:
    print(f"\n== 4. 100 uploads of 20 distinct images, strategy '{strategy}', in-memory cache, fakes through the SDKs")
    a.reset()
    o.reset()
    cache = InMemoryExtractionCache()
    rng = np.random.default_rng(7)
    order = list(range(20)) + [int(i) for i in rng.integers(0, 20, size=80)]
    images = [sample_ui_image(1280, 800, seed=i) for i in range(20)]
    palettes = [extract_palette(img, 12) for img in images]
    new_usd: list[float] = []
    hits = hit_calls = 0
    for n, i in enumerate(order):
        before = len(a.requests) + len(o.requests)
        out = run_extraction(images[i], palettes[i],
                             ExtractionRequest(uid="bench", project_id="p", job_id=f"job{n}", strategy=strategy),
                             _deps(a, o, cache))
        calls = len(a.requests) + len(o.requests) - before
        if out.cached:
            hits += 1
            hit_calls += calls
        else:
            new_usd.append(out.usd)
    print(f"uploads: {len(order)}, distinct images: {len(images)}, provider calls: {len(a.requests) + len(o.requests)}, "
          f"cache hits: {hits}, provider calls on cache hits: {hit_calls}")
    print(f"billed USD per new image (fake usage, {strategy} -> {a.last_request.body['model']}): "
          f"median ${statistics.median(new_usd):.6f}, max ${max(new_usd):.6f}")


def run_invented(a, o, answer_format: str) -> None:
    cfg = AiConfig(answer_format=answer_format)
    print(f"\n== 5. Fake 'invented_colors' mode over 20 images, answer '{answer_format}'")
    a.reset()
    a.set_mode("invented_colors")
    snapped = dropped = total = labelled = 0
    for i in range(20):
        img = sample_ui_image(1280, 800, seed=i)
        pal = extract_palette(img, 12)
        out = run_extraction(img, pal, ExtractionRequest(uid="b", project_id="p", job_id=f"inv{i}", strategy="quality"),
                             _deps(a, o, InMemoryExtractionCache(), answer_format=answer_format))
        assert [c.hex for c in out.colors] == [p.hex for p in pal]  # stored values are pixel values
        snapped += out.snapped
        dropped += out.dropped
        labelled += sum(c.source == "anthropic" for c in out.colors)
        asked = len(pal) if answer_format == "full" else label_count(len(pal), cfg.max_colors, cfg.label_top_n)
        total += asked + 1
    a.set_mode("valid")
    print(f"AI labels returned: {total}; snapped to a pixel color (ΔE ≤ 10): {snapped} ({snapped / total:.0%}); "
          f"dropped: {dropped} ({dropped / total:.0%}); pixel colors labelled: {labelled}; stored values all pixel values")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--colors", type=int, default=12)
    ap.add_argument("--styles", type=int, default=5)
    args = ap.parse_args(argv)
    print(f"(model table checked {MODELS_CHECKED})")
    print_estimates(args.colors, 0)
    print_estimates(args.colors, args.styles)
    print(f"\n== 2. `optimal` route: the model it asks first and its estimate per new image (target ≤ ${TARGET_USD})")
    medians = [optimal_median(args.colors, 0), optimal_median(args.colors, args.styles)]
    met = all(m <= TARGET_USD for m in medians)
    print(f"median estimated cost per new image at optimal: colors ${medians[0]:.5f}, colors + typography "
          f"${medians[1]:.5f} (target ≤ ${TARGET_USD}: {'MET' if met else 'NOT MET'})")
    attempts_log = logging.getLogger("shared.extraction.ai.attempts")
    attempts_log.setLevel(logging.INFO)
    attempts_log.propagate = False  # its lines feed section 3, not the console
    logging.getLogger("shared.extraction.ai.runner").setLevel(logging.WARNING)  # one cache-hit line per upload
    a = start_fake_anthropic(0, "bench-a")
    o = start_fake_openai(0, "bench-o")
    try:
        within = run_estimate_vs_billed(a, o)
        print(f"estimate vs billed within ±{TOLERANCE:.0%} for every routed model: {'MET' if within else 'NOT MET'}")
        run_cache_benchmark(a, o)
        run_invented(a, o, "full")
        run_invented(a, o, "compact")
    finally:
        a.stop()
        o.stop()
    return 0 if (met and within) else 1


if __name__ == "__main__":
    sys.exit(main())
