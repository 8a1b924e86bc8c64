"""Firestore for drops (issue 17): `dropKeys/{key}` binds a bucket prefix to a project, and
`quarantine/{id}` records a drop no key binds. Both are server-only (infra/firestore.rules)."""
from __future__ import annotations

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from shared.domain.errors import Conflict
from shared.domain.models import DropKey, QuarantinedDrop

DROP_KEYS, QUARANTINE = "dropKeys", "quarantine"


class FirestoreDropKeys:
    def __init__(self, db: firestore.Client) -> None:
        self._db = db

    def get(self, key: str) -> DropKey | None:
        snap = self._db.collection(DROP_KEYS).document(key).get()
        return DropKey.model_validate({**snap.to_dict(), "key": snap.id}) if snap.exists else None

    def create(self, drop_key: DropKey) -> DropKey:
        try:
            self._db.collection(DROP_KEYS).document(drop_key.key).create(drop_key.doc())
        except gexc.AlreadyExists:
            raise Conflict("drop key exists", code="drop_key_exists") from None
        return drop_key

    def for_project(self, project_id: str) -> list[DropKey]:
        q = self._db.collection(DROP_KEYS).where(filter=FieldFilter("projectId", "==", project_id))
        return [DropKey.model_validate({**s.to_dict(), "key": s.id}) for s in q.stream()]

    def delete(self, key: str) -> None:
        self._db.collection(DROP_KEYS).document(key).delete()


class FirestoreQuarantine:
    def __init__(self, db: firestore.Client) -> None:
        self._db = db

    def record(self, drop: QuarantinedDrop) -> bool:
        try:
            self._db.collection(QUARANTINE).document(drop.id).create(drop.doc())
        except gexc.AlreadyExists:
            return False
        return True

    def count_for_day(self, day: str) -> int:
        q = self._db.collection(QUARANTINE).where(filter=FieldFilter("day", "==", day)).count(alias="n")
        return int(sum(r.value or 0 for result_set in q.get() for r in result_set if r.alias == "n"))
