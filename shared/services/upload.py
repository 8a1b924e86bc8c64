"""Use case: a signed-in user starts a job — a signed PUT URL, or a small image sent inline."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel

from shared.config import Settings
from shared.domain.errors import Conflict, InvalidRequest, PayloadTooLarge, UnsupportedMediaType
from shared.domain.ids import Id, new_project_id
from shared.domain.models import EXTRACTABLE, ImageSource, Job, JobStatus, Project
from shared.domain.ports import Clock, JobRepo, ObjectStore, ProjectRepo
from shared.extraction.formats import ACCEPTED_TYPES, sniff
from shared.domain import names
from shared.services.ownership import owned_project
from shared.services.paths import upload_object_name

Strategy = Literal["pixels", "cost", "quality", "fast", "optimal"]
TokenKind = Literal["color", "typography", "spacing", "radius", "shadow"]  # EXTRACTABLE


class _Req(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class JobOptions(_Req):
    project_id: Id | None = None
    project_name: str | None = Field(default=None, min_length=1, max_length=120)
    create_project: bool = False
    max_colors: int = Field(default=12, ge=1, le=32)
    # "optimal" labels colors with AI when a provider key is configured and the budget allows;
    # "pixels" never calls a provider; requireAi refuses to fall back to pixels-only.
    strategy: Strategy = "optimal"
    require_ai: bool = False
    # What to extract; every type there is by default. Typography brings font families and weights;
    # spacing, radius and shadow come from the layout extractor (one pass for any of them).
    token_types: list[TokenKind] = Field(default_factory=lambda: list(EXTRACTABLE), min_length=1, max_length=8)
    # Image px per CSS px when the caller knows it (a 2560-wide capture of a 1280 px layout: 2);
    # otherwise the typography extractor recognizes it.
    device_pixel_ratio: float | None = Field(default=None, ge=0.5, le=4.0)
    # "check": is this image on-brand? A drift report against the project's library instead of a merge
    # (issue 19). Pixels only: a check measures, nothing needs naming.
    purpose: Literal["extract", "check"] = "extract"
    tolerance: float | None = Field(default=None, gt=0, le=50)  # a check's ΔE2000 (default: the project's)

    @field_validator("project_name")
    @classmethod
    def _one_clean_line(cls, v: str | None) -> str | None:
        """The token names' rule: a name is shown (and exported) as one line of printable text."""
        if v is None:
            return v
        cleaned = names.clean_name(v, 120)
        if cleaned is None:
            raise ValueError("a project name is 1–120 printable characters")
        return cleaned

    @model_validator(mode="after")
    def _consistent(self) -> "JobOptions":
        self.token_types = [t for t in EXTRACTABLE if t in self.token_types]  # one order, no repeats
        # Raised as our error (pydantic passes non-ValueErrors through) for its own stable code:
        # extract would otherwise run pixels-only and silently drop the requireAi promise.
        if self.create_project and self.project_id:
            # The server names projects (issue 17): a chosen id could be squatted, and "exists" vs
            # "created" would tell the caller which ids exist. The same answer whatever the id.
            raise InvalidRequest("project ids are made by the server: send createProject without projectId, "
                                 "or the projectId of one of your projects", code="invalid_options")
        if self.strategy == "pixels" and self.require_ai:
            raise InvalidRequest('requireAi cannot be combined with strategy "pixels"', code="invalid_options")
        if self.purpose == "check":
            if self.create_project or not self.project_id:
                raise InvalidRequest("a check needs the projectId of an existing project with tokens",
                                     code="invalid_options")
            if self.require_ai:
                raise InvalidRequest("a check measures pixels: requireAi does not apply", code="invalid_options")
            self.strategy = "pixels"
        elif self.tolerance is not None:
            raise InvalidRequest('tolerance applies to purpose "check" only', code="invalid_options")
        return self


class SignedUploadRequest(JobOptions):
    content_type: Literal["image/png", "image/jpeg", "image/webp", "image/gif"]
    size: int = Field(gt=0)


