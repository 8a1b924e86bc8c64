"""In-memory fakes of our own ports, for fast tests of the services and entry points.

They keep the adapters' contracts (idempotent create, guarded updates, lease claims, atomic merge)
so a service test fails here for the same reasons it would on Firestore. The adapters themselves are
tested against the real emulators in tests/integration.
"""
from __future__ import annotations

import copy
import functools
import uuid
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from shared.config import Settings
from shared.domain.errors import Conflict, NotFound, Unauthenticated
from shared.domain.models import (STAGE_PROGRESS, CostRecord, CostRollup, DropKey, Job, JobStatus, Project,
                                   QuarantinedDrop, Token)
from shared.domain.ports import ObjectInfo
from shared.extraction.ai.ports import InMemoryCostSink
from shared.library.draft import NAME_LOCK_KEY


def _merge_fields(doc: dict, fields: dict) -> dict:
    out = copy.deepcopy(doc)
    out.update(copy.deepcopy(fields))
    return out


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.t = start or datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)

    def now(self) -> datetime:
        return self.t

    def advance(self, **kw) -> None:
        self.t += timedelta(**kw)


class MemoryProjects:
    def __init__(self) -> None:
        self.docs: dict[str, dict] = {}

    def get(self, project_id: str) -> Project | None:
        d = self.docs.get(project_id)
        return Project.model_validate({**d, "id": project_id}) if d else None

    def create(self, project: Project) -> Project:
        if project.id in self.docs:
            raise Conflict("exists", code="project_exists")
        self.docs[project.id] = project.doc()
        return project

    def update(self, project_id: str, fields: dict) -> Project:
        if project_id not in self.docs:
            raise NotFound("no such project", code="project_not_found")
        doc = self.docs[project_id]
        for k, v in fields.items():
            doc.pop(k, None) if v is None else doc.__setitem__(k, v)
        return self.get(project_id)

    def delete_cascade(self, project_id: str) -> None:
        self.docs.pop(project_id, None)


class MemoryJobs:
    def __init__(self) -> None:
        self.docs: dict[str, dict] = {}
        self._lock = threading.Lock()

    def get(self, job_id: str) -> Job | None:
        d = self.docs.get(job_id)
        return Job.model_validate({**d, "id": job_id}) if d else None

    def create(self, job: Job) -> bool:
        with self._lock:
            if job.id in self.docs:
                return False
            self.docs[job.id] = job.doc()
            return True

    def update(self, job_id: str, fields: dict[str, Any], *, expect_status=None, expect_lease=None) -> bool:
        with self._lock:
            doc = self.docs.get(job_id)
            if doc is None or (expect_status is not None and doc.get("status") not in expect_status):
                return False
            if expect_lease is not None and doc.get("leaseId") != expect_lease:
                return False
            self.docs[job_id] = _merge_fields(doc, fields)
            return True

    def stale(self, statuses, updated_before, limit) -> list[Job]:
        jobs = [self.get(i) for i, d in self.docs.items()
                if d.get("status") in statuses and d.get("updatedAt") and d["updatedAt"] < updated_before]
        return sorted(jobs, key=lambda j: j.updated_at)[:limit]

    def claim(self, job_id: str, *, ready, working, lease_until, now) -> Job | None:
        with self._lock:
            doc = self.docs.get(job_id)
            if doc is None:
                return None
            status, lease = doc.get("status"), doc.get("leaseUntil")
            if status not in ready and not (status == working and (lease is None or lease < now)):
                return None
            fields = {"status": working, "progress": STAGE_PROGRESS[JobStatus(working)], "leaseUntil": lease_until,
                      "leaseId": uuid.uuid4().hex, "attempts": doc.get("attempts", 0) + 1, "updatedAt": now}
            self.docs[job_id] = _merge_fields(doc, fields)
            return Job.model_validate({**self.docs[job_id], "id": job_id})


