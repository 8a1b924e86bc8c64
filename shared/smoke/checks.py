"""The post-deploy checks of `copythat smoke`: what no local test can prove about a deployment.

- indexes: every composite index of infra/firestore.indexes.json serves a query shaped for it alone
  (equality on its first fields, ordered by its last): Firestore refuses such a query with
  FAILED_PRECONDITION "requires an index" (with a link to create it) while one is missing or building;
- task: a Cloud Task enqueued as the pipeline enqueues (OIDC as copythat-tasks, extract's audience)
  reaches extract, which acknowledges its unreadable payload (2xx only after the token passed): the
  queue then deletes it. A task still there after the wait failed (its last answer is reported);
- scheduler: the sweeper's Cloud Scheduler job, run now, gets a 2xx from its handler;
- signed-put: upload answers the allowed origin (CORS), and the V4 signed URL takes the browser's
  preflight and PUT from that origin;
- upload-done: that upload's job runs to `done` with tokens;
- cleanup: the smoke project is deleted through library (its images, tokens and jobs with it).
Each check returns its result; a failed check never stops the others (but what depends on it)."""
from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from shared.localstack.client import request
from shared.smoke.target import Target

INDEXES = Path(__file__).resolve().parents[2] / "infra" / "firestore.indexes.json"
SENTINEL = "copythat-smoke"  # filter value of the index queries: matches nothing


@dataclass
class Result:
    name: str
    ok: bool
    detail: str
    seconds: float = 0.0


def index_queries(db, indexes: list[dict] | None = None) -> list[tuple[str, object]]:
    """One query per composite index that only that index (or an equivalent) can serve."""
    from google.cloud import firestore

    out = []
    for idx in indexes if indexes is not None else json.loads(INDEXES.read_text())["indexes"]:
        group, fields = idx["collectionGroup"], idx["fields"]
        if idx.get("queryScope", "COLLECTION") == "COLLECTION_GROUP":
            q = db.collection_group(group)
        elif group == "tokens":  # a subcollection: any parent uses the same index
            q = db.collection("projects", SENTINEL, group)
        else:
            q = db.collection(group)
        from google.cloud.firestore_v1.base_query import FieldFilter

        for f in fields[:-1]:
            op = "array_contains" if f.get("arrayConfig") == "CONTAINS" else "=="
            q = q.where(filter=FieldFilter(f["fieldPath"], op, SENTINEL))
        last = fields[-1]
        if last.get("arrayConfig") == "CONTAINS":
            q = q.where(filter=FieldFilter(last["fieldPath"], "array_contains", SENTINEL))
        else:
            direction = firestore.Query.DESCENDING if last.get("order") == "DESCENDING" else firestore.Query.ASCENDING
            q = q.order_by(last["fieldPath"], direction=direction)
        label = f"{group}: " + ", ".join(f["fieldPath"] + (" desc" if f.get("order") == "DESCENDING" else "")
                                        for f in fields)
        out.append((label, q.limit(1)))
    return out


def check_indexes(t: Target) -> Result:
    from google.api_core import exceptions as gexc

    queries = index_queries(t.firestore_client())
    missing = []
    for label, q in queries:
        try:
            list(q.stream())
        except gexc.FailedPrecondition as e:  # "The query requires an index…" or "…is currently building"
            missing.append(f"{label} ({str(e.message)[:160]})")
    if missing:
        return Result("indexes", False, f"{len(missing)} of {len(queries)} missing or building: " + "; ".join(missing))
    return Result("indexes", True, f"{len(queries)} composite indexes serve their queries")


def check_task(t: Target, timeout_s: float = 120) -> Result:
    from google.api_core import exceptions as gexc

    from shared.adapters.cloud_tasks import CloudTasksQueue

    client = t.tasks_client()
    audience = t.urls["extract"]
    queue = CloudTasksQueue(client, project=t.project, location=t.region, service_account=t.tasks_service_account,
                            audiences={t.task_queue: audience})
    task_id = f"smoke-{uuid.uuid4().hex}"
    queue.enqueue(t.task_queue, audience, {"smoke": task_id}, task_id)  # no jobId: acknowledged, never a job
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        # Cloud Tasks keeps a task until a 2xx (the local emulator takes it out while dispatching).
        if not queue.pending(t.task_queue, task_id):
            return Result("task", True, f"extract acknowledged a task signed for {audience}")
        time.sleep(1)
    name = client.task_path(t.project, t.region, t.task_queue, task_id)
    last = "no answer recorded"
    try:
        from google.cloud import tasks_v2

        task = client.get_task(request={"name": name, "response_view": tasks_v2.Task.View.FULL})
        if task.last_attempt and task.last_attempt.response_status.code:
            last = f"last answer {task.last_attempt.response_status.code} {task.last_attempt.response_status.message}"
        last += f" after {task.dispatch_count} dispatches"
    except (gexc.MethodNotImplemented, gexc.NotFound):
        pass
    try:
        client.delete_task(name=name)  # a failing smoke task is not left to retry for an hour
        cleanup = "deleted it"
    except gexc.NotFound:
        cleanup = "it has left the queue since"
    except gexc.GoogleAPICallError as e:  # the local emulator has no DeleteTask
        cleanup = f"could not delete it ({type(e).__name__}): gcloud tasks delete {task_id} --queue={t.task_queue}"
    return Result("task", False, f"the task to {audience} was not acknowledged in {timeout_s:.0f} s ({last}); "
                                 f"a paused queue or a backlog in {t.task_queue} also delays it; {cleanup}")


