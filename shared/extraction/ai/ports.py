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


class BudgetLedger(Protocol):
    """Spend so far in USD (sum of CostRecord.usd), for budget checks before a call."""

    def spent_today(self, uid: str) -> float: ...

    def spent_month(self, uid: str) -> float: ...

    def spent_today_global(self) -> float: ...


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


class InMemoryCostSink:
    """Records by id (idempotent; one extraction-flagged record per job, as CostRepo promises) and
    answers BudgetLedger questions from them."""

    def __init__(self) -> None:
        self.records: dict[str, CostRecord] = {}
        self.counted_jobs: set[str] = set()

    def record(self, rec: CostRecord) -> bool:
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
class FixedBudgetLedger:
    today: float = 0.0
    month: float = 0.0
    global_today: float = 0.0

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


__all__ = ["ExtractionCache", "BudgetLedger", "CostSink", "Clock", "SystemClock", "SecretStore",
           "InMemoryExtractionCache", "InMemoryCostSink", "FixedBudgetLedger", "DictSecretStore"]

