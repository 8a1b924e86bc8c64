"""What every provider module implements: one call, one attempt, no retries (the runner owns the
retry/fallback policy; the SDKs are built with max_retries=0). SDKs are imported inside `call` only."""
from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from typing import Any, Protocol

from shared.extraction.ai.errors import ProviderError, TransientProviderError
from shared.extraction.ai.prompt import EncodedImage


@dataclass(frozen=True)
class ProviderRequest:
    model: str
    api_key: str
    base_url: str | None
    timeout_s: float
    system: str
    prompt: str
    image: EncodedImage
    schema: dict
    max_output_tokens: int
    anthropic_output: str = "tool"
    anthropic_effort: str | None = None
    anthropic_thinking: dict | None = None
    openai_detail: str = "low"


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

    def call(self, req: ProviderRequest) -> ProviderReply: ...


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
        body = getattr(exc, "body", None)
        etype = None
        if isinstance(body, dict):
            err = body.get("error") if isinstance(body.get("error"), dict) else body
            if isinstance(err, dict):
                etype = err.get("type") or err.get("code")
        etype = str(etype)[:40] if etype else None
        detail = f"{provider}: HTTP {status}" + (f" ({etype})" if etype else "")
        retry_after = parse_retry_after(getattr(exc.response, "headers", None))
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
