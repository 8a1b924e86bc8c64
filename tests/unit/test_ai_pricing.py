"""Pricing table, image-token rules and the pre-call estimate."""
from __future__ import annotations

import pytest

from shared.extraction.ai import pricing
from shared.extraction.ai.pricing import (PRICING, anthropic_image_tokens, estimate_call, fit_long_edge,
                                          openai_image_tokens, price_for, usd)


def test_usd_from_usage():
    assert usd("claude-sonnet-4-5", 1_000_000, 0) == pytest.approx(3.0)
    assert usd("claude-sonnet-4-5", 0, 1_000_000) == pytest.approx(15.0)
    assert usd("gpt-4.1-mini", 1000, 100) == pytest.approx((1000 * 0.40 + 100 * 1.60) / 1e6)
    assert usd("claude-haiku-4-5", 0, 0, cache_read_tokens=1_000_000) == pytest.approx(0.1)
    assert usd("gpt-4.1", 0, 0, cache_read_tokens=1_000_000, provider="openai") == pytest.approx(0.5)


def test_snapshots_price_as_alias_and_unknown_is_pessimistic():
    assert price_for("claude-sonnet-4-5-20250929") == PRICING["claude-sonnet-4-5"]
    assert price_for("gpt-4.1-2025-04-14") == PRICING["gpt-4.1"]
    assert price_for("gpt-4.1-mini-2025-04-14") == PRICING["gpt-4.1-mini"]
    assert price_for("some-new-model") == pricing.UNKNOWN_MODEL
    assert pricing.UNKNOWN_MODEL.input_per_mtok >= max(p.input_per_mtok for p in PRICING.values())


def test_pricing_table_is_dated_and_sourced():
    assert pricing.PRICING_AS_OF and "platform.claude.com" in pricing.PRICING_SOURCE
    assert "openai.com" in pricing.PRICING_SOURCE


def test_anthropic_image_tokens():
    assert anthropic_image_tokens(1000, 1000) == 1334  # 1000·1000/750
    assert anthropic_image_tokens(512, 320) == 219
    assert anthropic_image_tokens(4000, 3000) <= 1600  # resized to ≤ 1568 px and ~1.15 MP
    assert anthropic_image_tokens(3840, 2160) == anthropic_image_tokens(7680, 4320)
    assert anthropic_image_tokens(4000, 3000, "claude-sonnet-5-5") > 1600  # 5.x reads larger images


def test_openai_tile_rules():
    assert openai_image_tokens("gpt-4o", 1024, 1024, "high") == 765
    assert openai_image_tokens("gpt-4o", 2048, 4096, "high") == 1105
    assert openai_image_tokens("gpt-4.1", 4000, 3000, "low") == 85
    assert openai_image_tokens("gpt-4o-mini", 512, 512, "low") == 2833
    assert openai_image_tokens("gpt-4o-mini", 1024, 1024, "high") == 2833 + 4 * 5667


def test_openai_patch_rules():
    assert openai_image_tokens("gpt-4.1-mini", 1024, 1024) == pytest.approx(1024 * 1.62, abs=1)
    assert openai_image_tokens("gpt-4.1-mini", 4000, 3000) <= 1536 * 1.62 + 1
    assert openai_image_tokens("gpt-4.1-nano", 512, 320, "low") == pytest.approx(160 * 2.46, abs=1)


def test_fit_long_edge_never_upscales():
    assert fit_long_edge(100, 50, 512) == (100, 50)
    assert fit_long_edge(1920, 1080, 512) == (512, 288)


def test_estimate_grows_with_image_and_colors():
    kw = dict(prompt_chars=400, schema_chars=600, detail="low")
    small = estimate_call("anthropic", "claude-haiku-4-5", image_size=(512, 320), n_colors=6, **kw)
    big = estimate_call("anthropic", "claude-haiku-4-5", image_size=(1568, 980), n_colors=6, **kw)
    more = estimate_call("anthropic", "claude-haiku-4-5", image_size=(512, 320), n_colors=12, **kw)
    assert small.usd < big.usd and small.usd < more.usd
    assert small.input_tokens > 219 + pricing.ANTHROPIC_TOOL_OVERHEAD
    no_tool = estimate_call("anthropic", "claude-haiku-4-5", image_size=(512, 320), n_colors=6, tool_mode=False, **kw)
    assert no_tool.input_tokens < small.input_tokens


