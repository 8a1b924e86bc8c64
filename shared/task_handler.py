"""The shape shared by the Cloud Tasks handlers (extract, enrich): authenticate the caller, read
{jobId}, run the step.

Cloud Tasks retries every non-2xx answer, so only what a retry may fix answers 5xx: a retryable
failure before the queue's last attempt (503). A final one — not retryable, or the last attempt —
is recorded on the job and answered 200; a payload that cannot be read is acknowledged with 200
too (logged: there is no job to record it on). A caller failing task auth still gets 401/403."""
from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field

from shared import http, logs
from shared.adapters.google_errors import as_app_error
from shared.domain.errors import AppError
from shared.domain.ids import Id
from shared.entry import require_task_caller, serve

log = logs.get("copythat.tasks")


class TaskPayload(BaseModel):
    job_id: Id = Field(alias="jobId")


def _retry_count(req) -> int:
    raw = req.headers.get("X-CloudTasks-TaskRetryCount", "0")
    return int(raw) if raw.isdigit() else 0


def task_endpoint(request, *, audience: str, allowed: tuple[str, ...], step: Callable[[str], str],
                  max_attempts: int, on_final: Callable[[str, AppError], None]):
    """`on_final(job_id, error)` runs when a failure will not be retried (the error is not
    retryable, or the queue's last attempt failed): the job is failed with a reason instead of
    being left in flight. A live lease held by another delivery is not a failure of the job (its
    holder finishes it; the sweeper re-drives it if the holder died)."""

    def _handle(req):
        require_task_caller(req, audience, allowed)  # before the body: a stranger learns nothing
        try:
            payload = http.parse_json(req, TaskPayload, max_bytes=4096)
        except AppError as err:  # only client errors: the same body would fail on every retry
            logs.warning(log, "unreadable task payload dropped", code=err.code)
            return http.json_response({"outcome": "dropped-invalid-payload", "reason": err.code})
        retry = _retry_count(req)
        token = logs.bind(jobId=payload.job_id, taskRetry=retry)
        try:
            outcome = step(payload.job_id)
        except Exception as exc:  # noqa: BLE001 — decide between retry and a final, recorded failure
            if not isinstance(exc, AppError):
                exc = as_app_error(exc) or exc
            err = exc if isinstance(exc, AppError) else AppError("internal error", code="internal")
            if err.retryable and (retry + 1 < max_attempts or err.code == "job_leased"):
                raise exc
            logs.error(log, "last attempt failed: job failed" if err.retryable else "final error: job failed",
                       exc=not isinstance(exc, AppError), code=err.code)
            on_final(payload.job_id, err)
            outcome = f"failed-{err.code}"
        finally:
            logs.reset(token)
        return http.json_response({"jobId": payload.job_id, "outcome": outcome})

    return serve(request, _handle, methods=("POST",))