class MemoryJobSlots:
    """JobSlots over MemoryJobs: the owner's jobs in flight counted from the jobs' own status under the
    jobs' lock (the Firestore adapter's slot map is a cache of exactly that)."""

    def __init__(self, jobs: MemoryJobs) -> None:
        self._jobs = jobs
        self.clocks: dict[str, datetime] = {}

    def in_flight(self, uid: str) -> int:
        from shared.security.in_flight import FINISHED

        return sum(1 for d in self._jobs.docs.values() if d.get("ownerUid") == uid and d.get("status") not in FINISHED)

    def admit(self, job: Job, cap, dispatch=None):
        from shared.security.fair_dispatch import next_start
        from shared.security.in_flight import Admission

        with self._jobs._lock:
            n = self.in_flight(job.owner_uid)
            if job.id in self._jobs.docs:
                return Admission(created=False, refused=False, in_flight=n,
                                 dispatch_at=self._jobs.docs[job.id].get("dispatchAt"))
            if cap is not None and n >= cap:
                return Admission(created=False, refused=True, in_flight=n)
            doc, start = job.doc(), None
            if dispatch is not None:
                start, self.clocks[job.owner_uid] = next_start(self.clocks.get(job.owner_uid), *dispatch)
                doc["dispatchAt"] = start
            self._jobs.docs[job.id] = doc
            return Admission(created=True, refused=False, in_flight=n + 1, dispatch_at=start)

    def dispatch_at(self, uid, job_id, now, interval_s):
        from shared.security.fair_dispatch import next_start

        with self._jobs._lock:
            doc = self._jobs.docs.get(job_id)
            if doc is not None and doc.get("dispatchAt") is not None:
                return doc["dispatchAt"]
            start, self.clocks[uid] = next_start(self.clocks.get(uid), now, interval_s)
            if doc is not None:  # reserved on the job, like the Firestore adapter
                doc["dispatchAt"] = start
            return start


def fail_next_update(jobs: MemoryJobs, status: JobStatus, error: Exception | None = None) -> None:
    """The next update of a job into `status` raises (a Firestore outage at that write), then
    updates work again."""
    real = jobs.update

    def update(job_id, fields, **kw):
        if fields.get("status") == status.value and jobs.update is update:
            jobs.update = real
            raise error or RuntimeError("firestore unavailable")
        return real(job_id, fields, **kw)

    jobs.update = update


class MemoryTokens:
    def __init__(self, jobs: MemoryJobs, projects: MemoryProjects) -> None:
        self.docs: dict[str, dict[str, dict]] = {}
        self._jobs, self._projects = jobs, projects
        self._lock = threading.Lock()
        self.merges = 0

    def list(self, project_id: str) -> list[Token]:
        return [Token.model_validate({**d, "id": i}) for i, d in sorted(self.docs.get(project_id, {}).items())]

    def merge(self, project_id: str, job_id: str, planner) -> bool:
        with self._lock:
            job = self._jobs.docs.get(job_id)
            if job is None or job.get("status") != "enriching":
                return False
            write = planner(self.list(project_id))
            lib = self.docs.setdefault(project_id, {})
            for token in write.upserts:
                lib[token.id] = token.doc()
            self._jobs.docs[job_id] = _merge_fields(job, write.job_fields)
            proj = self._projects.docs.setdefault(project_id, {})
            proj.update(write.project_fields)
            self.merges += 1
            return True


class MemoryEvents:
    def __init__(self) -> None:
        self.docs: dict[str, dict] = {}

    def seen(self, event_id: str) -> bool:
        return event_id in self.docs

    def mark(self, event_id: str, fields: dict) -> None:
        self.docs.setdefault(event_id, fields)


class MemoryDropKeys:
    def __init__(self) -> None:
        self.docs: dict[str, dict] = {}

    def get(self, key: str) -> DropKey | None:
        d = self.docs.get(key)
        return DropKey.model_validate(d) if d else None

    def create(self, drop_key: DropKey) -> DropKey:
        if drop_key.key in self.docs:
            raise Conflict("exists", code="drop_key_exists")
        self.docs[drop_key.key] = drop_key.doc()
        return drop_key

    def for_project(self, project_id: str) -> list[DropKey]:
        return [DropKey.model_validate(d) for d in self.docs.values() if d["projectId"] == project_id]

    def delete(self, key: str) -> None:
        self.docs.pop(key, None)


class MemoryQuarantine:
    def __init__(self) -> None:
        self.docs: dict[str, dict] = {}

    def record(self, drop: QuarantinedDrop) -> bool:
        if drop.id in self.docs:
            return False
        self.docs[drop.id] = drop.doc()
        return True

    def count_for_day(self, day: str) -> int:
        return sum(1 for d in self.docs.values() if d["day"] == day)


