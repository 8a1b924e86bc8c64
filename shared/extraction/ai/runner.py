"""run_extraction: the one entry the extract service calls.

Flow: token types → what to label (the pixel palette's colors, the measured text styles, the
measured layout steps: all in one call) → strategy → fallback chain (routing) → cache lookup on the exact question (a hit makes no
provider call) → API keys from SecretStore (a provider without one is skipped) → per provider
(attempts.py): a budget hold before every attempt, the call, retries of 429/5xx/overloaded with
backoff honouring retry-after(-ms), one re-ask with the validation error, a re-ask with more room
after a cut-off answer; refusal / filter / quota / timeout / other failure → next provider → pixels.

Every attempt that reached a provider and every cache hit yields a CostRecord (stored through
deps.costs) and is returned too. Ids are deterministic per (job, claim, provider, model, attempt#): a
redelivery claims the job anew, so its billed calls get records of their own, while a replay of the
same claim writes the same ids. The success/cache-hit record is flagged `extraction`; the cost store
keeps that flag on one record per job.

A pure pixel run (strategy "pixels", nothing to label, no provider configured, budget hit, all
providers failed) returns the pixel values with provider "pixels" and no cost record: recording a
zero-cost pixel run, if wanted, is the caller's concern.
"""
from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timezone

from pydantic import BaseModel, ConfigDict, Field

from shared import logs
from shared.domain.errors import InvalidRequest
from shared.domain.models import CostRecord, PaletteColor
from shared.domain.ports import SecretStore
from shared.domain.layout import LayoutResult
from shared.domain.tokens import LAYOUT_TYPES
from shared.domain.typography import TypographyResult
from shared.extraction.ai import cache as cache_mod, pricing
from shared.extraction.ai import prompt as prompt_mod
from shared.extraction.ai.attempts import Attempts, Success
from shared.extraction.ai.config import AI_STRATEGIES, AiConfig, Candidate
from shared.extraction.ai.errors import AiUnavailable, BudgetExceeded
from shared.extraction.ai.models import thinking_runs
from shared.extraction.ai.ports import BudgetLedger, Clock, account_caps, CostSink, ExtractionCache, SystemClock
from shared.extraction.ai.prompt import EncodedImage, encode_image, label_count, layout_steps
from shared.extraction.ai.provider import Provider, ProviderRequest
from shared.extraction.ai.routing import call_timeout, plan
from shared.extraction.ai.schema import AiAnswer, schema_for
from shared.extraction.ai.verify import merge_layout_names, merge_styles, merge_with_pixels
from shared.extraction.image import NormalizedImage

log = logs.get(__name__)  # logs.* helpers: fields reach the JSON line (stdlib `extra` would not)


class ExtractionRequest(BaseModel):
    model_config = ConfigDict(frozen=True)

    uid: str
    project_id: str
    job_id: str
    strategy: str = "optimal"  # cost / quality / fast / optimal; anything else (e.g. "pixels") = no AI
    max_colors: int | None = Field(default=None, ge=1, le=32)  # None = config.max_colors
    require_ai: bool = False
    # Which claim of the job this run belongs to (Job.attempts): per-call record ids include it, since
    # `attempt#` restarts at 1 on every delivery. None = ids without it (runs outside a job claim).
    claim: int | None = Field(default=None, ge=0)
    # What the job extracts (EXTRACTABLE): colors are labelled when "color" is asked, text styles when
    # "typography" is (and text was found), layout steps when "spacing", "radius" or "shadow" is (and
    # steps were measured); one call does all.
    token_types: tuple[str, ...] = ("color",)
    # A new or unverified account (decided at upload: shared/security/ai_access.py) spends at most its
    # share of the global daily budget (AiConfig.new_account_daily_share).
    new_account: bool = False


