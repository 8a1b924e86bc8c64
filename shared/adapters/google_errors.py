"""Google API errors that mean "try again later", as our retryable error with a stable code.

The clients already retry idempotent calls on UNAVAILABLE / DEADLINE_EXCEEDED and transactions on
ABORTED; what still escapes is a 503 with Retry-After: the queue (Cloud Tasks / Eventarc) redelivers
with backoff, an HTTPS caller may try again, and a job can record the code on its last attempt.
Imports nothing from google: every HTTPS entry point loads this at cold start.
"""
from __future__ import annotations

from shared.domain.errors import AppError, Unavailable

_TRANSIENT = {
    "ServiceUnavailable": "backend_unavailable",
    "DeadlineExceeded": "backend_timeout",
    "Aborted": "contention",
    "TooManyRequests": "backend_throttled",
    "ResourceExhausted": "backend_throttled",
    "InternalServerError": "backend_error",
    "GatewayTimeout": "backend_timeout",
    "BadGateway": "backend_unavailable",
    "RetryError": "backend_timeout",
}


def as_app_error(exc: BaseException) -> AppError | None:
    """Our error for a transient Google API error (None for anything else)."""
    if not type(exc).__module__.startswith("google.api_core"):
        return None
    code = _TRANSIENT.get(type(exc).__name__)
    return Unavailable("a Google Cloud service is temporarily unavailable; try again shortly", code=code) if code else None
