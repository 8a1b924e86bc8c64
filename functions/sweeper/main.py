"""sweeper (HTTP, called by Cloud Scheduler every few minutes with an OIDC token): re-drive jobs
whose step stopped moving, fail those that cannot recover. See shared/services/sweeper.py."""
from __future__ import annotations

from shared import http
from shared.bootstrap import container
from shared.entry import http_function, require_task_caller, serve
from shared.services import sweeper as svc


def _handle(request):
    c = container()
    require_task_caller(request, c.settings.task_audience_sweeper, (c.settings.scheduler_service_account,))
    counts = svc.sweep(svc.SweepDeps(settings=c.settings, jobs=c.jobs, queue=c.queue, clock=c.clock))
    return http.json_response(counts)


@http_function
def sweeper(request):
    return serve(request, _handle, methods=("POST",))
