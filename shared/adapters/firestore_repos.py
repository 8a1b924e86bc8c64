"""Firestore implementations of the repositories (jobs, projects, tokens, events, costs).

Documents are validated through the domain models on the way in and out; writes that must happen
once (job creation, event markers, cost records) use `create()` so a duplicate delivery is a no-op.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
import uuid
from datetime import datetime
from typing import Any

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter
from google.cloud.firestore_v1.field_path import FieldPath

from shared.domain.errors import Conflict, InvalidRequest, NotFound, Unavailable
from shared.domain.models import STAGE_PROGRESS, CostRecord, CostRollup, Job, JobStatus, Project, Token
from shared.domain.ports import MergeWrite
from shared.library.draft import NAME_LOCK_KEY
from shared.security.in_flight import FINISHED

JOBS, PROJECTS, TOKENS, EVENTS, COSTS, ROLLUPS = "jobs", "projects", "tokens", "events", "costRecords", "costRollups"


class FirestoreProjects:
    def __init__(self, db: firestore.Client) -> None:
        self._db = db

    def get(self, project_id: str) -> Project | None:
        snap = self._db.collection(PROJECTS).document(project_id).get()
        return Project.model_validate({**snap.to_dict(), "id": snap.id}) if snap.exists else None

    def create(self, project: Project) -> Project:
        try:
            self._db.collection(PROJECTS).document(project.id).create(project.doc())
        except gexc.AlreadyExists:
            raise Conflict("a project with that id exists", code="project_exists") from None
        return project

    def update(self, project_id: str, fields: dict[str, Any]) -> Project:
        ref = self._db.collection(PROJECTS).document(project_id)
        try:
            ref.update({k: firestore.DELETE_FIELD if v is None else v for k, v in fields.items()})
        except gexc.NotFound:
            raise NotFound("no such project", code="project_not_found") from None
        return self.get(project_id)

    def delete_cascade(self, project_id: str) -> None:
        ref = self._db.collection(PROJECTS).document(project_id)
        jobs = self._db.collection(JOBS).where(filter=FieldFilter("projectId", "==", project_id))
        batch = self._db.batch()
        n = 0
        for snap in jobs.stream():
            batch.delete(snap.reference)
            n += 1
            if n % 400 == 0:
                batch.commit()
                batch = self._db.batch()
        batch.commit()
        self._db.recursive_delete(ref)


class FirestoreJobs:
    def __init__(self, db: firestore.Client) -> None:
        self._db = db

    def get(self, job_id: str) -> Job | None:
        snap = self._db.collection(JOBS).document(job_id).get()
        return Job.model_validate({**snap.to_dict(), "id": snap.id}) if snap.exists else None

    def create(self, job: Job) -> bool:
        try:
            self._db.collection(JOBS).document(job.id).create(job.doc())
            return True
        except gexc.AlreadyExists:
            return False

    def update(self, job_id: str, fields: dict[str, Any], *, expect_status: Sequence[str] | None = None,
               expect_lease: str | None = None) -> bool:
        ref = self._db.collection(JOBS).document(job_id)
        if expect_status is None and expect_lease is None:
            try:
                ref.update(fields)
                return True
            except gexc.NotFound:
                return False

        @firestore.transactional
        def _guarded(tx: firestore.Transaction) -> bool:
            snap = ref.get(transaction=tx)
            if not snap.exists:
                return False
            data = snap.to_dict()
            if expect_status is not None and data.get("status") not in expect_status:
                return False
            if expect_lease is not None and data.get("leaseId") != expect_lease:
                return False
            tx.update(ref, fields)
            if fields.get("status") in FINISHED and data.get("status") not in FINISHED:
                release_in(tx, self._db, data.get("ownerUid"), job_id)  # its in-flight slot
            return True

        return _run_transaction(self._db, _guarded)


    def stale(self, statuses: Sequence[str], updated_before: datetime, limit: int) -> list[Job]:
        q = (self._db.collection(JOBS).where(filter=FieldFilter("status", "in", list(statuses)))
             .where(filter=FieldFilter("updatedAt", "<", updated_before))
             .order_by("updatedAt").limit(limit))
        return [Job.model_validate({**s.to_dict(), "id": s.id}) for s in q.stream()]

    def claim(self, job_id: str, *, ready: Sequence[str], working: str, lease_until: datetime,
              now: datetime) -> Job | None:
        ref = self._db.collection(JOBS).document(job_id)

        @firestore.transactional
        def _claim(tx: firestore.Transaction) -> Job | None:
            snap = ref.get(transaction=tx)
            if not snap.exists:
                return None
            data = snap.to_dict()
            status, lease = data.get("status"), data.get("leaseUntil")
            if status not in ready and not (status == working and (lease is None or lease < now)):
                return None
            fields = {"status": working, "progress": STAGE_PROGRESS[JobStatus(working)], "leaseUntil": lease_until,
                      "leaseId": uuid.uuid4().hex, "attempts": data.get("attempts", 0) + 1, "updatedAt": now}
            tx.update(ref, fields)
            return Job.model_validate({**data, **fields, "id": snap.id})

        return _run_transaction(self._db, _claim)


class FirestoreTokens:
    def __init__(self, db: firestore.Client) -> None:
        self._db = db

    def _col(self, project_id: str):
        return self._db.collection(PROJECTS).document(project_id).collection(TOKENS)

    def list(self, project_id: str) -> list[Token]:
        return [Token.model_validate({**s.to_dict(), "id": s.id}) for s in self._col(project_id).stream()]

    def merge(self, project_id: str, job_id: str, planner: Callable[[list[Token]], MergeWrite]) -> bool:
        job_ref = self._db.collection(JOBS).document(job_id)
        project_ref = self._db.collection(PROJECTS).document(project_id)
        col = self._col(project_id)

        @firestore.transactional
        def _merge(tx: firestore.Transaction) -> bool:
            job = job_ref.get(transaction=tx)
            # Only a job still at its enrich step: one failed meanwhile (the sweeper's `stalled`, the
            # queue's last attempt) stays failed instead of turning done with its error still on it.
            if not job.exists or job.get("status") != "enriching":
                return False
            # A collection is not a Query for Transaction.get: order by id to make it one.
            library = col.order_by(FieldPath.document_id())
            existing = [Token.model_validate({**s.to_dict(), "id": s.id}) for s in tx.get(library)]
            write = planner(existing)
            for token in write.upserts:
                tx.set(col.document(token.id), token.doc())
            tx.update(job_ref, write.job_fields)
            tx.set(project_ref, write.project_fields, merge=True)
            if write.job_fields.get("status") in FINISHED:
                release_in(tx, self._db, job.get("ownerUid"), job_id)  # its in-flight slot
            return True

        return _run_transaction(self._db, _merge)


class FirestoreLibrary:
    """The owner's edits of a library (LibraryRepo). Reads are one query (or one batched get) and
    writes one commit, inside a transaction so a concurrent enrich merge or rename cannot be lost;
    bulk deletes commit at most MAX_BATCH writes at a time."""

    MAX_BATCH = 500

    def __init__(self, db: firestore.Client) -> None:
        self._db = db

    def _col(self, project_id: str):
        return self._db.collection(PROJECTS).document(project_id).collection(TOKENS)

    def _library(self, tx, project_id: str) -> list[Token]:
        q = self._col(project_id).order_by(FieldPath.document_id())
        return [Token.model_validate({**s.to_dict(), "id": s.id}) for s in tx.get(q)]

    def rename(self, project_id: str, token_id: str, name: str, now: datetime) -> Token:
        col = self._col(project_id)
        project_ref = self._db.collection(PROJECTS).document(project_id)

        @firestore.transactional
        def _rename(tx: firestore.Transaction) -> Token:
            tokens = self._library(tx, project_id)
            target = next((t for t in tokens if t.id == token_id), None)
            if target is None:
                raise NotFound("no such token in this library", code="token_not_found")
            folded = name.casefold()
            if any(t.id != token_id and t.name.casefold() == folded for t in tokens):
                raise Conflict("another token of this library has that name", code="name_taken")
            if target.name == name:
                return target
            # A name the user gave stays: names the library derives (spacing sizes …) skip it.
            tx.update(col.document(token_id), {"name": name, "updatedAt": now, f"enrichment.{NAME_LOCK_KEY}": True})
            tx.update(project_ref, {"updatedAt": now})
            enrichment = {**target.enrichment, NAME_LOCK_KEY: True}
            return target.model_copy(update={"name": name, "updated_at": now, "enrichment": enrichment})

        return _run_transaction(self._db, _rename)

    def _subset(self, tx, project_id: str, token_ids: Sequence[str], roles: Sequence[str]) -> list[Token]:
        """The named tokens (one batched get) and the current holders of `roles` (one query):
        what a role edit can touch, read without reading the rest of the library."""
        col = self._col(project_id)
        found: dict[str, Token] = {}
        if token_ids:
            for snap in tx.get_all([col.document(i) for i in token_ids]):
                if snap.exists:
                    found[snap.id] = Token.model_validate({**snap.to_dict(), "id": snap.id})
        roles = sorted(set(roles))
        for i in range(0, len(roles), 30):  # an 'in' filter takes up to 30 values
            q = col.where(filter=FieldFilter("role", "in", roles[i:i + 30]))
            for snap in tx.get(q):
                found.setdefault(snap.id, Token.model_validate({**snap.to_dict(), "id": snap.id}))
        return [found[i] for i in sorted(found)]

    def apply(self, project_id: str, edit: Callable[[list[Token]], list[Token]], now: datetime, *,
              token_ids: Sequence[str] | None = None, roles: Sequence[str] = ()) -> list[Token]:
        col = self._col(project_id)
        project_ref = self._db.collection(PROJECTS).document(project_id)

        @firestore.transactional
        def _apply(tx: firestore.Transaction) -> list[Token]:
            tokens = (self._library(tx, project_id) if token_ids is None
                      else self._subset(tx, project_id, token_ids, roles))
            changed = edit(tokens)
            if len(changed) + 1 > self.MAX_BATCH:
                raise InvalidRequest("too many tokens change at once", code="too_many_items")
            out = []
            for t in changed:
                t = t.model_copy(update={"updated_at": now})
                tx.set(col.document(t.id), t.doc())
                out.append(t)
            if out:
                tx.update(project_ref, {"updatedAt": now})
            return out

        return _run_transaction(self._db, _apply)

    def delete_tokens(self, project_id: str, token_ids: Sequence[str], now: datetime) -> list[str]:
        if len(token_ids) + 1 > self.MAX_BATCH:
            raise InvalidRequest("too many tokens at once", code="too_many_items")
        col = self._col(project_id)
        project_ref = self._db.collection(PROJECTS).document(project_id)
        refs = [col.document(i) for i in token_ids]

        @firestore.transactional
        def _delete(tx: firestore.Transaction) -> list[str]:
            # One BatchGetDocuments for the project and the tokens, one commit.
            snaps = {s.reference.path: s for s in tx.get_all([project_ref, *refs])}
            project = snaps.get(project_ref.path)
            existing = [r.id for r in refs if snaps.get(r.path) is not None and snaps[r.path].exists]
            for r in refs:
                if r.id in existing:
                    tx.delete(r)
            if existing and project is not None and project.exists:
                count = max(int((project.to_dict() or {}).get("tokenCount", 0)) - len(existing), 0)
                tx.update(project_ref, {"tokenCount": count, "updatedAt": now})
            return existing

        return _run_transaction(self._db, _delete)

    def delete_project(self, project_id: str) -> dict[str, int]:
        """Jobs first (an enrich task still in flight then finds no job and writes nothing), then the
        tokens, then the project document (a retry after a crash finds the project and finishes).
        Key-only queries (no fields transferred), commits of at most MAX_BATCH deletes."""
        project_ref = self._db.collection(PROJECTS).document(project_id)
        jobs = self._db.collection(JOBS).where(filter=FieldFilter("projectId", "==", project_id))
        counts = {"jobs": self._delete_all(jobs), "tokens": self._delete_all(self._col(project_id))}
        project_ref.delete()
        return counts

    def _delete_all(self, query) -> int:
        n = 0
        while True:
            # Page by page: never more than one batch of ids in memory, never a commit > MAX_BATCH.
            snaps = list(query.select([]).limit(self.MAX_BATCH).stream())
            if not snaps:
                return n
            batch = self._db.batch()
            for s in snaps:
                batch.delete(s.reference)
            batch.commit()
            n += len(snaps)
            if len(snaps) < self.MAX_BATCH:
                return n


class FirestoreEvents:
    def __init__(self, db: firestore.Client) -> None:
        self._db = db

    def seen(self, event_id: str) -> bool:
        return self._db.collection(EVENTS).document(_safe_id(event_id)).get().exists

    def mark(self, event_id: str, fields: dict[str, Any]) -> None:
        try:
            self._db.collection(EVENTS).document(_safe_id(event_id)).create(fields)
        except gexc.AlreadyExists:
            pass


COST_DAYS, DIMS = "costDays", "dims"
# `costExtractions/{jobId}`: created with the job's first extraction-flagged record (same commit), so
# a later claim's record of that job cannot count a second extraction.
COUNTED_EXTRACTIONS = "costExtractions"
# Roll-up dimension -> the cost record field that holds its value.
DIMENSION_FIELDS = {"user": "uid", "model": "model", "provider": "provider", "project": "projectId"}


def dimension_marker_id(dimension: str, value: str) -> str:
    return _safe_id(f"{dimension}_{value}")


def dimension_markers(rec: CostRecord) -> list[tuple[str, str]]:
    """(dimension, value) of a record, for the `costDays/{day}/dims/{dimension}_{value}` markers."""
    doc = rec.doc()
    return [(d, str(doc[f])) for d, f in DIMENSION_FIELDS.items() if doc.get(f) not in (None, "")]


class FirestoreCosts:
    # Markers this instance has already committed (day, dimension, value): later records of the same
    # user/model/… that day write only themselves. Bounded; forgetting one costs one idempotent write.
    _MARKER_MEMORY = 4096

    def __init__(self, db: firestore.Client) -> None:
        self._db = db
        self._markers_written: set[tuple[str, str, str]] = set()

    def record(self, rec: CostRecord) -> bool:
        """The record is created once (AlreadyExists → False), in the same commit as the day's
        dimension markers the roll-up lists its users/models/providers/projects from; a marker is
        written once per instance per day and value, with the same content every time. An
        extraction-flagged record also creates its job's `costExtractions` marker in that commit."""
        try:
            self._create(rec)
        except gexc.AlreadyExists:
            if not rec.extraction:
                return False
            # Either this record exists (a replay) or the job's extraction is already counted (an
            # earlier claim): store it uncounted; AlreadyExists again means it was a replay.
            try:
                self._create(rec.model_copy(update={"extraction": False}))
            except gexc.AlreadyExists:
                return False
        return True

    def _create(self, rec: CostRecord) -> None:
        ref = self._db.collection(COSTS).document(_safe_id(rec.id))
        fresh = [(d, v) for d, v in dimension_markers(rec) if (rec.day, d, v) not in self._markers_written]
        if not fresh and not rec.extraction:
            ref.create(rec.doc())
            return
        batch = self._db.batch()
        batch.create(ref, rec.doc())
        if rec.extraction:
            batch.create(self._db.collection(COUNTED_EXTRACTIONS).document(_safe_id(rec.job_id)),
                         {"recordId": rec.id, "day": rec.day})
        day_ref = self._db.collection(COST_DAYS).document(rec.day)
        for d, v in fresh:
            batch.set(day_ref.collection(DIMS).document(dimension_marker_id(d, v)),
                      {"day": rec.day, "dimension": d, "value": v})
        batch.commit()
        if len(self._markers_written) > self._MARKER_MEMORY:
            self._markers_written.clear()
        self._markers_written.update((rec.day, d, v) for d, v in fresh)

    def totals_for_day(self, day: str) -> dict[str, float]:
        """Server-side aggregation: a handful of count/sum queries, whatever the number of records."""
        base = self._db.collection(COSTS).where(filter=FieldFilter("day", "==", day))
        sums = base.count(alias="calls")
        for field in ("usd", "savedUsd", "inputTokens", "outputTokens"):
            sums = sums.sum(field, alias=field)
        totals = _aggregate(sums)
        for name, field, value in (("cacheHits", "cached", True), ("failures", "success", False),
                                   ("extractions", "extraction", True), ("pixelRuns", "provider", "pixels")):
            totals[name] = _aggregate(base.where(filter=FieldFilter(field, "==", value)).count(alias=name))[name]
        return totals

    def save_rollup(self, rollup: CostRollup) -> None:
        self._db.collection(ROLLUPS).document(rollup.id).set(rollup.doc())

    def get_rollup(self, day: str) -> CostRollup | None:
        snap = self._db.collection(ROLLUPS).document(day).get()
        return CostRollup.model_validate({**snap.to_dict(), "id": snap.id}) if snap.exists else None


def _run_transaction(db: firestore.Client, fn):
    """Run a @transactional function; contention that outlasts the client's retries becomes a
    retryable error (the task or event is redelivered) instead of an unexplained 500."""
    try:
        return fn(db.transaction())
    except (gexc.Aborted, gexc.Conflict) as exc:
        raise Unavailable("the document is busy; try again", code="contention") from exc
    except ValueError as exc:
        if "Failed to commit transaction" in str(exc):
            raise Unavailable("the document is busy; try again", code="contention") from exc
        raise


def _aggregate(query) -> dict[str, float]:
    out: dict[str, float] = {}
    for result_set in query.get():
        for result in result_set:
            out[result.alias] = result.value or 0
    return out


def _safe_id(raw: str) -> str:
    """Firestore ids may not contain '/': event ids and composite ids are made safe."""
    return raw.replace("/", "_")[:1500]


def release_in(tx, db, uid, job_id) -> None:  # imported late: firestore_in_flight imports this module
    from shared.adapters.firestore_in_flight import release_in as release

    release(tx, db, uid, job_id)

