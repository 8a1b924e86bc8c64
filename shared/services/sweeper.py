"""Use case: nothing stays in flight forever.

Called on a schedule. A job whose step stopped moving — its task was lost after the queue's last
attempt, its worker died holding a lease that has since expired, its enrich task never came — is
re-driven by enqueueing its step again (every step is idempotent); after `max_redrives`, once it is
also older than `max_job_age_s`, it is failed with a reason. A job whose upload never arrived is failed once its signed URL has long expired.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from shared import logs
from shared.config import Settings
from shared.domain.errors import AppError
from shared.domain.models import Job, JobStatus
from shared.domain.ports import Clock, JobRepo, StaleJobs, TaskQueue
from shared.services.jobs import fail_job

log = logs.get("copythat.sweeper")
IN_FLIGHT = (JobStatus.AWAITING_UPLOAD, JobStatus.QUEUED, JobStatus.EXTRACTING, JobStatus.ENRICHING)


@dataclass(frozen=True)
class SweepDeps:
    settings: Settings
    jobs: JobRepo  # and StaleJobs
    queue: TaskQueue
    clock: Clock


def sweep(deps: SweepDeps, limit: int = 200) -> dict[str, int]:
    s, now = deps.settings, deps.clock.now()
    jobs: StaleJobs = deps.jobs  # type: ignore[assignment]
    counts = {"seen": 0, "redriven": 0, "failed": 0, "leased": 0, "pending": 0, "errors": 0}
    for job in jobs.stale([st.value for st in IN_FLIGHT], now - timedelta(seconds=s.stale_after_s), limit):
        counts["seen"] += 1
        try:
            outcome = _sweep_one(deps, job, now)
        except Exception as exc:  # noqa: BLE001 — one job's failure must not leave the rest unswept
            counts["errors"] += 1
            logs.error(log, "sweeping a job failed; the next sweep retries it", jobId=job.id,
                       error=type(exc).__name__)
            continue
        if outcome:
            counts[outcome] += 1
    if counts["seen"]:
        logs.info(log, "sweep done", **counts)
    return counts


def _sweep_one(deps: SweepDeps, job: Job, now) -> str | None:
    """What the sweep did with one stale job: "failed", "leased", "redriven" or None (left alone)."""
    s = deps.settings
    # A failure is written only while the job is still at the status we read (not if it moved on).
    if job.status is JobStatus.AWAITING_UPLOAD:
        expired = job.created_at and now - job.created_at > timedelta(seconds=s.signed_url_ttl_s + s.stale_after_s)
        return _fail(deps, job, now, "no image arrived before the upload URL expired",
                     "upload_never_arrived") if expired else None
    if job.status is JobStatus.EXTRACTING and job.lease_until and job.lease_until > now:
        return "leased"  # its worker is still within its lease
    # A long queue backlog also looks stale: re-driving is harmless (every step is idempotent), but
    # failing is only right once the job is both re-driven enough and old.
    too_old = job.created_at is not None and now - job.created_at > timedelta(seconds=s.max_job_age_s)
    if job.redrives >= s.max_redrives and too_old:
        return _fail(deps, job, now, f"the job stopped at '{job.status.value}' and did not recover after "
                                     f"{job.redrives} re-drives", "stalled")
    if any(deps.queue.pending(queue, task_id) for queue, task_id in _task_names(s, job)):
        # Its task is waiting in a backlog (or between retries): a re-drive would only add a second
        # task for the same step, and a backlog longer than stale_after_s would feed itself.
        return "pending"
    return "redriven" if _redrive(deps, job, now) else None


def _task_names(s, job: Job) -> list[tuple[str, str]]:
    """The names the job's current step may be queued under: the step's own task (ingest names
    extract's by object generation, extract names enrich's by job) and the last re-drive's."""
    if job.status is JobStatus.ENRICHING:
        names = [(s.enrich_queue, f"enrich-{job.id}")]
        names += [(s.enrich_queue, f"enrich-{job.id}-r{job.redrives}")] if job.redrives else []
        return names
    names = [(s.extract_queue, f"extract-{job.id}-{job.source.generation}")] if job.source.generation else []
    names += [(s.extract_queue, f"extract-{job.id}-r{job.redrives}")] if job.redrives else []
    return names


def _fail(deps: SweepDeps, job: Job, now, message: str, code: str) -> str | None:
    return "failed" if fail_job(deps.jobs, job.id, AppError(message, code=code), now, at=(job.status,)) else None


def _redrive(deps: SweepDeps, job: Job, now) -> bool:
    # Enqueue first, then count: a failed enqueue leaves the count as it was (the next sweep tries
    # again), and a repeated enqueue of the same re-drive is one task (the name ends in -r{n}).
    # A task for a job that moved on meanwhile finds nothing to do (every step is idempotent); the
    # count is guarded by the status we saw.
    n = job.redrives + 1
    s = deps.settings
    if job.status is JobStatus.ENRICHING:
        deps.queue.enqueue(s.enrich_queue, s.enrich_url, {"jobId": job.id}, task_id=f"enrich-{job.id}-r{n}")
    else:
        deps.queue.enqueue(s.extract_queue, s.extract_url, {"jobId": job.id}, task_id=f"extract-{job.id}-r{n}")
    if not deps.jobs.update(job.id, {"redrives": n, "updatedAt": now}, expect_status=[job.status.value]):
        return False
    logs.info(log, "stuck job re-driven", jobId=job.id, status=job.status.value, redrive=n)
    return True
