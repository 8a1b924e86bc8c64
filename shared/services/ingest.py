"""Use case: an object was finalized in the uploads bucket → a queued job and an extract task.

At-least-once: Eventarc may deliver the same event twice (or two events for one object). The event
marker makes a repeated event a no-op; the deterministic drop job id and the guarded status change
make a repeat harmless even before the marker is written; the extract step is idempotent too.

A drop (`drops/{prefix}/…`) becomes a job only when `{prefix}` is a drop key its project's owner
registered (issue 17: a project id in the path let whoever created that id first receive another
system's images). Anything else is quarantined: one record per object generation, a JSON warning,
never a job.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from shared import logs
from shared.config import Settings
from shared.domain.errors import AppError, PayloadTooLarge, UnsupportedMediaType
from shared.domain.models import EXTRACTABLE, ImageSource, Job, JobStatus, QuarantinedDrop
from shared.domain.ports import Clock, DropKeyRepo, EventLog, JobRepo, ProjectRepo, Quarantine, TaskQueue
from shared.security.fair_dispatch import interval_s
from shared.security.in_flight import JobSlots
from shared.services.jobs import ACCEPTED_TYPES, fail_job, status_fields
from shared.services.paths import drop_job_id, parse_object_name

log = logs.get("copythat.ingest")


class StorageObject(BaseModel):
    """The `data` of a google.cloud.storage.object.v1.finalized CloudEvent (the fields we use)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    bucket: str
    name: str
    generation: int
    size: int = 0
    content_type: str | None = Field(default=None, alias="contentType")


@dataclass(frozen=True)
class IngestDeps:
    settings: Settings
    projects: ProjectRepo
    jobs: JobRepo
    events: EventLog
    queue: TaskQueue
    clock: Clock
    drop_keys: DropKeyRepo
    quarantine: Quarantine
    slots: JobSlots  # drops are counted in their owner's jobs in flight; every extract task is spaced


def ingest(deps: IngestDeps, event_id: str, event_time: datetime | None, obj: StorageObject) -> str:
    """Returns what happened (for the log and the tests): queued / duplicate / ignored / rejected / stale /
    quarantined."""
    now = deps.clock.now()
    if event_time and now - event_time > timedelta(seconds=deps.settings.event_max_age_s):
        logs.warning(log, "event too old, dropped", eventId=event_id, object=obj.name)
        return "stale"
    if deps.events.seen(event_id):
        logs.info(log, "duplicate event ignored", eventId=event_id)
        return "duplicate"
    ref = parse_object_name(obj.bucket, obj.name, obj.generation)
    if obj.bucket != deps.settings.uploads_bucket or ref is None:
        logs.info(log, "object outside the upload conventions ignored", object=obj.name)
        deps.events.mark(event_id, {"outcome": "ignored", "at": now})
        return "ignored"
    logs.bind(jobId=ref.job_id)
    if ref.kind == "drop":
        outcome = _ingest_drop(deps, ref.project_id, ref.job_id, obj, now)
    else:
        outcome = _ingest_upload(deps, ref.project_id, ref.job_id, obj, now)
    deps.events.mark(event_id, {"outcome": outcome, "jobId": ref.job_id, "at": now})
    logs.info(log, "object ingested", outcome=outcome, object=obj.name, generation=obj.generation)
    return outcome


def _check_object(deps: IngestDeps, obj: StorageObject) -> AppError | None:
    if obj.size > deps.settings.max_upload_bytes:
        return PayloadTooLarge(f"images are limited to {deps.settings.max_upload_bytes} bytes", code="image_too_large")
    if (obj.content_type or "").split(";")[0].strip().lower() not in ACCEPTED_TYPES:
        return UnsupportedMediaType("only PNG, JPEG, WebP and GIF images are accepted",
                                    code="unsupported_image_type")
    return None


