"""Small helpers the entry points share: building service deps from the container, the signed-in
caller (rate-limited) and guarding the task/scheduler handlers."""
from __future__ import annotations

from shared.bootstrap import container
from shared.security import rate_limit


def signed_in_user(request, endpoint: str) -> str:
    """The caller's uid from their Firebase ID token, then one request counted against `endpoint`'s
    per-user windows (429 when over): before any body is read or service called, so refused
    requests cost no more than the counter write."""
    from shared import http

    c = container()
    uid = c.identity.verify(http.bearer_token(request))
    rate_limit.enforce(c.rate_limiter, uid, endpoint, rate_limit.windows_for(c.settings, endpoint), c.clock.now())
    return uid


def require_task_caller(request, audience: str, allowed: tuple[str, ...]) -> None:
    c = container()
    c.task_auth.verify(request.headers.get("Authorization"), audience=audience, allowed_emails=allowed)


def serve(request, handler, methods: tuple[str, ...]):
    from shared import http

    try:
        s = container().settings
        origins, project = s.allowed_origins, s.project_id
    except Exception:  # noqa: BLE001 — misconfiguration is still answered in the JSON error shape
        origins, project = (), ""
    return http.serve(request, handler, methods=methods, allowed_origins=origins, project_id=project)
