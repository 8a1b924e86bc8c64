"""The Firestore rate limiter on the emulator: exact under 50 concurrent requests against a limit of
10, per user and endpoint, both windows moving together; and the same through the running upload
function over HTTP."""
from __future__ import annotations

import threading
import time
import uuid
from datetime import datetime, timezone

import pytest

from shared.adapters.firestore_rate_limit import COLLECTION, FirestoreRateLimiter
from shared.security.rate_limit import Window, counter_id


@pytest.fixture(scope="module")
def db(stack):
    from google.cloud import firestore

    return firestore.Client(project=stack.layout.project)


def _burst(n: int, fn) -> tuple[list, float]:
    results, lock, barrier = [], threading.Lock(), threading.Barrier(n)

    def one():
        barrier.wait()
        out = fn()
        with lock:
            results.append(out)

    threads = [threading.Thread(target=one) for _ in range(n)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.monotonic() - t0


def test_fifty_concurrent_hits_against_a_limit_of_ten_on_the_emulator(db):
    limiter = FirestoreRateLimiter(db)
    uid, now = "rl-" + uuid.uuid4().hex[:8], datetime.now(timezone.utc)
    windows = (Window(10, 60), Window(100, 3600))
    decisions, elapsed = _burst(50, lambda: limiter.hit(uid, "upload", windows, now))
    allowed = [d for d in decisions if d.allowed]
    print(f"\n[rate-limit emulator] 50 concurrent vs 10/min: {len(allowed)} accepted, "
          f"{len(decisions) - len(allowed)} refused in {elapsed:.2f} s")
    assert len(allowed) == 10
    assert sorted(d.counts[0] for d in decisions) == list(range(1, 51))  # every request got its own count
    assert all(1 <= d.retry_after_s <= 60 for d in decisions if not d.allowed)
    minute = db.collection(COLLECTION).document(counter_id(uid, "upload", windows[0], now)).get().to_dict()
    hour = db.collection(COLLECTION).document(counter_id(uid, "upload", windows[1], now)).get().to_dict()
    assert minute["count"] == 50 and hour["count"] == 50 and minute["uid"] == uid and minute["expireAt"]
    # Another user and another endpoint have their own counters.
    assert limiter.hit(uid + "-b", "upload", windows, now).allowed
    assert limiter.hit(uid, "export", (Window(60, 60),), now).allowed


def test_fifty_concurrent_uploads_through_the_running_function(stack):
    from shared.localstack.client import StackClient

    client = StackClient(stack.layout)
    _, token = client.sign_up(f"rl-{uuid.uuid4().hex[:8]}@example.com")
    if time.time() % 60 > 40:  # keep the set-up call and the burst inside one fixed minute window
        time.sleep(61 - time.time() % 60)
    first = client.call("upload", "POST", token, json_body={"createProject": True,
                                                            "contentType": "image/png", "size": 100})
    assert first.status == 201, first.body
    project = first.json()["projectId"]
    results, elapsed = _burst(50, lambda: client.call("upload", "POST", token, json_body={
        "projectId": project, "contentType": "image/png", "size": 100}))
    statuses = [r.status for r in results]
    print(f"\n[rate-limit stack] 50 concurrent HTTP uploads (1 slot used before) vs 10/min: {statuses.count(201)} "
          f"accepted, {statuses.count(429)} refused, other={sorted(set(statuses) - {201, 429})} in {elapsed:.2f} s")
    assert statuses.count(201) == 9 and statuses.count(429) == 41  # the set-up call used the tenth slot
    refused = [r for r in results if r.status == 429]
    assert all(r.headers["Retry-After"].isdigit() and r.json()["error"]["code"] == "rate_limited" for r in refused)
    assert all(r.headers.get("X-Content-Type-Options") == "nosniff" for r in refused)


@pytest.mark.skipif(not __import__("os").environ.get("COPYTHAT_RATE_COMPARE"),
                    reason="comparison figure only (COPYTHAT_RATE_COMPARE=1): ~12 s of emulator contention")
def test_for_comparison_a_read_modify_write_transaction_per_request(db):
    """Why the adapter does not use a transaction: 50 concurrent transactions on one counter, each
    allowed 5 attempts. Measured on the emulator: 1–2 committed, 48–49 gave up, ~11 s."""
    from google.cloud import firestore

    ref = db.collection(COLLECTION).document("compare-" + uuid.uuid4().hex)

    def one():
        @firestore.transactional
        def txn(t):
            snap = ref.get(transaction=t)
            n = (snap.get("count") if snap.exists else 0) + 1
            t.set(ref, {"count": n})
            return n
        try:
            return txn(db.transaction(max_attempts=5))
        except Exception:  # noqa: BLE001 — contention exhausted the attempts
            return None

    results, elapsed = _burst(50, one)
    committed = [r for r in results if r is not None]
    print(f"\n[rate-limit comparison] 50 concurrent transactions (5 attempts each): {len(committed)} committed, "
          f"{50 - len(committed)} gave up in {elapsed:.1f} s")
    assert len(committed) < 50
