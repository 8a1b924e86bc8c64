"""enrich (Cloud Tasks HTTP target): color science on the job's palette, merged into the project's
library; the job is done. A check job gets its drift report against the library instead."""
from __future__ import annotations

from shared.bootstrap import container
from shared.entry import http_function
from shared.services import enrich as svc
from shared.services.jobs import fail_final
from shared.task_handler import task_endpoint


def _step(job_id: str) -> str:
    c = container()
    return svc.enrich(svc.EnrichDeps(jobs=c.jobs, tokens=c.tokens, clock=c.clock, projects=c.projects), job_id)


@http_function
def enrich(request):
    s = container().settings
    return task_endpoint(request, audience=s.task_audience_enrich, allowed=(s.tasks_service_account,), step=_step,
                         max_attempts=s.task_max_attempts, on_final=_final)


def _final(job_id: str, err) -> None:
    c = container()
    fail_final(c.jobs, job_id, err, c.clock.now(), step=svc.STEP_STATUSES)
