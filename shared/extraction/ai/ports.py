"""Ports of AI extraction (Firestore adapters come from the extract service), plus in-memory versions
for tests and local runs. No Google Cloud and no AI SDK imports here."""
from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Protocol

from shared.domain.models import CostRecord
from shared.domain.ports import SecretStore


class ExtractionCache(Protocol):
    def get(self, key: str) -> dict | None: ...

    def put(self, key: str, value: dict) -> None: ...


@dataclass(frozen=True)
class Caps:
    """Spending caps in USD (None = no cap)."""
    user_daily: float | None = None
    user_monthly: float | None = None
    global_daily: float | None = None
    # A new or unverified account's daily cap: its share of the global daily budget (None = none).
    new_account_daily: float | None = None


def account_caps(user_daily: float | None, user_monthly: float | None, global_daily: float | None,
                 new_account_share: float | None, new_account: bool) -> Caps:
    """The caps of one account: a new or unverified one also gets its share of the global budget."""
    share = (global_daily * new_account_share if new_account and global_daily is not None
             and new_account_share is not None else None)
    return Caps(user_daily, user_monthly, global_daily, share)


def over_cap(today: float, month: float, global_today: float, extra: float, caps: Caps) -> str | None:
    """The first cap that spend + holds + `extra` would pass, or None."""
    if caps.new_account_daily is not None and today + extra > caps.new_account_daily:
        return "new-account daily"
    if caps.user_daily is not None and today + extra > caps.user_daily:
        return "per-user daily"
    if caps.user_monthly is not None and month + extra > caps.user_monthly:
        return "per-user monthly"
    if caps.global_daily is not None and global_today + extra > caps.global_daily:
        return "global daily"
    return None


class BudgetLedger(Protocol):
    """Spend so far in USD (sum of CostRecord.usd) plus holds, checked and held before every attempt.

    `reserve` is atomic per user: the spend recorded so far plus the user's unreleased holds plus
    `usd` is checked against the caps and, when it fits, held under `hold_id` in the same step; a hold
    is released once the attempt's cost record is written (it is then in the spend). Concurrent jobs
    of one user therefore cannot pass a per-user cap together: each attempt is admitted against what
    the others have already recorded or hold. A hold whose worker died expires after `ttl_s`.
    The global cap counts this user's holds only (no cross-user lock on a hot document): concurrent
    jobs of different users can pass it by at most one attempt's estimate each."""

    def spent_today(self, uid: str) -> float: ...

    def spent_month(self, uid: str) -> float: ...

    def spent_today_global(self) -> float: ...

    def reserve(self, uid: str, hold_id: str, usd: float, caps: Caps, ttl_s: float = 300.0) -> str | None:
        """Hold `usd` for one attempt; the cap it would pass (nothing held) or None (held)."""

    def release(self, uid: str, hold_id: str) -> None: ...


class CostSink(Protocol):
    """The part of shared.domain.ports.CostRepo this module uses (idempotent by record id)."""

    def record(self, rec: CostRecord) -> bool: ...


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


# ---- in-memory implementations -----------------------------------------------------------------

class InMemoryExtractionCache:
    def __init__(self) -> None:
        self._d: dict[str, dict] = {}
        self.gets = 0
        self.hits = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self._lock:
            self.gets += 1
            v = self._d.get(key)
            if v is not None:
                self.hits += 1
            return copy.deepcopy(v)

    def put(self, key: str, value: dict) -> None:
        with self._lock:
            self._d[key] = copy.deepcopy(value)

    def __len__(self) -> int:
        return len(self._d)


class _Holds:
    """In-memory holds with the lock that makes check-and-hold one step (see BudgetLedger)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.holds: dict[str, tuple[str, float]] = {}  # hold id → (uid, usd)

    def reserve(self, uid: str, hold_id: str, usd: float, caps: Caps, ttl_s: float = 300.0) -> str | None:
        with self._lock:
            self.holds.pop(hold_id, None)  # a replayed attempt replaces its own hold
            held = sum(v for u, v in self.holds.values() if u == uid)
            cap = over_cap(self.spent_today(uid) + held, self.spent_month(uid) + held,
                           self.spent_today_global() + held, usd, caps)
            if cap is None:
                self.holds[hold_id] = (uid, usd)
            return cap

    def release(self, uid: str, hold_id: str) -> None:
        with self._lock:
            self.holds.pop(hold_id, None)


class InMemoryCostSink(_Holds):
    """Records by id (idempotent; one extraction-flagged record per job, as CostRepo promises) and
    answers BudgetLedger questions from them, with holds."""

    def __init__(self) -> None:
        super().__init__()
        self.records: dict[str, CostRecord] = {}
        self.counted_jobs: set[str] = set()

    def record(self, rec: CostRecord) -> bool:
        with self._lock:
            if rec.id in self.records:
                return False
            if rec.extraction and rec.job_id in self.counted_jobs:
                rec = rec.model_copy(update={"extraction": False})
            if rec.extraction:
                self.counted_jobs.add(rec.job_id)
            self.records[rec.id] = rec
            return True

    def spent_today(self, uid: str) -> float:
        days = {r.day for r in self.records.values()}
        today = max(days) if days else ""
        return sum(r.usd for r in self.records.values() if r.uid == uid and r.day == today)

    def spent_month(self, uid: str) -> float:
        return sum(r.usd for r in self.records.values() if r.uid == uid)

    def spent_today_global(self) -> float:
        return sum(r.usd for r in self.records.values())


@dataclass
class FixedBudgetLedger(_Holds):
    """A fixed spend so far (tests), plus holds."""
    today: float = 0.0
    month: float = 0.0
    global_today: float = 0.0

    def __post_init__(self) -> None:
        _Holds.__init__(self)

    def spent_today(self, uid: str) -> float:
        return self.today

    def spent_month(self, uid: str) -> float:
        return self.month

    def spent_today_global(self) -> float:
        return self.global_today


@dataclass
class DictSecretStore:
    values: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        return self.values.get(name)


__all__ = ["ExtractionCache", "BudgetLedger", "Caps", "account_caps", "over_cap", "CostSink", "Clock", "SystemClock", "SecretStore",
           "InMemoryExtractionCache", "InMemoryCostSink", "FixedBudgetLedger", "DictSecretStore"]

