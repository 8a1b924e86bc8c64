"""Errors with stable codes.

Every failure the system reports (HTTP body, job document, log line) carries one of these codes.
`status` is the HTTP status an entry point maps the error to; `retryable` tells a task handler
whether Cloud Tasks should try again (5xx) or the failure is final (recorded on the job, 2xx).
"""
from __future__ import annotations


class AppError(Exception):
    code = "internal"
    status = 500
    retryable = True

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None,
                 retryable: bool | None = None, details: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        if retryable is not None:
            self.retryable = retryable
        self.details = details or {}

    def to_dict(self) -> dict:
        body = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return body


class InvalidRequest(AppError):
    code, status, retryable = "invalid_request", 400, False


class Unauthenticated(AppError):
    code, status, retryable = "unauthenticated", 401, False


class Forbidden(AppError):
    code, status, retryable = "forbidden", 403, False


class NotFound(AppError):
    code, status, retryable = "not_found", 404, False


class Conflict(AppError):
    code, status, retryable = "conflict", 409, False


class PayloadTooLarge(AppError):
    code, status, retryable = "payload_too_large", 413, False


class UnsupportedMediaType(AppError):
    code, status, retryable = "unsupported_media_type", 415, False


class RateLimited(AppError):
    code, status, retryable = "rate_limited", 429, False

    def __init__(self, message: str, *, retry_after: int, **kw) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class ImageError(AppError):
    """The bytes are not an image we accept; final, never retried."""

    code, status, retryable = "invalid_image", 422, False


class Unavailable(AppError):
    """A dependency failed in a way worth retrying."""

    code, status, retryable = "unavailable", 503, True
    # Seconds, sent as Retry-After: the client libraries have already retried for a while, so an
    # immediate retry would mostly hit the same outage (Cloud Tasks considers it too).
    retry_after = 5