class MemoryCosts(InMemoryCostSink):
    """CostRepo: InMemoryCostSink's record() (idempotent, one extraction per job) plus roll-ups."""

    def __init__(self) -> None:
        super().__init__()
        self.docs: dict[str, CostRecord] = self.records
        self.rollups: dict[str, CostRollup] = {}

    def totals_for_day(self, day: str) -> dict[str, float]:
        recs = [r for r in self.docs.values() if r.day == day]
        return {"calls": len(recs), "usd": sum(r.usd for r in recs), "savedUsd": sum(r.saved_usd for r in recs),
                "inputTokens": sum(r.input_tokens for r in recs), "outputTokens": sum(r.output_tokens for r in recs),
                "cacheHits": sum(r.cached for r in recs), "failures": sum(not r.success for r in recs),
                "extractions": sum(r.extraction for r in recs),
                "pixelRuns": sum(r.provider == "pixels" for r in recs)}

    def save_rollup(self, rollup: CostRollup) -> None:
        self.rollups[rollup.id] = rollup

    def get_rollup(self, day: str) -> CostRollup | None:
        return self.rollups.get(day)


class MemoryObjects:
    def __init__(self) -> None:
        self.blobs: dict[tuple[str, str], tuple[bytes, int, str]] = {}
        self._gen = 1000

    def put(self, bucket: str, name: str, data: bytes, content_type: str) -> ObjectInfo:
        self._gen += 1
        self.blobs[(bucket, name)] = (data, self._gen, content_type)
        return ObjectInfo(bucket, name, self._gen, len(data), content_type)

    def read(self, bucket, name, generation=None, max_bytes=None) -> bytes:
        blob = self.blobs.get((bucket, name))
        if blob is None or (generation is not None and blob[1] != generation):
            raise NotFound("no object", code="object_not_found")
        return blob[0]

    def write_new(self, bucket, name, data, content_type) -> ObjectInfo:
        if (bucket, name) in self.blobs:
            raise Conflict("exists", code="object_exists")
        return self.put(bucket, name, data, content_type)

    def info(self, bucket, name):
        blob = self.blobs.get((bucket, name))
        return ObjectInfo(bucket, name, blob[1], len(blob[0]), blob[2]) if blob else None

    def delete_prefix(self, bucket, prefix) -> int:
        gone = [k for k in self.blobs if k[0] == bucket and k[1].startswith(prefix)]
        for k in gone:
            del self.blobs[k]
        return len(gone)

    def signed_put_url(self, bucket, name, content_type, max_bytes, expires_s):
        return (f"https://storage.example/{bucket}/{name}?X-Goog-Signature=fake",
                {"Content-Type": content_type, "x-goog-content-length-range": f"0,{max_bytes}"})


@dataclass
class Task:
    queue: str
    url: str
    payload: dict
    task_id: str
    schedule_at: datetime | None = None


class MemoryQueue:
    def __init__(self) -> None:
        self.tasks: list[Task] = []

    def enqueue(self, queue, url, payload, task_id, schedule_at=None) -> None:
        self.tasks.append(Task(queue, url, payload, task_id, schedule_at))

    def pending(self, queue: str, task_id: str) -> bool:
        return any(t.queue == queue and t.task_id == task_id for t in self.tasks)

    def take(self, queue: str) -> list[Task]:
        out = [t for t in self.tasks if t.queue == queue]
        self.tasks = [t for t in self.tasks if t.queue != queue]
        return out


class MemorySecrets:
    def __init__(self, values: dict[str, str] | None = None) -> None:
        self.values = dict(values or {})

    def get(self, name: str) -> str | None:
        return self.values.get(name)


