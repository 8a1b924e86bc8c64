"""In-memory fakes of our own ports, for fast tests of the services and entry points.

They keep the adapters' contracts (idempotent create, guarded updates, lease claims, atomic merge)
so a service test fails here for the same reasons it would on Firestore. The adapters themselves are
tested against the real emulators in tests/integration.
"""
from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from shared.config import Settings
from shared.domain.errors import Conflict, NotFound, Unauthenticated
from shared.domain.models import STAGE_PROGRESS, CostRecord, CostRollup, Job, JobStatus, Project, Token
from shared.domain.ports import ObjectInfo


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

    def update(self, job_id: str, fields: dict[str, Any], *, expect_status=None) -> bool:
        with self._lock:
            doc = self.docs.get(job_id)
            if doc is None or (expect_status is not None and doc.get("status") not in expect_status):
                return False
            self.docs[job_id] = _merge_fields(doc, fields)
            return True

    def claim(self, job_id: str, *, ready, working, lease_until, now) -> Job | None:
        with self._lock:
            doc = self.docs.get(job_id)
            if doc is None:
                return None
            status, lease = doc.get("status"), doc.get("leaseUntil")
            if status not in ready and not (status == working and (lease is None or lease < now)):
                return None
            fields = {"status": working, "progress": STAGE_PROGRESS[JobStatus(working)], "leaseUntil": lease_until,
                      "attempts": doc.get("attempts", 0) + 1, "updatedAt": now}
            self.docs[job_id] = _merge_fields(doc, fields)
            return Job.model_validate({**self.docs[job_id], "id": job_id})


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
            if job is None or job.get("status") == "done":
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


class MemoryCosts:
    def __init__(self) -> None:
        self.docs: dict[str, CostRecord] = {}
        self.rollups: dict[str, CostRollup] = {}

    def record(self, rec: CostRecord) -> bool:
        if rec.id in self.docs:
            return False
        self.docs[rec.id] = rec
        return True

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

    def signed_put_url(self, bucket, name, content_type, max_bytes, expires_s):
        return (f"https://storage.example/{bucket}/{name}?X-Goog-Signature=fake",
                {"Content-Type": content_type, "x-goog-content-length-range": f"0,{max_bytes}"})


@dataclass
class Task:
    queue: str
    url: str
    payload: dict
    task_id: str


class MemoryQueue:
    def __init__(self) -> None:
        self.tasks: list[Task] = []

    def enqueue(self, queue, url, payload, task_id) -> None:
        self.tasks.append(Task(queue, url, payload, task_id))

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
    """Accepts tokens of the form 'token-<uid>'."""

    def verify(self, bearer_token: str) -> str:
        if not bearer_token.startswith("token-"):
            raise Unauthenticated("the ID token is not valid", code="invalid_token")
        return bearer_token.removeprefix("token-")


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
                task_audience_rollup="", scheduler_service_account="", signer_service_account="",
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
    tokens: MemoryTokens = None  # type: ignore[assignment]
    ai: Any = None  # the AI step; None = pixels only

    def __post_init__(self) -> None:
        if self.tokens is None:
            self.tokens = MemoryTokens(self.jobs, self.projects)
