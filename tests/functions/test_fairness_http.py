"""Issue 17 #1 through the upload function: the cap on a user's jobs in flight on every upload path
(refused 429 too_many_jobs_in_flight with Retry-After, at the configured cap: the 20th job accepted, the
21st refused; freed when a job finishes), and AI only for a verified e-mail or App Check when that is on."""
from __future__ import annotations

import base64
import io
from datetime import timedelta

import pytest

from shared.domain.errors import AppError
from shared.domain.models import JobStatus
from shared.security.ai_access import PIXELS_ONLY_NOTE
from shared.services.jobs import fail_job
from tests.fakes.memory import test_settings
from tests.support import ui_png

CAP = 20  # the cap per user (the default of COPYTHAT_MAX_JOBS_IN_FLIGHT)
AUTH = {"Authorization": "Bearer token-alice"}
URL = "https://images.example/a.png"


def _signed(c, project="p-fair", auth=AUTH, **extra):
    """A signed-URL upload into the caller's project named `project` (project ids are the server's:
    the first call creates it)."""
    ids = c.__dict__.setdefault("_project_ids", {})
    where = {"projectId": ids[project]} if project in ids else {"createProject": True, "projectName": project}
    r = c.post("/", json={**where, "contentType": "image/png", "size": 100, **extra}, headers=auth)
    if r.status_code == 201:
        ids.setdefault(project, r.get_json()["projectId"])
    return r


def _pid(c, project="p-fair"):
    return c.__dict__["_project_ids"][project]


@pytest.fixture
def capped(fake):
    # The rate limits off: only the in-flight cap decides here.
    fake.settings = test_settings(max_jobs_in_flight=CAP, rate_upload_per_min=0, rate_upload_per_hour=0)
    return fake


def _refused(resp):
    assert resp.status_code == 429, resp.get_json()
    assert resp.get_json()["error"]["code"] == "too_many_jobs_in_flight"
    assert resp.headers["Retry-After"].isdigit() and int(resp.headers["Retry-After"]) >= 1


def test_every_upload_path_is_refused_past_the_cap_and_accepted_at_it(capped, client_for):
    c = client_for("upload")
    png = ui_png()
    capped.image_fetcher.bodies[URL] = png
    for i in range(CAP - 1):
        assert _signed(c).status_code == 201, i
    # The cap-th job: accepted (an inline one: every path counts).
    r = c.post("/", json={"projectId": _pid(c), "imageBase64": base64.b64encode(png).decode()}, headers=AUTH)
    assert r.status_code == 202, r.get_json()
    assert sum(1 for d in capped.jobs.docs.values() if d["ownerUid"] == "alice") == CAP
    _refused(_signed(c))
    _refused(c.post("/", json={"projectId": _pid(c), "imageBase64": base64.b64encode(png).decode()}, headers=AUTH))
    _refused(c.post("/", data={"projectId": _pid(c), "file": (io.BytesIO(png), "a.png")}, headers=AUTH,
                    content_type="multipart/form-data"))
    _refused(c.post("/", json={"projectId": _pid(c), "imageUrl": URL}, headers=AUTH))
    assert sum(1 for d in capped.jobs.docs.values() if d["ownerUid"] == "alice") == CAP  # nothing written
    assert not any(o.startswith(f"uploads/{_pid(c)}/") and o.split("/")[-1] not in capped.jobs.docs
                   for (_, o) in capped.objects.blobs)
    # Another user is not affected.
    assert _signed(c, project="p-bob", auth={"Authorization": "Bearer token-bob"}).status_code == 201


def test_a_finished_job_frees_its_slot_once(capped, client_for):
    c = client_for("upload")
    ids = [_signed(c).get_json()["jobId"] for _ in range(CAP)]
    _refused(_signed(c))
    err = AppError("x", code="x")
    assert fail_job(capped.jobs, ids[0], err, capped.clock.now())
    fail_job(capped.jobs, ids[0], err, capped.clock.now())  # a redelivered failure
    assert _signed(c).status_code == 201
    _refused(_signed(c))  # one job finished: one slot, not two
    capped.jobs.update(ids[1], {"status": JobStatus.DONE.value})
    assert _signed(c).status_code == 201


def test_a_cap_of_zero_is_off(fake, client_for):
    fake.settings = test_settings(max_jobs_in_flight=0, rate_upload_per_min=0, rate_upload_per_hour=0)
    c = client_for("upload")
    assert all(_signed(c).status_code == 201 for _ in range(CAP + 5))


@pytest.fixture
def verifying(fake):
    fake.settings = test_settings(ai_requires_verification=True)
    return fake


def test_an_unverified_account_runs_pixels_only_and_requireAi_is_refused(verifying, client_for):
    c = client_for("upload")
    r = _signed(c)
    assert r.status_code == 201
    job = verifying.jobs.get(r.get_json()["jobId"])
    assert job.strategy == "pixels" and PIXELS_ONLY_NOTE in job.notes and not job.new_account
    r = _signed(c, requireAi=True)
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "verification_required"
    # Asking for pixels needs nothing.
    r = _signed(c, strategy="pixels")
    assert r.status_code == 201 and verifying.jobs.get(r.get_json()["jobId"]).notes == []


def test_a_verified_email_or_an_app_check_token_gets_ai(verifying, client_for):
    c = client_for("upload")
    verifying.identity.verified.add("alice")
    verifying.identity.created["alice"] = verifying.clock.now() - timedelta(days=30)
    job = verifying.jobs.get(_signed(c, strategy="quality").get_json()["jobId"])
    assert job.strategy == "quality" and job.notes == [] and not job.new_account
    # Unverified with a valid App Check token: AI, within the new-account share.
    verifying.identity.app_check_tokens.add("app-check-ok")
    bob = {**{"Authorization": "Bearer token-bob"}, "X-Firebase-AppCheck": "app-check-ok"}
    job = verifying.jobs.get(_signed(c, project="p-bob", auth=bob).get_json()["jobId"])
    assert job.strategy == "optimal" and job.new_account
    bad = {**{"Authorization": "Bearer token-bob"}, "X-Firebase-AppCheck": "forged"}
    assert _signed(c, project="p-bob", auth=bad, requireAi=True).status_code == 403


def test_off_on_the_local_stack_by_default(fake, client_for):
    assert fake.settings.local and not fake.settings.ai_needs_verification
    job = fake.jobs.get(_signed(client_for("upload")).get_json()["jobId"])
    assert job.strategy == "optimal" and job.new_account  # unverified: the new-account share still applies


def test_a_browser_may_send_its_app_check_token(fake, client_for):
    """The web app sends App Check as a header (`X-Firebase-AppCheck`): the preflight must allow it, or
    no browser can ever prove App Check and an unverified account never gets AI (it did not)."""
    pre = client_for("upload").open("/", method="OPTIONS", headers={
        "Origin": "https://app.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type,x-firebase-appcheck"})
    assert pre.status_code == 204
    allowed = {h.strip().lower() for h in pre.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type", "x-firebase-appcheck"} <= allowed
