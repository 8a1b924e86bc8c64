"""Where `copythat smoke` points: a deployed project (Terraform's names, infra/README.md) or the
running local stack. Everything a check needs comes from here, so the checks are one code path."""
from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from shared.localstack.client import request

# The deployed function names (cloudbuild.yaml); cost_rollup deploys as cost-rollup.
DEPLOYED = {"upload": "upload", "extract": "extract", "library": "library", "sweeper": "sweeper",
            "export": "export"}


@dataclass
class Target:
    project: str
    region: str
    bucket: str
    origin: str  # an origin the deployment allows (functions' CORS and the bucket's)
    urls: dict[str, str]  # function → URL, no trailing "/" (the OIDC audience is exactly this)
    tasks_service_account: str  # the identity of the tasks' OIDC tokens ("" on the local stack)
    sign_in: Callable[[], str]  # → a Firebase ID token of the smoke user
    # (this target, a job name) → (the job reached its handler, detail)
    run_scheduler_job: Callable[["Target", str], tuple[bool, str]]
    tasks_client: Callable[[], Any]
    firestore_client: Callable[[], Any]
    local: bool = False
    task_queue: str = "extract"  # the queue the smoke task goes through (extract's)

    def url(self, function: str, path: str = "") -> str:
        return f"{self.urls[function]}/{path}"


def cloud(project: str, region: str, origin: str, *, api_key: str | None, email: str | None,
          password: str | None, id_token: str | None) -> Target:
    """A deployed project, with the caller's Application Default Credentials (someone with deploy
    rights) and a smoke user in Firebase Auth (e-mail/password with the web API key, or an ID token)."""
    base = f"https://{region}-{project}.cloudfunctions.net/"

    def sign_in() -> str:
        if id_token:
            return id_token
        url = ("https://identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key="
               + urllib.parse.quote(api_key or ""))
        res = request("POST", url, body=json.dumps({"email": email, "password": password,
                                                    "returnSecureToken": True}).encode(),
                      headers={"Content-Type": "application/json"})
        if res.status != 200:
            raise RuntimeError(f"the smoke user's sign-in failed: {res.status} {res.body[:200]!r}")
        return res.json()["idToken"]

    def tasks_client():
        from google.cloud import tasks_v2

        return tasks_v2.CloudTasksClient()

    def firestore_client():
        from google.cloud import firestore

        return firestore.Client(project=project)

    return Target(project=project, region=region, bucket=f"{project}-uploads", origin=origin,
                  urls={name: base + DEPLOYED[name] for name in DEPLOYED},
                  tasks_service_account=f"copythat-tasks@{project}.iam.gserviceaccount.com",
                  sign_in=sign_in, run_scheduler_job=cloud_scheduler_job, tasks_client=tasks_client,
                  firestore_client=firestore_client)


def cloud_scheduler_job(t: Target, job: str, timeout_s: float = 120) -> tuple[bool, str]:
    """Cloud Scheduler's jobs.run, then its last attempt: the status is Cloud Run's answer to the
    job's OIDC-signed POST (PERMISSION_DENIED / UNAUTHENTICATED when the audience or invoker is wrong)."""
    import google.auth
    from google.auth.transport.requests import AuthorizedSession

    creds, _ = google.auth.default(scopes=["https://www.googleapis.com/auth/cloud-platform"])
    session = AuthorizedSession(creds)
    name = f"https://cloudscheduler.googleapis.com/v1/projects/{t.project}/locations/{t.region}/jobs/{job}"
    before = session.get(name, timeout=30)
    if before.status_code != 200:
        return False, f"job {job}: {before.status_code} {before.text[:200]}"
    last = before.json().get("lastAttemptTime", "")
    run = session.post(name + ":run", json={}, timeout=30)
    if run.status_code != 200:
        return False, f"jobs.run {job}: {run.status_code} {run.text[:200]}"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        time.sleep(3)
        now = session.get(name, timeout=30).json()
        if now.get("lastAttemptTime", "") != last:
            status = now.get("status") or {}
            if status.get("code", 0) == 0:
                return True, f"{job} answered 2xx at {now['lastAttemptTime']}"
            return False, f"{job} failed: {status.get('code')} {status.get('message', '')[:200]}"
    return False, f"{job} made no attempt within {timeout_s:.0f} s"


def local(layout) -> Target:
    """The running local stack (`copythat stack`): the Auth emulator's users, the Tasks emulator,
    and the local scheduler's plain POST (no OIDC there: only the logic is exercised)."""
    from shared.localstack.client import StackClient

    client = StackClient(layout)

    def sign_in() -> str:
        return client.sign_up(f"smoke-{time.time_ns()}@example.com")[1]

    def tasks_client():
        import grpc
        from google.cloud import tasks_v2
        from google.cloud.tasks_v2.services.cloud_tasks.transports import CloudTasksGrpcTransport

        channel = grpc.insecure_channel(f"127.0.0.1:{layout.tasks_port}")
        return tasks_v2.CloudTasksClient(transport=CloudTasksGrpcTransport(channel=channel))

    def firestore_client():
        import os

        from google.cloud import firestore

        os.environ.setdefault("FIRESTORE_EMULATOR_HOST", layout.client_env()["FIRESTORE_EMULATOR_HOST"])
        return firestore.Client(project=layout.project)

    return Target(project=layout.project, region=layout.region, bucket=layout.bucket, origin=layout.web_origin,
                  urls={name: layout.function_url(name).rstrip("/") for name in DEPLOYED}, tasks_service_account="",
                  sign_in=sign_in, run_scheduler_job=local_scheduler_job, tasks_client=tasks_client,
                  firestore_client=firestore_client, local=True)


def local_scheduler_job(t: Target, job: str) -> tuple[bool, str]:
    """The local scheduler's call (shared/localstack/scheduler.py): a plain POST to the job's function."""
    res = request("POST", t.url(job), body=b"{}", headers={"Content-Type": "application/json"})
    return res.status == 200, f"{job} → {res.status} {res.body[:120].decode(errors='replace')}"
