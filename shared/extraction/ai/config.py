"""Configuration of AI extraction: models, prompt version, limits, timeouts, budgets, base URLs.

A plain pydantic model with defaults; turning environment variables into it is the caller's concern.
Nothing here imports an AI SDK.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.extraction.ai import models

ProviderName = Literal["anthropic", "openai"]
Strategy = Literal["cost", "quality", "fast", "optimal"]
AI_STRATEGIES: tuple[str, ...] = ("cost", "quality", "fast", "optimal")


class Candidate(BaseModel):
    """One step of a fallback chain: a provider and the model to ask, with request settings the model
    takes. None = the model's default from the model table (models.py): e.g. Claude Haiku 5.5 is asked
    through structured outputs with thinking disabled at low effort, Sonnet 5.5 with thinking
    `between_tools` (it refuses forced tools and `disabled`), GPT-6 Luna with reasoning_effort none."""

    model_config = ConfigDict(frozen=True)
    provider: ProviderName
    model: str
    output: Literal["tool", "json_schema"] | None = None  # Anthropic: forced tool or structured output
    effort: str | None = None  # Anthropic output_config.effort; OpenAI reasoning_effort
    thinking: dict | None = Field(default=None)  # Anthropic `thinking`

    def __hash__(self) -> int:
        return hash((self.provider, self.model, self.output, self.effort, str(self.thinking)))

    def settings(self) -> models.Settings:
        return models.settings_for(self.provider, self.model, output=self.output, effort=self.effort,
                                   thinking=self.thinking)


# The route table (checked 2026-12-07, models.py): current models only, none with a shutdown announced.
SONNET = Candidate(provider="anthropic", model="claude-sonnet-5-5")
HAIKU = Candidate(provider="anthropic", model="claude-haiku-5-5")
TERRA = Candidate(provider="openai", model="gpt-6.1-terra")
LUNA = Candidate(provider="openai", model="gpt-6-luna")


def _default_routes() -> dict[str, list[Candidate]]:
    # Always Claude first, then OpenAI, then (implicitly) pixels: the strategy picks the model per step.
    return {
        "quality": [SONNET, TERRA],
        "cost": [HAIKU, LUNA],
        "fast": [HAIKU, LUNA],
        # "optimal": per provider, the best model of the ladder whose *estimated* cost for this image
        # is within `optimal_target_usd`, else the cheapest of the ladder (see routing.plan).
        "optimal": [SONNET, HAIKU, TERRA, LUNA],
    }


def check_routes(routes: dict[str, list[Candidate]], today: date | None = None) -> list[str]:
    """What the providers would refuse in a route table: an unknown model, one past its shutdown, or
    settings the model does not take (each a clear sentence naming the model)."""
    today = today or datetime.now(timezone.utc).date()
    problems: list[str] = []
    for strategy, route in routes.items():
        for c in route:
            spec = models.spec_for(c.model)
            if spec is not None and spec.retired(today):
                problems.append(f"routes.{strategy}: {c.provider} model {c.model!r} was shut down on "
                                f"{spec.shutdown.isoformat()}")
                continue
            problems += [f"routes.{strategy}: {p}" for p in c.settings().problems]
    return problems


class AiConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    prompt_version: str = "labels-v3"  # part of the cache key, with everything the provider is sent
    max_colors: int = Field(default=12, ge=1, le=32)
    # "compact": numbered colors, answer rows [index, name, role, usage, confidence 0-10] (≈ 12 output
    # tokens a color); "full": the palette-v1 objects echoing each hex (≈ 30). See schema.py.
    answer_format: Literal["compact", "full"] = "compact"
    # Compact only: label the first N pixel colors (the extractor orders them by importance); the rest
    # keep pixel values and get dataset names at enrichment (source "pixels"). None = all (≤ max_colors).
    label_top_n: int | None = Field(default=6, ge=1, le=32)
    # Text styles listed for naming (the extractor orders them by text area); the rest keep pixels' class.
    label_top_styles: int = Field(default=8, ge=1, le=32)
    # Layout steps (spacing, radii, elevations) listed for naming; the rest keep their scale names.
    label_top_steps: int = Field(default=16, ge=1, le=32)
    routes: dict[str, list[Candidate]] = Field(default_factory=_default_routes)
    optimal_target_usd: float = 0.002

    @field_validator("routes")
    @classmethod
    def _current_models(cls, routes: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
        # Refused at load with a sentence per problem, not discovered by a 404 in production.
        problems = check_routes(routes)
        if problems:
            raise ValueError("; ".join(problems))
        return routes

    # Names under which SecretStore holds the keys.
    anthropic_secret: str = "anthropic-api-key"
    openai_secret: str = "openai-api-key"
    # None = the SDK default (api.anthropic.com / api.openai.com/v1); tests point these at the fakes.
    anthropic_base_url: str | None = None
    openai_base_url: str | None = None

    # How a model is asked (forced tool or structured output, effort, thinking, OpenAI image detail)
    # comes from the model table per model; a route's Candidate may override it within what it takes.
    max_output_tokens: int = 1024
    # A cut-off answer is asked again with this many times the output limit (room to finish).
    truncation_room_factor: float = Field(default=4.0, ge=1.0, le=16.0)

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
    # No call starts with less than this left before the job deadline: a labelling call takes 1-4 s,
    # and one cut short by the deadline times out and may still be billed.
    min_call_s: float = 5.0
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
    # A new or unverified account (no verified e-mail, or younger than Settings.new_account_days) may
    # spend at most this share of global_daily_usd a day (None = the per-user caps only): 0.002 × $50
    # = $0.10, so it takes 500 such accounts, not 100, to blow the global fuse.
    new_account_daily_share: float | None = Field(default=0.002, ge=0, le=1)
    # The daily roll-up raises one alert a day once the day's spend reaches this share of
    # global_daily_usd (None = off): before the fuse blows and AI stops for everyone.
    global_alert_share: float | None = Field(default=0.8, gt=0, le=1)