@dataclass(frozen=True)
class UploadDeps:
    settings: Settings
    projects: ProjectRepo
    jobs: JobRepo
    objects: ObjectStore
    clock: Clock


def resolve_project(deps: UploadDeps, uid: str, opts: JobOptions) -> Project:
    """The caller's project, or a new one under an id the server makes. Someone else's project is
    reported as absent. Projects made with client-chosen ids before issue 17 keep working."""
    if opts.project_id:
        return owned_project(deps.projects, uid, opts.project_id)
    if not opts.create_project:
        raise InvalidRequest("give projectId, or createProject: true", code="project_required")
    now = deps.clock.now()
    for _ in range(3):  # a collision of 100 random bits is not expected; never overwrite one anyway
        candidate = Project(id=new_project_id(), owner_uid=uid, name=opts.project_name or "Untitled",
                            created_at=now, updated_at=now)
        try:
            return deps.projects.create(candidate)
        except Conflict:
            continue
    raise Conflict("could not allocate a project id", code="project_id_conflict")


def _checkable(project: Project, opts: JobOptions) -> None:
    if opts.purpose == "check" and project.token_count <= 0:
        raise InvalidRequest("this project has no tokens to check against yet: extract an image first",
                             code="empty_library", status=409)


def _new_job(deps: UploadDeps, uid: str, project: Project, opts: JobOptions, content_type: str,
             size: int) -> Job:
    _checkable(project, opts)
    now = deps.clock.now()
    job_id = uuid.uuid4().hex
    job = Job(id=job_id, owner_uid=uid, project_id=project.id, status=JobStatus.AWAITING_UPLOAD, progress=0,
              source=ImageSource(bucket=deps.settings.uploads_bucket, object=upload_object_name(project.id, job_id),
                                 content_type=content_type, size=size),
              origin="upload", strategy=opts.strategy, require_ai=opts.require_ai, max_colors=opts.max_colors,
              token_types=opts.token_types, device_pixel_ratio=opts.device_pixel_ratio, purpose=opts.purpose,
              tolerance=opts.tolerance, created_at=now, updated_at=now)
    deps.jobs.create(job)
    return job


def start_signed_upload(deps: UploadDeps, uid: str, req: SignedUploadRequest) -> dict:
    if req.size > deps.settings.max_upload_bytes:
        raise PayloadTooLarge(f"images are limited to {deps.settings.max_upload_bytes} bytes", code="image_too_large")
    project = resolve_project(deps, uid, req)
    job = _new_job(deps, uid, project, req, req.content_type, req.size)
    ttl = deps.settings.signed_url_ttl_s
    url, headers = deps.objects.signed_put_url(job.source.bucket, job.source.object, req.content_type,
                                               deps.settings.max_upload_bytes, ttl)
    return {"jobId": job.id, "projectId": project.id, "status": job.status.value, "upload": {
        "method": "PUT", "url": url, "headers": headers, "maxBytes": deps.settings.max_upload_bytes,
        "expiresAt": (deps.clock.now() + timedelta(seconds=ttl)).isoformat()}}


def upload_inline(deps: UploadDeps, uid: str, opts: JobOptions, data: bytes) -> dict:
    """A small image in the request itself: stored as the job's object, then ingested like any upload."""
    if len(data) > deps.settings.max_inline_bytes:
        raise PayloadTooLarge(f"inline images are limited to {deps.settings.max_inline_bytes} bytes; "
                              "use a signed upload URL for larger files", code="image_too_large")
    _, mime = sniff(data)
    if mime not in ACCEPTED_TYPES:
        raise UnsupportedMediaType("only PNG, JPEG, WebP and GIF images are accepted", code="unsupported_image_type")
    project = resolve_project(deps, uid, opts)
    job = _new_job(deps, uid, project, opts, mime, len(data))
    deps.objects.write_new(job.source.bucket, job.source.object, data, mime)
    return {"jobId": job.id, "projectId": project.id, "status": job.status.value}
