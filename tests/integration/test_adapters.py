"""Each adapter against its real local server, through the official Google client."""
from __future__ import annotations

import json
import threading
import uuid
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from google.cloud.firestore_v1.base_query import FieldFilter

from shared.adapters.cloud_tasks import CloudTasksQueue
from shared.adapters.firebase_auth import FirebaseIdentity
from shared.adapters.firestore_repos import FirestoreCosts, FirestoreEvents, FirestoreJobs, FirestoreProjects, \
    FirestoreTokens
from shared.adapters.gcs import GcsObjectStore, key_signer
from shared.adapters.secret_manager import SecretManagerStore
from shared.domain.errors import Conflict, NotFound, Unauthenticated, Unavailable
from shared.domain.models import CostRecord, ImageSource, Job, JobStatus, Project, Token
from shared.domain.ports import MergeWrite
from shared.localstack.client import StackClient, request
from tests.fakes.memory import FakeClock


@pytest.fixture(scope="module")
def db(stack):
    from google.cloud import firestore

    return firestore.Client(project=stack.layout.project)


def _job(job_id: str, status=JobStatus.QUEUED) -> Job:
    return Job(id=job_id, owner_uid="u1", project_id="p1", status=status,
               source=ImageSource(bucket="b", object=f"uploads/p1/{job_id}"))


def test_jobs_create_is_idempotent_and_updates_are_guarded(db):
    jobs = FirestoreJobs(db)
    jid = uuid.uuid4().hex
    assert jobs.create(_job(jid)) is True
    assert jobs.create(_job(jid)) is False
    assert jobs.update(jid, {"progress": 50}, expect_status=["extracting"]) is False
    assert jobs.update(jid, {"progress": 50}, expect_status=["queued"]) is True
    assert jobs.get(jid).progress == 50
    assert jobs.update("no-such-job", {"progress": 1}) is False


def test_claim_gives_the_job_to_one_delivery_until_the_lease_expires(db):
    jobs = FirestoreJobs(db)
    jid = uuid.uuid4().hex
    jobs.create(_job(jid))
    now = FakeClock().now()
    first = jobs.claim(jid, ready=["queued"], working="extracting", lease_until=now + timedelta(minutes=5), now=now)
    second = jobs.claim(jid, ready=["queued"], working="extracting", lease_until=now + timedelta(minutes=5), now=now)
    assert first is not None and first.status is JobStatus.EXTRACTING and second is None
    later = now + timedelta(minutes=6)
    third = jobs.claim(jid, ready=["queued"], working="extracting", lease_until=later + timedelta(minutes=5),
                       now=later)
    assert third is not None and third.attempts == 2


def test_concurrent_claims_have_exactly_one_winner(db):
    jobs = FirestoreJobs(db)
    jid = uuid.uuid4().hex
    jobs.create(_job(jid))
    now = FakeClock().now()
    results, busy = [], []

    def claim():
        try:
            results.append(jobs.claim(jid, ready=["queued"], working="extracting",
                                      lease_until=now + timedelta(minutes=5), now=now))
        except Unavailable as err:  # lost under contention: retryable, the delivery comes back
            busy.append(err.code)

    threads = [threading.Thread(target=claim) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r is not None for r in results) == 1
    assert len(results) + len(busy) == 3 and set(busy) <= {"contention"}


def test_token_merge_is_atomic_and_happens_once(db):
    projects, jobs, tokens = FirestoreProjects(db), FirestoreJobs(db), FirestoreTokens(db)
    pid, jid = "p-" + uuid.uuid4().hex[:10], uuid.uuid4().hex
    projects.create(Project(id=pid, owner_uid="u1", name="P"))
    jobs.create(_job(jid, JobStatus.ENRICHING).model_copy(update={"project_id": pid}))
    calls = []

    def planner(existing):
        calls.append(len(existing))
        t = Token(id="t1", project_id=pid, hex="#112233", name="Ink", oklch=[0.2, 0.03, 250.0])
        return MergeWrite([t], {"status": "done", "progress": 100}, {"tokenCount": 1})

    assert tokens.merge(pid, jid, planner) is True
    assert tokens.merge(pid, jid, planner) is False  # the job is done: a duplicate writes nothing
    assert calls == [0]
    assert [t.hex for t in tokens.list(pid)] == ["#112233"]
    assert projects.get(pid).token_count == 1 and jobs.get(jid).status is JobStatus.DONE
    with pytest.raises(Conflict):
        projects.create(Project(id=pid, owner_uid="u2", name="again"))
    projects.delete_cascade(pid)
    assert projects.get(pid) is None and tokens.list(pid) == [] and jobs.get(jid) is None


