"""run_extraction: the one entry the extract service calls.

Flow: strategy → fallback chain (routing) → cache lookup (a hit makes no provider call) → API keys
from SecretStore (a provider without one is skipped) → budget check on the estimated cost → per
provider: call, retry 429/5xx with backoff honouring retry-after, re-ask once with the validation
error, refusal/timeout/other failure → next provider → pixels. Every attempt that reached a provider
and every cache hit yields a CostRecord (stored through deps.costs) and is returned too. Ids are
deterministic per (job, claim, provider, model, attempt#): a redelivery claims the job anew, so its
billed calls get records of their own, while a replay of the same claim writes the same ids. The
success/cache-hit record is flagged `extraction`; the cost store keeps that flag on one record per job.

A pure pixel run (strategy "pixels", no provider configured, budget hit, all providers failed)
returns the pixel palette with provider "pixels" and no cost record: recording a zero-cost pixel
run, if wanted, is the caller's concern.
"""
from __future__ import annotations

import hashlib
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
from shared.extraction.ai import pricing
from shared.extraction.ai.config import AI_STRATEGIES, AiConfig, Candidate
from shared.extraction.ai.errors import AiUnavailable, BudgetExceeded, InvalidResponse, ProviderError
from shared.extraction.ai.ports import BudgetLedger, Clock, CostSink, ExtractionCache, SystemClock
from shared.extraction.ai.prompt import SYSTEM_PROMPT, EncodedImage, build_prompt, encode_image, label_count
from shared.extraction.ai.provider import Provider, ProviderReply, ProviderRequest
from shared.extraction.ai.routing import call_timeout, plan
from shared.extraction.ai.schema import AiColor, AiPalette, schema_for, validate_payload
from shared.extraction.ai.verify import merge_with_pixels
from shared.extraction.image import NormalizedImage

log = logs.get(__name__)  # logs.* helpers: fields reach the JSON line (stdlib `extra` would not)

CACHE_FORMAT = 1


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


class ExtractionOutcome(BaseModel):
    colors: list[PaletteColor]
    provider: str  # anthropic / openai / pixels
    model: str | None = None
    cached: bool = False
    fell_back: bool = False  # the first planned provider did not produce the result
    budget_limited: bool = False  # AI skipped because the estimate would pass a spending cap
    notes: list[str] = Field(default_factory=list)
    snapped: int = 0
    dropped: int = 0
    cost_records: list[CostRecord] = Field(default_factory=list)
    # None: no AI answer was used; True: it validated and every color it named is in the image
    # (exactly or snapped); False: it validated but some colors were not in the image (dropped).
    ai_validation_passed: bool | None = None
    usd: float = 0.0


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


def cache_key(image_sha256: str, max_colors: int, strategy: str, provider: str, model: str,
              prompt_version: str) -> str:
    raw = f"v{CACHE_FORMAT}|{image_sha256}|{max_colors}|{strategy}|{provider}:{model}|{prompt_version}"
    return hashlib.sha256(raw.encode()).hexdigest()


def record_id(job_id: str, provider: str, model: str, attempt: int | str, claim: int | None = None) -> str:
    safe = lambda s: str(s).replace("/", "_")  # noqa: E731 - Firestore ids cannot hold "/"
    scope = safe(job_id) if claim is None else f"{safe(job_id)}_c{claim}"
    return f"ai_{scope}_{safe(provider)}_{safe(model)}_{attempt}"


