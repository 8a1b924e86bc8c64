"""Prices and image-token rules: provider usage → USD, and the expected cost before a call.

Prices, image rules, tokenizers and cache minimums come from the model table (models.py: list prices
in USD per million tokens, standard tier, as the providers published them on MODELS_CHECKED). A model
missing there is priced with UNKNOWN_MODEL (pessimistic) so budgets hold; config validation refuses
such a model before it is ever called.

Image tokens (the providers' published rules):
* Anthropic: an image whose long edge is > 1568 px or that is > ~1.15 MP is first scaled down
  (aspect kept); tokens ≈ width·height / 750, ~1,600 at most (Opus 4.7+ and Claude 5.x: long edge
  up to 2576 px, 4,784 tokens at most).
* OpenAI tile models (gpt-4o, gpt-4.1; gpt-4o-mini with larger counts): detail "low" is a flat base;
  "high" fits the image in 2048×2048, scales its short side down to 768, and costs
  base + per_tile × (number of 512 px tiles).
* OpenAI patch models: ceil(w/32)·ceil(h/32) patches, scaled down to the model's patch budget, times a
  per-model multiplier (GPT-5.6 / 6.x: 1.2, budget 2,500 at detail high; gpt-4.1-mini 1.62 and
  gpt-4.1-nano 2.46, budget 1,536).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from shared.extraction.ai.models import MODELS, MODELS_CHECKED, spec_for

PRICING_AS_OF = MODELS_CHECKED
PRICING_SOURCE = (
    "Anthropic: platform.claude.com/docs models overview and model pages (Haiku 5.5 $0.10/$0.50 up to 100K "
    "prompt tokens, Sonnet 5.5 $2/$10, Opus 5.5 $4/$20, Fable 5.1 $10/$50); OpenAI: developers.openai.com/api/docs/"
    "models and model pages (GPT-6 Luna $0.10/$0.50, GPT-6.1 Terra $1/$5, GPT-6.2 Sol $2/$10) and the "
    "deprecations page, read " + MODELS_CHECKED)


@dataclass(frozen=True)
class Price:
    input_per_mtok: float
    output_per_mtok: float
    cached_input_per_mtok: float = 0.0


PRICING: dict[str, Price] = {m.id: Price(m.input_per_mtok, m.output_per_mtok, m.cached_input_per_mtok)
                             for m in MODELS.values()}
UNKNOWN_MODEL = Price(15.00, 75.00, 15.00)
OPENAI_CACHE_MIN_TOKENS = 1024
# Anthropic's 5-minute cache write multiplier on the input price.
ANTHROPIC_CACHE_WRITE = 1.25


def cache_min_tokens(provider: str, model: str) -> int:
    spec = spec_for(model)
    if spec is not None:
        return spec.cache_min_tokens
    return 1024 if provider == "anthropic" else OPENAI_CACHE_MIN_TOKENS


def cache_applies(provider: str, model: str, static_prefix_tokens: int) -> bool:
    """Whether a cache breakpoint after the static prefix could be written/read at all."""
    return static_prefix_tokens >= cache_min_tokens(provider, model)


def price_for(model: str, prompt_tokens: int = 0) -> Price:
    """The model's price; a prompt past its long-context threshold is priced × the long-context rates."""
    spec = spec_for(model)
    if spec is None:
        return UNKNOWN_MODEL
    p = PRICING[spec.id]
    if spec.long_context and prompt_tokens > spec.long_context[0]:
        _, mi, mo = spec.long_context
        return Price(p.input_per_mtok * mi, p.output_per_mtok * mo, p.cached_input_per_mtok * mi)
    return p


