"""HTTP plumbing every HTTPS entry point shares: request ids, trace, CORS, security headers and
the one JSON error shape `{"error": {"code", "message", "requestId"}}`.

No stack trace, secret or internal name ever reaches a response; a transient Google API error is a
503 with Retry-After (the caller may retry), any other unexpected error is logged (with the trace)
and answered with a generic 500.
"""
from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import HTTPException

from shared import logs
from shared.adapters.google_errors import as_app_error
from shared.domain.errors import AppError, InvalidRequest, NotFound, PayloadTooLarge, Unauthenticated

log = logs.get("copythat.http")

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
}
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
M = TypeVar("M", bound=BaseModel)

Response = tuple[bytes | str, int, dict[str, str]]


def json_response(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return json.dumps(payload, default=str, separators=(",", ":")), status, {
        "Content-Type": "application/json", **(headers or {})}


def error_response(err: AppError, request_id: str) -> Response:
    body = {"error": {**err.to_dict(), "requestId": request_id}}
    headers = {}
    retry_after = getattr(err, "retry_after", None)  # RateLimited, Unavailable
    if retry_after:
        headers["Retry-After"] = str(retry_after)
    if err.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="copythat"'
    return json_response(body, err.status, headers)


def bearer_token(request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("an 'Authorization: Bearer <Firebase ID token>' header is required",
                              code="missing_token")
    return token.strip()


def parse_json(request, model: type[M], max_bytes: int = 64 * 1024) -> M:
    return validate(model, read_json_object(request, max_bytes))


def read_json_object(request, max_bytes: int = 64 * 1024) -> dict:
    """The body as a JSON object, size-capped before it is read."""
    if request.content_length is not None and request.content_length > max_bytes:
        raise PayloadTooLarge(f"request body larger than {max_bytes} bytes", code="body_too_large")
    if request.content_length is None and "wsgi.input_terminated" in request.environ:
        # A chunked body: read at most one byte past the cap, never the whole stream.
        raw = request.stream.read(max_bytes + 1)
    else:
        raw = request.get_data(cache=True)
    if len(raw) > max_bytes:
        raise PayloadTooLarge(f"request body larger than {max_bytes} bytes", code="body_too_large")
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        raise InvalidRequest("the body is not valid JSON", code="invalid_json") from None
    if not isinstance(data, dict):
        raise InvalidRequest("the body must be a JSON object", code="invalid_json")
    return data


def query_params(request, max_chars: int = 2048) -> dict[str, str]:
    """The query string as a dict (first value of each name); not UTF-8 or too long → 400."""
    if len(request.query_string) > max_chars:
        raise InvalidRequest("the query string is too long", code="invalid_query")
    try:
        return dict(request.args.items())
    except UnicodeDecodeError:
        raise InvalidRequest("the query string is not valid UTF-8", code="invalid_query") from None


def validate(model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        # Field locations and messages only: never echo the submitted values back.
        problems = [{"field": ".".join(str(p) for p in e["loc"]), "problem": e["msg"]} for e in exc.errors()]
        raise InvalidRequest("the request is not valid", code="invalid_request",
                             details={"problems": problems[:20]}) from None


def _cors_headers(request, allowed: tuple[str, ...]) -> dict[str, str]:
    origin = request.headers.get("Origin")
    if not origin or origin not in allowed:
        return {}
    return {
        "Access-Control-Allow-Origin": origin,
        "Vary": "Origin",
        "Access-Control-Allow-Headers": "Authorization, Content-Type, If-None-Match, X-Request-Id, X-Firebase-AppCheck",
        "Access-Control-Allow-Methods": "GET, POST, PATCH, DELETE, OPTIONS",
        "Access-Control-Expose-Headers": "ETag, Content-Disposition, Retry-After, X-Request-Id",
        "Access-Control-Max-Age": "3600",
    }


def _from_werkzeug(exc: HTTPException) -> AppError:
    status = exc.code or 400
    if status == 413:
        return PayloadTooLarge("request body too large", code="body_too_large")
    if not 400 <= status < 500:
        status = 400
    return AppError("the request could not be read", code="malformed_request", status=status, retryable=False)


def request_id_of(request) -> str:
    """The caller's X-Request-Id when it is safe to echo, else a new one."""
    incoming = request.headers.get("X-Request-Id", "")
    return incoming if _REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex


def serve(request, handler: Callable[[Any], Response], *, methods: tuple[str, ...],
          allowed_origins: tuple[str, ...] = (), project_id: str = "") -> Response:
    """Run `handler(request)` with ids bound for logging and every error mapped to the JSON shape."""
    request_id = request_id_of(request)
    token = logs.bind(requestId=request_id,
                      trace=logs.trace_from_header(request.headers.get("X-Cloud-Trace-Context"), project_id))
    cors = _cors_headers(request, allowed_origins)
    try:
        if request.method == "OPTIONS":
            result: Response = ("", 204, {}) if cors else error_response(
                AppError("this origin may not call this endpoint", code="origin_not_allowed", status=403), request_id)
        elif request.method not in methods:
            result = error_response(AppError(f"use {', '.join(methods)}", code="method_not_allowed", status=405),
                                    request_id)
            result[2]["Allow"] = ", ".join(methods)
        else:
            result = handler(request)
    except HTTPException as exc:  # werkzeug refusing the request itself (body over the cap, bad multipart)
        err = _from_werkzeug(exc)
        logs.info(log, "request refused", code=err.code, status=err.status)
        result = error_response(err, request_id)
    except AppError as err:
        if err.status >= 500:
            logs.error(log, "request failed", code=err.code)
        else:
            logs.info(log, "request refused", code=err.code, status=err.status)
        result = error_response(err, request_id)
    except Exception as exc:  # noqa: BLE001 — the one place an unexpected error becomes a generic 500
        transient = as_app_error(exc)
        if transient is not None:  # Firestore/GCS still failing after the client's own retries
            logs.warning(log, "backend unavailable", code=transient.code, error=type(exc).__name__)
            result = error_response(transient, request_id)
        else:
            logs.error(log, "unhandled error", exc=True)
            result = error_response(AppError("internal error", code="internal", status=500), request_id)
    finally:
        logs.reset(token)
    body, status, headers = result
    return body, status, {**SECURITY_HEADERS, **headers, **cors, "X-Request-Id": request_id}


# --- answers our handler never sees ---------------------------------------------------------------
# functions-framework routes /robots.txt and /favicon.ico (any method) to its own flask.abort(404),
# and werkzeug's URL map answers an empty path (an absolute-form request line without one,
# `GET http://host HTTP/1.1`) with a 308 to "/": both bypass serve(). Found by reading
# functions_framework.create_app/_configure_app; tests/functions/test_framework_responses.py holds it.

def harden_app(app) -> None:
    """Give every response of `app` our security headers and its framework-made errors our JSON
    shape. Responses from serve() already carry every header, so they pass through unchanged."""
    if app.extensions.get("copythat.hardened"):
        return
    app.extensions["copythat.hardened"] = True
    # Flask looks up handlers by status code first: functions-framework's own 500 crash handler
    # (its X-Google-Status: crash signal) keeps precedence; routing redirects never reach handlers.
    app.register_error_handler(HTTPException, _framework_error)
    app.after_request(_with_security_headers)


def _framework_error(exc: HTTPException) -> Response:
    from flask import request

    status = exc.code or 500
    if status == 404:
        err: AppError = NotFound("no such resource", code="route_not_found")
    elif status < 500:
        err = _from_werkzeug(exc)
    else:
        err = AppError("internal error", code="internal", status=500)
    rid = request_id_of(request)
    body, status, headers = error_response(err, rid)
    return body, status, {**headers, "X-Request-Id": rid}


def _with_security_headers(response):
    from flask import request

    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if "X-Request-Id" not in response.headers:
        response.headers["X-Request-Id"] = request_id_of(request)
    return response
