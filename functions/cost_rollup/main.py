"""cost_rollup (HTTP, called by Cloud Scheduler with an OIDC token): total a day's cost records.

POST {} rolls up yesterday and today (UTC); POST {"day": "YYYY-MM-DD"} one given day. Re-running
replaces the day's roll-up."""
from __future__ import annotations

from datetime import timedelta

import functions_framework
from pydantic import BaseModel, Field

from shared import http
from shared.bootstrap import container
from shared.entry import require_task_caller, serve
from shared.services import cost_rollup as svc


class RollupRequest(BaseModel):
    day: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")


def _handle(request):
    c = container()
    require_task_caller(request, c.settings.task_audience_rollup, (c.settings.scheduler_service_account,))
    req = http.parse_json(request, RollupRequest, max_bytes=1024)
    today = c.clock.now().date()
    days = [req.day] if req.day else [(today - timedelta(days=1)).isoformat(), today.isoformat()]
    deps = svc.RollupDeps(costs=c.costs, clock=c.clock)
    return http.json_response({"rollups": [svc.rollup_day(deps, d).doc() for d in days]})


@functions_framework.http
def cost_rollup(request):
    return serve(request, _handle, methods=("POST",))
