"""Configuration of AI extraction: models, prompt version, limits, timeouts, budgets, base URLs.

A plain pydantic model with defaults; turning environment variables into it is the caller's concern.
Nothing here imports an AI SDK.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ProviderName = Literal["anthropic", "openai"]
Strategy = Literal["cost", "quality", "fast", "optimal"]
AI_STRATEGIES: tuple[str, ...] = ("cost", "quality", "fast", "optimal")


class Candidate(BaseModel):
    """One step of a fallback chain: a provider and the model to ask."""

    model_config = ConfigDict(frozen=True)
    provider: ProviderName
    model: str
    # Claude only: structured-output mechanism (None = AiConfig.anthropic_output), output_config.effort
    # and the `thinking` setting, for models that need them (Claude Sonnet 5.5 rejects forced tool use
    # and thinks adaptively by default; {"type": "between_tools"} means no thinking when no tools are sent).
    output: Literal["tool", "json_schema"] | None = None
    effort: str | None = None
    thinking: dict | None = Field(default=None)

    def __hash__(self) -> int:
        return hash((self.provider, self.model, self.output, self.effort))


# Claude Sonnet 4.5 reaches end-of-life on 2026-11-30 (anthropic SDK 2.14 DEPRECATED_MODELS), so the
# Sonnet-class default is Sonnet 5.5: structured outputs (forced tools return 400 there), low effort,
# no thinking (thinking tokens bill as output).
SONNET = Candidate(provider="anthropic", model="claude-sonnet-5-5", output="json_schema", effort="low",
                   thinking={"type": "between_tools"})
HAIKU = Candidate(provider="anthropic", model="claude-haiku-4-5")


def _default_routes() -> dict[str, list[Candidate]]:
    # Always Claude first, then OpenAI, then (implicitly) pixels: the strategy picks the model per step.
    return {
        "quality": [SONNET, Candidate(provider="openai", model="gpt-4.1")],
        "cost": [HAIKU, Candidate(provider="openai", model="gpt-4.1-mini")],
        "fast": [HAIKU, Candidate(provider="openai", model="gpt-4.1-mini")],
        # "optimal": per provider, the best model of the ladder whose *estimated* cost for this image
        # is within `optimal_target_usd`, else the cheapest of the ladder (see routing.plan).
        "optimal": [SONNET, HAIKU,
                    Candidate(provider="openai", model="gpt-4.1"),
                    Candidate(provider="openai", model="gpt-4.1-mini")],
    }


class AiConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    prompt_version: str = "palette-v2"
    max_colors: int = Field(default=12, ge=1, le=32)
    # "compact": numbered colors, answer rows [index, name, role, usage, confidence 0-10] (≈ 12 output
    # tokens a color); "full": the palette-v1 objects echoing each hex (≈ 30). See schema.py.
    answer_format: Literal["compact", "full"] = "compact"
    # Compact only: label the first N pixel colors (the extractor orders them by importance); the rest
    # keep pixel values and get dataset names at enrichment (source "pixels"). None = all (≤ max_colors).
    label_top_n: int | None = Field(default=6, ge=1, le=32)
    routes: dict[str, list[Candidate]] = Field(default_factory=_default_routes)
    optimal_target_usd: float = 0.002

    # Names under which SecretStore holds the keys.
    anthropic_secret: str = "anthropic-api-key"
    openai_secret: str = "openai-api-key"
    # None = the SDK default (api.anthropic.com / api.openai.com/v1); tests point these at the fakes.
    anthropic_base_url: str | None = None
    openai_base_url: str | None = None

    # Claude: "tool" = a forced JSON-schema tool (tool_choice {"type":"tool"}); "json_schema" = the
    # structured-output feature (output_config.format). Both validated by the same pydantic model.
    anthropic_output: Literal["tool", "json_schema"] = "tool"  # per-candidate `output` overrides it
    # OpenAI image detail: "low" is a flat 85 tokens on tile models; our image is ≤ 512 px anyway.
    openai_image_detail: Literal["low", "high", "auto"] = "low"
    max_output_tokens: int = 1024

    # Image sent to the model: downscaled (never upscaled) to this long edge and re-encoded. The colors
    # come as text; the image only gives layout context for roles/usage, which a 384 px thumbnail shows
    # (header, buttons, cards, text blocks); small text, 1-2 px borders and tiny icons blur (≈ 123 Claude
    # tokens for 16:10 against 219 at 512 px; 256 px: ≈ 55 tokens, but buttons/links get hard to tell).
    image_long_edge: int = Field(default=384, ge=64, le=2048)
    jpeg_quality: int = Field(default=80, ge=30, le=95)
    # PNG is kept unless it is this many times larger than the lossy encoding (flat UI stays lossless).
    png_preference: float = 1.25

    # Pixels check the AI: an AI color farther than this (ΔE2000) from every pixel color is dropped.
    snap_delta_e: float = 10.0

    # Time: each call's timeout, and the whole job's AI deadline (retries and fallbacks included).
    request_timeout_s: float = 30.0
    job_deadline_s: float = 90.0
    min_call_s: float = 0.05
    # 429 / 5xx / overloaded: this many retries per model, exponential backoff, retry-after honoured.
    max_transient_retries: int = 2
    backoff_base_s: float = 1.0
    backoff_max_s: float = 20.0
    backoff_jitter: float = 0.2
    # An invalid (malformed / schema-violating) answer is asked again once, with the error fed back.
    validation_retries: int = 1

    # Budgets in USD; None = no cap.
    user_daily_usd: float | None = 0.50
    user_monthly_usd: float | None = 5.00
    global_daily_usd: float | None = 50.0
