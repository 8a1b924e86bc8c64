"""The shape shared by the Cloud Tasks handlers (extract, enrich): authenticate the caller, read
{jobId}, run the step. A retryable failure answers 503 so Cloud Tasks tries again; a final one is
recorded on the job and answered 200 so it is not retried."""
from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field

from shared import http, logs
from shared.entry import require_task_caller, serve


class TaskPayload(BaseModel):
    job_id: str = Field(alias="jobId", pattern=r"^[A-Za-z0-9_-]{3,64}$")


def task_endpoint(request, *, audience: str, allowed: tuple[str, ...], step: Callable[[str], str]):
    def _handle(req):
        require_task_caller(req, audience, allowed)
        payload = http.parse_json(req, TaskPayload, max_bytes=4096)
        token = logs.bind(jobId=payload.job_id,
                          taskRetry=req.headers.get("X-CloudTasks-TaskRetryCount"))
        try:
            outcome = step(payload.job_id)
        finally:
            logs.reset(token)
        return http.json_response({"jobId": payload.job_id, "outcome": outcome})

    return serve(request, _handle, methods=("POST",))
