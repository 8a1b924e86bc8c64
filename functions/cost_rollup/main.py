"""cost_rollup (HTTP, called by Cloud Scheduler with an OIDC token): total a day's cost records.

POST {} rolls up yesterday and today (UTC); POST {"day": "YYYY-MM-DD"} one given day;
POST {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"} a backfill of every day in between (capped).
Re-running replaces the day's roll-ups; alerts fire once per threshold and period."""
from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared import http
from shared.bootstrap import container
from shared.entry import http_function, require_task_caller, serve
from shared.services import cost_rollup as svc

_DAY = r"^\d{4}-\d{2}-\d{2}$"


class RollupRequest(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    day: str | None = Field(default=None, pattern=_DAY)
    from_: str | None = Field(default=None, alias="from", pattern=_DAY)
    to: str | None = Field(default=None, pattern=_DAY)

    @model_validator(mode="after")
    def _one_shape(self):
        if self.day and (self.from_ or self.to):
            raise ValueError("give either 'day' or 'from'/'to'")
        if bool(self.from_) != bool(self.to):
            raise ValueError("a backfill needs both 'from' and 'to'")
        return self


def _deps(c) -> svc.RollupDeps:
    ai = c.ai_config
    return svc.RollupDeps(costs=c.costs, clock=c.clock, rollups=c.rollups,
                          spend_alert_usd=c.settings.daily_spend_alert_usd,
                          user_daily_usd=ai.user_daily_usd, user_monthly_usd=ai.user_monthly_usd,
                          quarantine=c.quarantine)


def _handle(request):
    c = container()
    require_task_caller(request, c.settings.task_audience_rollup, (c.settings.scheduler_service_account,))
    req = http.parse_json(request, RollupRequest, max_bytes=1024)
    today = c.clock.now().date()
    if req.from_:
        days = svc.days_between(req.from_, req.to, c.settings.rollup_backfill_max_days)
    elif req.day:
        days = svc.days_between(req.day, req.day, 1)
    else:
        days = [(today - timedelta(days=1)).isoformat(), today.isoformat()]
    deps = _deps(c)
    return http.json_response({"rollups": [svc.rollup_day(deps, d).doc() for d in days]})


@http_function
def cost_rollup(request):
    return serve(request, _handle, methods=("POST",))
