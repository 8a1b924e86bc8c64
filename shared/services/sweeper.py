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
    counts = {"seen": 0, "redriven": 0, "failed": 0, "leased": 0}
    for job in jobs.stale([st.value for st in IN_FLIGHT], now - timedelta(seconds=s.stale_after_s), limit):
        counts["seen"] += 1
        if job.status is JobStatus.AWAITING_UPLOAD:
            if job.created_at and now - job.created_at > timedelta(seconds=s.signed_url_ttl_s + s.stale_after_s):
                counts["failed"] += fail_job(deps.jobs, job.id, AppError(
                    "no image arrived before the upload URL expired", code="upload_never_arrived"), now)
            continue
        if job.status is JobStatus.EXTRACTING and job.lease_until and job.lease_until > now:
            counts["leased"] += 1  # its worker is still within its lease
            continue
        # A long queue backlog also looks stale: re-driving is harmless (every step is idempotent), but
        # failing is only right once the job is both re-driven enough and old.
        too_old = job.created_at is not None and now - job.created_at > timedelta(seconds=s.max_job_age_s)
        if job.redrives >= s.max_redrives and too_old:
            counts["failed"] += fail_job(deps.jobs, job.id, AppError(
                f"the job stopped at '{job.status.value}' and did not recover after {job.redrives} re-drives",
                code="stalled"), now)
            continue
        if _redrive(deps, job, now):
            counts["redriven"] += 1
    if counts["seen"]:
        logs.info(log, "sweep done", **counts)
    return counts


def _redrive(deps: SweepDeps, job: Job, now) -> bool:
    # Guarded by the status we saw: a job that moved on meanwhile is left alone.
    n = job.redrives + 1
    if not deps.jobs.update(job.id, {"redrives": n, "updatedAt": now}, expect_status=[job.status.value]):
        return False
    s = deps.settings
    if job.status is JobStatus.ENRICHING:
        deps.queue.enqueue(s.enrich_queue, s.enrich_url, {"jobId": job.id}, task_id=f"enrich-{job.id}-r{n}")
    else:
        deps.queue.enqueue(s.extract_queue, s.extract_url, {"jobId": job.id}, task_id=f"extract-{job.id}-r{n}")
    logs.info(log, "stuck job re-driven", jobId=job.id, status=job.status.value, redrive=n)
    return True
