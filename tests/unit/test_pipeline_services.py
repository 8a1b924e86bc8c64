"""The pipeline's use cases against in-memory ports: behaviour and idempotency of each step."""
from __future__ import annotations

from datetime import timedelta

import pytest

from shared.domain.errors import InvalidRequest, NotFound, PayloadTooLarge, UnsupportedMediaType
from shared.domain.models import JobStatus
from shared.services import enrich as enrich_svc
from shared.services import extract as extract_svc
from shared.services import ingest as ingest_svc
from shared.services import upload as upload_svc
from shared.services.paths import drop_job_id
from tests.fakes.memory import FakeContainer, fail_next_update
from tests.support import storage_event_data, ui_png


def deps(c: FakeContainer):
    return (upload_svc.UploadDeps(c.settings, c.projects, c.jobs, c.objects, c.clock),
            ingest_svc.IngestDeps(c.settings, c.projects, c.jobs, c.events, c.queue, c.clock, c.drop_keys,
                                  c.quarantine),
            extract_svc.ExtractDeps(c.settings, c.jobs, c.objects, c.queue, c.costs, c.clock),
            enrich_svc.EnrichDeps(c.jobs, c.tokens, c.clock))


def finalize(c: FakeContainer, name: str, data: bytes, event_id: str = "ev-1", content_type="image/png") -> str:
    info = c.objects.put(c.settings.uploads_bucket, name, data, content_type)
    obj = ingest_svc.StorageObject.model_validate(storage_event_data(info.bucket, name, info.generation, len(data),
                                                                     content_type))
    return ingest_svc.ingest(deps(c)[1], event_id, c.clock.now(), obj)


def run_tasks(c: FakeContainer) -> list[str]:
    _, _, ext, enr = deps(c)
    outcomes = []
    while c.queue.tasks:
        for task in c.queue.take("extract"):
            outcomes.append(extract_svc.extract(ext, task.payload["jobId"]))
        for task in c.queue.take("enrich"):
            outcomes.append(enrich_svc.enrich(enr, task.payload["jobId"]))
    return outcomes


def signed_upload(c: FakeContainer, uid="alice", project="proj-1", create=True) -> dict:
    if create:  # a project under a known id, as made before ids were the server's (issue 17)
        c.own_project(project, uid=uid)
    req = upload_svc.SignedUploadRequest(projectId=project, contentType="image/png", size=1000)
    return upload_svc.start_signed_upload(deps(c)[0], uid, req)


def test_signed_upload_to_done_builds_the_library():
    c = FakeContainer()
    ticket = signed_upload(c)
    job = c.jobs.get(ticket["jobId"])
    assert job.status is JobStatus.AWAITING_UPLOAD and job.owner_uid == "alice"
    assert ticket["upload"]["headers"]["x-goog-content-length-range"] == f"0,{c.settings.max_upload_bytes}"
    assert finalize(c, job.source.object, ui_png()) == "queued"
    assert run_tasks(c) == ["extracted", "done"]
    job = c.jobs.get(ticket["jobId"])
    assert job.status is JobStatus.DONE and job.progress == 100
    tokens = c.tokens.list("proj-1")
    hexes = {t.hex for t in tokens}
    assert {"#F7F8FA", "#2563EB", "#111827"} <= hexes
    assert sorted(job.token_ids) == sorted({t.id for t in tokens if t.hex in hexes})
    assert all(t.provenance.job_ids == [job.id] for t in tokens)
    assert len(c.costs.docs) == 1 and next(iter(c.costs.docs.values())).extraction


def test_the_same_event_twice_makes_one_job_and_one_token_set():
    c = FakeContainer()
    ticket = signed_upload(c)
    name = c.jobs.get(ticket["jobId"]).source.object
    assert finalize(c, name, ui_png(), event_id="ev-9") == "queued"
    obj = ingest_svc.StorageObject.model_validate(storage_event_data("uploads", name, 1001, 10))
    assert ingest_svc.ingest(deps(c)[1], "ev-9", c.clock.now(), obj) == "duplicate"
    run_tasks(c)
    n_tokens = len(c.tokens.list("proj-1"))
    assert len(c.jobs.docs) == 1 and c.tokens.merges == 1 and n_tokens >= 3


