"""Use case: total a day's cost records into its roll-up documents (idempotent: a re-run replaces
them), with the day's KPIs and budget alerts; and a user's own usage.

Documents (deterministic ids, so re-running a day overwrites instead of adding):
- `costRollups/{day}` — the day's totals (CostRollup's fields), its KPIs, how many values each
  dimension had and the alerts in effect (DayRollup);
- `costRollups/{day}_{dimension}_{value}` — calls, tokens, USD, cache hits, saved USD of one user /
  model / provider / project that day (DimensionRollup); the day's ones no longer present are
  deleted;
- `alerts/{day}_spend_all`, `alerts/{day}_user-daily_{uid}`, `alerts/{YYYY-MM}_user-monthly_{uid}` —
  created once (`create()`), so an alert fires once per threshold per period however often the
  day is re-run; the ALERT log line is written only by the run that created the document;
- `alerts/{day}_config-error_{provider}_{model}` — a route named a model the provider answered
  404 model_not_found for: a configuration error, not a provider outage (the job fell back silently).
- `alerts/{day}_quarantined-drops` — images dropped that day under a prefix no drop key binds to a
  project (issue 17): another system writing to the wrong place, or someone probing for keys.

Order of writes: dimension docs, stale deletions, alerts, then the day document last: a run that
dies half-way leaves a day document from the previous run (or none), and the next run rewrites
everything to the same values.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from shared import logs
from shared.domain.errors import InvalidRequest
from shared.domain.models import CostRollup, DailyKpis, DayRollup, DimensionRollup, UsageSummary
from shared.domain.ports import Clock, CostRepo, CostRollupRepo, Quarantine

log = logs.get("copythat.cost_rollup")

DIMENSIONS = ("user", "model", "provider", "project")
AGGREGATION_WORKERS = 8


@dataclass(frozen=True)
class RollupDeps:
    costs: CostRepo
    clock: Clock
    # Without it, only the day's totals are written (the original contract).
    rollups: CostRollupRepo | None = None
    spend_alert_usd: float | None = None  # the day's total spend
    user_daily_usd: float | None = None  # per-user caps (the AI budget's defaults)
    user_monthly_usd: float | None = None
    quarantine: Quarantine | None = None  # the day's quarantined drops become one alert


def day_bounds(day: str) -> tuple[datetime, datetime]:
    """[00:00, next 00:00) of a UTC day."""
    start = datetime.combine(date.fromisoformat(day), time.min, tzinfo=timezone.utc)
    return start, start + timedelta(days=1)


def utc_day(now: datetime) -> str:
    return (now if now.tzinfo else now.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).strftime("%Y-%m-%d")


def days_between(first: str, last: str, max_days: int) -> list[str]:
    try:
        a, b = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError:
        raise InvalidRequest("dates are YYYY-MM-DD", code="invalid_request") from None
    if b < a:
        raise InvalidRequest("'to' is before 'from'", code="invalid_range")
    n = (b - a).days + 1
    if n > max_days:
        raise InvalidRequest(f"a backfill covers at most {max_days} days", code="range_too_long")
    return [(a + timedelta(days=i)).isoformat() for i in range(n)]


def _rate(num: float, den: float) -> float | None:
    return round(num / den, 6) if den else None


def _percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (an actual latency, not an interpolation)."""
    if not values:
        return None
    s = sorted(values)
    k = max(min(int(-(-q * len(s) // 1)) - 1, len(s) - 1), 0)  # ceil(q·n) - 1
    return round(s[k], 3)


def _dimension_rollups(repo: CostRollupRepo, day: str, calls: int) -> tuple[list[DimensionRollup], str]:
    def compute(values) -> list[DimensionRollup]:
        values = list(values)
        if len(values) > 4:  # independent aggregation RPCs: a few in flight at once
            with ThreadPoolExecutor(max_workers=AGGREGATION_WORKERS) as pool:
                totals = list(pool.map(lambda v: repo.totals_for(day, v.dimension, v.value), values))
        else:
            totals = [repo.totals_for(day, v.dimension, v.value) for v in values]
        out = []
        for v, t in zip(values, totals):
            if not t.get("calls"):
                continue  # a marker without records (cannot happen with atomic writes; harmless)
            # A user's own roll-up is theirs to read: whether the shared cache answered them (someone
            # else asked the same question first) is not on it.
            user = v.dimension == "user"
            out.append(DimensionRollup(
                id=_rollup_id(day, v.dimension, v.value), day=day, dimension=v.dimension, value=v.value,
                uid=v.value if user else None, calls=int(t["calls"]), input_tokens=int(t.get("inputTokens", 0)),
                output_tokens=int(t.get("outputTokens", 0)), usd=round(float(t.get("usd", 0.0)), 6),
                cache_hits=0 if user else int(t.get("cacheHits", 0)),
                saved_usd=0.0 if user else round(float(t.get("savedUsd", 0.0)), 6)))
        return out

    rollups = compute(repo.dimension_values(day))
    # Every record has one value per dimension: if a dimension's calls add up to less than the day's,
    # some records have no marker (written before markers existed): find the values the slow way.
    short = [d for d in DIMENSIONS if sum(r.calls for r in rollups if r.dimension == d) < calls]
    if calls and short:
        logs.warning(log, "dimension markers incomplete; discovering values from the records", day=day,
                     dimensions=short)
        return compute(repo.discover_dimension_values(day)), "records"
    return rollups, "markers"


def _rollup_id(day: str, dimension: str, value: str) -> str:
    return f"{day}_{dimension}_{value}".replace("/", "_")[:1500]


def _kpis(repo: CostRollupRepo, day: str, t: dict) -> DailyKpis:
    start, end = day_bounds(day)
    j = repo.job_counts(start, end)
    lat = repo.job_latencies_s(start, end)
    calls, pixels, hits = int(t.get("calls", 0)), int(t.get("pixelRuns", 0)), int(t.get("cacheHits", 0))
    extractions = int(t.get("extractions", 0))
    return DailyKpis(
        jobs_finished=j["done"] + j["failed"], jobs_done=j["done"], jobs_failed=j["failed"],
        extraction_success_rate=_rate(j["done"], j["done"] + j["failed"]),
        cost_per_extraction_usd=_rate(float(t.get("usd", 0.0)), extractions),
        cache_hit_rate=_rate(hits, calls - pixels),
        validation_pass_rate=_rate(j["validationPassed"], j["validationPassed"] + j["validationFailed"]),
        fallback_rate=_rate(j["fellBack"], j["fellBack"] + j["notFellBack"]),
        latency_p50_s=_percentile(lat, 0.50), latency_p95_s=_percentile(lat, 0.95),
    )


def _alert(deps: RollupDeps, alert_id: str, kind: str, subject: str, day: str, usd: float, threshold: float) -> str:
    fields = {"kind": kind, "subject": subject, "day": day, "usd": round(usd, 6), "thresholdUsd": threshold,
              "createdAt": deps.clock.now()}
    if deps.rollups.create_alert(alert_id, fields):
        logs.alert(log, f"cost alert: {kind}", alertId=alert_id, kind=kind, subject=subject, day=day,
                   usd=round(usd, 6), thresholdUsd=threshold)
    return alert_id


def _alerts(deps: RollupDeps, day: str, usd: float, dims: list[DimensionRollup]) -> list[str]:
    fired = []
    if deps.spend_alert_usd is not None and usd > deps.spend_alert_usd:
        fired.append(_alert(deps, f"{day}_spend_all", "spend", "all", day, usd, deps.spend_alert_usd))
    users = {r.value: r.usd for r in dims if r.dimension == "user" and r.usd > 0}
    if deps.user_daily_usd is not None:
        for uid, spent in sorted(users.items()):
            if spent > deps.user_daily_usd:
                fired.append(_alert(deps, f"{day}_user-daily_{uid}", "user-daily", uid, day, spent,
                                    deps.user_daily_usd))
    if deps.user_monthly_usd is not None and users:
        # Only users who spent that day can have crossed the monthly cap that day.
        for uid, spent in sorted(deps.rollups.user_month_totals(day, sorted(users)).items()):
            if spent > deps.user_monthly_usd:
                fired.append(_alert(deps, f"{day[:7]}_user-monthly_{uid}", "user-monthly", uid, day, spent,
                                    deps.user_monthly_usd))
    for subject, count in sorted(deps.rollups.config_errors(day).items()):
        alert_id = f"{day}_config-error_{subject}"
        if deps.rollups.create_alert(alert_id, {"kind": "config-error", "subject": subject, "day": day,
                                                "records": count, "createdAt": deps.clock.now()}):
            logs.alert(log, "AI configuration error: a route names a model the provider does not serve",
                       alertId=alert_id, kind="config-error", subject=subject, day=day, records=count)
        fired.append(alert_id)
    quarantined = deps.quarantine.count_for_day(day) if deps.quarantine else 0
    if quarantined:
        alert_id = f"{day}_quarantined-drops"
        # Created once, with the count the first run saw: one ALERT line per day, like the others.
        if deps.rollups.create_alert(alert_id, {"kind": "quarantined-drops", "subject": "drops", "day": day,
                                                "records": quarantined, "createdAt": deps.clock.now()}):
            logs.alert(log, "dropped images quarantined: no drop key binds their prefix to a project",
                       alertId=alert_id, kind="quarantined-drops", day=day, records=quarantined)
        fired.append(alert_id)
    return [a.replace("/", "_") for a in fired]


def rollup_day(deps: RollupDeps, day: str) -> CostRollup:
    t = deps.costs.totals_for_day(day)
    calls = int(t.get("calls", 0))
    pixel_runs = int(t.get("pixelRuns", 0))
    cache_hits = int(t.get("cacheHits", 0))
    fields = dict(
        id=day, day=day,
        extractions=int(t.get("extractions", 0)),
        failures=int(t.get("failures", 0)),
        successes=calls - int(t.get("failures", 0)),
        ai_calls=calls - pixel_runs - cache_hits,
        pixel_runs=pixel_runs,
        cache_hits=cache_hits,
        input_tokens=int(t.get("inputTokens", 0)),
        output_tokens=int(t.get("outputTokens", 0)),
        usd=round(float(t.get("usd", 0.0)), 6),
        saved_usd=round(float(t.get("savedUsd", 0.0)), 6),
        computed_at=deps.clock.now(),
    )
    if deps.rollups is None:
        rollup: CostRollup = CostRollup(**fields)
        deps.costs.save_rollup(rollup)
        return rollup
    dims, source = _dimension_rollups(deps.rollups, day, calls)
    deleted = deps.rollups.replace_dimension_rollups(day, dims)
    kpis = _kpis(deps.rollups, day, t)
    alerts = _alerts(deps, day, fields["usd"], dims)
    counts = {d: sum(1 for r in dims if r.dimension == d) for d in DIMENSIONS}
    rollup = DayRollup(**fields, kpis=kpis, dimensions=counts, alerts=alerts)
    deps.costs.save_rollup(rollup)  # last: its presence means the run finished
    logs.info(log, "day rolled up", day=day, calls=calls, usd=fields["usd"], dimensionsFrom=source,
              staleDeleted=deleted, alerts=len(alerts))
    return rollup


@dataclass(frozen=True)
class UsageDeps:
    rollups: CostRollupRepo
    clock: Clock
    user_daily_usd: float | None = None
    user_monthly_usd: float | None = None


def usage(deps: UsageDeps, uid: str) -> UsageSummary:
    """The caller's spend today and this month (UTC, whatever the caller's time zone), from
    aggregation queries over their own cost records, against the budget caps. Cache hits and savings
    are left out: they would tell the caller another user uploaded the same image."""
    day = utc_day(deps.clock.now())
    month = day[:7]
    today = deps.rollups.usage(uid, day, day)
    mtd = deps.rollups.usage(uid, f"{month}-01", day)
    t_usd, m_usd = round(float(today.get("usd", 0.0)), 6), round(float(mtd.get("usd", 0.0)), 6)
    dcap, mcap = deps.user_daily_usd, deps.user_monthly_usd
    return UsageSummary(
        uid=uid, day=day, month=month, today_usd=t_usd, month_usd=m_usd,
        today_calls=int(today.get("calls", 0)), month_calls=int(mtd.get("calls", 0)),
        # no cache hits / savings: the caller must not learn that someone else asked first
        daily_cap_usd=dcap, monthly_cap_usd=mcap,
        daily_remaining_usd=None if dcap is None else round(max(dcap - t_usd, 0.0), 6),
        monthly_remaining_usd=None if mcap is None else round(max(mcap - m_usd, 0.0), 6),
        over_daily=dcap is not None and t_usd >= dcap, over_monthly=mcap is not None and m_usd >= mcap,
    )
