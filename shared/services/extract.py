"""Use case: a queued job's image → a raw palette on the job, then an enrich task.

Idempotent under Cloud Tasks' at-least-once delivery: the job is claimed with a lease (two
deliveries never both extract; a dead worker's lease expires and a retry takes over), the cost
record id is deterministic, and a job already past extraction only re-enqueues enrich.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from shared import logs
from shared.config import Settings
from shared.domain.errors import AppError, Unavailable
from shared.domain.models import CostRecord, JobStatus
from shared.domain.ports import Clock, CostRepo, JobRepo, ObjectStore, TaskQueue
from shared.extraction.image import ImageLimits, load_image
from shared.extraction.pixels import extract_palette
from shared.services.jobs import fail_job, status_fields

log = logs.get("copythat.extract")
LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class ExtractDeps:
    settings: Settings
    jobs: JobRepo
    objects: ObjectStore
    queue: TaskQueue
    costs: CostRepo
    clock: Clock


def _enqueue_enrich(deps: ExtractDeps, job_id: str) -> None:
    deps.queue.enqueue(deps.settings.enrich_queue, deps.settings.enrich_url, {"jobId": job_id},
                       task_id=f"enrich-{job_id}")


def extract(deps: ExtractDeps, job_id: str) -> str:
    now = deps.clock.now()
    job = deps.jobs.claim(job_id, ready=[JobStatus.QUEUED.value], working=JobStatus.EXTRACTING.value,
                          lease_until=now + LEASE, now=now)
    if job is None:
        current = deps.jobs.get(job_id)
        if current is None:
            logs.warning(log, "task for an unknown job dropped", jobId=job_id)
            return "unknown"
        if current.status is JobStatus.ENRICHING:
            _enqueue_enrich(deps, job_id)  # the earlier delivery may have died before enqueueing
            return "already-extracted"
        if current.status is JobStatus.EXTRACTING:
            raise Unavailable("another worker holds this job's lease", code="job_leased")
        return f"skipped-{current.status.value}"
    logs.bind(jobId=job_id)
    try:
        data = deps.objects.read(job.source.bucket, job.source.object, job.source.generation,
                                 max_bytes=deps.settings.max_upload_bytes)
        image = load_image(data, ImageLimits(max_bytes=deps.settings.max_upload_bytes,
                                             max_pixels=deps.settings.max_pixels))
        del data
        started = deps.clock.now()
        palette = extract_palette(image, job.max_colors)
        elapsed_ms = (deps.clock.now() - started).total_seconds() * 1000
    except AppError as err:
        if err.retryable:
            raise
        fail_job(deps.jobs, job_id, err, deps.clock.now())
        logs.info(log, "job failed", code=err.code)
        return f"failed-{err.code}"
    now = deps.clock.now()
    deps.costs.record(CostRecord(id=f"{job_id}:pixels", uid=job.owner_uid, project_id=job.project_id, job_id=job_id,
                                 provider="pixels", model="pixels-v1", day=now.strftime("%Y-%m-%d"),
                                 latency_ms=round(elapsed_ms, 2), extraction=True, created_at=now))
    source = {**job.source.doc(), "sha256": image.sha256, "width": image.width, "height": image.height}
    updated = deps.jobs.update(job_id, status_fields(
        JobStatus.ENRICHING, now, palette=[c.doc() for c in palette], source=source, provider="pixels",
        model="pixels-v1", leaseUntil=None, extractedAt=now), expect_status=[JobStatus.EXTRACTING.value])
    if not updated:
        return "lost-lease"
    _enqueue_enrich(deps, job_id)
    logs.info(log, "palette extracted", colors=len(palette), ms=round(elapsed_ms, 1))
    return "extracted"
