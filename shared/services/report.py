"""Use case: a check job's drift report for its owner, as JSON, HTML (the screenshot with the off-token
regions outlined, the findings with the token to use) or a PNG overlay.

Served by the export function beside the library exports: the same caller (the web app, with the
user's ID token), the same owner-only 404, rate limit, ETag and attachment download. The screenshot is
read back from the uploads bucket (the job's pinned generation); once the bucket's retention has
deleted it, the HTML report is sent without it and the overlay answers 410 `image_expired`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from shared.config import Settings
from shared.domain.errors import AppError, InvalidRequest, NotFound
from shared.domain.models import JobStatus
from shared.domain.ports import JobRepo, ObjectStore
from shared.exporters import Rendered

FORMATS = ("html", "png", "json")


@dataclass(frozen=True)
class ReportDeps:
    settings: Settings
    jobs: JobRepo
    objects: ObjectStore


def _image(deps: ReportDeps, job) -> bytes | None:
    try:
        return deps.objects.read(job.source.bucket, job.source.object, job.source.generation,
                                 max_bytes=deps.settings.max_upload_bytes)
    except NotFound:
        return None


def report(deps: ReportDeps, uid: str, job_id: str, fmt: str) -> Rendered:
    key = (fmt or "").strip().lower()
    if key not in FORMATS:
        raise InvalidRequest(f"unknown report format {fmt!r}; use one of: {', '.join(FORMATS)}",
                             code="unknown_format", details={"format": fmt, "formats": list(FORMATS)})
    job = deps.jobs.get(job_id)
    if job is None or job.owner_uid != uid:
        raise NotFound("no such job", code="job_not_found")
    if job.purpose != "check":
        raise NotFound("this job is not a check: it has no drift report", code="report_not_found")
    if job.status is JobStatus.FAILED:
        code = job.error.code if job.error else "unknown"
        raise InvalidRequest(f"the check failed ({code}): there is no report", code="check_failed", status=409,
                             details={"jobError": code})
    if job.status is not JobStatus.DONE or job.drift is None:
        raise InvalidRequest("the check is not finished yet", code="report_not_ready", status=409,
                             details={"status": job.status.value})
    name = f"drift-{job.id[:12]}"
    if key == "json":
        body = json.dumps(job.drift.model_dump(by_alias=True, exclude_none=True, mode="json"), ensure_ascii=False,
                          indent=1, sort_keys=True).encode("utf-8") + b"\n"
        return Rendered(body, "application/json", f"{name}.json")
    image = _image(deps, job)
    if key == "png":
        if image is None:
            raise AppError("the screenshot is no longer kept: the report's JSON and HTML still are",
                           code="image_expired", status=410, retryable=False)
        from shared.drift.overlay import render_overlay

        return Rendered(render_overlay(image, job.drift), "image/png", f"{name}.png")
    from shared.drift.html import CONTENT_TYPE, render_html

    return Rendered(render_html(job.drift, image, title=f"check {job.id[:12]}"), CONTENT_TYPE, f"{name}.html")
