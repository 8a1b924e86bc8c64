"""Runtime configuration: non-secret settings from the environment, read once per instance.

Secrets (API keys, the local URL-signing key) never come from here: they are read from Secret
Manager at run time (see `shared/adapters/secret_manager.py`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _float_or_none(name: str, default: float | None) -> float | None:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    return None if raw.strip().lower() in ("off", "none") else float(raw)


def _csv(name: str, default: str = "") -> tuple[str, ...]:
    return tuple(v.strip() for v in os.environ.get(name, default).split(",") if v.strip())


@dataclass(frozen=True)
class Settings:
    env: str  # "production" or "local"
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
    max_upload_bytes: int
    max_inline_bytes: int
    max_pixels: int
    signed_url_ttl_s: int
    event_max_age_s: int
    default_max_colors: int
    check_revoked: bool
    # Reliability: the queues' max attempts (the last attempt fails the job instead of retrying),
    # how long an extraction lease lasts, and when the sweeper re-drives or gives up on a stuck job.
    task_max_attempts: int = 10
    lease_s: int = 300
    stale_after_s: int = 900
    max_redrives: int = 3
    max_job_age_s: int = 6 * 3600  # a job is failed as stalled only when it is also this old
    allowed_origins: tuple[str, ...] = field(default_factory=tuple)
    # Cost roll-ups: the day's total spend (all users, USD) above which an ALERT fires (None = off),
    # and how many days one backfill request may cover.
    daily_spend_alert_usd: float | None = 25.0
    rollup_backfill_max_days: int = 62
    # Rate limits per user (0 = off): starting extractions through upload, and export.
    rate_upload_per_min: int = 10
    rate_upload_per_hour: int = 100
    rate_export_per_min: int = 60
    # library: one edit a second is faster than anyone edits by hand (role changes are one batch),
    # yet a looping script is capped at 60 library transactions or project-delete cascades a minute.
    rate_library_per_min: int = 60
    # usage: two aggregation queries a call; the web app reads its cost summaries from Firestore, so
    # this is a refresh now and then. Not looser than 60 although it only reads: every call writes
    # its counter document, and 1 write/s is Firestore's sustained rate per document (export too).
    rate_usage_per_min: int = 60
    # How color tokens are named: family (blue-700, the default), role, descriptive
    # (shared/library/color_names.py says why).
    color_names: str = "family"

    @property
    def local(self) -> bool:
        return self.env == "local"


class ConfigError(RuntimeError):
    pass


def _runtime_project() -> str:
    """Gen2 functions do not set GOOGLE_CLOUD_PROJECT: ask the runtime's credentials (metadata server)."""
    try:
        import google.auth

        return google.auth.default()[1] or ""
    except Exception:  # noqa: BLE001 — no credentials here: the caller reports the missing project
        return ""


# Color token naming styles (shared/library/color_names.py), the default first.
COLOR_NAME_STYLES = ("family", "role", "descriptive")


def _color_names() -> str:
    style = os.environ.get("COPYTHAT_COLOR_NAMES", COLOR_NAME_STYLES[0])
    if style not in COLOR_NAME_STYLES:
        raise ConfigError(f"COPYTHAT_COLOR_NAMES must be one of {', '.join(COLOR_NAME_STYLES)}, not {style!r}")
    return style


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
    project = os.environ.get("GOOGLE_CLOUD_PROJECT") or os.environ.get("GCLOUD_PROJECT") or _runtime_project()
    if not project:
        raise ConfigError("GOOGLE_CLOUD_PROJECT is not set")
    return Settings(
        env=env,
        project_id=project,
        uploads_bucket=os.environ.get("COPYTHAT_UPLOADS_BUCKET", f"{project}-uploads"),
        region=os.environ.get("COPYTHAT_REGION", "europe-west1"),
        extract_queue=os.environ.get("COPYTHAT_EXTRACT_QUEUE", "extract"),
        enrich_queue=os.environ.get("COPYTHAT_ENRICH_QUEUE", "enrich"),
        extract_url=os.environ.get("COPYTHAT_EXTRACT_URL", ""),
        enrich_url=os.environ.get("COPYTHAT_ENRICH_URL", ""),
        tasks_service_account=os.environ.get("COPYTHAT_TASKS_SA", ""),
        task_audience_extract=os.environ.get("COPYTHAT_EXTRACT_AUDIENCE", os.environ.get("COPYTHAT_EXTRACT_URL", "")),
        task_audience_enrich=os.environ.get("COPYTHAT_ENRICH_AUDIENCE", os.environ.get("COPYTHAT_ENRICH_URL", "")),
        task_audience_rollup=os.environ.get("COPYTHAT_ROLLUP_AUDIENCE", ""),
        task_audience_sweeper=os.environ.get("COPYTHAT_SWEEPER_AUDIENCE", ""),
        scheduler_service_account=os.environ.get("COPYTHAT_SCHEDULER_SA", ""),
        signer_service_account=os.environ.get("COPYTHAT_SIGNER_SA", ""),
        secret_manager_endpoint=os.environ.get("COPYTHAT_SECRET_MANAGER_ENDPOINT") if env == "local" else None,
        tasks_endpoint=os.environ.get("COPYTHAT_TASKS_ENDPOINT") if env == "local" else None,
        max_upload_bytes=_int("COPYTHAT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024),
        max_inline_bytes=_int("COPYTHAT_MAX_INLINE_BYTES", 4 * 1024 * 1024),
        max_pixels=_int("COPYTHAT_MAX_PIXELS", 50_000_000),
        signed_url_ttl_s=_int("COPYTHAT_SIGNED_URL_TTL_S", 900),
        event_max_age_s=_int("COPYTHAT_EVENT_MAX_AGE_S", 6 * 3600),
        default_max_colors=_int("COPYTHAT_MAX_COLORS", 12),
        check_revoked=os.environ.get("COPYTHAT_CHECK_REVOKED", "true").lower() == "true",
        task_max_attempts=_int("COPYTHAT_TASK_MAX_ATTEMPTS", 10),
        lease_s=_int("COPYTHAT_LEASE_S", 300),
        stale_after_s=_int("COPYTHAT_STALE_AFTER_S", 900),
        max_redrives=_int("COPYTHAT_MAX_REDRIVES", 3),
        max_job_age_s=_int("COPYTHAT_MAX_JOB_AGE_S", 6 * 3600),
        allowed_origins=_csv("COPYTHAT_ALLOWED_ORIGINS"),
        daily_spend_alert_usd=_float_or_none("COPYTHAT_DAILY_SPEND_ALERT_USD", 25.0),
        rollup_backfill_max_days=_int("COPYTHAT_ROLLUP_BACKFILL_MAX_DAYS", 62),
        rate_upload_per_min=_int("COPYTHAT_RATE_UPLOAD_PER_MIN", 10),
        rate_upload_per_hour=_int("COPYTHAT_RATE_UPLOAD_PER_HOUR", 100),
        rate_export_per_min=_int("COPYTHAT_RATE_EXPORT_PER_MIN", 60),
        rate_library_per_min=_int("COPYTHAT_RATE_LIBRARY_PER_MIN", 60),
        rate_usage_per_min=_int("COPYTHAT_RATE_USAGE_PER_MIN", 60),
        color_names=_color_names(),
    )