class ExtractionOutcome(BaseModel):
    colors: list[PaletteColor]
    typography: TypographyResult | None = None  # the measured styles, named where the AI could
    layout: LayoutResult | None = None  # the measured steps, named where the AI could
    provider: str  # anthropic / openai / pixels
    model: str | None = None
    cached: bool = False  # server-side only: never on a document a user reads
    fell_back: bool = False  # the first planned provider did not produce the result
    budget_limited: bool = False  # AI skipped because a spending cap would be passed
    notes: list[str] = Field(default_factory=list)
    snapped: int = 0
    dropped: int = 0
    styles_named: int = 0
    styles_dropped: int = 0
    steps_named: int = 0
    steps_dropped: int = 0
    cost_records: list[CostRecord] = Field(default_factory=list)
    # None: no AI answer was used; True: it validated and every item it named is in the image
    # (exactly or snapped); False: it validated but some items were not (dropped).
    ai_validation_passed: bool | None = None
    usd: float = 0.0  # spent by this run (billed-unknown timeouts at their estimate)
    answer_usd: float = 0.0  # what the answer used cost when it was asked (a cache hit: the original call)


def _default_providers() -> dict[str, Provider]:
    from shared.extraction.ai.anthropic_provider import AnthropicProvider
    from shared.extraction.ai.openai_provider import OpenAIProvider

    return {"anthropic": AnthropicProvider(), "openai": OpenAIProvider()}


@dataclass
class AiDeps:
    secrets: SecretStore
    cache: ExtractionCache
    costs: CostSink  # shared.domain.ports.CostRepo satisfies it
    budget: BudgetLedger
    clock: Clock = field(default_factory=SystemClock)
    config: AiConfig = field(default_factory=AiConfig)
    sleep: Callable[[float], None] = time.sleep
    monotonic: Callable[[], float] = time.monotonic
    providers: dict[str, Provider] | None = None  # None = the SDK-backed providers
    rng: random.Random = field(default_factory=random.Random)


def record_id(job_id: str, provider: str, model: str, attempt: int | str, claim: int | None = None) -> str:
    safe = lambda s: str(s).replace("/", "_")  # noqa: E731 - Firestore ids cannot hold "/"
    scope = safe(job_id) if claim is None else f"{safe(job_id)}_c{claim}"
    return f"ai_{scope}_{safe(provider)}_{safe(model)}_{attempt}"


