"""Prices and image-token rules: provider usage → USD, and the expected cost before a call.

PRICING: list prices in USD per million tokens (standard tier, no batch/caching discount), as
published on the providers' pricing pages (Anthropic: platform.claude.com/docs/en/about-claude/pricing;
OpenAI: openai.com/api/pricing) and reproduced in PRICING_AS_OF. Re-check before relying on them:
prices change, and a model missing here is priced with UNKNOWN_MODEL (pessimistic) so budgets hold.

Image tokens (the providers' published rules):
* Anthropic: an image whose long edge is > 1568 px or that is > ~1.15 MP is first scaled down
  (aspect kept); tokens ≈ width·height / 750, ~1,600 at most (Opus 4.7+ and Claude 5.x: long edge
  up to ~2576 px, ~4,784 tokens at most).
* OpenAI tile models (gpt-4o, gpt-4.1, gpt-4o-mini with larger per-tile counts): detail "low" is a
  flat base; "high" fits the image in 2048×2048, then scales its short side down to 768, and costs
  base + per_tile × (number of 512 px tiles).
* OpenAI patch models (gpt-4.1-mini, gpt-4.1-nano): ceil(w/32)·ceil(h/32) patches, scaled down to at
  most 1,536 patches, times a per-model multiplier (1.62 mini, 2.46 nano); detail does not apply.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

PRICING_AS_OF = "2026-11-25"
PRICING_SOURCE = (
    "Claude 5.x: model pages on platform.claude.com/docs (Sonnet 5 / 5.5 $2/$10, Opus 5 $5/$25, Opus 5.5 "
    "$4/$20), read " + PRICING_AS_OF + "; Claude 4.x and OpenAI: list prices from the Anthropic pricing "
    "page and openai.com/api/pricing as published 2025-11-25 (not re-checked since: verify)")


@dataclass(frozen=True)
class Price:
    input_per_mtok: float
    output_per_mtok: float


PRICING: dict[str, Price] = {
    # Anthropic
    "claude-opus-5-5": Price(4.00, 20.00),
    "claude-opus-5": Price(5.00, 25.00),
    "claude-sonnet-5-5": Price(2.00, 10.00),
    "claude-sonnet-5": Price(2.00, 10.00),
    "claude-sonnet-4-6": Price(3.00, 15.00),
    "claude-opus-4-5": Price(5.00, 25.00),
    "claude-opus-4-1": Price(15.00, 75.00),
    "claude-sonnet-4-5": Price(3.00, 15.00),
    "claude-haiku-4-5": Price(1.00, 5.00),
    # OpenAI
    "gpt-4.1": Price(2.00, 8.00),
    "gpt-4.1-mini": Price(0.40, 1.60),
    "gpt-4.1-nano": Price(0.10, 0.40),
    "gpt-4o": Price(2.50, 10.00),
    "gpt-4o-mini": Price(0.15, 0.60),
}
UNKNOWN_MODEL = Price(15.00, 75.00)

# Prompt caching. Anthropic: cache read 0.1x, 5-minute cache write 1.25x the input price; OpenAI: cached
# input 0.25x on the gpt-4.1 family, automatic. Neither applies below a minimum prompt-prefix length
# (tokens), per Anthropic's prompt-caching page as summarised in docs.litellm.ai/docs/completion/prompt_caching
# (last updated 2026-10-07, read 2026-11-25): Claude Opus 5 (and Fable/Mythos 5) 512; Claude Sonnet 5.x,
# Opus 4.8, Sonnet 4.x, Opus 4/4.1 1,024 (Sonnet 4.6 2,048 per Anthropic's table); Haiku 4.5, Opus 4.5/4.6
# 4,096; OpenAI 1,024. Our static prefix (system prompt + schema) is ~150 tokens: far below every
# minimum, so we send no cache_control and expect no cache reads (see cache_applies / the benchmark).
CACHE_MIN_PREFIX_TOKENS: dict[str, int] = {
    "claude-opus-5": 512, "claude-fable-5": 512, "claude-mythos-5": 512,
    "claude-sonnet-5": 1024, "claude-opus-4-8": 1024, "claude-sonnet-4-6": 2048, "claude-sonnet-4": 1024,
    "claude-opus-4-1": 1024, "claude-haiku-4-5": 4096, "claude-opus-4-5": 4096, "claude-opus-4-6": 4096,
}
OPENAI_CACHE_MIN_TOKENS = 1024
# Anthropic's cache read / 5-minute cache write multipliers on the input price.
ANTHROPIC_CACHE_READ = 0.1
ANTHROPIC_CACHE_WRITE = 1.25
# OpenAI cached input (gpt-4.1 family: 25% of the input price).
OPENAI_CACHE_READ = 0.25


def cache_min_tokens(provider: str, model: str) -> int:
    if provider != "anthropic":
        return OPENAI_CACHE_MIN_TOKENS
    for name in sorted(CACHE_MIN_PREFIX_TOKENS, key=len, reverse=True):
        if model == name or model.startswith(name + "-"):
            return CACHE_MIN_PREFIX_TOKENS[name]
    return 1024


def cache_applies(provider: str, model: str, static_prefix_tokens: int) -> bool:
    """Whether a cache breakpoint after the static prefix could be written/read at all."""
    return static_prefix_tokens >= cache_min_tokens(provider, model)


def price_for(model: str) -> Price:
    if model in PRICING:
        return PRICING[model]
    # dated snapshots ("claude-sonnet-4-5-20250929", "gpt-4.1-2025-04-14") price as their alias
    for name in sorted(PRICING, key=len, reverse=True):
        if model.startswith(name + "-") and model[len(name) + 1:][:1].isdigit():
            return PRICING[name]
    return UNKNOWN_MODEL


def usd(model: str, input_tokens: int, output_tokens: int, *, cache_read_tokens: int = 0,
        cache_write_tokens: int = 0, provider: str = "anthropic") -> float:
    """USD of one call from the usage the provider returned (input_tokens excludes cached tokens)."""
    p = price_for(model)
    read_mult = ANTHROPIC_CACHE_READ if provider == "anthropic" else OPENAI_CACHE_READ
    cost = (input_tokens * p.input_per_mtok
            + cache_read_tokens * p.input_per_mtok * read_mult
            + cache_write_tokens * p.input_per_mtok * ANTHROPIC_CACHE_WRITE
            + output_tokens * p.output_per_mtok) / 1_000_000
    return round(cost, 8)


# ---- image sizes and tokens -------------------------------------------------------------------

def fit_long_edge(width: int, height: int, long_edge: int) -> tuple[int, int]:
    """Scale down (never up) so the long edge is at most `long_edge`."""
    m = max(width, height)
    if m <= long_edge:
        return width, height
    s = long_edge / m
    return max(1, round(width * s)), max(1, round(height * s))


# Claude Opus 4.7+ and the 5.x family read larger images (long edge ~2576 px, ~4,784 tokens at most).
_LARGE_VISION = ("claude-opus-4-7", "claude-opus-4-8", "claude-sonnet-5", "claude-opus-5", "claude-haiku-5",
                 "claude-fable-5", "claude-mythos-5")


def anthropic_image_tokens(width: int, height: int, model: str = "") -> int:
    if model.startswith(_LARGE_VISION):
        long_edge, max_tokens = 2576, 4784
    else:
        long_edge, max_tokens = 1568, 1600
    w, h = fit_long_edge(width, height, long_edge)
    max_px = 1_150_000 if max_tokens == 1600 else max_tokens * 750
    if w * h > max_px:
        s = math.sqrt(max_px / (w * h))
        w, h = max(1, int(w * s)), max(1, int(h * s))
    return min(max_tokens, math.ceil(w * h / 750))


_TILE_RULES = {  # model prefix → (base, per tile)
    "gpt-4o-mini": (2833, 5667),
    "gpt-4o": (85, 170),
    "gpt-4.1": (85, 170),
}
_PATCH_RULES = {"gpt-4.1-mini": 1.62, "gpt-4.1-nano": 2.46}


def _rule_for(model: str, table: dict):
    for name in sorted(table, key=len, reverse=True):
        if model == name or model.startswith(name + "-"):
            return table[name]
    return None


def openai_image_tokens(model: str, width: int, height: int, detail: str = "high") -> int:
    mult = _rule_for(model, _PATCH_RULES)
    if mult is not None:
        patches = math.ceil(width / 32) * math.ceil(height / 32)
        if patches > 1536:
            s = math.sqrt(32 * 32 * 1536 / (width * height))
            w2, h2 = width * s, height * s
            # shrink a little more so whole patches fit the cap
            s2 = min(math.floor(w2 / 32) / (w2 / 32), math.floor(h2 / 32) / (h2 / 32))
            w2, h2 = w2 * s2, h2 * s2
            patches = min(1536, math.ceil(w2 / 32) * math.ceil(h2 / 32))
        return math.ceil(patches * mult)
    base, tile = _rule_for(model, _TILE_RULES) or (85, 170)
    if detail == "low":
        return base
    w, h = float(width), float(height)
    if max(w, h) > 2048:
        s = 2048 / max(w, h)
        w, h = w * s, h * s
    if min(w, h) > 768:
        s = 768 / min(w, h)
        w, h = w * s, h * s
    tiles = math.ceil(w / 512) * math.ceil(h / 512)
    return base + tile * tiles


def image_tokens(provider: str, model: str, width: int, height: int, detail: str = "low") -> int:
    if provider == "anthropic":
        return anthropic_image_tokens(width, height, model)
    return openai_image_tokens(model, width, height, detail)


# ---- whole-call estimate ----------------------------------------------------------------------

# Claude 4 models add a tool-use system prompt when tools are sent with tool_choice any/tool.
ANTHROPIC_TOOL_OVERHEAD = 313
CHARS_PER_TOKEN = 3.5
# Output tokens per labelled color. "full" (palette-v1 objects echoing the hex, a 5-word usage):
# 30, the long-standing figure (approx_tokens of a typical object: 33 compact / 41 spaced JSON).
# "compact" (a row [index, name, role, usage, confidence]): 16 = 1.2 x approx_tokens of a typical row
# as compact JSON (13), which also covers it pretty-printed with spaces (16); a 3-word name and a
# 2-word usage give 17 / 20 (tests/unit/test_ai_pricing.py checks these against approx_tokens).
OUTPUT_TOKENS_PER_COLOR = 30
COMPACT_OUTPUT_TOKENS_PER_COLOR = 16
OUTPUT_TOKENS_FIXED = 20

_PRETOKEN = re.compile(r"[A-Za-z]+|\d{1,3}|\s+|[^\sA-Za-z\d]+")


def approx_tokens(text: str) -> int:
    """A BPE proxy for short JSON answers (no tokenizer is shipped for Claude): one token per letter run
    of up to 7 letters (common words), per 1-3 digits, per punctuation run, per non-single-space
    whitespace run. Used to size the per-color output figures above, not at run time."""
    n = 0
    for piece in _PRETOKEN.findall(text):
        if piece.isalpha():
            n += math.ceil(len(piece) / 7)
        elif piece.isspace():
            n += 0 if piece == " " else 1
        else:
            n += 1
    return n


def output_tokens_per_color(answer_format: str) -> int:
    return COMPACT_OUTPUT_TOKENS_PER_COLOR if answer_format == "compact" else OUTPUT_TOKENS_PER_COLOR


@dataclass(frozen=True)
class Estimate:
    input_tokens: int
    output_tokens: int
    usd: float


def estimate_call(provider: str, model: str, *, image_size: tuple[int, int], prompt_chars: int,
                  schema_chars: int, n_colors: int, detail: str = "low", tool_mode: bool = True,
                  output_tokens_per_color: int = OUTPUT_TOKENS_PER_COLOR) -> Estimate:
    """Expected tokens and USD of one call, before making it (for budgets and routing). `n_colors` is
    the number of colors the model is asked to label; the text is the real system prompt, user prompt
    and schema; no prompt-cache discount is assumed (the static prefix is below every minimum)."""
    img = image_tokens(provider, model, image_size[0], image_size[1], detail)
    text = math.ceil((prompt_chars + schema_chars) / CHARS_PER_TOKEN)
    overhead = ANTHROPIC_TOOL_OVERHEAD if (provider == "anthropic" and tool_mode) else 10
    inp = img + text + overhead
    out = OUTPUT_TOKENS_FIXED + output_tokens_per_color * max(1, n_colors)
    return Estimate(inp, out, usd(model, inp, out))