def test_project_settings_are_set_and_cleared(db):
    projects = FirestoreProjects(db)
    pid = "p-" + uuid.uuid4().hex[:10]
    projects.create(Project(id=pid, owner_uid="u1", name="P"))
    assert projects.update(pid, {"driftTolerance": 3.5}).drift_tolerance == 3.5
    assert projects.update(pid, {"driftTolerance": None}).drift_tolerance is None
    assert "driftTolerance" not in db.collection("projects").document(pid).get().to_dict()
    with pytest.raises(NotFound):
        projects.update("p-" + uuid.uuid4().hex[:10], {"driftTolerance": 2})
    projects.delete_cascade(pid)


def test_a_job_failed_meanwhile_is_not_merged(db):
    """The sweeper or the queue's last attempt failed the job between enrich's read and its merge."""
    projects, jobs, tokens = FirestoreProjects(db), FirestoreJobs(db), FirestoreTokens(db)
    pid, jid = "p-" + uuid.uuid4().hex[:10], uuid.uuid4().hex
    projects.create(Project(id=pid, owner_uid="u1", name="P"))
    jobs.create(_job(jid, JobStatus.FAILED).model_copy(update={"project_id": pid}))

    def planner(existing):
        t = Token(id="t1", project_id=pid, hex="#112233", name="Ink", oklch=[0.2, 0.03, 250.0])
        return MergeWrite([t], {"status": "done", "progress": 100}, {"tokenCount": 1})

    assert tokens.merge(pid, jid, planner) is False
    assert tokens.list(pid) == [] and jobs.get(jid).status is JobStatus.FAILED
    projects.delete_cascade(pid)


def test_events_and_cost_records_are_recorded_once_and_aggregated(db):
    events, costs = FirestoreEvents(db), FirestoreCosts(db)
    eid = "ev/" + uuid.uuid4().hex
    assert not events.seen(eid)
    events.mark(eid, {"outcome": "queued"})
    events.mark(eid, {"outcome": "again"})
    assert events.seen(eid)
    day = "2031-01-0" + str(uuid.uuid4().int % 9 + 1)
    run = uuid.uuid4().hex[:8]  # job ids unique per run: each job's extraction counts once ever
    recs = [CostRecord(id=f"{day}-a", uid="u", project_id="p", job_id=f"{run}-a", provider="pixels", model="px",
                       day=day, extraction=True),
            CostRecord(id=f"{day}-b", uid="u", project_id="p", job_id=f"{run}-b", provider="anthropic", model="m",
                       day=day, usd=0.0015, input_tokens=1000, output_tokens=200, extraction=True),
            CostRecord(id=f"{day}-c", uid="u", project_id="p", job_id=f"{run}-c", provider="openai", model="m",
                       day=day, usd=0.001, success=False, error_type="rate_limit"),
            CostRecord(id=f"{day}-d", uid="u", project_id="p", job_id=f"{run}-d", provider="anthropic", model="m",
                       day=day, cached=True, saved_usd=0.0015, extraction=True)]
    assert [costs.record(r) for r in recs] == [True] * 4
    assert costs.record(recs[0]) is False
    t = costs.totals_for_day(day)
    assert (t["calls"], t["extractions"], t["pixelRuns"], t["cacheHits"], t["failures"]) == (4, 3, 1, 1, 1)
    assert t["usd"] == pytest.approx(0.0025) and t["savedUsd"] == pytest.approx(0.0015)
    assert t["inputTokens"] == 1000 and t["outputTokens"] == 200


def test_a_jobs_extraction_is_counted_once_across_claims(db):
    costs = FirestoreCosts(db)
    job, day = "j-" + uuid.uuid4().hex, "2031-02-0" + str(uuid.uuid4().int % 9 + 1)
    call = {"uid": "u", "project_id": "p", "job_id": job, "provider": "anthropic", "model": "m", "day": day,
            "extraction": True}
    first = CostRecord(id=f"ai_{job}_c1_anthropic_m_1", usd=0.002, **call)
    second = CostRecord(id=f"ai_{job}_c2_anthropic_m_cache", cached=True, saved_usd=0.002, **call)
    assert costs.record(first) is True
    assert costs.record(first) is False  # a replay of the same claim
    assert costs.record(second) is True  # the next claim's cache hit: stored, not counted
    assert costs.record(second) is False
    stored = {s.id: s.to_dict()["extraction"] for s in db.collection("costRecords").where(
        filter=FieldFilter("jobId", "==", job)).stream()}
    assert stored == {first.id: True, second.id: False}
    t = costs.totals_for_day(day)
    assert (t["calls"], t["extractions"], t["cacheHits"]) == (2, 1, 1)


