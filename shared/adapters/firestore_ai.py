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
HOLDS = "aiBudgetHolds"  # one server-only document per user: the attempts in flight and their estimates
HOLD_TXN_ATTEMPTS = 10  # one user's concurrent jobs contend on their holds document


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
    """Spend from aggregation queries over cost records; holds in `aiBudgetHolds/{uid}`.

    `reserve` runs in a transaction on the user's holds document: it reads the holds, *then* the spend,
    checks the caps and writes the new hold. A concurrent reserve of the same user conflicts on that
    document and is retried with the first one's hold in view. Reading the holds before the spend means
    an attempt whose record lands (and hold is released) in between is counted twice, never missed."""

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

    def _holds_ref(self, uid: str):
        return self._db.collection(HOLDS).document(uid.replace("/", "_"))

    @staticmethod
    def _field(hold_id: str) -> str:
        return "h" + hashlib.sha256(hold_id.encode()).hexdigest()[:24]  # record ids hold "." (model names)

    def reserve(self, uid: str, hold_id: str, usd: float, caps: Caps, ttl_s: float = 300.0) -> str | None:
        ref, key, now = self._holds_ref(uid), self._field(hold_id), self._clock.now()

        @firestore.transactional
        def txn(t) -> str | None:
            snap = ref.get(transaction=t)
            holds = {k: v for k, v in ((snap.to_dict() or {}).get("holds") or {}).items()
                     if k != key and v.get("expiresAt") and v["expiresAt"] > now}
            held = sum(float(v.get("usd", 0.0)) for v in holds.values())
            cap = over_cap(self.spent_today(uid) + held, self.spent_month(uid) + held,
                           self.spent_today_global() + held, usd, caps)
            if cap is None:
                holds[key] = {"usd": usd, "expiresAt": now + timedelta(seconds=ttl_s)}
                t.set(ref, {"uid": uid, "holds": holds, "updatedAt": now})  # expired holds pruned here
            return cap

        return txn(self._db.transaction(max_attempts=HOLD_TXN_ATTEMPTS))

    def release(self, uid: str, hold_id: str) -> None:
        try:
            self._holds_ref(uid).update({f"holds.{self._field(hold_id)}": firestore.DELETE_FIELD})
        except Exception as exc:  # no holds document (nothing held): nothing to release
            if type(exc).__name__ != "NotFound":
                raise
