"""Per-user, per-endpoint rate limits with fixed windows.

A `RateLimiter` counts one request of `uid` against `endpoint` in every window that applies to it
and says whether the request fits all of them. The Firestore adapter
(`shared/adapters/firestore_rate_limit.py`) keeps one counter document per
`{hash(uid)}_{endpoint}_{window}`; `MemoryRateLimiter` (tests/fakes/memory.py) is its in-memory twin.

Refused requests still count in their window: the counter measures attempts, so a client that
hammers an endpoint is not given a fresh allowance by being refused.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from shared.domain.errors import RateLimited

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class Window:
    """At most `limit` requests per `seconds`-long fixed window (windows start at multiples of it)."""

    limit: int
    seconds: int

    @property
    def label(self) -> str:
        return f"{self.seconds}s"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after_s: int = 0  # when refused: seconds until the fullest refusing window ends
    counts: tuple[int, ...] = ()  # the count of this request in each window (diagnostics, tests)


class RateLimiter(Protocol):
    def hit(self, uid: str, endpoint: str, windows: Sequence[Window], now: datetime) -> Decision:
        """Count one request in each window atomically; allowed only if every count ≤ its limit."""


def window_start(now: datetime, seconds: int) -> int:
    epoch = int(now.timestamp())
    return epoch - epoch % seconds


def counter_id(uid: str, endpoint: str, window: Window, now: datetime) -> str:
    """`{sha256(uid)[:32]}_{endpoint}_{seconds}s-{windowStart}`: a hash (128 bits), not the uid cleaned of
    unsafe characters — cleaning mapped `alice.smith` and `alice~smith` to one counter, so one user
    could spend another's allowance. The uid itself is stored in the document."""
    digest = hashlib.sha256(uid.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{digest}_{_UNSAFE.sub('~', endpoint)}_{window.label}-{window_start(now, window.seconds)}"


def decide(counts: Sequence[int], windows: Sequence[Window], now: datetime) -> Decision:
    over = [w for c, w in zip(counts, windows) if c > w.limit]
    if not over:
        return Decision(True, 0, tuple(counts))
    epoch = int(now.timestamp())
    retry = max(window_start(now, w.seconds) + w.seconds - epoch for w in over)
    return Decision(False, max(1, retry), tuple(counts))


def enforce(limiter: RateLimiter, uid: str, endpoint: str, windows: Sequence[Window], now: datetime) -> None:
    """Raise RateLimited (429 + Retry-After) when this request does not fit."""
    windows = [w for w in windows if w.limit > 0]
    if not windows:
        return
    decision = limiter.hit(uid, endpoint, windows, now)
    if not decision.allowed:
        raise RateLimited(f"too many requests to {endpoint}; try again in {decision.retry_after_s} s",
                          code="rate_limited", retry_after=decision.retry_after_s)


def windows_for(settings, endpoint: str) -> tuple[Window, ...]:
    """The configured windows of an endpoint (Settings.rate_*; a limit of 0 switches a window off)."""
    table = {
        "upload": (Window(settings.rate_upload_per_min, 60), Window(settings.rate_upload_per_hour, 3600)),
        "export": (Window(settings.rate_export_per_min, 60),),
        "library": (Window(settings.rate_library_per_min, 60),),
        "usage": (Window(settings.rate_usage_per_min, 60),),
    }
    return tuple(w for w in table.get(endpoint, ()) if w.limit > 0)
