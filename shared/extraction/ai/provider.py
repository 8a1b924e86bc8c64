"""What every provider module implements: one call, one attempt, no retries (the runner owns the
retry/fallback policy; the SDKs are built with max_retries=0). SDKs are imported inside `call` only;
`body()` builds the exact request body without them (the cache key hashes it)."""
from __future__ import annotations

import email.utils
import os
import time
from dataclasses import dataclass
from typing import Any, Protocol

from shared.extraction.ai.errors import ConfigurationError, ProviderError, TransientProviderError
from shared.extraction.ai.prompt import EncodedImage

# SDK environment variables that would add headers to every request: a planted
# `x-api-key` / proxy header would travel with our key. Present → the call is refused as a
# configuration error (the base URLs are passed explicitly, so *_BASE_URL is simply never read).
HEADER_ENV = {"anthropic": "ANTHROPIC_CUSTOM_HEADERS", "openai": "OPENAI_CUSTOM_HEADERS"}


@dataclass(frozen=True)
class ProviderRequest:
    model: str
    api_key: str
    base_url: str | None  # None = the provider's production endpoint (passed explicitly)
    timeout_s: float
    system: str
    prompt: str
    image: EncodedImage
    schema: dict
    max_output_tokens: int
    output: str = "json_schema"  # Anthropic: "tool" (forced tool) or "json_schema" (structured output)
    effort: str | None = None  # Anthropic output_config.effort / OpenAI reasoning_effort
    thinking: dict | None = None  # Anthropic `thinking`
    detail: str = "low"  # OpenAI image detail


@dataclass(frozen=True)
class ProviderReply:
    payload: Any  # the decoded JSON answer (validated by the runner)
    model: str
    input_tokens: int
    output_tokens: int
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0


class Provider(Protocol):
    name: str

    def body(self, req: ProviderRequest) -> dict: ...

    def call(self, req: ProviderRequest) -> ProviderReply: ...


def guard_environment(provider: str) -> None:
    var = HEADER_ENV[provider]
    if os.environ.get(var) is not None:
        raise ConfigurationError("config_error", f"{provider}: {var} is set in the environment: the SDK would add "
                                 "its headers to every request, so the call is not made", reached=False)


def parse_retry_after(headers: Any) -> float | None:
    """Seconds from `retry-after-ms` or `retry-after` (seconds or an HTTP date)."""
    if headers is None:
        return None
    try:
        ms = headers.get("retry-after-ms")
        if ms is not None:
            return max(0.0, float(ms) / 1000.0)
    except (TypeError, ValueError):
        pass
    ra = headers.get("retry-after")
    if ra is None:
        return None
    try:
        return max(0.0, float(ra))
    except (TypeError, ValueError):
        pass
    try:
        when = email.utils.parsedate_to_datetime(ra)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return None


def _error_fields(body: Any) -> tuple[str | None, str | None]:
    """(type, code) of a provider error body: Anthropic {"error": {"type"}}, OpenAI {"error": {"type", "code"}}."""
    if not isinstance(body, dict):
        return None, None
    err = body.get("error") if isinstance(body.get("error"), dict) else body
    if not isinstance(err, dict):
        return None, None
    etype, code = err.get("type"), err.get("code")
    return (str(etype)[:40] if etype else None), (str(code)[:40] if code else None)


def map_sdk_error(exc: BaseException, sdk: Any, provider: str) -> ProviderError:
    """Turn an anthropic/openai SDK exception into a ProviderError with a key-free message.

    The SDK message is never copied (it may quote request details); only status and error type are.
    """
    if isinstance(exc, sdk.APITimeoutError):
        return ProviderError("timeout", f"{provider}: request timed out", reached=True)
    if isinstance(exc, sdk.APIConnectionError):
        return ProviderError("connection", f"{provider}: connection failed", reached=False)
    if isinstance(exc, sdk.APIStatusError):
        status = exc.status_code
        etype, code = _error_fields(getattr(exc, "body", None))
        detail = f"{provider}: HTTP {status}" + (f" ({code or etype})" if (code or etype) else "")
        retry_after = parse_retry_after(getattr(exc.response, "headers", None))
        # Out of credit: a 429 (OpenAI insufficient_quota) or 402 (Anthropic billing_error) that no retry fixes.
        if code == "insufficient_quota" or etype in ("insufficient_quota", "billing_error") or status == 402:
            return ProviderError("insufficient_quota", detail, status=status)
        if status == 404 and (code == "model_not_found" or etype == "not_found_error"):
            return ConfigurationError("model_not_found", detail, status=status)
        if status == 429:
            return TransientProviderError("rate_limit", detail, status=status, retry_after=retry_after)
        if status == 529 or etype == "overloaded_error":
            return TransientProviderError("overloaded", detail, status=status, retry_after=retry_after)
        if status >= 500 or status == 408:
            return TransientProviderError("server_error", detail, status=status, retry_after=retry_after)
        if status in (401, 403):
            return ProviderError("auth", detail, status=status)
        return ProviderError("bad_request", detail, status=status)
    return ProviderError("provider_error", f"{provider}: {type(exc).__name__}", reached=True)
