"""Small helpers the entry points share: building service deps from the container and guarding the
task/scheduler handlers."""
from __future__ import annotations

from shared.bootstrap import container


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