def check_scheduler(t: Target) -> Result:
    ok, detail = t.run_scheduler_job(t, "sweeper")
    return Result("scheduler", ok, detail)


def _cors_origin(headers: dict[str, str]) -> str | None:
    return next((v for k, v in headers.items() if k.lower() == "access-control-allow-origin"), None)


def check_signed_put(t: Target, token: str, image: bytes) -> tuple[Result, dict | None]:
    """The upload as the web app makes it from `t.origin`; → (result, the ticket when it worked)."""
    body = json.dumps({"createProject": True, "projectName": "copythat smoke", "contentType": "image/png",
                       "size": len(image), "strategy": "pixels", "tokenTypes": ["color"]}).encode()
    res = request("POST", t.url("upload"), body=body, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json", "Origin": t.origin})
    if res.status != 201:
        return Result("signed-put", False, f"upload answered {res.status}: {res.body[:200]!r}"), None
    ticket = res.json()
    if _cors_origin(res.headers) != t.origin:
        return Result("signed-put", False, f"upload does not allow {t.origin} (CORS: {_cors_origin(res.headers)})"), ticket
    put_url, put_headers = ticket["upload"]["url"], ticket["upload"]["headers"]
    preflight = request("OPTIONS", put_url, headers={
        "Origin": t.origin, "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": ",".join(sorted(h.lower() for h in put_headers))})
    allowed = _cors_origin(preflight.headers)
    # The bucket echoes an allowed origin; the local stack's fake-gcs-server answers "*" (README).
    if preflight.status not in (200, 204) or allowed not in (t.origin, "*" if t.local else t.origin):
        return Result("signed-put", False, f"the bucket refused the preflight from {t.origin}: "
                                           f"{preflight.status}, Access-Control-Allow-Origin {allowed}"), ticket
    put = request("PUT", put_url, body=image, headers={**put_headers, "Origin": t.origin})
    if put.status not in (200, 201) or _cors_origin(put.headers) is None:
        return Result("signed-put", False, f"the signed PUT answered {put.status} "
                                           f"(CORS {_cors_origin(put.headers)}): {put.body[:200]!r}"), ticket
    return Result("signed-put", True, f"upload and the bucket took a PUT from {t.origin} ({len(image)} bytes)"), ticket


def check_upload_done(t: Target, ticket: dict, timeout_s: float = 180) -> Result:
    jobs = t.firestore_client().collection("jobs")
    deadline, doc = time.monotonic() + timeout_s, {}
    while time.monotonic() < deadline:
        doc = jobs.document(ticket["jobId"]).get().to_dict() or {}
        if doc.get("status") == "done":
            tokens = len(doc.get("tokenIds") or [])  # the library tokens the job merged into
            return Result("upload-done", tokens > 0, f"job {ticket['jobId']} done with {tokens} tokens")
        if doc.get("status") == "failed":
            err = doc.get("error") or {}
            return Result("upload-done", False, f"job {ticket['jobId']} failed: {err.get('code')} {err.get('message')}")
        time.sleep(1)
    return Result("upload-done", False, f"job {ticket['jobId']} still {doc.get('status')} after {timeout_s:.0f} s")


def cleanup(t: Target, token: str, project_id: str) -> Result:
    res = request("DELETE", t.url("library", f"projects/{project_id}"), headers={"Authorization": f"Bearer {token}"})
    return Result("cleanup", res.status == 200, f"deleted the smoke project {project_id}" if res.status == 200
                  else f"library answered {res.status} deleting {project_id}: {res.body[:200]!r}")


def smoke_png() -> bytes:
    """A small flat UI (background, button, text bar) the pixel extractor makes tokens of."""
    import io

    from PIL import Image, ImageDraw

    img = Image.new("RGB", (240, 160), "#F7F8FA")
    d = ImageDraw.Draw(img)
    d.rectangle((30, 40, 120, 80), fill="#2563EB")
    d.rectangle((30, 112, 216, 128), fill="#111827")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def run(t: Target, *, task_timeout_s: float = 120, job_timeout_s: float = 180, report=None) -> list[Result]:
    """Every check in order; `report(result)` is called as each finishes."""
    results: list[Result] = []

    def done(fn, *args, **kw):
        t0 = time.monotonic()
        try:
            out = fn(*args, **kw)
        except Exception as e:  # noqa: BLE001 — a check that cannot run is a failed check, with its reason
            out = Result(fn.__name__.removeprefix("check_").replace("_", "-"), False, f"{type(e).__name__}: {e}"[:300])
        result, extra = out if isinstance(out, tuple) else (out, None)
        result.seconds = time.monotonic() - t0
        results.append(result)
        if report:
            report(result)
        return extra

    done(check_indexes, t)
    done(check_task, t, task_timeout_s)
    done(check_scheduler, t)
    try:
        token = t.sign_in()
    except Exception as e:  # noqa: BLE001
        done(lambda: Result("signed-put", False, f"the smoke user could not sign in: {e}"[:300]))
        return results
    ticket = done(check_signed_put, t, token, smoke_png())
    if ticket and results[-1].ok:
        done(check_upload_done, t, ticket, job_timeout_s)
    if ticket:
        done(cleanup, t, token, ticket["projectId"])
    return results