class FakeIdentity:
    """Accepts tokens of the form 'token-<uid>'; `revoked` uids fail the revocation check, and every
    revocation lookup (a Firebase Auth call in production) is recorded in `lookups`."""

    def __init__(self) -> None:
        self.revoked: set[str] = set()
        self.lookups: list[str] = []
        self.verified: set[str] = set()  # uids whose tokens carry email_verified: true
        self.app_check_tokens: set[str] = set()  # App Check tokens that verify
        self.created: dict[str, datetime] = {}  # account creation times (unknown: None)

    def verify(self, bearer_token: str) -> str:
        caller = self.verify_signature(bearer_token)
        self.check_revoked(caller)
        return caller.uid

    def verify_signature(self, bearer_token: str):
        from shared.adapters.firebase_auth import Caller

        if not bearer_token.startswith("token-"):
            raise Unauthenticated("the ID token is not valid", code="invalid_token")
        uid = bearer_token.removeprefix("token-")
        return Caller(uid, 0.0, uid in self.verified)

    def created_at(self, caller):
        return self.created.get(caller.uid)

    def verify_app_check(self, token: str) -> bool:
        return token in self.app_check_tokens

    def check_revoked(self, caller) -> None:
        self.lookups.append(caller.uid)
        if caller.uid in self.revoked:
            raise Unauthenticated("the ID token has been revoked", code="token_revoked")


