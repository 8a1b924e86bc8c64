"""Domain models shared by every function. No Google Cloud imports here.

Firestore documents are validated through these models at the adapter boundary, so raw dicts do
not cross module boundaries. Field names are camelCase on the wire (Firestore, JSON) because the
web app reads the same documents.
"""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, field_validator

from shared.domain.base import HEX_RE, Model, normalize_hex  # noqa: F401 — the domain's base, re-exported
from shared.domain.drift import DriftReport
from shared.domain.layout import LayoutResult
from shared.domain.tokens import EXTRACTABLE, Box, Provenance, Token, TokenType  # noqa: F401 — re-exported
from shared.domain.typography import TypographyResult


class JobStatus(StrEnum):
    AWAITING_UPLOAD = "awaiting_upload"
    QUEUED = "queued"
    EXTRACTING = "extracting"
    ENRICHING = "enriching"
    DONE = "done"
    FAILED = "failed"

    @property
    def terminal(self) -> bool:
        return self in (JobStatus.DONE, JobStatus.FAILED)


# Progress shown to the web app for each stage (0–100).
STAGE_PROGRESS = {
    JobStatus.AWAITING_UPLOAD: 0,
    JobStatus.QUEUED: 10,
    JobStatus.EXTRACTING: 30,
    JobStatus.ENRICHING: 70,
    JobStatus.DONE: 100,
    JobStatus.FAILED: 100,
}


class Region(Model):
    """Where a color occurs, in fractions of the image (0–1), for role heuristics."""

    x0: float = 0.0
    y0: float = 0.0
    x1: float = 1.0
    y1: float = 1.0
    cx: float = 0.5
    cy: float = 0.5
    # Share of the color's pixels that touch another color (1.0 = lives only on edges: text, borders).
    edge_ratio: float = 0.0


class PaletteColor(Model):
    """One color of an image's raw palette, before enrichment."""

    hex: str
    share: float = Field(ge=0.0, le=1.0)
    region: Region | None = None
    # Filled by AI providers; pixels leave them empty.
    name: str | None = None
    role: str | None = None
    usage: str | None = None
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    source: str = "pixels"
    # Where it occurs (source pixels, largest first): measured for check jobs, which report it.
    boxes: list[Box] | None = None

    _norm_hex = field_validator("hex")(lambda cls, v: normalize_hex(v))


class ImageSource(Model):
    bucket: str
    object: str
    generation: int | None = None
    content_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    width: int | None = None
    height: int | None = None
    jpeg_dc: list[int] | None = None  # a JPEG's DC quantization steps (luma, chroma), for check jobs


class JobError(Model):
    code: str
    message: str


class Job(Model):
    id: str
    owner_uid: str
    project_id: str
    status: JobStatus
    progress: int = 0
    source: ImageSource
    origin: str = "upload"  # "upload" (signed URL / inline) or "drop" (object put straight in the bucket)
    # "extract" merges what the image shows into the library; "check" writes a drift report against
    # the library instead (`drift`) and never changes it.
    purpose: Literal["extract", "check"] = "extract"
    tolerance: float | None = None  # a check's ΔE2000 tolerance (None: the project's, else 2.0)
    strategy: str = "optimal"
    require_ai: bool = False
    max_colors: int = 12
    # What to extract (EXTRACTABLE); jobs created before typed tokens extracted colors only.
    token_types: list[str] = Field(default_factory=lambda: ["color"])
    # The caller's device-pixel ratio of the image, when known (else typography recognizes it).
    device_pixel_ratio: float | None = None
    provider: str | None = None
    model: str | None = None
    palette: list[PaletteColor] | None = None
    typography: TypographyResult | None = None
    layout: LayoutResult | None = None  # spacing steps, radii, elevations (only the asked types filled)
    notes: list[str] = Field(default_factory=list)
    ai: dict[str, Any] | None = None  # what the AI step did: cached, fellBack, budgetLimited, snapped, dropped, usd
    token_ids: list[str] | None = None
    drift: DriftReport | None = None  # a check job's report, once done
    error: JobError | None = None
    lease_until: datetime | None = None
    lease_id: str | None = None  # who holds the lease: a worker whose lease was taken over writes nothing
    attempts: int = 0
    redrives: int = 0  # times the sweeper re-enqueued a stuck step
    created_at: datetime | None = None
    updated_at: datetime | None = None
    extracted_at: datetime | None = None
    finished_at: datetime | None = None


