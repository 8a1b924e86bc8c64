"""Use case: a check job's measurements → its drift report against the project's library; job done.

The enrich step of a check job (issue 19): no merge, the library is only read. The report and the
job's `done` are one write guarded by the job's status, so a repeated delivery writes nothing; a
library with no color tokens left (deleted since the upload) fails the job as `no_color_tokens`.
"""
from __future__ import annotations

from shared import logs
from shared.domain.drift import DEFAULT_TOLERANCE
from shared.domain.models import Job, JobStatus
from shared.drift.reference import NoColorTokens, reference_from_library
from shared.drift.report import build_report
from shared.services.jobs import fail_job, status_fields

log = logs.get("copythat.check")


def tolerance_of(job: Job, project) -> float:
    if job.tolerance is not None:
        return job.tolerance
    if project is not None and project.drift_tolerance is not None:
        return project.drift_tolerance
    return DEFAULT_TOLERANCE


def report_check(deps, job: Job) -> str:
    """`deps`: the enrich step's (jobs, tokens, clock, projects)."""
    now = deps.clock.now()
    project = deps.projects.get(job.project_id) if deps.projects is not None else None
    try:
        reference = reference_from_library(deps.tokens.list(job.project_id), job.project_id,
                                           project.name if project else job.project_id)
    except NoColorTokens as err:
        fail_job(deps.jobs, job.id, err, now, at=(JobStatus.ENRICHING,))
        return f"failed-{err.code}"
    src = job.source
    report = build_report(palette=job.palette or [], reference=reference, tolerance=tolerance_of(job, project),
                          typography=job.typography, layout=job.layout,
                          image={"width": src.width, "height": src.height, "sha256": src.sha256},
                          jpeg_dc=tuple(src.jpeg_dc) if src.jpeg_dc else None)
    if not deps.jobs.update(job.id, status_fields(JobStatus.DONE, now, drift=report.doc(), finishedAt=now),
                            expect_status=[JobStatus.ENRICHING.value]):
        return "not-reported"  # done by an earlier delivery, or failed meanwhile
    logs.info(log, "drift reported", offShare=report.off_share, colors=len(report.colors), score=report.score)
    return "checked"