def test_duplicate_task_deliveries_do_not_duplicate_effects():
    c = FakeContainer()
    ticket = signed_upload(c)
    finalize(c, c.jobs.get(ticket["jobId"]).source.object, ui_png())
    _, _, ext, enr = deps(c)
    job_id = ticket["jobId"]
    assert extract_svc.extract(ext, job_id) == "extracted"
    # A redelivery after success re-enqueues enrich (the first try may have died before) and nothing else.
    assert extract_svc.extract(ext, job_id) == "already-extracted"
    enrich_tasks = c.queue.take("enrich")
    assert len(enrich_tasks) == 2
    assert [enrich_svc.enrich(enr, t.payload["jobId"]) for t in enrich_tasks] == ["done", "skipped-done"]
    assert len(c.costs.docs) == 1 and c.tokens.merges == 1


def test_a_queue_giving_up_fails_a_job_only_while_it_is_at_that_step():
    from shared.domain.errors import Unavailable
    from shared.services.jobs import fail_final

    c = FakeContainer()
    ticket = signed_upload(c)
    finalize(c, c.jobs.get(ticket["jobId"]).source.object, ui_png())
    job_id, last = ticket["jobId"], Unavailable("storage unavailable", code="storage_unavailable")
    assert extract_svc.extract(deps(c)[2], job_id) == "extracted"  # another delivery finished extraction
    # The extract queue's last (failed) attempt must not fail a job that is now at enrich.
    assert fail_final(c.jobs, job_id, last, c.clock.now(), step=extract_svc.STEP_STATUSES) is False
    assert c.jobs.get(job_id).status is JobStatus.ENRICHING
    assert fail_final(c.jobs, job_id, last, c.clock.now(), step=enrich_svc.STEP_STATUSES) is True
    job = c.jobs.get(job_id)
    assert job.status is JobStatus.FAILED and job.error.code == "retries_exhausted"
    # ... and enrich, delivered after all, leaves the failed job as it is.
    assert enrich_svc.enrich(deps(c)[3], job_id) == "skipped-failed" and c.tokens.merges == 0


def test_a_job_failed_between_enrichs_read_and_its_merge_stays_failed():
    c = FakeContainer()
    ticket = signed_upload(c)
    finalize(c, c.jobs.get(ticket["jobId"]).source.object, ui_png())
    job_id = ticket["jobId"]
    extract_svc.extract(deps(c)[2], job_id)
    read = c.jobs.get

    def read_then_fail(jid):  # the sweeper fails the job right after enrich has read it
        job = read(jid)
        c.jobs.update(jid, {"status": JobStatus.FAILED.value})
        return job

    c.jobs.get = read_then_fail
    assert enrich_svc.enrich(deps(c)[3], job_id) == "not-merged"
    c.jobs.get = read
    assert c.jobs.get(job_id).status is JobStatus.FAILED and c.tokens.merges == 0


def test_a_live_lease_makes_a_concurrent_delivery_retry_later_and_an_expired_one_is_taken_over():
    c = FakeContainer()
    ticket = signed_upload(c)
    finalize(c, c.jobs.get(ticket["jobId"]).source.object, ui_png())
    c.queue.take("extract")
    now = c.clock.now()
    assert c.jobs.claim(ticket["jobId"], ready=["queued"], working="extracting",
                        lease_until=now + timedelta(seconds=c.settings.lease_s), now=now) is not None  # a worker that then dies
    _, _, ext, _ = deps(c)
    with pytest.raises(Exception) as err:
        extract_svc.extract(ext, ticket["jobId"])
    assert getattr(err.value, "code", None) == "job_leased" and err.value.retryable
    c.clock.advance(minutes=6)
    assert extract_svc.extract(ext, ticket["jobId"]) == "extracted"
    assert c.jobs.get(ticket["jobId"]).attempts == 2