class Project(Model):
    id: str
    owner_uid: str
    name: str
    token_count: int = 0
    drift_tolerance: float | None = None  # ΔE2000 a check holds colors to (None: 2.0)
    # The library's tonal scales and schemes, stored when it changes: shared/library/theme.py.
    theme: dict[str, str | None] | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class DropKey(Model):
    """`dropKeys/{key}`: the owner's binding of the bucket prefix `drops/{key}/` to one project
    (issue 17). Server-only: the web app reads keys through `library`, never from Firestore."""

    key: str
    project_id: str
    owner_uid: str
    created_at: datetime | None = None


class QuarantinedDrop(Model):
    """`quarantine/{id}`: a dropped object no registered key binds to a project. Never a job; kept
    for the daily roll-up's alert and an operator to look at (the object stays where it landed
    until the bucket's lifecycle rule deletes it)."""

    id: str
    bucket: str
    object: str
    generation: int
    prefix: str
    reason: Literal["unknown_drop_key", "project_gone"]
    day: str  # UTC YYYY-MM-DD, for the roll-up's count
    created_at: datetime | None = None


class CostRecord(Model):
    """One provider call (or cache hit, or pixel run) and what it cost."""

    id: str
    uid: str
    project_id: str
    job_id: str
    provider: str  # pixels / anthropic / openai
    model: str
    day: str  # UTC YYYY-MM-DD, for roll-ups
    input_tokens: int = 0  # uncached input
    output_tokens: int = 0
    cache_read_tokens: int = 0  # input billed at the provider's cached-input rate
    usd: float = 0.0
    # A call that timed out may still have been billed: recorded at its pre-call estimate, flagged so.
    billed_unknown: bool = False
    cached: bool = False
    saved_usd: float = 0.0
    success: bool = True
    error_type: str | None = None
    latency_ms: float = 0.0
    # True on the record whose result became the job's palette (pixel run, successful AI call or cache
    # hit): roll-ups count extractions with it. CostRepo keeps it on one record per job: a retried
    # claim's (the first one's job update failed) is stored with False.
    extraction: bool = False
    created_at: datetime | None = None


class CostTotals(Model):
    """The totals every roll-up carries (the whole day, or one value of one dimension)."""

    id: str
    day: str
    cache_hits: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    usd: float = 0.0
    saved_usd: float = 0.0
    computed_at: datetime | None = None


class CostRollup(CostTotals):
    extractions: int = 0
    successes: int = 0
    failures: int = 0
    ai_calls: int = 0
    pixel_runs: int = 0


class DimensionRollup(CostTotals):
    """One day's totals for one value of one dimension (a user, a model, a provider, a project):
    `costRollups/{day}_{dimension}_{value}`. Replaced on every re-run of the day."""

    dimension: str  # user / model / provider / project
    value: str
    # Set on a user's own roll-ups: the Firestore rules let that user (and only them) read it.
    uid: str | None = None
    calls: int = 0


class DailyKpis(Model):
    """The day's health figures; a rate is None when its denominator is 0 (nothing to measure)."""

    jobs_finished: int = 0
    jobs_done: int = 0
    jobs_failed: int = 0
    extraction_success_rate: float | None = None  # done / (done + failed) of the jobs finished that day
    cost_per_extraction_usd: float | None = None  # the day's USD / extractions (cost records with extraction)
    cache_hit_rate: float | None = None  # cache hits / (AI calls + cache hits)
    validation_pass_rate: float | None = None  # jobs' ai.validationPassed true / (true + false)
    fallback_rate: float | None = None  # jobs' ai.fellBack true / (true + false)
    latency_p50_s: float | None = None  # finishedAt - createdAt of the day's finished jobs
    latency_p95_s: float | None = None


class UsageSummary(Model):
    """What the web app shows a user about their own spend (UTC days and months)."""

    uid: str
    day: str
    month: str
    today_usd: float = 0.0
    month_usd: float = 0.0
    today_calls: int = 0
    month_calls: int = 0
    today_cache_hits: int = 0
    month_cache_hits: int = 0
    today_saved_usd: float = 0.0
    month_saved_usd: float = 0.0
    daily_cap_usd: float | None = None
    monthly_cap_usd: float | None = None
    daily_remaining_usd: float | None = None
    monthly_remaining_usd: float | None = None
    over_daily: bool = False
    over_monthly: bool = False


class DayRollup(CostRollup):
    """`costRollups/{day}`: the day's totals (CostRollup's fields, unchanged) plus its KPIs, how many
    values each dimension had, and the alerts this run found (fired once each, see `alerts/`)."""

    kpis: DailyKpis = Field(default_factory=DailyKpis)
    dimensions: dict[str, int] = Field(default_factory=dict)
    alerts: list[str] = Field(default_factory=list)