# ---- compact answer: output figures, Sonnet-class target, prompt caching ----------------------------

def test_output_figures_are_typical_rows_as_providers_count_json():
    import json

    full = {"hex": "#1A73E8", "name": "Ocean Blue", "role": "primary", "usage": "primary buttons and links",
            "confidence": 0.9}
    tok = lambda v, sep=(",", ":"): pricing.approx_tokens(json.dumps(v, separators=sep)) + 1  # noqa: E731 (+ ",")
    assert tok(full) >= pricing.OUTPUT_TOKENS_PER_COLOR  # the old figure was not pessimistic
    by_chars = lambda row: round((len(json.dumps(row)) + 2) / pricing.JSON_CHARS_PER_TOKEN)  # noqa: E731 (+ ", ")
    assert pricing.COMPACT_OUTPUT_TOKENS_PER_COLOR == by_chars([3, "Ocean Blue", "primary", "buttons", 9])
    assert pricing.OUTPUT_TOKENS_PER_STYLE == by_chars([1, "Georgia", "Times New Roman", "heading-1"])
    wrapper = lambda v: round(len(json.dumps(v)) / pricing.JSON_CHARS_PER_TOKEN)  # noqa: E731
    assert wrapper({"l": []}) <= pricing.OUTPUT_TOKENS_FIXED <= wrapper({"l": [], "t": []})
    assert pricing.output_tokens_per_color("compact") < pricing.output_tokens_per_color("full") / 1.8


def test_optimal_default_estimate_is_under_the_target_for_large_palettes():
    """What `optimal` picks per provider (the best model whose estimate is within $0.002) is under it for
    12-color palettes at every image size; Sonnet 5.5, with the Claude 5 tokenizer, is not."""
    import json

    from shared.domain.models import PaletteColor
    from shared.extraction.ai.config import AiConfig
    from shared.extraction.ai.prompt import SYSTEM_PROMPT, build_prompt, label_count
    from shared.extraction.ai.schema import schema_for

    cfg = AiConfig()
    pal = [PaletteColor(hex=f"#{i * 0x101010:06X}", share=1 / 12) for i in range(12)]
    prompt = build_prompt(pal, cfg.max_colors, answer_format=cfg.answer_format, label_top_n=cfg.label_top_n)
    for w, h in ((1280, 800), (1920, 1080), (4000, 3000)):
        est = {}
        for c in cfg.routes["optimal"]:
            s = c.settings()
            est[c.model] = estimate_call(
                c.provider, c.model, image_size=fit_long_edge(w, h, cfg.image_long_edge),
                prompt_chars=len(SYSTEM_PROMPT) + len(prompt), schema_chars=len(json.dumps(schema_for(cfg.answer_format))),
                n_colors=label_count(12, cfg.max_colors, cfg.label_top_n), tool_mode=False, detail=s.detail,
                output_tokens_per_color=pricing.output_tokens_per_color(cfg.answer_format)).usd
        for provider in ("claude", "gpt"):
            assert min(v for m, v in est.items() if m.startswith(provider)) <= 0.002
        assert est["claude-sonnet-5-5"] > 0.002 > est["claude-haiku-5-5"]


def test_prompt_cache_minimums():
    assert pricing.cache_min_tokens("anthropic", "claude-sonnet-5-5") == 512
    assert pricing.cache_min_tokens("anthropic", "claude-haiku-5-5") == 512
    assert pricing.cache_min_tokens("anthropic", "claude-haiku-4-5") == 4096
    assert pricing.cache_min_tokens("anthropic", "claude-opus-5") == 512
    assert pricing.cache_min_tokens("openai", "gpt-6-luna") == 1024
    assert not pricing.cache_applies("anthropic", "claude-sonnet-5-5", 400)
    assert pricing.cache_applies("anthropic", "claude-sonnet-5-5", 512)
