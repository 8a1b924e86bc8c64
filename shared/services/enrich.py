"""Use case: an extracted palette, text styles and layout → typed tokens merged into the project's library; job done.

The merge, the job's final state and the project's counters and theme are one atomic write, guarded by the
job's status: a duplicate delivery finds the job done and writes nothing. A check job is reported
instead (`shared.services.check`): its library is read, never merged into.
"""
from __future__ import annotations

from dataclasses import dataclass

from shared import logs
from shared.library.plan import plan_merge
from shared.library.theme import stored_theme
from shared.domain.errors import Unavailable
from shared.domain.models import JobStatus, Token
from shared.domain.ports import Clock, JobRepo, MergeWrite, ProjectRepo, TokenRepo
from shared.services.jobs import status_fields

log = logs.get("copythat.enrich")
# The status this step works on: its queue giving up fails a job only while it is at it.
STEP_STATUSES = (JobStatus.ENRICHING,)


@dataclass(frozen=True)
class EnrichDeps:
    jobs: JobRepo
    tokens: TokenRepo
    clock: Clock
    projects: ProjectRepo | None = None  # a check's tolerance may be the project's
    color_names: str = "family"  # Settings.color_names


def enrich(deps: EnrichDeps, job_id: str) -> str:
    job = deps.jobs.get(job_id)
    if job is None:
        logs.warning(log, "task for an unknown job dropped", jobId=job_id)
        return "unknown"
    logs.bind(jobId=job_id)
    if job.status in (JobStatus.DONE, JobStatus.FAILED):
        return f"skipped-{job.status.value}"
    if job.status is not JobStatus.ENRICHING or (job.palette is None and job.typography is None
                                                      and job.layout is None):
        # Delivered ahead of its extraction (should not happen): let Cloud Tasks retry later.
        raise Unavailable("the job is not ready for enrichment", code="job_not_ready")
    if job.purpose == "check":
        from shared.services.check import report_check

        return report_check(deps, job)
    now = deps.clock.now()
    image = job.source.sha256

    def planner(existing: list[Token]) -> MergeWrite:
        plan = plan_merge(existing, job.palette or [], project_id=job.project_id, job_id=job_id, image_sha256=image,
                          typography_result=job.typography, layout_result=job.layout,
                          color_names=deps.color_names)
        library = {t.id: t for t in existing} | {t.id: t for t in plan.upserts}
        for token in plan.upserts:
            token.created_at = token.created_at or now
            token.updated_at = now
        # The theme exports read (scales, schemes), computed here once per change, not per export.
        return MergeWrite(upserts=plan.upserts,
                          job_fields=status_fields(JobStatus.DONE, now, tokenIds=plan.token_ids, finishedAt=now),
                          project_fields={"tokenCount": len(library), "updatedAt": now,
                                          "theme": stored_theme(list(library.values()))})

    if not deps.tokens.merge(job.project_id, job_id, planner):
        return "not-merged"  # done by an earlier delivery, or failed meanwhile
    logs.info(log, "tokens merged", colors=len(job.palette or []),
              textStyles=len(job.typography.styles) if job.typography else 0,
              spacingSteps=len(job.layout.spacing) if job.layout else 0, radii=len(job.layout.radii) if job.layout else 0,
              elevations=len(job.layout.shadows) if job.layout else 0)
    return "done"
