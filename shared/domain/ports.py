"""Ports: what the services need from the outside world.

Adapters in `shared/adapters/` implement them on Google Cloud (and its local emulators); unit tests
use in-memory fakes (`tests/fakes/memory.py`). No Google Cloud imports here.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from shared.domain.models import CostRecord, CostRollup, DropKey, Job, Project, QuarantinedDrop, Token


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

    def delete_prefix(self, bucket: str, prefix: str) -> int:
        """Delete every object whose name starts with `prefix`; how many went (idempotent)."""


class TaskQueue(Protocol):
    def enqueue(self, queue: str, url: str, payload: dict[str, Any], task_id: str) -> None:
        """Create an HTTP task; a task id that already exists is not an error (idempotent)."""

    def pending(self, queue: str, task_id: str) -> bool:
        """Is that task still in the queue (waiting, running or between retries)? A task leaves the
        queue once it succeeded or ran out of attempts."""


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

    def update(self, project_id: str, fields: dict[str, Any]) -> Project:
        """Set fields (a None value removes the field); NotFound when there is no such project."""

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


class DropKeyRepo(Protocol):
    def get(self, key: str) -> DropKey | None: ...

    def create(self, drop_key: DropKey) -> DropKey:
        """Raises Conflict if the key exists (never overwrites)."""

    def for_project(self, project_id: str) -> list[DropKey]: ...

    def delete(self, key: str) -> None: ...


class Quarantine(Protocol):
    def record(self, drop: QuarantinedDrop) -> bool:
        """Stores it under its id; False when it is already there (a redelivered event)."""

    def count_for_day(self, day: str) -> int: ...


class EventLog(Protocol):
    def seen(self, event_id: str) -> bool: ...

    def mark(self, event_id: str, fields: dict[str, Any]) -> None: ...


class CostRepo(Protocol):
    def record(self, rec: CostRecord) -> bool:
        """Store one cost record under its id; False when it already exists (a retried step).
        `extraction=True` is kept on the first record of a job only; a later one (another claim of
        the same job) is stored with extraction=False, so roll-ups count each job's extraction once."""

    def totals_for_day(self, day: str) -> dict[str, float]:
        """Aggregation over the day's records (count/sum queries, not a read of every record)."""

    def save_rollup(self, rollup: CostRollup) -> None: ...

    def get_rollup(self, day: str) -> CostRollup | None: ...


class Clock(Protocol):
    def now(self) -> datetime: ...


class LibraryRepo(Protocol):
    """Edits of a project's library by its owner. Each call is one query or one batched read, and
    one commit per ≤ 500 writes, whatever the number of tokens."""

    def rename(self, project_id: str, token_id: str, name: str, now: datetime) -> Token:
        """Rename a token; NotFound when it does not exist, Conflict when another token of the
        library already has that name (case-insensitive). Atomic: a concurrent rename cannot clash."""

    def apply(self, project_id: str, edit: Callable[[list[Token]], list[Token]], now: datetime, *,
              token_ids: Sequence[str] | None = None, roles: Sequence[str] = ()) -> list[Token]:
        """Read the library (or, with `token_ids`, only those tokens plus the current holders of
        `roles`: one batched get and one query), let `edit` return the changed tokens, write them in
        one commit with the project's updatedAt, atomically. Returns what was written."""

    def delete_tokens(self, project_id: str, token_ids: Sequence[str], now: datetime) -> list[str]:
        """Delete those tokens (one batched read, one commit) and fix the project's tokenCount;
        returns the ids that existed."""

    def delete_project(self, project_id: str) -> dict[str, int]:
        """Delete the project's jobs, tokens and the project itself (project last, so a retry after
        a crash finishes the work), in commits of ≤ 500; returns how many of each went."""


@dataclass(frozen=True)
class DimensionValue:
    dimension: str  # user / model / provider / project
    value: str


class CostRollupRepo(Protocol):
    """What the roll-up needs beyond CostRepo: per-dimension aggregations, job KPIs, the rollup
    documents of a day and once-only alert documents."""

    def dimension_values(self, day: str) -> list[DimensionValue]:
        """Which users/models/providers/projects had cost records that day (from the marker
        documents written with the records; no read of the records)."""

    def discover_dimension_values(self, day: str) -> list[DimensionValue]:
        """The fallback: a projection query over the day's records (reads them: only for days whose
        markers are incomplete, e.g. records written before markers existed); repairs the markers."""

    def totals_for(self, day: str, dimension: str, value: str) -> dict[str, float]:
        """calls, usd, savedUsd, inputTokens, outputTokens, cacheHits of one dimension value."""

    def job_counts(self, start: datetime, end: datetime) -> dict[str, int]:
        """Aggregations over jobs finished in [start, end): done, failed, validationPassed/Failed,
        fellBack/notFellBack."""

    def job_latencies_s(self, start: datetime, end: datetime) -> list[float]:
        """finishedAt - createdAt of the jobs finished in [start, end) (a projection query on the two
        fields)."""

    def replace_dimension_rollups(self, day: str, rollups: Sequence[Any]) -> int:
        """Write the day's dimension roll-ups and delete the day's older ones not among them;
        returns how many were deleted."""

    def dimension_rollups(self, day: str) -> list[Any]:
        """The day's stored dimension roll-ups (DimensionRollup), by id."""

    def create_alert(self, alert_id: str, fields: dict[str, Any]) -> bool:
        """Create `alerts/{alert_id}`; False when it exists (the alert already fired)."""

    def config_errors(self, day: str) -> dict[str, int]:
        """{"provider/model": records} of the day's calls that failed on our configuration (a model the
        provider does not serve: errorType model_not_found)."""

    def usage(self, uid: str, first_day: str, last_day: str) -> dict[str, float]:
        """usd, savedUsd, calls, cacheHits of one user's records with first_day <= day <= last_day."""

    def user_month_totals(self, day: str, uids: Sequence[str]) -> dict[str, float]:
        """Month-to-date USD per user, for the monthly budget alerts."""
