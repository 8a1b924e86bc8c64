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
    assert counts == {"seen": 4, "redriven": 3, "failed": 0, "leased": 1, "pending": 0, "errors": 0}
    assert sorted((t.queue, t.task_id) for t in c.queue.take("extract") + c.queue.take("enrich")) == [
        ("enrich", "enrich-j-enriching-r1"), ("extract", "extract-j-dead-worker-r1"), ("extract", "extract-j-queued-r1")]
    assert _sweep(c)["seen"] == 1  # re-driven jobs count as fresh again; only the leased one is old
    for _ in range(c.settings.max_redrives):
        c.clock.advance(seconds=c.settings.stale_after_s + 1)
        _sweep(c)
        c.queue.take("extract"), c.queue.take("enrich")  # each re-drive's task delivered, and lost again
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


class _FlakyQueue:
    """The fake queue, refusing tasks for the job ids in `down`."""

    def __init__(self, inner, down: set[str]) -> None:
        self.inner, self.down = inner, down

    def enqueue(self, queue, url, payload, task_id) -> None:
        if payload["jobId"] in self.down:
            raise ConnectionError("queue unavailable")
        self.inner.enqueue(queue, url, payload, task_id)

    def pending(self, queue, task_id) -> bool:
        return self.inner.pending(queue, task_id)


def test_a_failed_enqueue_spends_no_redrive_and_does_not_stop_the_sweep():
    c = FakeContainer()
    for job_id in ("j-a", "j-b", "j-c"):
        _job(c, job_id, JobStatus.QUEUED)
    c.clock.advance(seconds=c.settings.stale_after_s + 1)
    flaky = _FlakyQueue(c.queue, down={"j-a"})
    counts = svc.sweep(svc.SweepDeps(settings=c.settings, jobs=c.jobs, queue=flaky, clock=c.clock))
    assert counts["errors"] == 1 and counts["redriven"] == 2
    assert c.jobs.get("j-a").redrives == 0  # no task was made, so no re-drive is counted
    assert sorted(t.task_id for t in c.queue.take("extract")) == ["extract-j-b-r1", "extract-j-c-r1"]
    flaky.down.clear()
    counts = svc.sweep(svc.SweepDeps(settings=c.settings, jobs=c.jobs, queue=flaky, clock=c.clock))
    assert counts["redriven"] == 1 and [t.task_id for t in c.queue.take("extract")] == ["extract-j-a-r1"]


def test_a_job_that_moved_on_since_the_sweep_read_it_is_not_failed():
    c = FakeContainer()
    _job(c, "j-old", JobStatus.QUEUED, redrives=c.settings.max_redrives)
    c.clock.advance(seconds=c.settings.max_job_age_s + c.settings.stale_after_s + 1)
    stale = c.jobs.stale([JobStatus.QUEUED.value], c.clock.now(), 10)
    c.jobs.update("j-old", {"status": JobStatus.ENRICHING.value})  # its extraction finished meanwhile

    class _Snapshot:  # the sweep's query result, read before the job moved on
        def __getattr__(self, name):
            return getattr(c.jobs, name)

        def stale(self, *_a):
            return stale

    counts = svc.sweep(svc.SweepDeps(settings=c.settings, jobs=_Snapshot(), queue=c.queue, clock=c.clock))
    assert counts["failed"] == 0
    assert c.jobs.get("j-old").status is JobStatus.ENRICHING


def test_a_job_whose_task_is_still_in_the_queue_is_not_re_driven():
    """Issue 17 item 1: a backlog longer than stale_after_s made every queued job look stuck; each sweep
    added a re-drive task next to the one still waiting, so the backlog fed itself."""
    c = FakeContainer()
    _job(c, "j-waiting", JobStatus.QUEUED)
    c.jobs.update("j-waiting", {"source": {"bucket": "uploads", "object": "uploads/p/j-waiting", "generation": 7}})
    c.queue.enqueue("extract", "http://x/extract", {"jobId": "j-waiting"}, task_id="extract-j-waiting-7")  # ingest's
    _job(c, "j-enriching", JobStatus.ENRICHING)
    c.queue.enqueue("enrich", "http://x/enrich", {"jobId": "j-enriching"}, task_id="enrich-j-enriching")  # extract's
    _job(c, "j-lost", JobStatus.QUEUED)  # its task is gone (the queue's last attempt, a lost delivery)
    pending = []
    for _ in range(3):
        c.clock.advance(seconds=c.settings.stale_after_s + 1)
        pending.append(_sweep(c)["pending"])
    assert pending == [2, 3, 3]  # from the second sweep on, j-lost's re-drive is waiting too
    assert sorted(t.task_id for t in c.queue.tasks) == [
        "enrich-j-enriching", "extract-j-lost-r1", "extract-j-waiting-7"]  # j-lost: its own re-drive, once
    assert c.jobs.get("j-waiting").redrives == 0 and c.jobs.get("j-lost").redrives == 1
    c.queue.take("extract")  # both extract tasks delivered, and lost: now each job is re-driven
    c.clock.advance(seconds=c.settings.stale_after_s + 1)
    _sweep(c)
    assert sorted(t.task_id for t in c.queue.tasks if t.queue == "extract") == [
        "extract-j-lost-r2", "extract-j-waiting-r1"]
