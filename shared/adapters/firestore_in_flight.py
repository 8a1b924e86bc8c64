"""The in-flight slots and dispatch clock of each user in Firestore:
`inFlight/{sha256(uid)[:32]}` = {uid, jobs: {jobId: createdAt}, nextDispatchAt}; each job's reserved
dispatch time is its own `dispatchAt` (kept off the user's document, which would otherwise grow by one
entry per job — past Firestore's 1 MiB and 20,000-field limits for a user who drops that many).

Admission is one transaction over that document and the new job's document, so concurrent uploads
of one user are serialized on it (their rate limit keeps that to a few a minute: no hot document).
The map is read whole and written whole: job ids are map keys, never field paths. Finishing writes
(`release_in`) delete their job's key blindly inside their own transaction; admission at the cap
re-reads the jobs behind the slots (at most the slots there are) to free any a finish missed.
"""
from __future__ import annotations

import hashlib
import random
import threading
import time
from datetime import datetime

from google.cloud import firestore

from shared.adapters.firestore_repos import JOBS, _run_transaction
from shared.domain.errors import Unavailable
from shared.domain.models import Job
from shared.security.fair_dispatch import next_start
from shared.security.in_flight import FINISHED, Admission, still_in_flight

COLLECTION = "inFlight"
# One user's admissions and dispatch reservations are serialized on their document. A burst of their
# requests (the web client sends several images at once) made concurrent transactions on it, which the
# emulator resolves by aborting (~2 s a conflict) and the client retries at once: 8 of 9 concurrent
# uploads of one user became 503s. So on one instance they take turns on a lock (striped by user),
# and contention from other instances is retried with jittered backoff for up to CONTENTION_BUDGET_S.
_STRIPES = [threading.Lock() for _ in range(256)]
CONTENTION_BUDGET_S = 10.0


def slot_doc_id(uid: str) -> str:
    return hashlib.sha256(uid.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def release_in(tx, db: firestore.Client, uid: str | None, job_id: str) -> None:
    """Free the job's slot in the caller's transaction (a blind write: no read, no added contention).
    Idempotent: a redelivered finish deletes a key that is already gone."""
    if uid:
        tx.set(db.collection(COLLECTION).document(slot_doc_id(uid)), {"jobs": {job_id: firestore.DELETE_FIELD}},
               merge=True)


class FirestoreJobSlots:
    def __init__(self, db: firestore.Client) -> None:
        self._db = db

    def _ref(self, uid: str):
        return self._db.collection(COLLECTION).document(slot_doc_id(uid))

    def admit(self, job: Job, cap: int | None, dispatch: tuple[datetime, float] | None = None) -> Admission:
        slot_ref, job_ref = self._ref(job.owner_uid), self._db.collection(JOBS).document(job.id)

        @firestore.transactional
        def _admit(tx: firestore.Transaction) -> Admission:
            snaps = {s.reference.path: s for s in tx.get_all([slot_ref, job_ref])}
            slot_snap, job_snap = snaps[slot_ref.path], snaps[job_ref.path]
            data = slot_snap.to_dict() if slot_snap.exists else {}
            slots: dict = dict(data.get("jobs") or {})
            if job_snap.exists:  # a retried request: the job and its slot are there already
                return Admission(created=False, refused=False, in_flight=len(slots),
                                 dispatch_at=(job_snap.to_dict() or {}).get("dispatchAt"))
            if cap is not None and len(slots) >= cap:
                refs = [self._db.collection(JOBS).document(j) for j in slots]
                statuses = {s.id: (s.get("status") if s.exists else None) for s in tx.get_all(refs)}
                slots = {j: slots[j] for j in still_in_flight(slots, statuses)}
                if len(slots) >= cap:
                    return Admission(created=False, refused=True, in_flight=len(slots))
            slots[job.id] = job.created_at or firestore.SERVER_TIMESTAMP
            doc, mine, start = job.doc(), {"uid": job.owner_uid, "jobs": slots}, None
            if dispatch is not None:
                start, mine["nextDispatchAt"] = next_start(data.get("nextDispatchAt"), *dispatch)
                doc["dispatchAt"] = start
            tx.create(job_ref, doc)
            tx.set(slot_ref, mine, merge=list(mine))
            return Admission(created=True, refused=False, in_flight=len(slots), dispatch_at=start)

        return _patiently(slot_ref.id, lambda: _run_transaction(self._db, _admit))

    def dispatch_at(self, uid: str, job_id: str, now: datetime, interval_s: float) -> datetime:
        ref, job_ref = self._ref(uid), self._db.collection(JOBS).document(job_id)

        @firestore.transactional
        def _reserve(tx: firestore.Transaction) -> datetime:
            snaps = {s.reference.path: s for s in tx.get_all([ref, job_ref])}
            snap, job = snaps[ref.path], snaps[job_ref.path]
            reserved = (job.to_dict() or {}).get("dispatchAt") if job.exists else None
            if reserved is not None:  # a redelivered event: the same time, the clock not moved twice
                return reserved
            start, clock = next_start((snap.to_dict() or {}).get("nextDispatchAt") if snap.exists else None,
                                      now, interval_s)
            tx.set(ref, {"uid": uid, "nextDispatchAt": clock}, merge=["uid", "nextDispatchAt"])
            if job.exists:  # the reservation lives on the job: the user's document does not grow with jobs
                tx.update(job_ref, {"dispatchAt": start})
            return start

        return _patiently(ref.id, lambda: _run_transaction(self._db, _reserve))


def _patiently(doc_id: str, attempt, budget_s: float = CONTENTION_BUDGET_S):
    """Run a transaction on a user's document, one at a time per user on this instance; after
    contention, again with exponential backoff and full jitter, within budget_s."""
    deadline, delay = time.monotonic() + budget_s, 0.05
    while True:
        try:
            with _STRIPES[int(doc_id[:2], 16)]:
                return attempt()
        except Unavailable as exc:
            if exc.code != "contention" or time.monotonic() + delay > deadline:
                raise
            time.sleep(random.uniform(0, delay))
            delay = min(delay * 2, 1.0)
