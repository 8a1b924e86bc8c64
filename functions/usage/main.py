"""usage (HTTPS, Firebase ID token): GET → the caller's own spend and budget state.

Today's and this month's USD, calls, cache hits and saved USD (UTC days, whatever the caller's time
zone), the caps and what remains, from aggregation queries over `costRecords` where uid == caller:
no read of the records, nobody else's data."""
from __future__ import annotations

from shared import http
from shared.bootstrap import container
from shared.entry import http_function, serve, signed_in_user
from shared.services import cost_rollup as svc


def _handle(request):
    c = container()
    uid = signed_in_user(request, "usage")
    ai = c.ai_config
    deps = svc.UsageDeps(rollups=c.rollups, clock=c.clock, user_daily_usd=ai.user_daily_usd,
                         user_monthly_usd=ai.user_monthly_usd)
    return http.json_response({"usage": svc.usage(deps, uid).doc()}, headers={"Cache-Control": "private, no-store"})


@http_function
def usage(request):
    return serve(request, _handle, methods=("GET",))
