"""Errors of AI extraction.

ProviderError is internal (one failed provider attempt; the runner falls back). The AppError
subclasses reach the caller only when it demanded AI (`require_ai=True`).
"""
from __future__ import annotations

from shared.domain.errors import AppError


class ProviderError(Exception):
    """One provider attempt failed. `error_type` is stable (it goes into CostRecord.error_type).

    error_type: rate_limit, overloaded, server_error, timeout, connection, auth, bad_request,
    invalid_response, truncated, refusal, content_filter, insufficient_quota, model_not_found,
    config_error, deadline.
    """

    transient = False

    def __init__(self, error_type: str, message: str, *, reached: bool = True, status: int | None = None,
                 retry_after: float | None = None, input_tokens: int = 0, output_tokens: int = 0,
                 cache_read_tokens: int = 0, cache_write_tokens: int = 0) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.reached = reached  # the request reached the provider (it may bill): a cost record is due
        self.status = status
        self.retry_after = retry_after
        self.input_tokens = input_tokens
        self.output_tokens = output_tokens
        self.cache_read_tokens = cache_read_tokens
        self.cache_write_tokens = cache_write_tokens


class TransientProviderError(ProviderError):
    """429, 5xx, overloaded: worth retrying with backoff."""

    transient = True


class RefusalError(ProviderError):
    """The model declined (Anthropic stop_reason "refusal", OpenAI message.refusal). Not retried."""

    def __init__(self, message: str, **kw) -> None:
        super().__init__("refusal", message, **kw)


class InvalidResponse(ProviderError):
    """The answer was not valid JSON or did not match the schema; retried once with the error."""

    def __init__(self, message: str, **kw) -> None:
        super().__init__("invalid_response", message, **kw)


class Truncated(InvalidResponse):
    """The answer was cut off (Anthropic stop_reason max_tokens / model_context_window_exceeded, OpenAI
    finish_reason length): never used, whatever part of it parses. `more_room` says whether a re-ask
    with a larger output limit can finish it (not when the context window itself was full)."""

    def __init__(self, message: str, *, more_room: bool = True, **kw) -> None:
        super().__init__(message, **kw)
        self.error_type = "truncated"
        self.more_room = more_room


class ConfigurationError(ProviderError):
    """Our configuration is wrong (a model the provider does not serve, an SDK environment override):
    logged at ERROR and raised in the alert roll-up; retrying or re-asking cannot help."""


class BudgetExceeded(AppError):
    """AI was required but the estimated cost would pass a spending cap.

    402 Payment Required rather than 429: this is a spending limit, not request frequency; retrying
    soon will not help (the cap resets at the next UTC day/month or when the limit is raised), so it is
    final (retryable=False) and carries no Retry-After.
    """

    code, status, retryable = "budget_exceeded", 402, False


class AiUnavailable(AppError):
    """AI was required but no provider could answer (all failed, or none is configured)."""

    code, status, retryable = "ai_unavailable", 503, True

    @classmethod
    def not_configured(cls) -> AiUnavailable:
        """No provider has a key: final, retrying cannot help until one is configured."""
        return cls("AI was required but no AI provider is configured", code="ai_not_configured", retryable=False)
