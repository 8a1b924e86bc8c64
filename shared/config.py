"""Runtime configuration: non-secret settings from the environment, read once per instance.

Secrets (API keys, the local URL-signing key) never come from here: they are read from Secret
Manager at run time (see `shared/adapters/secret_manager.py`).
"""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

Count = Annotated[int, Field(ge=0)]  # 0 = off (rate limits) or none (redrives)
Positive = Annotated[int, Field(ge=1)]


class Settings(BaseModel):
    """Every setting, validated once: a value that does not parse is refused, never read as a default.

    Booleans accept true/false, 1/0, yes/no, on/off (any case); anything else is an error, so a
    security switch such as COPYTHAT_CHECK_REVOKED cannot be turned off by a typo (fail closed)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    env: Literal["production", "local"]
    project_id: str
    uploads_bucket: str
    region: str
    extract_queue: str
    enrich_queue: str
    extract_url: str
    enrich_url: str
    tasks_service_account: str  # the identity Cloud Tasks signs OIDC tokens as
    task_audience_extract: str
    task_audience_enrich: str
    task_audience_rollup: str
    task_audience_sweeper: str
    scheduler_service_account: str
    signer_service_account: str  # for IAM signBlob signed URLs in production
    secret_manager_endpoint: str | None  # local stack only
    tasks_endpoint: str | None  # local stack only
    max_upload_bytes: Positive = 20 * 1024 * 1024
    max_inline_bytes: Positive = 4 * 1024 * 1024
    max_pixels: Positive = 50_000_000
    signed_url_ttl_s: Positive = 900
    event_max_age_s: Positive = 6 * 3600
    default_max_colors: Positive = 12
    check_revoked: bool = True
    # How long one uid's revocation state (tokensValidAfter, disabled) is reused: a revoked token is
    # refused within this time; 0 asks Firebase Auth on every request.
    revocation_cache_s: Count = 60
    # Reliability: the queues' max attempts (the last attempt fails the job instead of retrying),
    # how long an extraction lease lasts, and when the sweeper re-drives or gives up on a stuck job.
    task_max_attempts: Positive = 10
    lease_s: Positive = 300
    stale_after_s: Positive = 900
    max_redrives: Count = 3
    max_job_age_s: Positive = 6 * 3600  # a job is failed as stalled only when it is also this old
    allowed_origins: tuple[str, ...] = ()
    # Cost roll-ups: the day's total spend (all users, USD) above which an ALERT fires (None = off),
    # and how many days one backfill request may cover.
    daily_spend_alert_usd: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = 25.0
    rollup_backfill_max_days: Positive = 62
    # Rate limits per user (0 = off): starting extractions through upload, and export.
    rate_upload_per_min: Count = 10
    rate_upload_per_hour: Count = 100
    rate_export_per_min: Count = 60
    # library: one edit a second is faster than anyone edits by hand (role changes are one batch),
    # yet a looping script is capped at 60 library transactions or project-delete cascades a minute.
    rate_library_per_min: Count = 60
    # usage: two aggregation queries a call; the web app reads its cost summaries from Firestore, so
    # this is a refresh now and then. Not looser than 60 although it only reads: every call writes
    # its counter document, and 1 write/s is Firestore's sustained rate per document (export too).
    rate_usage_per_min: Count = 60
    # The Firestore database of the rate-limit counters (infra/firestore.tf): their own, so that export
    # and usage, which write nothing else, hold write access to that database only (issue 17 item 9).
    # Firestore's database ids: 4-63 of a-z, 0-9 and "-", a letter first, no "-" last; or "(default)".
    rate_limit_database: Annotated[str, Field(pattern=r"^(\(default\)|[a-z][a-z0-9-]{2,61}[a-z0-9])$")] = "(default)"
    # How color tokens are named: family (blue-700, the default), role, descriptive
    # (shared/library/color_names.py says why).
    color_names: Literal["family", "role", "descriptive"] = "family"

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _csv(cls, v):
        if isinstance(v, str):
            return tuple(o.strip() for o in v.split(",") if o.strip())
        return v

    @field_validator("daily_spend_alert_usd", mode="before")
    @classmethod
    def _off(cls, v):
        if isinstance(v, str) and v.strip().lower() in ("off", "none"):
            return None
        return v

    @property
    def local(self) -> bool:
        return self.env == "local"


# Each setting read from the environment, by the variable that sets it. An unset or empty variable
# takes the model's default; every other value must parse.
ENV_VARS: dict[str, str] = {
    "uploads_bucket": "COPYTHAT_UPLOADS_BUCKET",
    "region": "COPYTHAT_REGION",
    "extract_queue": "COPYTHAT_EXTRACT_QUEUE",
    "enrich_queue": "COPYTHAT_ENRICH_QUEUE",
    "extract_url": "COPYTHAT_EXTRACT_URL",
    "enrich_url": "COPYTHAT_ENRICH_URL",
    "tasks_service_account": "COPYTHAT_TASKS_SA",
    "task_audience_extract": "COPYTHAT_EXTRACT_AUDIENCE",
    "task_audience_enrich": "COPYTHAT_ENRICH_AUDIENCE",
    "task_audience_rollup": "COPYTHAT_ROLLUP_AUDIENCE",
    "task_audience_sweeper": "COPYTHAT_SWEEPER_AUDIENCE",
    "scheduler_service_account": "COPYTHAT_SCHEDULER_SA",
    "signer_service_account": "COPYTHAT_SIGNER_SA",
    "secret_manager_endpoint": "COPYTHAT_SECRET_MANAGER_ENDPOINT",
    "tasks_endpoint": "COPYTHAT_TASKS_ENDPOINT",
    "max_upload_bytes": "COPYTHAT_MAX_UPLOAD_BYTES",
    "max_inline_bytes": "COPYTHAT_MAX_INLINE_BYTES",
    "max_pixels": "COPYTHAT_MAX_PIXELS",
    "signed_url_ttl_s": "COPYTHAT_SIGNED_URL_TTL_S",
    "event_max_age_s": "COPYTHAT_EVENT_MAX_AGE_S",
    "default_max_colors": "COPYTHAT_MAX_COLORS",
    "check_revoked": "COPYTHAT_CHECK_REVOKED",
    "revocation_cache_s": "COPYTHAT_REVOCATION_CACHE_S",
    "task_max_attempts": "COPYTHAT_TASK_MAX_ATTEMPTS",
    "lease_s": "COPYTHAT_LEASE_S",
    "stale_after_s": "COPYTHAT_STALE_AFTER_S",
    "max_redrives": "COPYTHAT_MAX_REDRIVES",
    "max_job_age_s": "COPYTHAT_MAX_JOB_AGE_S",
    "allowed_origins": "COPYTHAT_ALLOWED_ORIGINS",
    "daily_spend_alert_usd": "COPYTHAT_DAILY_SPEND_ALERT_USD",
    "rollup_backfill_max_days": "COPYTHAT_ROLLUP_BACKFILL_MAX_DAYS",
    "rate_upload_per_min": "COPYTHAT_RATE_UPLOAD_PER_MIN",
    "rate_upload_per_hour": "COPYTHAT_RATE_UPLOAD_PER_HOUR",
    "rate_export_per_min": "COPYTHAT_RATE_EXPORT_PER_MIN",
    "rate_library_per_min": "COPYTHAT_RATE_LIBRARY_PER_MIN",
    "rate_usage_per_min": "COPYTHAT_RATE_USAGE_PER_MIN",
    "rate_limit_database": "COPYTHAT_RATE_LIMIT_DATABASE",
    "color_names": "COPYTHAT_COLOR_NAMES",
}
LOCAL_ONLY = ("secret_manager_endpoint", "tasks_endpoint")
LOCAL_ENDPOINT_VARS = tuple(ENV_VARS[f] for f in LOCAL_ONLY)
EMULATOR_VARS = ("FIRESTORE_EMULATOR_HOST", "STORAGE_EMULATOR_HOST", "PUBSUB_EMULATOR_HOST")


class ConfigError(RuntimeError):
    pass


def _runtime_project() -> str:
    """Gen2 functions do not set GOOGLE_CLOUD_PROJECT: ask the runtime's credentials (metadata server)."""
    try:
        import google.auth

        return google.auth.default()[1] or ""
    except Exception:  # noqa: BLE001 — no credentials here: the caller reports the missing project
        return ""