def _enqueue_extract(deps: IngestDeps, job: Job, generation: int, now: datetime,
                     due: datetime | None = None) -> None:
    # Fair dispatch: due one dispatch interval after the owner's previous job (shared/security/fair_dispatch.py);
    # the same time again for a redelivered event, so the task (named by generation) is the same too.
    # `due` is a time reserved already (a drop's, at admission).
    if due is None:
        due = deps.slots.dispatch_at(job.owner_uid, job.id, now, interval_s(deps.settings.extract_dispatch_per_s))
    deps.queue.enqueue(deps.settings.extract_queue, deps.settings.extract_url, {"jobId": job.id},
                       task_id=f"extract-{job.id}-{generation}", schedule_at=due if due > now else None)


def _ingest_upload(deps: IngestDeps, project_id: str, job_id: str, obj: StorageObject, now: datetime) -> str:
    job = deps.jobs.get(job_id)
    if job is None or job.project_id != project_id:
        logs.warning(log, "upload object without its job ignored", object=obj.name)
        return "ignored"
    if job.status not in (JobStatus.AWAITING_UPLOAD, JobStatus.QUEUED):
        return "duplicate"
    problem = _check_object(deps, obj)
    if problem:
        fail_job(deps.jobs, job_id, problem, now)
        return "rejected"
    source = {**job.source.doc(), "generation": obj.generation, "size": obj.size, "contentType": obj.content_type}
    deps.jobs.update(job_id, status_fields(JobStatus.QUEUED, now, source=source),
                     expect_status=[JobStatus.AWAITING_UPLOAD.value, JobStatus.QUEUED.value])
    _enqueue_extract(deps, job, obj.generation, now)
    return "queued"


def _quarantine(deps: IngestDeps, prefix: str, obj: StorageObject, reason: str, now: datetime) -> str:
    drop = QuarantinedDrop(id=drop_job_id(obj.bucket, obj.name, obj.generation).replace("drop-", "q-", 1),
                           bucket=obj.bucket, object=obj.name, generation=obj.generation, prefix=prefix,
                           reason=reason, day=now.strftime("%Y-%m-%d"), created_at=now)
    if not deps.quarantine.record(drop):
        return "duplicate"  # the same object generation again: recorded and reported once
    # The prefix is not logged whole: it may be a revoked key, or someone's guess at one.
    logs.warning(log, "drop quarantined: no registered drop key binds its prefix to a project", reason=reason,
                 quarantineId=drop.id, object=obj.name.split("/", 2)[-1][:200], prefixStart=prefix[:7],
                 generation=obj.generation)
    return "quarantined"


def _ingest_drop(deps: IngestDeps, prefix: str, job_id: str, obj: StorageObject, now: datetime) -> str:
    key = deps.drop_keys.get(prefix)
    if key is None:
        return _quarantine(deps, prefix, obj, "unknown_drop_key", now)
    project = deps.projects.get(key.project_id)
    if project is None or project.owner_uid != key.owner_uid:
        return _quarantine(deps, prefix, obj, "project_gone", now)
    problem = _check_object(deps, obj)
    job = Job(id=job_id, owner_uid=project.owner_uid, project_id=project.id,
              status=JobStatus.QUEUED, progress=status_fields(JobStatus.QUEUED, now)["progress"],
              source=ImageSource(bucket=obj.bucket, object=obj.name, generation=obj.generation, size=obj.size,
                                 content_type=obj.content_type),
              origin="drop", max_colors=deps.settings.default_max_colors, token_types=list(EXTRACTABLE),
              created_at=now, updated_at=now)
    # Counted in the owner's jobs in flight but never refused (shared/security/in_flight.py): the
    # owner's own pipeline put the file there, and refusing would lose it; fair dispatch spaces it.
    # The dispatch time is reserved in the admission's transaction: one transaction on the owner's
    # document per drop (a heavy dropper's backlog is exactly when that document is busiest).
    admission = deps.slots.admit(job, None, dispatch=None if problem else
                                 (now, interval_s(deps.settings.extract_dispatch_per_s)))
    if problem:
        fail_job(deps.jobs, job_id, problem, now)
        return "rejected"
    existing = job if admission.created else deps.jobs.get(job_id)
    if existing is not None and existing.status is JobStatus.QUEUED:
        # Again on a retry (the earlier try may have died here), at the time reserved then.
        _enqueue_extract(deps, existing, obj.generation, now, admission.dispatch_at)
        return "queued"
    return "duplicate"
