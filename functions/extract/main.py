"""extract (Cloud Tasks HTTP target): read and validate the job's image, extract its palette,
store it on the job and enqueue enrich."""
from __future__ import annotations

from shared.bootstrap import container
from shared.entry import http_function
from shared.services import extract as svc
from shared.services.jobs import fail_final
from shared.task_handler import task_endpoint


def _step(job_id: str) -> str:
    c = container()
    deps = svc.ExtractDeps(settings=c.settings, jobs=c.jobs, objects=c.objects, queue=c.queue, costs=c.costs,
                           clock=c.clock, ai=c.ai)
    return svc.extract(deps, job_id)


@http_function
def extract(request):
    s = container().settings
    return task_endpoint(request, audience=s.task_audience_extract, allowed=(s.tasks_service_account,), step=_step,
                         max_attempts=s.task_max_attempts, on_final=_final)


def _final(job_id: str, err) -> None:
    c = container()
    fail_final(c.jobs, job_id, err, c.clock.now(), step=svc.STEP_STATUSES)