# Color token naming styles (shared/library/color_names.py), the default first; Settings.color_names
# takes exactly these.
COLOR_NAME_STYLES = ("family", "role", "descriptive")


def _env(name: str) -> str | None:
    raw = os.environ.get(name)
    return raw if raw not in (None, "") else None


@lru_cache(maxsize=1)
def settings() -> Settings:
    env = os.environ.get("COPYTHAT_ENV", "production")
    if env not in ("production", "local"):
        raise ConfigError(f"COPYTHAT_ENV must be 'production' or 'local', not {env!r}")
    # The local stack's relaxed modes (unsigned emulator ID tokens, task calls without OIDC) must be
    # impossible in production: Cloud Run / Functions always set K_SERVICE, the local stack never does.
    if env == "local" and os.environ.get("K_SERVICE"):
        raise ConfigError("COPYTHAT_ENV=local is refused on Cloud Functions (K_SERVICE is set)")
    if env == "production" and os.environ.get("FIREBASE_AUTH_EMULATOR_HOST"):
        raise ConfigError("FIREBASE_AUTH_EMULATOR_HOST is set in production: refusing to trust emulator tokens")
    # Google's clients obey *_EMULATOR_HOST by themselves (anonymous, plain HTTP): in production one stray
    # variable would send every read and write elsewhere. Our own local endpoints are ignored outside
    # the local stack, and refused outright on Cloud Functions so a misconfiguration is seen at once.
    stray = [v for v in EMULATOR_VARS if os.environ.get(v)] if env == "production" else []
    if os.environ.get("K_SERVICE"):
        stray += [v for v in ("FIREBASE_AUTH_EMULATOR_HOST", *LOCAL_ENDPOINT_VARS) if os.environ.get(v)]
    if stray:
        raise ConfigError(f"{', '.join(stray)} set in production: emulators and local endpoints are refused")
    project = os.environ.get("GOOGLE_CLOUD_PROJECT") or os.environ.get("GCLOUD_PROJECT") or _runtime_project()
    if not project:
        raise ConfigError("GOOGLE_CLOUD_PROJECT is not set")
    values: dict[str, object] = {
        "env": env, "project_id": project, "uploads_bucket": f"{project}-uploads", "region": "europe-west1",
        "extract_queue": "extract", "enrich_queue": "enrich", "extract_url": "", "enrich_url": "",
        "tasks_service_account": "", "task_audience_rollup": "", "task_audience_sweeper": "",
        "scheduler_service_account": "", "signer_service_account": "",
        "secret_manager_endpoint": None, "tasks_endpoint": None,
    }
    for field_name, var in ENV_VARS.items():
        if field_name in LOCAL_ONLY and env != "local":
            continue
        raw = _env(var)
        if raw is not None:
            values[field_name] = raw
    values.setdefault("task_audience_extract", values["extract_url"])
    values.setdefault("task_audience_enrich", values["enrich_url"])
    try:
        return Settings.model_validate(values)
    except ValidationError as e:
        raise ConfigError(_explain(e)) from None


def _explain(error: ValidationError) -> str:
    """Name the variable of every value refused (never echo a whole environment)."""
    parts = []
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else "?"
        var = ENV_VARS.get(name, name)
        parts.append(f"{var}={item.get('input')!r}: {item['msg']}")
    return "invalid settings: " + "; ".join(parts)