class _Run:
    def __init__(self, image: NormalizedImage, pixel_palette: list[PaletteColor], req: ExtractionRequest,
                 deps: AiDeps) -> None:
        self.image, self.req, self.deps, self.cfg = image, req, deps, deps.config
        self.max_colors = req.max_colors or self.cfg.max_colors
        self.pixels = list(pixel_palette[: self.max_colors])
        self.notes: list[str] = []
        self.records: list[CostRecord] = []
        self.secrets_seen: list[str] = []
        self.secret_errors: list[Exception] = []  # the store could not answer (not: no such key)
        now = deps.clock.now()
        self.now = now if now.tzinfo else now.replace(tzinfo=timezone.utc)
        self.day = self.now.astimezone(timezone.utc).strftime("%Y-%m-%d")
        self.job_spent = 0.0

    # ---- records / outcome --------------------------------------------------------------------
    def record(self, c: Candidate, attempt: int | str, *, success: bool, error_type: str | None = None,
               input_tokens: int = 0, output_tokens: int = 0, usd: float = 0.0, cached: bool = False,
               saved_usd: float = 0.0, latency_ms: float = 0.0) -> None:
        # The successful call (or cache hit) is the one whose answer becomes the job's palette:
        # roll-ups count extractions by it (once per job: the cost store drops the flag from a later
        # claim's record when an earlier one already counted, e.g. after a failed job update).
        extraction = success
        rec = CostRecord(
            id=record_id(self.req.job_id, c.provider, c.model, attempt, self.req.claim), uid=self.req.uid,
            project_id=self.req.project_id, job_id=self.req.job_id, provider=c.provider, model=c.model,
            day=self.day, input_tokens=input_tokens, output_tokens=output_tokens, usd=usd, cached=cached,
            saved_usd=saved_usd, success=success, error_type=error_type, latency_ms=round(latency_ms, 1),
            extraction=extraction, created_at=self.now)
        self.records.append(rec)
        self.job_spent += usd
        try:
            self.deps.costs.record(rec)
        except Exception as exc:  # a cost store outage must not lose the extraction
            logs.warning(log, "cost record not stored", recordId=rec.id, error=type(exc).__name__)
            self.notes.append(f"cost record {rec.id} could not be stored ({type(exc).__name__})")

    def redact(self, text: str) -> str:
        for s in self.secrets_seen:
            if s:
                text = text.replace(s, "[redacted]")
        return text

    def outcome(self, **kw) -> ExtractionOutcome:
        kw.setdefault("colors", [p.model_copy(update={"source": "pixels"}) for p in self.pixels])
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
        if not self.pixels:
            if req.require_ai:
                raise InvalidRequest("the image has no pixel palette to label", code="empty_palette")
            return self.outcome(extra_notes=["empty pixel palette: nothing for AI to label"])

        self.encoded = encode_image(self.image, cfg.image_long_edge, cfg.jpeg_quality, cfg.png_preference)
        self.fmt = cfg.answer_format
        # colors the model is asked to label (compact: the first label_top_n; full: all)
        self.label_n = (label_count(len(self.pixels), self.max_colors, cfg.label_top_n) if self.fmt == "compact"
                        else len(self.pixels))
        self.schema = schema_for(self.fmt)
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

        deadline = self.deps.monotonic() + cfg.job_deadline_s
        for c in available:
            est = self.estimate(c)
            cap = self.budget_block(est.usd)
            if cap:
                self.notes.append(f"budget: estimated ${est.usd:.4f} for {c.provider} {c.model} would pass "
                                  f"the {cap} cap; pixels only")
                if req.require_ai:
                    raise self.fail(BudgetExceeded(f"the estimated AI cost would pass the {cap} cap",
                                                   details={"cap": cap, "estimate_usd": round(est.usd, 6)}))
                return self.outcome(fell_back=True, budget_limited=True)
            got = self.try_candidate(c, keys[c.provider] or "", deadline)
            if got is not None:
                palette, reply, cost = got
                self.cache_put(c, palette, reply, cost)
                return self.ai_outcome(c, palette.colors, cached=False, fell_back=(c != chain[0]))
        self.notes.append("all AI providers failed: pixels only")
        if req.require_ai:
            raise self.fail(AiUnavailable("AI was required but every AI provider failed",
                                          code="ai_failed", retryable=True,
                                          details={"notes": [self.redact(n) for n in self.notes],
                                                   "cost_record_ids": [r.id for r in self.records]}))
        return self.outcome(fell_back=True)

    def prompt(self, feedback: str | None = None) -> str:
        return build_prompt(self.pixels, self.max_colors, feedback, answer_format=self.fmt,
                            label_top_n=self.cfg.label_top_n)

    def estimate(self, c: Candidate) -> pricing.Estimate:
        return pricing.estimate_call(
            c.provider, c.model, image_size=(self.encoded.width, self.encoded.height),
            prompt_chars=len(SYSTEM_PROMPT) + len(self.base_prompt), schema_chars=self.schema_chars,
            n_colors=self.label_n, detail=self.cfg.openai_image_detail,
            tool_mode=(c.output or self.cfg.anthropic_output) == "tool",
            output_tokens_per_color=pricing.output_tokens_per_color(self.fmt))

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

    def budget_block(self, estimate_usd: float) -> str | None:
        cfg, b, uid = self.cfg, self.deps.budget, self.req.uid
        extra = self.job_spent + estimate_usd
        try:
            if cfg.user_daily_usd is not None and b.spent_today(uid) + extra > cfg.user_daily_usd:
                return "per-user daily"
            if cfg.user_monthly_usd is not None and b.spent_month(uid) + extra > cfg.user_monthly_usd:
                return "per-user monthly"
            if cfg.global_daily_usd is not None and b.spent_today_global() + extra > cfg.global_daily_usd:
                return "global daily"
        except Exception as exc:  # unknown spend: do not spend
            self.notes.append(f"budget ledger error ({type(exc).__name__})")
            if self.req.require_ai:  # not over budget: say so, and let the step retry
                raise self.unavailable("the spend so far", "budget_unavailable", exc) from exc
            return "unknown-spend"
        return None

    def unavailable(self, what: str, code: str, cause: Exception) -> Exception:
        """AI was required and a backend we read before calling (secrets, budget) failed: retryable
        (the task is redelivered) unless the error says it is final; never "not configured"."""
        return self.fail(AiUnavailable(f"AI was required but {what} could not be read ({type(cause).__name__})",
                                       code=code, retryable=getattr(cause, "retryable", True)))

    # ---- cache --------------------------------------------------------------------------------
    def key_for(self, c: Candidate) -> str:
        version = self.cfg.prompt_version + (f"|compact|top{self.cfg.label_top_n}" if self.fmt == "compact" else "")
        return cache_key(self.image.sha256, self.max_colors, self.req.strategy, c.provider, c.model, version)

    def from_cache(self, chain: list[Candidate]) -> ExtractionOutcome | None:
        for c in chain:
            try:
                entry = self.deps.cache.get(self.key_for(c))
            except Exception as exc:
                self.notes.append(f"cache unavailable ({type(exc).__name__})")
                return None
            if not entry or entry.get("format") != CACHE_FORMAT:
                continue
            try:
                colors = AiPalette.model_validate({"colors": entry["colors"]}).colors
                if self.fmt == "compact" and any(col.index is None for col in colors):
                    raise ValueError("not a compact entry")
                saved = float(entry.get("usd", 0.0))
            except Exception:
                self.notes.append("cache entry unreadable: ignored")
                continue
            self.record(c, "cache", success=True, cached=True, saved_usd=saved)
            self.notes.append(f"cache hit ({c.provider} {c.model}): saved ${saved:.4f}")
            return self.ai_outcome(c, colors, cached=True, fell_back=(c != chain[0]))
        return None

    def cache_put(self, c: Candidate, palette: AiPalette, reply: ProviderReply, cost: float) -> None:
        entry = {"format": CACHE_FORMAT, "provider": c.provider, "model": c.model,
                 "prompt_version": self.cfg.prompt_version, "usd": cost,
                 "input_tokens": reply.input_tokens, "output_tokens": reply.output_tokens,
                 "colors": [col.model_dump() for col in palette.colors], "created_at": self.now.isoformat()}
        try:
            self.deps.cache.put(self.key_for(c), entry)
        except Exception as exc:
            self.notes.append(f"cache write failed ({type(exc).__name__})")

    def ai_outcome(self, c: Candidate, colors: list[AiColor], *, cached: bool, fell_back: bool) -> ExtractionOutcome:
        v = merge_with_pixels(colors, self.pixels, source=c.provider, snap_delta_e=self.cfg.snap_delta_e,
                              index_limit=self.label_n)
        return self.outcome(colors=v.colors, provider=c.provider, model=c.model, cached=cached,
                            fell_back=fell_back, snapped=v.snapped, dropped=v.dropped,
                            ai_validation_passed=(v.dropped == 0), extra_notes=v.notes)

    # ---- one provider, with retries -----------------------------------------------------------
    def try_candidate(self, c: Candidate, api_key: str, deadline: float):
        cfg, deps = self.cfg, self.deps
        providers = deps.providers if deps.providers is not None else _default_providers()
        provider = providers.get(c.provider)
        if provider is None:
            self.notes.append(f"{c.provider}: no provider implementation")
            return None
        attempt = transient = invalid = 0
        feedback: str | None = None
        label = f"{c.provider} {c.model}"
        while True:
            remaining = deadline - deps.monotonic()
            if remaining < cfg.min_call_s:
                self.notes.append(f"{label}: job deadline reached")
                return None
            attempt += 1
            preq = ProviderRequest(
                model=c.model, api_key=api_key,
                base_url=cfg.anthropic_base_url if c.provider == "anthropic" else cfg.openai_base_url,
                timeout_s=max(cfg.min_call_s, min(call_timeout(self.req.strategy, cfg), remaining)),
                system=SYSTEM_PROMPT,
                prompt=self.prompt(feedback) if feedback else self.base_prompt,
                image=self.encoded, schema=self.schema, max_output_tokens=cfg.max_output_tokens,
                anthropic_output=c.output or cfg.anthropic_output, anthropic_effort=c.effort,
                anthropic_thinking=c.thinking, openai_detail=cfg.openai_image_detail)
            t0 = deps.monotonic()
            try:
                reply = provider.call(preq)
                latency = (deps.monotonic() - t0) * 1000
                try:
                    palette = validate_payload(reply.payload, self.max_colors, self.fmt)
                except ValueError as ve:
                    raise InvalidResponse(str(ve), input_tokens=reply.input_tokens, output_tokens=reply.output_tokens,
                                          cache_read_tokens=reply.cache_read_tokens,
                                          cache_write_tokens=reply.cache_write_tokens) from None
            except ProviderError as e:
                latency = (deps.monotonic() - t0) * 1000
                msg = self.redact(e.message)
                if e.reached:
                    self.record(c, attempt, success=False, error_type=e.error_type, input_tokens=e.input_tokens,
                                output_tokens=e.output_tokens, latency_ms=latency,
                                usd=self.usd(c, e.input_tokens, e.output_tokens, e.cache_read_tokens,
                                             e.cache_write_tokens))
                logs.info(log, "ai attempt failed", jobId=self.req.job_id, provider=c.provider, model=c.model,
                          attempt=attempt, errorType=e.error_type, status=e.status, latencyMs=round(latency, 1))
                if e.transient and transient < cfg.max_transient_retries:
                    delay = self.backoff(transient, e.retry_after)
                    if deps.monotonic() + delay + cfg.min_call_s > deadline:
                        self.notes.append(f"{label}: {e.error_type} ({msg}); retry in {delay:.1f}s would pass "
                                          f"the job deadline")
                        return None
                    transient += 1
                    self.notes.append(f"{label}: {e.error_type} ({msg}); retrying in {delay:.2f}s"
                                      + (f" (retry-after {e.retry_after:g}s)" if e.retry_after is not None else ""))
                    deps.sleep(delay)
                    continue
                if isinstance(e, InvalidResponse) and invalid < cfg.validation_retries:
                    invalid += 1
                    feedback = msg
                    self.notes.append(f"{label}: invalid answer ({msg}); asking again with the error")
                    continue
                self.notes.append(f"{label}: failed: {e.error_type} ({msg})")
                return None
            except Exception as exc:  # a bug or an SDK surprise: count it as this provider failing
                latency = (deps.monotonic() - t0) * 1000
                self.record(c, attempt, success=False, error_type="provider_error", latency_ms=latency)
                self.notes.append(f"{label}: failed: provider_error ({type(exc).__name__})")
                logs.warning(log, "ai provider raised unexpectedly", jobId=self.req.job_id, provider=c.provider,
                             model=c.model, attempt=attempt, error=type(exc).__name__)
                return None
            cost = self.usd(c, reply.input_tokens, reply.output_tokens, reply.cache_read_tokens,
                            reply.cache_write_tokens)
            self.record(c, attempt, success=True, input_tokens=reply.input_tokens,
                        output_tokens=reply.output_tokens, usd=cost, latency_ms=latency)
            logs.info(log, "ai attempt succeeded", jobId=self.req.job_id, provider=c.provider, model=c.model,
                      attempt=attempt, usd=cost, inputTokens=reply.input_tokens, outputTokens=reply.output_tokens,
                      latencyMs=round(latency, 1))
            return palette, reply, cost

    @staticmethod
    def usd(c: Candidate, inp: int, out: int, cache_read: int, cache_write: int) -> float:
        return pricing.usd(c.model, inp, out, cache_read_tokens=cache_read, cache_write_tokens=cache_write,
                           provider=c.provider)

    def backoff(self, n: int, retry_after: float | None) -> float:
        cfg = self.cfg
        delay = min(cfg.backoff_max_s, cfg.backoff_base_s * (2 ** n))
        if cfg.backoff_jitter:
            delay *= 1 + cfg.backoff_jitter * self.deps.rng.random()
        if retry_after is not None:
            delay = max(delay, retry_after)  # never earlier than the provider asked
        return delay


def run_extraction(image: NormalizedImage, pixel_palette: list[PaletteColor], req: ExtractionRequest,
                   deps: AiDeps) -> ExtractionOutcome:
    """Label the pixel palette with AI (Claude → OpenAI → pixels); see the module docstring."""
    return _Run(image, pixel_palette, req, deps).run()


__all__ = ["ExtractionRequest", "ExtractionOutcome", "AiDeps", "run_extraction", "cache_key", "record_id",
           "EncodedImage"]