@pytest.mark.parametrize("failing", ["job update", "cost record"])
def test_a_failure_after_extraction_gives_the_lease_back_so_the_retry_runs_at_once(failing):
    c = FakeContainer()
    ticket = signed_upload(c)
    finalize(c, c.jobs.get(ticket["jobId"]).source.object, ui_png())
    c.queue.take("extract")
    if failing == "job update":
        fail_next_update(c.jobs, JobStatus.ENRICHING)
    else:
        real = c.costs.record

        def record_fails_once(rec):
            c.costs.record = real
            raise RuntimeError("firestore unavailable")

        c.costs.record = record_fails_once
    _, _, ext, _ = deps(c)
    with pytest.raises(RuntimeError):
        extract_svc.extract(ext, ticket["jobId"])
    job = c.jobs.get(ticket["jobId"])
    assert job.status is JobStatus.QUEUED and job.lease_id is None
    assert extract_svc.extract(ext, ticket["jobId"]) == "extracted"  # no wait for the lease to expire
    assert len(c.costs.docs) == 1 and sum(r.extraction for r in c.costs.docs.values()) == 1


def _drop_key(c: FakeContainer, uid: str, project: str) -> str:
    from shared.services import drop_keys

    return drop_keys.create(drop_keys.DropKeyDeps(c.projects, c.drop_keys, c.clock), uid, project).key


def test_direct_drop_creates_one_job_owned_by_the_project_owner():
    c = FakeContainer()
    signed_upload(c, uid="bob", project="brand")
    c.queue.tasks.clear()
    key = _drop_key(c, "bob", "brand")
    name = f"drops/{key}/2026/hero.png"
    assert finalize(c, name, ui_png(), event_id="d1") == "queued"
    # A second event for the same object generation (another event id) maps to the same job.
    gen = c.objects.info("uploads", name).generation
    obj = ingest_svc.StorageObject.model_validate(storage_event_data("uploads", name, gen, 10))
    assert ingest_svc.ingest(deps(c)[1], "d2", c.clock.now(), obj) == "queued"
    job_id = drop_job_id("uploads", name, gen)
    job = c.jobs.get(job_id)
    assert job.owner_uid == "bob" and job.origin == "drop" and job.project_id == "brand"
    run_tasks(c)
    assert c.jobs.get(job_id).status is JobStatus.DONE
    assert c.tokens.merges == 1 and len(c.costs.docs) == 1 and not c.quarantine.docs


@pytest.mark.parametrize("name", ["elsewhere/a.png", "drops/brand/../x.png", "uploads/brand/not-a-job-id-that-exists"])
def test_objects_outside_the_conventions_are_ignored(name):
    c = FakeContainer()
    signed_upload(c, project="brand")
    c.queue.tasks.clear()
    assert finalize(c, name, ui_png(), event_id="x") == "ignored"
    assert c.queue.tasks == [] and not c.quarantine.docs


def test_a_non_image_object_fails_its_job_with_a_stable_code():
    c = FakeContainer()
    ticket = signed_upload(c)
    assert finalize(c, c.jobs.get(ticket["jobId"]).source.object, b"<svg/>", content_type="image/svg+xml") == "rejected"
    job = c.jobs.get(ticket["jobId"])
    assert job.status is JobStatus.FAILED and job.error.code == "unsupported_image_type"
    assert c.queue.tasks == []


def test_corrupt_image_bytes_fail_the_job_without_retry():
    c = FakeContainer()
    ticket = signed_upload(c)
    finalize(c, c.jobs.get(ticket["jobId"]).source.object, ui_png()[:60])
    assert run_tasks(c) == ["failed-corrupt_image"]
    job = c.jobs.get(ticket["jobId"])
    assert job.status is JobStatus.FAILED and job.error.code == "corrupt_image"


