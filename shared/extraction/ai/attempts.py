"""One candidate (provider + model) of the fallback chain: its attempts, their budget holds and records.

Before every attempt (the first, a retry after 429/5xx/overloaded, a re-ask after an invalid or
cut-off answer) the attempt's estimate is held against the caps (BudgetLedger.reserve): the job's
earlier attempts are already in the recorded spend, so nothing is added on top, and concurrent jobs
of one user see each other's holds. A cap that would be passed ends AI for the job (pixels). The hold
is released once the attempt's cost record is written.

Failures: a transient one (429, 5xx, 529) is retried with backoff (retry-after / retry-after-ms
honoured); an invalid answer is asked again once with the error; an answer cut off at the output limit
is asked again once with `truncation_room_factor` × the limit; a refusal, a filtered or context-full
answer, an exhausted quota, a model the provider does not serve (a configuration error: logged at
ERROR, alerted by the roll-up) or a timeout ends this candidate. No call starts with less than
`min_call_s` left before the job deadline; a timed-out call is recorded at its estimate, billedUnknown.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared import logs
from shared.extraction.ai import pricing
from shared.extraction.ai.config import Candidate
from shared.extraction.ai.errors import ConfigurationError, InvalidResponse, ProviderError, Truncated
from shared.extraction.ai.provider import ProviderReply
from shared.extraction.ai.routing import call_timeout
from shared.extraction.ai.schema import AiAnswer, validate_payload

if TYPE_CHECKING:
    from shared.extraction.ai.runner import _Run

log = logs.get(__name__)


@dataclass
class Success:
    answer: AiAnswer
    reply: ProviderReply
    usd: float


class Attempts:
    def __init__(self, run: "_Run", deadline: float) -> None:
        self.run_ = run
        self.deadline = deadline
        self.budget_cap: str | None = None  # set when a hold was refused: AI ends for the job
        self.budget_estimate = 0.0

    # ---- budget -------------------------------------------------------------------------------
    def hold(self, c: Candidate, hold_id: str, estimate: float) -> bool:
        r = self.run_
        try:
            cap = r.deps.budget.reserve(r.req.uid, hold_id, estimate, r.caps,
                                        ttl_s=r.cfg.job_deadline_s + r.cfg.request_timeout_s)
        except Exception as exc:  # unknown spend: do not spend
            r.notes.append(f"budget ledger error ({type(exc).__name__})")
            if r.req.require_ai:  # not over budget: say so, and let the step retry
                raise r.unavailable("the spend so far", "budget_unavailable", exc) from exc
            cap = "unknown-spend"
        if cap:
            r.notes.append(f"budget: estimated ${estimate:.6f} for {c.provider} {c.model} would pass the {cap} cap; "
                           "pixels only")
            self.budget_cap, self.budget_estimate = cap, estimate
            return False
        return True

    def release(self, hold_id: str) -> None:
        try:
            self.run_.deps.budget.release(self.run_.req.uid, hold_id)
        except Exception as exc:  # the hold expires on its own
            logs.warning(log, "budget hold not released", error=type(exc).__name__)

    # ---- one candidate ------------------------------------------------------------------------
    def run(self, c: Candidate, api_key: str) -> Success | None:
        from shared.extraction.ai.runner import record_id

        r = self.run_
        cfg, deps = r.cfg, r.deps
        provider = r.providers.get(c.provider)
        if provider is None:
            r.notes.append(f"{c.provider}: no provider implementation")
            return None
        attempt = transient = invalid = truncated = 0
        feedback: str | None = None
        max_tokens = cfg.max_output_tokens
        label = f"{c.provider} {c.model}"
        while True:
            remaining = self.deadline - deps.monotonic()
            if remaining < cfg.min_call_s:
                r.notes.append(f"{label}: job deadline: {remaining:.1f}s left, less than a call needs")
                return None
            attempt += 1
            prompt = r.prompt(feedback) if feedback else r.base_prompt
            estimate = r.estimate(c, prompt)
            if max_tokens > cfg.max_output_tokens:  # a larger output limit may be used in full
                estimate = pricing.Estimate(estimate.input_tokens, max_tokens, pricing.usd(
                    c.model, estimate.input_tokens, max_tokens, provider=c.provider))
            hold_id = record_id(r.req.job_id, c.provider, c.model, attempt, r.req.claim)
            if not self.hold(c, hold_id, estimate.usd):
                return None
            preq = r.request(c, api_key=api_key, prompt=prompt, max_output_tokens=max_tokens,
                             timeout_s=min(call_timeout(r.req.strategy, cfg), remaining))
            t0 = deps.monotonic()
            try:
                reply = provider.call(preq)
                latency = (deps.monotonic() - t0) * 1000
                try:
                    answer = validate_payload(reply.payload, r.max_colors, r.fmt, colors=bool(r.pixels),
                                              styles=bool(r.styles), max_styles=len(r.styles) or 1,
                                              layout=bool(r.steps), max_steps=len(r.steps) or 1)
                except ValueError as ve:
                    raise InvalidResponse(str(ve), input_tokens=reply.input_tokens, output_tokens=reply.output_tokens,
                                          cache_read_tokens=reply.cache_read_tokens,
                                          cache_write_tokens=reply.cache_write_tokens) from None
            except ProviderError as e:
                latency = (deps.monotonic() - t0) * 1000
                action = self.failed(c, e, attempt, latency, estimate.usd, hold_id)
                if action == "transient" and transient < cfg.max_transient_retries:
                    delay = self.backoff(transient, e.retry_after)
                    if deps.monotonic() + delay + cfg.min_call_s > self.deadline:
                        r.notes.append(f"{label}: {e.error_type}; a retry in {delay:.1f}s would pass the job deadline")
                        return None
                    transient += 1
                    r.notes.append(f"{label}: {e.error_type} ({r.redact(e.message)}); retrying in {delay:.2f}s"
                                   + (f" (retry-after {e.retry_after:g}s)" if e.retry_after is not None else ""))
                    deps.sleep(delay)
                    continue
                if action == "more_room" and truncated < 1:
                    truncated += 1
                    max_tokens = int(max_tokens * cfg.truncation_room_factor)
                    r.notes.append(f"{label}: the answer was cut off; asking again with {max_tokens} output tokens")
                    continue
                if action in ("invalid", "more_room") and invalid < cfg.validation_retries:
                    invalid += 1
                    feedback = r.redact(e.message)
                    r.notes.append(f"{label}: invalid answer ({feedback}); asking again with the error")
                    continue
                if action != "config":
                    r.notes.append(f"{label}: failed: {e.error_type} ({r.redact(e.message)})")
                return None
            except Exception as exc:  # a bug or an SDK surprise: count it as this provider failing
                latency = (deps.monotonic() - t0) * 1000
                if r.record(c, attempt, success=False, error_type="provider_error", latency_ms=latency):
                    self.release(hold_id)
                r.notes.append(f"{label}: failed: provider_error ({type(exc).__name__})")
                logs.warning(log, "ai provider raised unexpectedly", jobId=r.req.job_id, provider=c.provider,
                             model=c.model, attempt=attempt, error=type(exc).__name__)
                return None
            cost = pricing.usd(c.model, reply.input_tokens, reply.output_tokens, cache_read_tokens=reply.cache_read_tokens,
                               cache_write_tokens=reply.cache_write_tokens, provider=c.provider)
            if r.record(c, attempt, success=True, input_tokens=reply.input_tokens, output_tokens=reply.output_tokens,
                        cache_read_tokens=reply.cache_read_tokens, usd=cost, latency_ms=latency):
                self.release(hold_id)
            logs.info(log, "ai attempt succeeded", jobId=r.req.job_id, provider=c.provider, model=c.model,
                      attempt=attempt, usd=cost, estimateUsd=round(estimate.usd, 8), estimateInputTokens=estimate.input_tokens,
                      estimateOutputTokens=estimate.output_tokens, inputTokens=reply.input_tokens,
                      outputTokens=reply.output_tokens, latencyMs=round(latency, 1))
            return Success(answer, reply, cost)

    def failed(self, c: Candidate, e: ProviderError, attempt: int, latency: float, estimate: float,
               hold_id: str) -> str:
        """Record and log a failed attempt; its kind: config / transient / more_room / invalid / next."""
        r = self.run_
        stored = True
        if e.reached:
            timed_out = e.error_type == "timeout"
            usd = estimate if timed_out else pricing.usd(c.model, e.input_tokens, e.output_tokens,
                                                         cache_read_tokens=e.cache_read_tokens,
                                                         cache_write_tokens=e.cache_write_tokens, provider=c.provider)
            # A timed-out call may still be billed: recorded at its estimate, flagged billedUnknown.
            stored = r.record(c, attempt, success=False, error_type=e.error_type, input_tokens=e.input_tokens,
                              output_tokens=e.output_tokens, cache_read_tokens=e.cache_read_tokens, usd=usd,
                              latency_ms=latency, billed_unknown=timed_out)
        if stored:  # its cost is in the recorded spend now (or it never reached the provider)
            self.release(hold_id)
        fields = dict(jobId=r.req.job_id, provider=c.provider, model=c.model, attempt=attempt,
                      errorType=e.error_type, status=e.status, latencyMs=round(latency, 1))
        if isinstance(e, ConfigurationError):
            logs.error(log, "ai configuration error", **fields, detail=r.redact(e.message))
            r.notes.append(f"{c.provider} {c.model}: configuration error: {r.redact(e.message)}")
            return "config"
        logs.info(log, "ai attempt failed", **fields)
        if e.transient:
            return "transient"
        if isinstance(e, Truncated):
            return "more_room" if e.more_room else "next"
        if isinstance(e, InvalidResponse):
            return "invalid"
        return "next"

    def backoff(self, n: int, retry_after: float | None) -> float:
        cfg = self.run_.cfg
        delay = min(cfg.backoff_max_s, cfg.backoff_base_s * (2 ** n))
        if cfg.backoff_jitter:
            delay *= 1 + cfg.backoff_jitter * self.run_.deps.rng.random()
        if retry_after is not None:
            delay = max(delay, retry_after)  # never earlier than the provider asked
        return delay