def test_storage_write_new_read_and_signed_put(stack):
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import storage

    client = storage.Client(project=stack.layout.project, credentials=AnonymousCredentials())
    secrets = SecretManagerStore(stack.secret_client(), stack.layout.project)
    store = GcsObjectStore(client, signer=key_signer(lambda: secrets.get("url-signing-key")),
                           api_endpoint=f"http://127.0.0.1:{stack.layout.storage_port}")
    bucket = stack.layout.bucket
    name = f"tests/{uuid.uuid4().hex}"
    info = store.write_new(bucket, name, b"hello", "image/png")
    assert info.size == 5 and info.generation > 0
    with pytest.raises(Conflict):
        store.write_new(bucket, name, b"again", "image/png")
    assert store.read(bucket, name, info.generation) == b"hello"
    with pytest.raises(NotFound):
        store.read(bucket, name + "-missing")
    url, headers = store.signed_put_url(bucket, name + "-signed", "image/png", 1000, 600)
    assert "X-Goog-Signature=" in url and "x-goog-content-length-range" in url.lower()
    body = b"\x89PNG\r\n\x1a\n-bytes"
    put = request("PUT", url, body=body, headers=headers)
    assert put.status in (200, 201), put.body
    assert store.info(bucket, name + "-signed").size == len(body)


def test_secret_manager_store_reads_latest_and_caches(stack):
    store = SecretManagerStore(stack.secret_client(), stack.layout.project, ttl_s=3600)
    name = "test-" + uuid.uuid4().hex[:8]
    assert store.get(name) is None
    stack.put_secret(name, "v1")
    assert store.get(name) is None  # the miss is cached too (TTL): no call per request
    fresh = SecretManagerStore(stack.secret_client(), stack.layout.project, ttl_s=0)
    assert fresh.get(name) == "v1"
    stack.put_secret(name, "v2")
    assert fresh.get(name) == "v2"


def test_firebase_identity_accepts_emulator_tokens_and_refuses_garbage(stack):
    uid, token = StackClient(stack.layout).sign_up(f"it-{uuid.uuid4().hex[:8]}@example.com")
    identity = FirebaseIdentity(stack.layout.project, check_revoked=True)
    assert identity.verify(token) == uid
    for bad in ("garbage", "a.b.c", token + "x"):
        with pytest.raises(Unauthenticated):
            identity.verify(bad)


def test_cloud_tasks_queue_delivers_the_payload(stack):
    import grpc
    from google.cloud import tasks_v2
    from google.cloud.tasks_v2.services.cloud_tasks.transports import CloudTasksGrpcTransport

    got = []
    done = threading.Event()

    class H(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            got.append((json.loads(self.rfile.read(int(self.headers["Content-Length"]))),
                        self.headers.get("X-CloudTasks-QueueName")))
            self.send_response(200)
            self.end_headers()
            done.set()

        def log_message(self, *a):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = tasks_v2.CloudTasksClient(transport=CloudTasksGrpcTransport(
            channel=grpc.insecure_channel(f"127.0.0.1:{stack.layout.tasks_port}")))
        q = CloudTasksQueue(client, project=stack.layout.project, location=stack.layout.region,
                            service_account="", audiences={})
        q.enqueue("enrich", f"http://127.0.0.1:{server.server_port}/", {"jobId": "j-1"}, "t/1 odd:name")
        assert done.wait(30)
        payload, queue = got[0]
        # The emulator names the queue by its full path, Cloud Tasks by its id: both end in the id.
        assert payload == {"jobId": "j-1"} and queue.rsplit("/", 1)[-1] == "enrich"
    finally:
        server.shutdown()


def test_cloud_tasks_queue_says_which_tasks_are_pending(stack):
    """The sweeper looks before it re-drives (issue 17 item 1): a task still in the queue is pending, one
    that was never made is not (the emulator has no GetTask: the adapter lists its short queues)."""
    import grpc
    from google.cloud import tasks_v2
    from google.cloud.tasks_v2.services.cloud_tasks.transports import CloudTasksGrpcTransport

    from shared.adapters.cloud_tasks import CloudTasksQueue

    client = tasks_v2.CloudTasksClient(transport=CloudTasksGrpcTransport(
        channel=grpc.insecure_channel(f"127.0.0.1:{stack.layout.tasks_port}")))
    queue = CloudTasksQueue(client, project=stack.layout.project, location=stack.layout.region,
                            service_account="", audiences={})
    # A paused queue of its own: the emulator takes a task out of its list while it dispatches it.
    name = f"pending-{uuid.uuid4().hex[:8]}"
    path = client.queue_path(stack.layout.project, stack.layout.region, name)
    client.create_queue(parent=f"projects/{stack.layout.project}/locations/{stack.layout.region}",
                        queue={"name": path})
    client.pause_queue(name=path)
    try:
        queue.enqueue(name, "http://127.0.0.1:9/never", {"jobId": "x"}, task_id="extract-j-1-r1")
        assert queue.pending(name, "extract-j-1-r1") is True
        assert queue.pending(name, "extract-j-1-r2") is False
    finally:
        client.delete_queue(name=path)
