"""Nothing stays in flight forever: the sweeper re-drives stuck steps and fails what cannot recover."""
from __future__ import annotations

from datetime import timedelta

from shared.domain.models import ImageSource, Job, JobStatus
from shared.services import sweeper as svc
from tests.fakes.memory import FakeContainer


def _job(c: FakeContainer, job_id: str, status: JobStatus, **extra) -> None:
    now = c.clock.now()
    c.jobs.create(Job(id=job_id, owner_uid="u", project_id="p", status=status, created_at=now, updated_at=now,
                      source=ImageSource(bucket="uploads", object=f"uploads/p/{job_id}"), **extra))


def _sweep(c: FakeContainer):
    return svc.sweep(svc.SweepDeps(settings=c.settings, jobs=c.jobs, queue=c.queue, clock=c.clock))


def test_fresh_jobs_are_left_alone():
    c = FakeContainer()
    _job(c, "j-queued", JobStatus.QUEUED)
    assert _sweep(c)["seen"] == 0 and c.queue.tasks == []


def test_stuck_steps_are_re_driven_once_per_sweep_and_then_failed():
    c = FakeContainer()
    now = c.clock.now()
    _job(c, "j-queued", JobStatus.QUEUED)
    _job(c, "j-enriching", JobStatus.ENRICHING)
    _job(c, "j-dead-worker", JobStatus.EXTRACTING, lease_until=now + timedelta(seconds=60))
    _job(c, "j-live-lease", JobStatus.EXTRACTING, lease_until=now + timedelta(days=1))
    _job(c, "j-done", JobStatus.DONE)
    c.clock.advance(seconds=c.settings.stale_after_s + 1)
    counts = _sweep(c)
    assert counts == {"seen": 4, "redriven": 3, "failed": 0, "leased": 1}
    assert sorted((t.queue, t.task_id) for t in c.queue.take("extract") + c.queue.take("enrich")) == [
        ("enrich", "enrich-j-enriching-r1"), ("extract", "extract-j-dead-worker-r1"), ("extract", "extract-j-queued-r1")]
    assert _sweep(c)["seen"] == 1  # re-driven jobs count as fresh again; only the leased one is old
    for _ in range(c.settings.max_redrives):
        c.clock.advance(seconds=c.settings.stale_after_s + 1)
        _sweep(c)
    # Re-driven enough, but young: a long backlog is not a failure, it is re-driven again.
    assert c.jobs.get("j-queued").status is JobStatus.QUEUED
    c.clock.advance(seconds=c.settings.max_job_age_s)
    _sweep(c)
    job = c.jobs.get("j-queued")
    assert job.status is JobStatus.FAILED and job.error.code == "stalled" and job.redrives > c.settings.max_redrives
    assert c.jobs.get("j-done").status is JobStatus.DONE


def test_an_upload_that_never_arrives_fails_after_its_url_expired():
    c = FakeContainer()
    _job(c, "j-wait", JobStatus.AWAITING_UPLOAD)
    c.clock.advance(seconds=c.settings.stale_after_s + 1)
    _sweep(c)
    assert c.jobs.get("j-wait").status is JobStatus.AWAITING_UPLOAD
    c.clock.advance(seconds=c.settings.signed_url_ttl_s)
    _sweep(c)
    job = c.jobs.get("j-wait")
    assert job.status is JobStatus.FAILED and job.error.code == "upload_never_arrived"