def usd(model: str, input_tokens: int, output_tokens: int, *, cache_read_tokens: int = 0,
        cache_write_tokens: int = 0, provider: str = "anthropic") -> float:
    """USD of one call from the usage the provider returned (input_tokens excludes cached tokens)."""
    p = price_for(model, input_tokens + cache_read_tokens + cache_write_tokens)
    cost = (input_tokens * p.input_per_mtok
            + cache_read_tokens * p.cached_input_per_mtok
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


def anthropic_image_tokens(width: int, height: int, model: str = "") -> int:
    spec = spec_for(model)
    if spec is not None and spec.image_rule == "claude-large":
        long_edge, max_tokens = 2576, 4784
    else:
        long_edge, max_tokens = 1568, 1600
    w, h = fit_long_edge(width, height, long_edge)
    max_px = 1_150_000 if max_tokens == 1600 else max_tokens * 750
    if w * h > max_px:
        s = math.sqrt(max_px / (w * h))
        w, h = max(1, int(w * s)), max(1, int(h * s))
    return min(max_tokens, math.ceil(w * h / 750))


def _patch_tokens(width: int, height: int, mult: float, max_patches: int) -> int:
    patches = math.ceil(width / 32) * math.ceil(height / 32)
    if patches > max_patches:
        s = math.sqrt(32 * 32 * max_patches / (width * height))
        w2, h2 = width * s, height * s
        # shrink a little more so whole patches fit the budget
        s2 = min(math.floor(w2 / 32) / (w2 / 32), math.floor(h2 / 32) / (h2 / 32))
        w2, h2 = w2 * s2, h2 * s2
        patches = min(max_patches, math.ceil(w2 / 32) * math.ceil(h2 / 32))
    return math.ceil(patches * mult)


def openai_image_tokens(model: str, width: int, height: int, detail: str = "high") -> int:
    spec = spec_for(model)
    if spec is not None and spec.image_rule == "openai-patch":
        mult, max_patches = spec.image_params
        return _patch_tokens(width, height, mult, max_patches)
    base, tile = spec.image_params if spec is not None and spec.image_rule == "openai-tile" else (85, 170)
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

# Claude adds a tool-use system prompt when tools are sent with tool_choice any/tool.
ANTHROPIC_TOOL_OVERHEAD = 313
CHARS_PER_TOKEN = 3.5
# Output tokens per labelled item, as the providers count JSON (≈ 3.2 characters a token), times the
# model's tokenizer factor. "full" (palette-v1 objects echoing the hex, a 5-word usage): 30, the
# long-standing figure (approx_tokens of a typical object: 33 compact / 41 spaced JSON). "compact"
# color row: 14 = a typical `[3, "Ocean Blue", "primary", "buttons", 9], ` (44 characters); style row:
# 15 = a typical `[1, "Georgia", "Times New Roman", "heading-1"], ` (48 characters); fixed: 4 (the
# `{"l": [...]}` / `{"l": [...], "t": [...]}` around them: 3-6). Predictions, not bounds: the benchmark checks them against billed
# usage (within 10 %), tests/unit/test_ai_pricing.py against these rows.
OUTPUT_TOKENS_PER_COLOR = 30
COMPACT_OUTPUT_TOKENS_PER_COLOR = 14
OUTPUT_TOKENS_PER_STYLE = 15
OUTPUT_TOKENS_PER_STEP = 8  # a layout row: a typical `[4, "radius-card"], ` (19 characters)
OUTPUT_TOKENS_FIXED = 4
JSON_CHARS_PER_TOKEN = 3.2
# Thinking that cannot be turned off (Opus 5.5, Fable 5.1) or reasoning left on, at low effort: output
# tokens spent before the answer (an estimate: the model decides).
THINKING_TOKENS_LOW = 150

_PRETOKEN = re.compile(r"[A-Za-z]+|\d{1,3}|\s+|[^\sA-Za-z\d]+")


def approx_tokens(text: str) -> int:
    """A BPE proxy for short JSON answers (no tokenizer is shipped for Claude): one token per letter run
    of up to 7 letters (common words), per 1-3 digits, per punctuation run, per non-single-space
    whitespace run. Used to size the per-item output figures above, not at run time."""
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


def tokenizer_factor(model: str) -> float:
    spec = spec_for(model)
    return spec.tokenizer_factor if spec is not None else 1.3


@dataclass(frozen=True)
class Estimate:
    input_tokens: int
    output_tokens: int
    usd: float


def estimate_call(provider: str, model: str, *, image_size: tuple[int, int], prompt_chars: int,
                  schema_chars: int, n_colors: int, detail: str = "low", tool_mode: bool = True,
                  output_tokens_per_color: int = OUTPUT_TOKENS_PER_COLOR, n_styles: int = 0,
                  thinking: bool = False, n_steps: int = 0) -> Estimate:
    """Expected tokens and USD of one call, before making it (for budgets and routing). `n_colors` /
    `n_styles` are the colors and text styles the model is asked to label; the text is the real system
    prompt, user prompt and schema, counted with the model's tokenizer; no prompt-cache discount is
    assumed (the static prefix is below every minimum)."""
    factor = tokenizer_factor(model)
    img = image_tokens(provider, model, image_size[0], image_size[1], detail)
    text = math.ceil((prompt_chars + schema_chars) / CHARS_PER_TOKEN * factor)
    overhead = ANTHROPIC_TOOL_OVERHEAD if (provider == "anthropic" and tool_mode) else 10
    inp = img + text + overhead
    rows = output_tokens_per_color * n_colors + OUTPUT_TOKENS_PER_STYLE * n_styles + OUTPUT_TOKENS_PER_STEP * n_steps
    out = math.ceil((OUTPUT_TOKENS_FIXED + max(rows, output_tokens_per_color)) * factor)
    if thinking:
        out += THINKING_TOKENS_LOW
    return Estimate(inp, out, usd(model, inp, out, provider=provider))
