"""Structured logs: one JSON object per line in Cloud Logging's format.

`severity`, `message`, the request/job ids of the current context and the trace
(`logging.googleapis.com/trace`) go on every line. Never pass a secret or image bytes as a field.
"""
from __future__ import annotations

import contextvars
import json
import logging
import sys
import threading
from datetime import datetime, timezone
from typing import Any

_context: contextvars.ContextVar[dict[str, Any]] = contextvars.ContextVar("log_context", default={})
_configured = False
_lock = threading.Lock()


def bind(**fields: Any) -> contextvars.Token:
    """Add fields (requestId, jobId, trace…) to every log line of the current request/task."""
    merged = {**_context.get(), **{k: v for k, v in fields.items() if v is not None}}
    return _context.set(merged)


def reset(token: contextvars.Token) -> None:
    _context.reset(token)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "severity": "ALERT" if getattr(record, "alert", False) else record.levelname,
            "message": record.getMessage(),
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(),
            "logger": record.name,
        }
        ctx = _context.get()
        trace = ctx.get("trace")
        if trace:
            entry["logging.googleapis.com/trace"] = trace
        entry.update({k: v for k, v in ctx.items() if k != "trace"})
        extra = getattr(record, "fields", None)
        if extra:
            entry.update(extra)
        if record.exc_info and record.levelno >= logging.ERROR:
            # Server-side only (stdout → Cloud Logging); never in a response body.
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, separators=(",", ":"))


def configure() -> None:
    global _configured
    if _configured:
        return
    with _lock:
        if _configured:
            return
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(JsonFormatter())
        root = logging.getLogger()
        root.handlers[:] = [handler]
        root.setLevel(logging.INFO)
        # httpx2 is the AI SDKs' HTTP client: an INFO line per provider call otherwise.
        for noisy in ("urllib3", "google", "grpc", "werkzeug", "httpx", "httpx2", "httpcore"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        _configured = True


def get(name: str) -> logging.Logger:
    configure()
    return logging.getLogger(name)


def info(logger: logging.Logger, message: str, **fields: Any) -> None:
    logger.info(message, extra={"fields": fields})


def warning(logger: logging.Logger, message: str, **fields: Any) -> None:
    logger.warning(message, extra={"fields": fields})


def error(logger: logging.Logger, message: str, exc: bool = False, **fields: Any) -> None:
    logger.error(message, exc_info=exc, extra={"fields": fields})


def alert(logger: logging.Logger, message: str, **fields: Any) -> None:
    logger.critical(message, extra={"fields": fields, "alert": True})


def trace_from_header(header: str | None, project_id: str) -> str | None:
    """X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=1 → projects/P/traces/TRACE_ID."""
    if not header:
        return None
    trace_id = header.split("/", 1)[0].strip()
    if not trace_id or not all(c in "0123456789abcdefABCDEF" for c in trace_id):
        return None
    return f"projects/{project_id}/traces/{trace_id}"
