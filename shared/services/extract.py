"""Use case: a queued job's image → what the pixels measure (the raw palette, the text styles, the
layout's spacing, radii and shadows) on the job, labelled by AI where a strategy asks for it, then an enrich task.

Idempotent under Cloud Tasks' at-least-once delivery: the job is claimed with a lease (two
deliveries never both extract; a dead worker's lease expires and a retry takes over), cost record
ids are deterministic per claim (a redelivery's new provider calls get their own records; the store
counts one extraction per job), and a job already past extraction only re-enqueues enrich.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from shared import logs
from shared.config import Settings
from shared.domain.errors import AppError, Unavailable
from shared.domain.models import CostRecord, JobStatus
from shared.domain.tokens import LAYOUT_TYPES
from shared.domain.ports import Clock, CostRepo, JobRepo, ObjectStore, TaskQueue
from shared.extraction.image import ImageLimits
from shared.extraction.run import extract_tokens
from shared.services.jobs import fail_job, status_fields

log = logs.get("copythat.extract")
# The statuses this step works on: its queue giving up fails a job only while it is at them.
STEP_STATUSES = (JobStatus.QUEUED, JobStatus.EXTRACTING)
PIXEL_MODEL = "pixels-v1"


@dataclass(frozen=True)
class ExtractDeps:
    settings: Settings
    jobs: JobRepo
    objects: ObjectStore
    queue: TaskQueue
    costs: CostRepo
    clock: Clock
    # The AI labelling step (shared.extraction.ai.run_extraction bound to its ports, called as
    # ai(image, palette, request, typography=..., layout=...)); None = pixels only.
    ai: Callable[..., Any] | None = None


def _enqueue_enrich(deps: ExtractDeps, job_id: str) -> None:
    deps.queue.enqueue(deps.settings.enrich_queue, deps.settings.enrich_url, {"jobId": job_id},
                       task_id=f"enrich-{job_id}")


def extract(deps: ExtractDeps, job_id: str) -> str:
    now = deps.clock.now()
    job = deps.jobs.claim(job_id, ready=[JobStatus.QUEUED.value], working=JobStatus.EXTRACTING.value,
                          lease_until=now + timedelta(seconds=deps.settings.lease_s), now=now)
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
        started = deps.clock.now()
        limits = ImageLimits(max_bytes=deps.settings.max_upload_bytes, max_pixels=deps.settings.max_pixels)
        if job.purpose == "check":  # the palette with where each color occurs, for the drift report
            from shared.drift.check import measure

            pixels = measure(data, typography="typography" in job.token_types,
                             device_pixel_ratio=job.device_pixel_ratio, limits=limits,
                             layout=tuple(t for t in LAYOUT_TYPES if t in job.token_types))
        else:
            pixels = extract_tokens(data, token_types=job.token_types, max_colors=job.max_colors,
                                    device_pixel_ratio=job.device_pixel_ratio, limits=limits)
        del data
        elapsed_ms = (deps.clock.now() - started).total_seconds() * 1000
        image = pixels.image
        ai_fields, palette, typography, layout = _label_with_ai(deps, job, pixels)
    except AppError as err:
        if err.retryable:
            _release(deps, job)
            raise
        fail_job(deps.jobs, job_id, err, deps.clock.now())
        logs.info(log, "job failed", code=err.code)
        return f"failed-{err.code}"
    except Exception:
        _release(deps, job)
        raise
    try:
        now = deps.clock.now()
        if ai_fields["provider"] == "pixels":
            deps.costs.record(CostRecord(id=f"{job_id}:pixels", uid=job.owner_uid, project_id=job.project_id,
                                         job_id=job_id, provider="pixels", model=PIXEL_MODEL,
                                         day=now.strftime("%Y-%m-%d"), latency_ms=round(elapsed_ms, 2),
                                         extraction=True, created_at=now))
        source = {**job.source.doc(), "sha256": image.sha256, "width": image.width, "height": image.height}
        if image.jpeg_dc is not None:
            source["jpegDc"] = list(image.jpeg_dc)
        # A type the job did not ask for is left out (no null fields for the web app to misread).
        measured = {"palette": [c.doc() for c in palette]}
        if typography is not None:
            measured["typography"] = typography.doc()
        if layout is not None:
            measured["layout"] = layout.doc()
        updated = deps.jobs.update(job_id, status_fields(
            JobStatus.ENRICHING, now, source=source, leaseUntil=None, extractedAt=now, leaseId=None,
            **measured, **ai_fields), expect_status=[JobStatus.EXTRACTING.value], expect_lease=job.lease_id)
    except Exception:
        # The task is retried: a kept lease would answer job_leased for up to lease_s. Release is
        # guarded by status and lease, so it is a no-op if the update did commit before failing.
        _release(deps, job)
        raise
    if not updated:
        return "lost-lease"
    _enqueue_enrich(deps, job_id)
    logs.info(log, "palette extracted", colors=len(palette), textStyles=len(typography.styles) if typography else 0,
              spacingSteps=len(layout.spacing) if layout else 0, radii=len(layout.radii) if layout else 0,
              elevations=len(layout.shadows) if layout else 0,
              provider=ai_fields["provider"], ms=round(elapsed_ms, 1))
    return "extracted"


def _release(deps: ExtractDeps, job) -> None:
    """A retryable failure gives the job back (queued, no lease) so the retry need not wait for the
    lease to expire; if this write fails too, the lease expires on its own."""
    try:
        deps.jobs.update(job.id, status_fields(JobStatus.QUEUED, deps.clock.now(), leaseUntil=None, leaseId=None),
                         expect_status=[JobStatus.EXTRACTING.value], expect_lease=job.lease_id)
    except Exception:  # noqa: BLE001 — best effort; the original error is what the caller sees
        logs.warning(log, "could not release the job's lease")


def _label_with_ai(deps: ExtractDeps, job, pixels) -> tuple[dict, list, Any, Any]:
    """AI names/roles on the pixel colors and names/roles on the measured text styles when the job asks
    for a strategy and a provider is set up; the pixels stay the values. Returns the job fields that
    say what happened, the palette, the typography and the layout.

    Nothing here says whether the answer came from the shared cache (someone else's identical request):
    the job's `ai.usd` is what the answer cost when it was asked, the same either way."""
    pixels_only = {"provider": "pixels", "model": PIXEL_MODEL, "notes": list(pixels.notes)}
    palette, typography, layout = pixels.palette, pixels.typography, pixels.layout
    if job.strategy == "pixels":
        return pixels_only, palette, typography, layout
    if deps.ai is None:  # no AI step wired into this instance: as if no provider had a key
        if job.require_ai:
            from shared.extraction.ai import AiUnavailable

            raise AiUnavailable.not_configured()
        return pixels_only, palette, typography, layout
    from shared.extraction.ai import ExtractionRequest

    outcome = deps.ai(pixels.image, palette, ExtractionRequest(
        uid=job.owner_uid, project_id=job.project_id, job_id=job.id, strategy=job.strategy, max_colors=job.max_colors,
        require_ai=job.require_ai, claim=job.attempts, token_types=tuple(job.token_types),
        new_account=job.new_account), typography=typography,
        layout=layout)
    fields = {"provider": outcome.provider, "model": outcome.model if outcome.provider != "pixels" else PIXEL_MODEL,
              "notes": list(pixels.notes) + list(outcome.notes), "ai": {
                  "fellBack": outcome.fell_back, "budgetLimited": outcome.budget_limited,
                  "snapped": outcome.snapped, "dropped": outcome.dropped, "stylesNamed": outcome.styles_named,
                  "stylesDropped": outcome.styles_dropped, "stepsNamed": outcome.steps_named,
                  "stepsDropped": outcome.steps_dropped, "usd": outcome.answer_usd,
                  "validationPassed": outcome.ai_validation_passed}}
    return fields, list(outcome.colors), outcome.typography, (outcome.layout if outcome.layout is not None else layout)
