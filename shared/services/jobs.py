"""Job life-cycle helpers shared by the pipeline services."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from shared.domain.errors import AppError
from shared.domain.models import STAGE_PROGRESS, JobStatus
from shared.domain.ports import JobRepo

from shared.extraction.formats import ACCEPTED_TYPES  # noqa: F401 — re-exported for the services


def status_fields(status: JobStatus, now: datetime, **extra) -> dict:
    return {"status": status.value, "progress": STAGE_PROGRESS[status], "updatedAt": now, **extra}


def fail_job(jobs: JobRepo, job_id: str, err: AppError, now: datetime,
             at: Iterable[JobStatus] = tuple(s for s in JobStatus if s is not JobStatus.DONE)) -> bool:
    """Record a final failure with its stable code, only while the job is at one of `at` (by default
    anything but done: a job already done stays done)."""
    return jobs.update(job_id, status_fields(JobStatus.FAILED, now, error={"code": err.code, "message": err.message},
                                             leaseUntil=None, finishedAt=now),
                       expect_status=[s.value for s in at])


def fail_final(jobs: JobRepo, job_id: str, err: AppError, now: datetime, step: Iterable[JobStatus]) -> bool:
    """A task step failed for good: the job ends `failed`. A non-retryable error is recorded as
    itself; a retryable one reached the queue's last attempt, so `retries_exhausted` names it.
    Only while the job is at `step` (the statuses that step works on): a job that has moved past it
    (an extract task giving up after another delivery finished extraction) is left to its step."""
    if err.retryable:
        err = AppError(f"gave up after the queue's last attempt (last error: {err.code})", code="retries_exhausted")
    return fail_job(jobs, job_id, err, now, at=step)
