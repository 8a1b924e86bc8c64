"""Firestore implementations of the AI extraction's ports: the shared result cache and the budget
ledger (server-side sums over cost records, never a read of every record, plus per-user holds)."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from shared.adapters.firestore_repos import COSTS, _aggregate
from shared.extraction.ai.ports import Caps, over_cap

EXTRACTIONS = "extractions"
HOLDS = "aiBudgetHolds"  # aiBudgetHolds/{uid}/holds/{hold}: one user's attempts in flight and their estimates


class FirestoreExtractionCache:
    """`extractions/{cacheKey}`: validated provider answers, shared by every user (the key is the
    normalized image's hash plus parameters, so nobody learns anything they did not upload)."""

    def __init__(self, db: firestore.Client) -> None:
        self._db = db

    def get(self, key: str) -> dict | None:
        snap = self._db.collection(EXTRACTIONS).document(key).get()
        return snap.to_dict() if snap.exists else None

    def put(self, key: str, value: dict) -> None:
        self._db.collection(EXTRACTIONS).document(key).set({**value, "storedAt": datetime.now(timezone.utc)})


class FirestoreBudgetLedger:
    """Spend from aggregation queries over cost records; holds as documents
    `aiBudgetHolds/{uid}/holds/{hold}` (server-only).

    `reserve` writes the attempt's hold first, then reads the user's holds and the spend: it counts the
    holds created before its own (Firestore's commit order, ties by id) and takes its hold back if
    spend + those + this one pass a cap. Of two concurrent attempts the later one therefore counts
    the earlier one's hold, as if they had run one after the other, with no transaction to contend
    on. Holds are read before the spend: an attempt whose record lands (and hold is deleted) in between
    is counted twice, never missed. An earlier attempt that is itself refused still counts for the ones
    after it until it is deleted (conservative)."""

    def __init__(self, db: firestore.Client, clock) -> None:
        self._db = db
        self._clock = clock

    def _sum(self, *filters: FieldFilter) -> float:
        q = self._db.collection(COSTS)
        for f in filters:
            q = q.where(filter=f)
        return float(_aggregate(q.sum("usd", alias="usd")).get("usd", 0.0))

    def _today(self) -> str:
        return self._clock.now().astimezone(timezone.utc).strftime("%Y-%m-%d")

    def spent_today(self, uid: str) -> float:
        return self._sum(FieldFilter("uid", "==", uid), FieldFilter("day", "==", self._today()))

    def spent_month(self, uid: str) -> float:
        month = self._today()[:7]
        return self._sum(FieldFilter("uid", "==", uid), FieldFilter("day", ">=", f"{month}-01"),
                         FieldFilter("day", "<=", f"{month}-31"))

    def spent_today_global(self) -> float:
        return self._sum(FieldFilter("day", "==", self._today()))

    def _holds(self, uid: str):
        return self._db.collection(HOLDS).document(uid.replace("/", "_")).collection("holds")

    @staticmethod
    def _key(hold_id: str) -> str:
        return "h" + hashlib.sha256(hold_id.encode()).hexdigest()[:24]  # record ids hold "/" and "."

    def reserve(self, uid: str, hold_id: str, usd: float, caps: Caps, ttl_s: float = 300.0) -> str | None:
        col, now = self._holds(uid), self._clock.now()
        ref = col.document(self._key(hold_id))
        ref.set({"usd": usd, "expiresAt": now + timedelta(seconds=ttl_s)})  # a replayed attempt keeps its place
        own = ref.get()
        held = 0.0
        for snap in col.stream():  # this user's attempts in flight: a handful
            d = snap.to_dict() or {}
            if snap.id == own.id:
                continue
            if not d.get("expiresAt") or d["expiresAt"] <= now:  # its worker died: the call timed out long ago
                snap.reference.delete()
                continue
            if (snap.create_time, snap.id) < (own.create_time, own.id):
                held += float(d.get("usd", 0.0))
        cap = over_cap(self.spent_today(uid) + held, self.spent_month(uid) + held, self.spent_today_global() + held,
                       usd, caps)
        if cap is not None:
            ref.delete()
        return cap

    def release(self, uid: str, hold_id: str) -> None:
        self._holds(uid).document(self._key(hold_id)).delete()  # deleting a missing document is fine
