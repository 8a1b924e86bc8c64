"""Firestore implementations of the AI extraction's ports: the shared result cache and the budget
ledger (server-side sums over cost records, never a read of every record)."""
from __future__ import annotations

from datetime import datetime, timezone

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from shared.adapters.firestore_repos import COSTS, _aggregate

EXTRACTIONS = "extractions"


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
