"""Issue 17 #1 on the emulators: the in-flight cap is exact under concurrent uploads (one transaction
with the job), a finishing write frees its slot once however often it is redelivered, a slot whose
job finished without freeing it (or was deleted) is freed at the cap, the dispatch clock spaces one
user's jobs and gives a redelivered event the same time, and a task scheduled ahead is not
dispatched before it is due."""
from __future__ import annotations

import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from shared.adapters.firestore_in_flight import COLLECTION, FirestoreJobSlots, slot_doc_id
from shared.adapters.firestore_repos import FirestoreJobs, FirestoreTokens
from shared.domain.models import ImageSource, Job, JobStatus
from shared.domain.ports import MergeWrite
from shared.services.jobs import status_fields

CAP = 20  # the cap (COPYTHAT_MAX_JOBS_IN_FLIGHT's default)


@pytest.fixture(scope="module")
def db(stack):
    from google.cloud import firestore

    return firestore.Client(project=stack.layout.project)


def _job(uid: str, status=JobStatus.AWAITING_UPLOAD) -> Job:
    jid = uuid.uuid4().hex
    now = datetime.now(timezone.utc)
    return Job(id=jid, owner_uid=uid, project_id="p-fair", status=status, created_at=now, updated_at=now,
               source=ImageSource(bucket="b", object=f"uploads/p-fair/{jid}"))


def _slots(db, uid) -> dict:
    snap = db.collection(COLLECTION).document(slot_doc_id(uid)).get()
    return dict((snap.to_dict() or {}).get("jobs") or {})


