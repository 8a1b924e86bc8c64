"""Ports: what the services need from the outside world.

Adapters in `shared/adapters/` implement them on Google Cloud (and its local emulators); unit tests
use in-memory fakes (`tests/fakes/memory.py`). No Google Cloud imports here.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from shared.domain.models import CostRecord, CostRollup, Job, Project, Token


@dataclass(frozen=True)
class ObjectInfo:
    bucket: str
    name: str
    generation: int
    size: int
    content_type: str | None


class ObjectStore(Protocol):
    def read(self, bucket: str, name: str, generation: int | None = None, max_bytes: int | None = None) -> bytes: ...

    def write_new(self, bucket: str, name: str, data: bytes, content_type: str) -> ObjectInfo:
        """Create the object; fail with Conflict if it exists (if_generation_match=0)."""

    def info(self, bucket: str, name: str) -> ObjectInfo | None: ...

    def signed_put_url(self, bucket: str, name: str, content_type: str, max_bytes: int,
                       expires_s: int) -> tuple[str, dict[str, str]]:
        """A V4 signed PUT URL and the headers the uploader must send with it."""


class TaskQueue(Protocol):
    def enqueue(self, queue: str, url: str, payload: dict[str, Any], task_id: str) -> None:
        """Create an HTTP task; a task id that already exists is not an error (idempotent)."""


class SecretStore(Protocol):
    def get(self, name: str) -> str | None:
        """The latest version of a secret, or None when it is not configured."""


class IdentityVerifier(Protocol):
    def verify(self, bearer_token: str) -> str:
        """Return the uid of a valid Firebase ID token or raise Unauthenticated."""


class StaleJobs(Protocol):
    def stale(self, statuses: Sequence[str], updated_before: datetime, limit: int) -> list[Job]:
        """Jobs in one of `statuses` not updated since `updated_before`, oldest first."""


class ProjectRepo(Protocol):
    def get(self, project_id: str) -> Project | None: ...

    def create(self, project: Project) -> Project:
        """Create; Conflict when it exists."""

    def delete_cascade(self, project_id: str) -> None: ...


class JobRepo(Protocol):
    def get(self, job_id: str) -> Job | None: ...

    def create(self, job: Job) -> bool:
        """Create the job; False (and no write) when a job with that id exists."""

    def update(self, job_id: str, fields: dict[str, Any], *, expect_status: Sequence[str] | None = None,
               expect_lease: str | None = None) -> bool:
        """Merge `fields` (camelCase); with expect_status, only when the stored status is one of them,
        with expect_lease only while that lease is still the job's (checked in a transaction).
        Returns whether the write happened."""

    def claim(self, job_id: str, *, ready: Sequence[str], working: str, lease_until: datetime,
              now: datetime) -> Job | None:
        """Move the job from a `ready` status to `working` with a lease, or take over a `working` job
        whose lease has expired (its worker died). None when someone else holds a live lease or the
        job is elsewhere in its life. Two concurrent deliveries never both get the job."""


@dataclass(frozen=True)
class MergeWrite:
    upserts: list[Token]  # created or changed tokens only
    job_fields: dict[str, Any]  # the job's final fields (status done, token ids…)
    project_fields: dict[str, Any]  # counters, updatedAt


class TokenRepo(Protocol):
    def list(self, project_id: str) -> list[Token]:
        """The whole library in one query."""

    def merge(self, project_id: str, job_id: str, planner: Callable[[list[Token]], MergeWrite]) -> bool:
        """Read the library and the job, let `planner` decide, and write its result atomically (one
        transaction: one query, one job read, one batched commit). Returns False without writing when
        the job is already done (a duplicate delivery)."""


class EventLog(Protocol):
    def seen(self, event_id: str) -> bool: ...

    def mark(self, event_id: str, fields: dict[str, Any]) -> None: ...


class CostRepo(Protocol):
    def record(self, rec: CostRecord) -> bool:
        """Store one cost record under its id; False when it already exists (a retried step)."""

    def totals_for_day(self, day: str) -> dict[str, float]:
        """Aggregation over the day's records (count/sum queries, not a read of every record)."""

    def save_rollup(self, rollup: CostRollup) -> None: ...

    def get_rollup(self, day: str) -> CostRollup | None: ...


class Clock(Protocol):
    def now(self) -> datetime: ...