class MemoryRateLimiter:
    """The Firestore rate limiter's contract in memory: one atomic increment per window and request."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def hit(self, uid, endpoint, windows, now):
        from shared.security.rate_limit import counter_id, decide

        with self._lock:
            counts = []
            for w in windows:
                key = counter_id(uid, endpoint, w, now)
                self.counts[key] = self.counts.get(key, 0) + 1
                counts.append(self.counts[key])
        return decide(counts, windows, now)


class FakeImageFetcher:
    """The real URL rules (check_url), then canned bodies instead of the network."""

    def __init__(self, bodies: dict[str, bytes] | None = None) -> None:
        self.bodies = dict(bodies or {})

    def fetch(self, url: str) -> bytes:
        from shared.security.ssrf import UrlRefused, check_url

        check_url(url)
        if url not in self.bodies:
            raise UrlRefused("the image host could not be resolved", code="image_url_dns")
        return self.bodies[url]


class AllowTasks:
    def verify(self, authorization, *, audience, allowed_emails) -> str:
        return "test"


def test_settings(**overrides) -> Settings:
    base = dict(env="local", project_id="demo-test", uploads_bucket="uploads", region="r", extract_queue="extract",
                enrich_queue="enrich", extract_url="http://x/extract", enrich_url="http://x/enrich",
                tasks_service_account="", task_audience_extract="", task_audience_enrich="",
                task_audience_rollup="", task_audience_sweeper="", scheduler_service_account="", signer_service_account="",
                secret_manager_endpoint=None, tasks_endpoint=None, max_upload_bytes=5 * 1024 * 1024,
                max_inline_bytes=1024 * 1024, max_pixels=40_000_000, signed_url_ttl_s=900, event_max_age_s=3600,
                default_max_colors=12, check_revoked=True, allowed_origins=("https://app.example",))
    base.update(overrides)
    return Settings(**base)


@dataclass
class FakeContainer:
    settings: Settings = field(default_factory=test_settings)
    clock: FakeClock = field(default_factory=FakeClock)
    projects: MemoryProjects = field(default_factory=MemoryProjects)
    jobs: MemoryJobs = field(default_factory=MemoryJobs)
    events: MemoryEvents = field(default_factory=MemoryEvents)
    costs: MemoryCosts = field(default_factory=MemoryCosts)
    objects: MemoryObjects = field(default_factory=MemoryObjects)
    queue: MemoryQueue = field(default_factory=MemoryQueue)
    secrets: MemorySecrets = field(default_factory=MemorySecrets)
    identity: FakeIdentity = field(default_factory=FakeIdentity)
    task_auth: AllowTasks = field(default_factory=AllowTasks)
    rate_limiter: MemoryRateLimiter = field(default_factory=MemoryRateLimiter)
    image_fetcher: FakeImageFetcher = field(default_factory=FakeImageFetcher)
    drop_keys: MemoryDropKeys = field(default_factory=MemoryDropKeys)
    quarantine: MemoryQuarantine = field(default_factory=MemoryQuarantine)
    tokens: MemoryTokens = None  # type: ignore[assignment]
    slots: MemoryJobSlots = None  # type: ignore[assignment]
    ai: Any = None  # the AI step; None = pixels only

    def __post_init__(self) -> None:
        if self.tokens is None:
            self.tokens = MemoryTokens(self.jobs, self.projects)
        if self.slots is None:
            self.slots = MemoryJobSlots(self.jobs)

    def own_project(self, project_id: str, uid: str = "alice", name: str = "Test project") -> str:
        """A project under a known id, as made before ids were the server's (issue 17): tests that
        name their project seed it here and upload with `projectId` alone."""
        if self.projects.get(project_id) is None:
            now = self.clock.now()
            self.projects.create(Project(id=project_id, owner_uid=uid, name=name, created_at=now, updated_at=now))
        return project_id


class MemoryLibrary:
    """LibraryRepo over the memory stores (same contracts: NotFound/Conflict, counts, cascade)."""

    def __init__(self, projects: MemoryProjects, jobs: MemoryJobs, tokens: MemoryTokens) -> None:
        self._projects, self._jobs, self._tokens = projects, jobs, tokens
        self.commits = 0  # one per write call, as on Firestore

    def _touch(self, project_id: str, now, **fields) -> None:
        if project_id in self._projects.docs:
            self._projects.docs[project_id].update({"updatedAt": now, **fields})

    def rename(self, project_id, token_id, name, now) -> Token:
        with self._tokens._lock:
            lib = self._tokens.docs.get(project_id, {})
            if token_id not in lib:
                raise NotFound("no such token in this library", code="token_not_found")
            if any(i != token_id and d["name"].casefold() == name.casefold() for i, d in lib.items()):
                raise Conflict("another token of this library has that name", code="name_taken")
            if lib[token_id]["name"] != name:
                enrichment = {**lib[token_id].get("enrichment", {}), NAME_LOCK_KEY: True}
                lib[token_id] = {**lib[token_id], "name": name, "updatedAt": now, "enrichment": enrichment}
                self._touch(project_id, now)
                self.commits += 1
            return Token.model_validate({**lib[token_id], "id": token_id})

    def apply(self, project_id, edit, now, *, token_ids=None, roles=()) -> list[Token]:
        with self._tokens._lock:
            tokens = self._tokens.list(project_id)
            if token_ids is not None:
                tokens = [t for t in tokens if t.id in set(token_ids) or (t.role and t.role in set(roles))]
            changed = edit(tokens)
            out = [t.model_copy(update={"updated_at": now}) for t in changed]
            lib = self._tokens.docs.setdefault(project_id, {})
            for t in out:
                lib[t.id] = t.doc()
            if out:
                self._touch(project_id, now)
                self.commits += 1
            return out

    def delete_tokens(self, project_id, token_ids, now) -> list[str]:
        with self._tokens._lock:
            lib = self._tokens.docs.get(project_id, {})
            existing = [i for i in token_ids if i in lib]
            for i in existing:
                del lib[i]
            if existing and project_id in self._projects.docs:
                count = max(self._projects.docs[project_id].get("tokenCount", 0) - len(existing), 0)
                self._touch(project_id, now, tokenCount=count)
                self.commits += 1
            return existing

    def delete_project(self, project_id) -> dict[str, int]:
        jobs = [i for i, d in self._jobs.docs.items() if d.get("projectId") == project_id]
        for i in jobs:
            del self._jobs.docs[i]
        tokens = len(self._tokens.docs.pop(project_id, {}))
        self._projects.docs.pop(project_id, None)
        return {"jobs": len(jobs), "tokens": tokens}


def _library(self) -> MemoryLibrary:
    return MemoryLibrary(self.projects, self.jobs, self.tokens)


# Built on first use from the container's own stores (so a test sees one state).
FakeContainer.library = functools.cached_property(_library)
FakeContainer.library.__set_name__(FakeContainer, "library")


class MemoryRollups:
    """CostRollupRepo over MemoryCosts/MemoryJobs. Dimension values come from the records (the
    Firestore markers are written with them); `lost_markers` hides values to exercise the fallback.
    `fail_after_writes` makes the n-th rollup write raise (a run dying half-way)."""

    FIELDS = {"user": "uid", "model": "model", "provider": "provider", "project": "project_id"}

    def __init__(self, costs: MemoryCosts, jobs: MemoryJobs) -> None:
        self._costs, self._jobs = costs, jobs
        self.docs: dict[str, dict] = {}  # costRollups/{day}_{dim}_{value}
        self.alerts: dict[str, dict] = {}
        self.lost_markers: set[tuple[str, str]] = set()
        self.discoveries = 0
        self.fail_after_writes: int | None = None
        self._writes = 0

    def _recs(self, day=None, first=None, last=None, **eq):
        out = []
        for r in self._costs.docs.values():
            if day is not None and r.day != day:
                continue
            if first is not None and not (first <= r.day <= last):
                continue
            if all(getattr(r, k) == v for k, v in eq.items()):
                out.append(r)
        return out

    def _values(self, day):
        from shared.domain.ports import DimensionValue

        return sorted({DimensionValue(d, str(getattr(r, f))) for r in self._recs(day) for d, f in self.FIELDS.items()},
                      key=lambda v: (v.dimension, v.value))

    def dimension_values(self, day):
        return [v for v in self._values(day) if (v.dimension, v.value) not in self.lost_markers]

    def discover_dimension_values(self, day):
        self.discoveries += 1
        self.lost_markers.clear()
        return self._values(day)

    @staticmethod
    def _totals(recs) -> dict:
        return {"calls": len(recs), "usd": sum(r.usd for r in recs), "savedUsd": sum(r.saved_usd for r in recs),
                "inputTokens": sum(r.input_tokens for r in recs), "outputTokens": sum(r.output_tokens for r in recs),
                "cacheHits": sum(r.cached for r in recs)}

    def totals_for(self, day, dimension, value):
        return self._totals([r for r in self._recs(day) if str(getattr(r, self.FIELDS[dimension])) == value])

    def usage(self, uid, first_day, last_day):
        return self._totals(self._recs(first=first_day, last=last_day, uid=uid))

    def user_month_totals(self, day, uids):
        return {u: self.usage(u, day[:8] + "01", day)["usd"] for u in uids}

    def _finished(self, start, end):
        return [d for d in self._jobs.docs.values() if d.get("finishedAt") and start <= d["finishedAt"] < end]

    def job_counts(self, start, end):
        jobs = self._finished(start, end)
        ai = [d.get("ai") or {} for d in jobs]
        return {"done": sum(d.get("status") == "done" for d in jobs),
                "failed": sum(d.get("status") == "failed" for d in jobs),
                "validationPassed": sum(a.get("validationPassed") is True for a in ai),
                "validationFailed": sum(a.get("validationPassed") is False for a in ai),
                "fellBack": sum(a.get("fellBack") is True for a in ai),
                "notFellBack": sum(a.get("fellBack") is False for a in ai)}

    def job_latencies_s(self, start, end):
        return [(d["finishedAt"] - d["createdAt"]).total_seconds() for d in self._finished(start, end)
                if d.get("createdAt")]

    def _write(self):
        self._writes += 1
        if self.fail_after_writes is not None and self._writes > self.fail_after_writes:
            raise RuntimeError("the instance died half-way")

    def replace_dimension_rollups(self, day, rollups):
        for r in rollups:
            self._write()
            self.docs[r.id] = r.doc()
        keep = {r.id for r in rollups}
        stale = [i for i, d in self.docs.items() if d["day"] == day and i not in keep]
        for i in stale:
            del self.docs[i]
        return len(stale)

    def dimension_rollups(self, day):
        from shared.domain.models import DimensionRollup

        return [DimensionRollup.model_validate(d) for i, d in sorted(self.docs.items()) if d["day"] == day]

    def config_errors(self, day):
        out: dict[str, int] = {}
        for r in self._recs(day, error_type="model_not_found"):
            out[f"{r.provider}/{r.model}"] = out.get(f"{r.provider}/{r.model}", 0) + 1
        return out

    def create_alert(self, alert_id, fields):
        self._write()
        if alert_id in self.alerts:
            return False
        self.alerts[alert_id] = dict(fields)
        return True


def _rollups(self) -> MemoryRollups:
    return MemoryRollups(self.costs, self.jobs)


def _ai_config(self):
    from shared.extraction.ai.config import AiConfig

    return AiConfig()


for _name, _fn in (("rollups", _rollups), ("ai_config", _ai_config)):
    _prop = functools.cached_property(_fn)
    _prop.__set_name__(FakeContainer, _name)
    setattr(FakeContainer, _name, _prop)