def test_stale_events_are_dropped():
    c = FakeContainer()
    ticket = signed_upload(c)
    name = c.jobs.get(ticket["jobId"]).source.object
    c.objects.put("uploads", name, ui_png(), "image/png")
    obj = ingest_svc.StorageObject.model_validate(storage_event_data("uploads", name, 1, 10))
    old = c.clock.now()
    c.clock.advance(hours=2)
    assert ingest_svc.ingest(deps(c)[1], "old", old, obj) == "stale"
    assert c.jobs.get(ticket["jobId"]).status is JobStatus.AWAITING_UPLOAD


def test_another_users_project_is_reported_absent():
    c = FakeContainer()
    signed_upload(c, uid="alice", project="secret-proj")
    with pytest.raises(NotFound):
        signed_upload(c, uid="mallory", project="secret-proj", create=True)
    with pytest.raises(NotFound):
        signed_upload(c, uid="mallory", project="secret-proj", create=False)


def test_upload_limits_and_types():
    c = FakeContainer()
    up = deps(c)[0]
    with pytest.raises(PayloadTooLarge):
        upload_svc.start_signed_upload(up, "a", upload_svc.SignedUploadRequest(
            createProject=True, contentType="image/png", size=c.settings.max_upload_bytes + 1))
    with pytest.raises(UnsupportedMediaType):
        upload_svc.upload_inline(up, "a", upload_svc.JobOptions(createProject=True), b"GIF8 not really")
    with pytest.raises(InvalidRequest):
        upload_svc.upload_inline(up, "a", upload_svc.JobOptions(), ui_png())


def test_inline_upload_stores_the_object_for_ingest():
    c = FakeContainer()
    res = upload_svc.upload_inline(deps(c)[0], "a", upload_svc.JobOptions(createProject=True), ui_png())
    job = c.jobs.get(res["jobId"])
    assert c.objects.read("uploads", job.source.object) == ui_png()
    assert finalize is not None and job.status is JobStatus.AWAITING_UPLOAD


def test_merging_a_second_image_dedupes_close_colors_and_keeps_provenance():
    c = FakeContainer()
    for i, colors in enumerate([("#F7F8FA", "#2563EB", "#111827"), ("#F7F8FA", "#2564EB", "#DC2626")]):
        t = signed_upload(c, project="lib", create=True)
        finalize(c, c.jobs.get(t["jobId"]).source.object, ui_png(colors), event_id=f"e{i}")
        run_tasks(c)
    tokens = {t.hex: t for t in c.tokens.list("lib")}
    assert "#2564EB" not in tokens  # ΔE2000 < 2 from #2563EB: the same token
    assert len(tokens["#2563EB"].provenance.job_ids) == 2
    assert len(tokens["#F7F8FA"].provenance.job_ids) == 2
    assert "#DC2626" in tokens and len(tokens["#DC2626"].provenance.job_ids) == 1


def test_a_worker_whose_lease_was_taken_over_writes_nothing(monkeypatch):
    c = FakeContainer()
    ticket = signed_upload(c)
    finalize(c, c.jobs.get(ticket["jobId"]).source.object, ui_png())
    c.queue.take("extract")
    _, _, ext, _ = deps(c)
    real = extract_svc.extract_tokens
    taken_over = []

    def slow_extraction(data, **kw):
        # This worker stalls past its lease; another delivery takes the job over meanwhile.
        c.clock.advance(seconds=c.settings.lease_s + 1)
        now = c.clock.now()
        taken_over.append(c.jobs.claim(ticket["jobId"], ready=["queued"], working="extracting",
                                       lease_until=now + timedelta(seconds=c.settings.lease_s), now=now))
        return real(data, **kw)

    monkeypatch.setattr(extract_svc, "extract_tokens", slow_extraction)
    assert extract_svc.extract(ext, ticket["jobId"]) == "lost-lease"
    assert taken_over[0] is not None
    job = c.jobs.get(ticket["jobId"])
    assert job.status is JobStatus.EXTRACTING and job.palette is None and c.queue.tasks == []