class _Run:
    def __init__(self, image: NormalizedImage, pixel_palette: list[PaletteColor], req: ExtractionRequest,
                 deps: AiDeps, typography: TypographyResult | None, layout: LayoutResult | None = None) -> None:
        self.image, self.req, self.deps, self.cfg = image, req, deps, deps.config
        self.max_colors = req.max_colors or self.cfg.max_colors
        self.pixels = list(pixel_palette[: self.max_colors]) if "color" in req.token_types else []
        self.typography = typography if "typography" in req.token_types else None
        self.styles = list(self.typography.styles[: self.cfg.label_top_styles]) if self.typography else []
        self.layout = layout if set(LAYOUT_TYPES) & set(req.token_types) else None
        self.steps = layout_steps(self.layout, self.cfg.label_top_steps)
        self.notes: list[str] = []
        self.records: list[CostRecord] = []
        self.secrets_seen: list[str] = []
        self.secret_errors: list[Exception] = []  # the store could not answer (not: no such key)
        now = deps.clock.now()
        self.now = now if now.tzinfo else now.replace(tzinfo=timezone.utc)
        self.day = self.now.astimezone(timezone.utc).strftime("%Y-%m-%d")
        self.providers = deps.providers if deps.providers is not None else _default_providers()
        self.caps = account_caps(self.cfg.user_daily_usd, self.cfg.user_monthly_usd, self.cfg.global_daily_usd,
                                 self.cfg.new_account_daily_share, req.new_account)

    # ---- records / outcome --------------------------------------------------------------------
    def record(self, c: Candidate, attempt: int | str, *, success: bool, error_type: str | None = None,
               input_tokens: int = 0, output_tokens: int = 0, cache_read_tokens: int = 0, usd: float = 0.0,
               cached: bool = False, saved_usd: float = 0.0, latency_ms: float = 0.0,
               billed_unknown: bool = False) -> bool:
        # The successful call (or cache hit) is the one whose answer becomes the job's labels: roll-ups
        # count extractions by it (once per job: the cost store drops the flag from a later claim's
        # record when an earlier one already counted, e.g. after a failed job update).
        rec = CostRecord(
            id=record_id(self.req.job_id, c.provider, c.model, attempt, self.req.claim), uid=self.req.uid,
            project_id=self.req.project_id, job_id=self.req.job_id, provider=c.provider, model=c.model,
            day=self.day, input_tokens=input_tokens, output_tokens=output_tokens,
            cache_read_tokens=cache_read_tokens, usd=usd, cached=cached, saved_usd=saved_usd, success=success,
            error_type=error_type, latency_ms=round(latency_ms, 1), extraction=success,
            billed_unknown=billed_unknown, created_at=self.now)
        self.records.append(rec)
        try:
            self.deps.costs.record(rec)
            return True
        except Exception as exc:  # a cost store outage must not lose the extraction
            logs.warning(log, "cost record not stored", recordId=rec.id, error=type(exc).__name__)
            self.notes.append(f"cost record {rec.id} could not be stored ({type(exc).__name__})")
            return False

    def redact(self, text: str) -> str:
        for s in self.secrets_seen:
            if s:
                text = text.replace(s, "[redacted]")
        return text

    def outcome(self, **kw) -> ExtractionOutcome:
        kw.setdefault("colors", [p if p.source.startswith("pixels") else p.model_copy(update={"source": "pixels"})
                                 for p in self.pixels])
        kw.setdefault("typography", self.typography)
        kw.setdefault("layout", self.layout)
        kw.setdefault("provider", "pixels")
        notes = [self.redact(n) for n in self.notes + kw.pop("extra_notes", [])]
        return ExtractionOutcome(notes=notes, cost_records=list(self.records),
                                 usd=round(sum(r.usd for r in self.records), 8), **kw)

    def fail(self, err: Exception) -> Exception:
        if hasattr(err, "message"):
            err.message = self.redact(err.message)  # type: ignore[attr-defined]
            err.args = (err.message,)  # type: ignore[attr-defined]
        return err

    # ---- the flow -----------------------------------------------------------------------------
    def run(self) -> ExtractionOutcome:
        cfg, req = self.cfg, self.req
        if req.strategy not in AI_STRATEGIES:
            if req.require_ai:
                raise InvalidRequest(f"strategy {req.strategy!r} does not use AI", code="invalid_strategy")
            if req.strategy != "pixels":
                self.notes.append(f"unknown strategy {req.strategy!r}: pixels only")
            return self.outcome()
        if not self.pixels and not self.styles and not self.steps:
            if req.require_ai:
                raise InvalidRequest("the image has no pixel palette, text or layout to label", code="empty_palette")
            return self.outcome(extra_notes=["nothing for AI to label: no pixel palette, no text and no layout"])

        self.encoded = encode_image(self.image, cfg.image_long_edge, cfg.jpeg_quality, cfg.png_preference)
        self.fmt = cfg.answer_format
        # colors the model is asked to label (compact: the first label_top_n; full: all)
        self.label_n = (label_count(len(self.pixels), self.max_colors, cfg.label_top_n) if self.fmt == "compact"
                        else len(self.pixels))
        self.schema = schema_for(self.fmt, colors=bool(self.pixels), styles=bool(self.styles), layout=bool(self.steps))
        self.schema_chars = len(json.dumps(self.schema))
        self.base_prompt = self.prompt()
        chain = plan(req.strategy, cfg, lambda c: self.estimate(c).usd)
        if not chain:
            return self.outcome(fell_back=True, extra_notes=["no route configured for this strategy"])

        hit = self.from_cache(chain)
        if hit is not None:
            return hit

        available: list[Candidate] = []
        keys: dict[str, str | None] = {}
        for c in chain:
            if c.provider not in keys:
                keys[c.provider] = self.secret(c.provider)
                if keys[c.provider] is None:
                    self.notes.append(f"{c.provider} skipped: no API key configured")
            if keys[c.provider] is not None:
                available.append(c)
        if not available:
            self.notes.append("no AI provider configured: pixels only")
            if req.require_ai and self.secret_errors:
                raise self.unavailable("the API keys", "secrets_unavailable", self.secret_errors[0])
            if req.require_ai:
                raise self.fail(AiUnavailable.not_configured())
            return self.outcome(fell_back=True)

        attempts = Attempts(self, deadline=self.deps.monotonic() + cfg.job_deadline_s)
        for c in available:
            got = attempts.run(c, keys[c.provider] or "")
            if isinstance(got, Success):
                self.cache_put(c, got)
                return self.ai_outcome(c, got.answer, cached=False, fell_back=(c != chain[0]), answer_usd=got.usd)
            if attempts.budget_cap:
                return self.budget_stop(attempts.budget_cap, attempts.budget_estimate)
        self.notes.append("all AI providers failed: pixels only")
        if req.require_ai:
            raise self.fail(AiUnavailable("AI was required but every AI provider failed",
                                          code="ai_failed", retryable=True,
                                          details={"notes": [self.redact(n) for n in self.notes],
                                                   "cost_record_ids": [r.id for r in self.records]}))
        return self.outcome(fell_back=True)

    def budget_stop(self, cap: str, estimate: float) -> ExtractionOutcome:
        if self.req.require_ai:
            raise self.fail(BudgetExceeded(f"the estimated AI cost would pass the {cap} cap",
                                           details={"cap": cap, "estimate_usd": round(estimate, 6)}))
        return self.outcome(fell_back=True, budget_limited=True)

    def prompt(self, feedback: str | None = None) -> str:
        return prompt_mod.build_prompt(self.pixels, self.max_colors, feedback, answer_format=self.fmt,
                                       label_top_n=self.cfg.label_top_n, styles=self.styles, steps=self.steps)

    def request(self, c: Candidate, *, api_key: str = "", timeout_s: float = 0.0, prompt: str | None = None,
                max_output_tokens: int | None = None) -> ProviderRequest:
        s = c.settings()
        return ProviderRequest(
            model=c.model, api_key=api_key,
            base_url=self.cfg.anthropic_base_url if c.provider == "anthropic" else self.cfg.openai_base_url,
            timeout_s=timeout_s, system=prompt_mod.SYSTEM_PROMPT, prompt=prompt or self.base_prompt,
            image=self.encoded, schema=self.schema,
            max_output_tokens=max_output_tokens or self.cfg.max_output_tokens, output=s.output, effort=s.effort,
            thinking=s.thinking, detail=s.detail)

    def estimate(self, c: Candidate, prompt: str | None = None) -> pricing.Estimate:
        s = c.settings()
        return pricing.estimate_call(
            c.provider, c.model, image_size=(self.encoded.width, self.encoded.height),
            prompt_chars=len(prompt_mod.SYSTEM_PROMPT) + len(prompt or self.base_prompt),
            schema_chars=self.schema_chars, n_colors=self.label_n if self.pixels else 0,
            n_styles=len(self.styles), n_steps=len(self.steps), detail=s.detail, tool_mode=(c.provider == "anthropic" and s.output == "tool"),
            output_tokens_per_color=pricing.output_tokens_per_color(self.fmt),
            thinking=thinking_runs(c.provider, c.model, s.thinking, s.effort))

    def secret(self, provider: str) -> str | None:
        name = self.cfg.anthropic_secret if provider == "anthropic" else self.cfg.openai_secret
        try:
            value = self.deps.secrets.get(name)
        except Exception as exc:
            self.notes.append(f"{provider}: secret store error ({type(exc).__name__})")
            self.secret_errors.append(exc)
            return None
        if value:
            value = value.strip()
            self.secrets_seen.append(value)
        return value or None

    def unavailable(self, what: str, code: str, cause: Exception) -> Exception:
        """AI was required and a backend we read before calling (secrets, budget) failed: retryable
        (the task is redelivered) unless the error says it is final; never "not configured"."""
        return self.fail(AiUnavailable(f"AI was required but {what} could not be read ({type(cause).__name__})",
                                       code=code, retryable=getattr(cause, "retryable", True)))

    # ---- cache --------------------------------------------------------------------------------
    def key_for(self, c: Candidate) -> str | None:
        provider = self.providers.get(c.provider)
        if provider is None or not hasattr(provider, "body"):
            return None
        return cache_mod.cache_key(c.provider, provider.body(self.request(c)), self.req.token_types,
                                   self.cfg.prompt_version)

    def from_cache(self, chain: list[Candidate]) -> ExtractionOutcome | None:
        for c in chain:
            key = self.key_for(c)
            if key is None:
                continue
            try:
                value = self.deps.cache.get(key)
            except Exception as exc:
                self.notes.append(f"cache unavailable ({type(exc).__name__})")
                return None
            try:
                got = cache_mod.read_entry(value)
            except Exception:
                logs.warning(log, "cache entry unreadable: ignored", provider=c.provider, model=c.model)
                continue
            if got is None:
                continue
            answer, saved = got
            self.record(c, "cache", success=True, cached=True, saved_usd=saved)
            # a log line, not a note: whether someone else asked first stays off what the user reads
            logs.info(log, "ai cache hit", jobId=self.req.job_id, provider=c.provider, model=c.model,
                      savedUsd=round(saved, 6))
            return self.ai_outcome(c, answer, cached=True, fell_back=(c != chain[0]), answer_usd=saved)
        return None

    def cache_put(self, c: Candidate, got: Success) -> None:
        key = self.key_for(c)
        if key is None:
            return
        value = cache_mod.entry(got.answer, provider=c.provider, model=c.model, usd=got.usd,
                                input_tokens=got.reply.input_tokens, output_tokens=got.reply.output_tokens,
                                created_at=self.now.isoformat())
        try:
            self.deps.cache.put(key, value)
        except Exception as exc:
            self.notes.append(f"cache write failed ({type(exc).__name__})")

    def ai_outcome(self, c: Candidate, answer: AiAnswer, *, cached: bool, fell_back: bool,
                   answer_usd: float) -> ExtractionOutcome:
        kw: dict = {}
        notes: list[str] = []
        dropped = 0
        if self.pixels:
            v = merge_with_pixels(answer.colors, self.pixels, source=c.provider, snap_delta_e=self.cfg.snap_delta_e,
                                  index_limit=self.label_n)
            kw.update(colors=v.colors, snapped=v.snapped, dropped=v.dropped)
            notes += v.notes
            dropped += v.dropped
        if self.styles and self.typography is not None:
            vs = merge_styles(answer.styles, self.typography, source=c.provider, index_limit=len(self.styles))
            kw.update(typography=vs.typography, styles_named=vs.named, styles_dropped=vs.dropped)
            notes += vs.notes
            dropped += vs.dropped
        if self.steps and self.layout is not None:
            vl = merge_layout_names(answer.steps, self.layout, self.steps, source=c.provider)
            kw.update(layout=vl.layout, steps_named=vl.named, steps_dropped=vl.dropped)
            notes += vl.notes
            dropped += vl.dropped
        return self.outcome(provider=c.provider, model=c.model, cached=cached, fell_back=fell_back,
                            ai_validation_passed=(dropped == 0), answer_usd=round(answer_usd, 8),
                            extra_notes=notes, **kw)


def run_extraction(image: NormalizedImage, pixel_palette: list[PaletteColor], req: ExtractionRequest,
                   deps: AiDeps, typography: TypographyResult | None = None,
                   layout: LayoutResult | None = None) -> ExtractionOutcome:
    """Label the pixel palette and name the measured text styles and layout steps with AI (Claude →
    OpenAI → pixels); see the module docstring. `typography` and `layout` are what the pixels measured
    (None: not asked)."""
    return _Run(image, pixel_palette, req, deps, typography, layout).run()


def cache_key(provider: str, body: dict, token_types, version: str = "") -> str:
    return cache_mod.cache_key(provider, body, token_types, version)


__all__ = ["ExtractionRequest", "ExtractionOutcome", "AiDeps", "run_extraction", "cache_key", "record_id",
           "EncodedImage", "call_timeout"]