def test_concurrent_uploads_at_the_cap_admit_exactly_one(db):
    slots, uid = FirestoreJobSlots(db), "fair-" + uuid.uuid4().hex[:8]
    for _ in range(CAP - 1):
        assert slots.admit(_job(uid), CAP).created
    jobs = [_job(uid) for _ in range(6)]
    out, barrier = {}, threading.Barrier(len(jobs))

    def one(job):
        barrier.wait()
        out[job.id] = slots.admit(job, CAP)  # contention is retried inside, not a 503

    threads = [threading.Thread(target=one, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(out) == len(jobs)  # every upload got its answer
    admitted = [j for j, a in out.items() if a.created]
    assert len(admitted) == 1 and sum(a.refused for a in out.values()) == 5
    assert len(_slots(db, uid)) == CAP
    for j in out:  # a refused job was never written
        assert db.collection("jobs").document(j).get().exists == (j in admitted)


def test_a_finish_frees_its_slot_once_and_a_missed_one_is_found_at_the_cap(db):
    slots, jobs, uid = FirestoreJobSlots(db), FirestoreJobs(db), "fair-" + uuid.uuid4().hex[:8]
    made = [_job(uid, JobStatus.QUEUED) for _ in range(CAP)]
    for j in made:
        assert slots.admit(j, CAP).created
    assert slots.admit(_job(uid), CAP).refused
    now = datetime.now(timezone.utc)
    failed = status_fields(JobStatus.FAILED, now, error={"code": "x", "message": "x"})
    assert jobs.update(made[0].id, failed, expect_status=["queued"])
    # Redelivered: the same guarded write again (any status but done) changes nothing more.
    jobs.update(made[0].id, failed, expect_status=["queued", "failed"])
    assert made[0].id not in _slots(db, uid) and len(_slots(db, uid)) == CAP - 1
    assert slots.admit(_job(uid), CAP).created
    assert slots.admit(_job(uid), CAP).refused  # one finish, one slot
    # Enrich's merge (done) frees its slot in its own transaction.
    jobs.update(made[1].id, {"status": "enriching"})
    merged = FirestoreTokens(db).merge("p-fair", made[1].id, lambda existing: MergeWrite(
        upserts=[], job_fields=status_fields(JobStatus.DONE, now, tokenIds=[]), project_fields={"updatedAt": now}))
    assert merged and made[1].id not in _slots(db, uid)
    assert slots.admit(_job(uid), CAP).created
    # A job finished by a write that did not free its slot (unguarded), and one deleted with its
    # project: admission at the cap reads them and frees both.
    jobs.update(made[2].id, {"status": "done"})
    db.collection("jobs").document(made[3].id).delete()
    assert made[2].id in _slots(db, uid) and made[3].id in _slots(db, uid)
    assert slots.admit(_job(uid), CAP).created and slots.admit(_job(uid), CAP).created
    assert slots.admit(_job(uid), CAP).refused
    assert made[2].id not in _slots(db, uid) and made[3].id not in _slots(db, uid)


def test_drops_are_counted_but_never_refused_and_a_retry_is_not_counted_twice(db):
    slots, uid = FirestoreJobSlots(db), "fair-" + uuid.uuid4().hex[:8]
    made = [_job(uid, JobStatus.QUEUED) for _ in range(CAP + 2)]
    assert all(slots.admit(j, None).created for j in made)
    again = slots.admit(made[0], None)
    assert not again.created and not again.refused and len(_slots(db, uid)) == CAP + 2
    assert slots.admit(_job(uid), CAP).refused  # the drops fill the owner's uploads' allowance


def test_the_dispatch_clock_spaces_one_users_jobs(db):
    slots, uid, other = FirestoreJobSlots(db), "fair-" + uuid.uuid4().hex[:8], "fair-" + uuid.uuid4().hex[:8]
    now = datetime.now(timezone.utc).replace(microsecond=0)
    jobs = [_job(uid, JobStatus.QUEUED) for _ in range(4)]
    for j in jobs:
        assert slots.admit(j, None).created
    times = [slots.dispatch_at(uid, j.id, now, 2.0) for j in jobs[:3]]
    assert [(t - now).total_seconds() for t in times] == [0.0, 2.0, 4.0]
    assert slots.dispatch_at(uid, jobs[1].id, now, 2.0) == times[1]  # a redelivered event: same time, clock unmoved
    assert slots.dispatch_at(uid, jobs[3].id, now, 2.0) == now + timedelta(seconds=6)
    assert db.collection("jobs").document(jobs[1].id).get().get("dispatchAt") == times[1]
    theirs = _job(other, JobStatus.QUEUED)
    slots.admit(theirs, None)
    assert slots.dispatch_at(other, theirs.id, now, 2.0) == now  # another user's clock is their own


def test_dispatch_reservations_do_not_grow_the_users_document(db):
    """One user's document stays the same size however many jobs they queue: a reservation per job on
    it would pass Firestore's 20,000-field limit for a user who drops that many files (it did, as a map)."""
    slots, uid = FirestoreJobSlots(db), "fair-" + uuid.uuid4().hex[:8]
    now = datetime.now(timezone.utc)
    sizes = []
    for _ in range(3):
        j = _job(uid, JobStatus.QUEUED)
        slots.admit(j, None)
        slots.dispatch_at(uid, j.id, now, 2.0)
        doc = db.collection(COLLECTION).document(slot_doc_id(uid)).get().to_dict()
        sizes.append(sorted(k for k in doc if k != "jobs"))
    assert sizes[0] == sizes[-1] == ["nextDispatchAt", "uid"]


def test_a_task_scheduled_ahead_waits_on_the_emulator(stack):
    import grpc
    from google.cloud import tasks_v2
    from google.cloud.tasks_v2.services.cloud_tasks.transports import CloudTasksGrpcTransport

    from shared.adapters.cloud_tasks import CloudTasksQueue

    client = tasks_v2.CloudTasksClient(transport=CloudTasksGrpcTransport(
        channel=grpc.insecure_channel(f"127.0.0.1:{stack.layout.tasks_port}")))
    queue = CloudTasksQueue(client, project=stack.layout.project, location=stack.layout.region,
                            service_account="", audiences={})
    name = f"fair-{uuid.uuid4().hex[:8]}"
    path = client.queue_path(stack.layout.project, stack.layout.region, name)
    client.create_queue(parent=f"projects/{stack.layout.project}/locations/{stack.layout.region}",
                        queue={"name": path})
    try:
        due = datetime.now(timezone.utc) + timedelta(seconds=60)
        # A running queue and a target that answers nothing: a task due now would be tried at once.
        queue.enqueue(name, "http://127.0.0.1:9/never", {"jobId": "x"}, task_id="extract-x-1", schedule_at=due)
        time.sleep(2.0)
        (task,) = list(client.list_tasks(parent=path))
        assert task.dispatch_count == 0 and abs(task.schedule_time.timestamp() - due.timestamp()) < 1e-3
    finally:
        client.delete_queue(name=path)


def test_a_drop_takes_its_slot_and_its_dispatch_time_in_one_transaction(db, monkeypatch):
    """A drop is admitted and queued at once: its dispatch time is reserved in the admission's own
    transaction, so a heavy dropper's backlog costs their document one transaction per file, not two."""
    from shared.adapters import firestore_in_flight

    ran = []
    real = firestore_in_flight._run_transaction
    monkeypatch.setattr(firestore_in_flight, "_run_transaction", lambda *a: ran.append(1) or real(*a))
    slots, uid = FirestoreJobSlots(db), "fair-" + uuid.uuid4().hex[:8]
    now = datetime.now(timezone.utc).replace(microsecond=0)
    jobs = [_job(uid, JobStatus.QUEUED) for _ in range(3)]
    admitted = [slots.admit(j, None, dispatch=(now, 2.0)) for j in jobs]
    assert len(ran) == 3 and all(a.created for a in admitted)
    assert [(a.dispatch_at - now).total_seconds() for a in admitted] == [0.0, 2.0, 4.0]
    assert db.collection("jobs").document(jobs[1].id).get().get("dispatchAt") == admitted[1].dispatch_at
    again = slots.admit(jobs[1], None, dispatch=(now, 2.0))  # a redelivered event: its time, clock unmoved
    assert not again.created and again.dispatch_at == admitted[1].dispatch_at
    assert slots.dispatch_at(uid, _admitted(slots, uid).id, now, 2.0) == now + timedelta(seconds=6)
    assert len(_slots(db, uid)) == 4


def _admitted(slots, uid) -> Job:
    j = _job(uid, JobStatus.QUEUED)
    assert slots.admit(j, None).created
    return j


INSTANCE = r"""
import json, sys, time
from datetime import datetime, timezone
from google.cloud import firestore
from shared.adapters.firestore_in_flight import FirestoreJobSlots
from shared.domain.models import ImageSource, Job, JobStatus

project, uid, job_id, start, cap = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
slots = FirestoreJobSlots(firestore.Client(project=project))
now = datetime.now(timezone.utc)
job = Job(id=job_id, owner_uid=uid, project_id="p-fair", status=JobStatus.AWAITING_UPLOAD, created_at=now,
          updated_at=now, source=ImageSource(bucket="b", object=f"uploads/p-fair/{job_id}"))
time.sleep(max(0.0, start - time.time()))  # every instance asks at the same moment
from shared.domain.errors import Unavailable
try:
    a = slots.admit(job, cap)
    print(json.dumps({"created": a.created, "refused": a.refused, "unavailable": False}))
except Unavailable as exc:  # contention past its retry budget: a 503 the client retries, nothing written
    print(json.dumps({"created": False, "refused": False, "unavailable": exc.code}))
"""


def test_instances_in_separate_processes_at_the_cap_admit_exactly_one(db, stack):
    """Four function instances (processes: no shared lock, only Firestore's transaction between
    them) admit one upload each for a user at the cap minus one: exactly one gets the slot."""
    import json
    import os
    import subprocess
    import sys

    slots, uid = FirestoreJobSlots(db), "fair-" + uuid.uuid4().hex[:8]
    for _ in range(CAP - 1):
        assert slots.admit(_job(uid), CAP).created
    ids, start = [uuid.uuid4().hex for _ in range(4)], time.time() + 8
    procs = [subprocess.Popen([sys.executable, "-c", INSTANCE, stack.layout.project, uid, j, str(start), str(CAP)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
             for j in ids]
    answers = {}
    for j, p in zip(ids, procs):
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err[-2000:]
        answers[j] = json.loads(out.strip().splitlines()[-1])
    created = [j for j, a in answers.items() if a["created"]]
    unavailable = [a["unavailable"] for a in answers.values() if a["unavailable"]]
    assert set(unavailable) <= {"contention"}  # on a loaded machine one may run out of retries: a 503
    assert len(created) == 1 or (not created and unavailable)  # never two
    assert sum(a["refused"] for a in answers.values()) == 4 - len(created) - len(unavailable)
    assert len(_slots(db, uid)) == CAP - 1 + len(created)
    for j, a in answers.items():
        assert db.collection("jobs").document(j).get().exists == a["created"]
