"""Cost roll-ups on the fakes: per-dimension totals, UTC day boundaries, KPIs, alerts once,
idempotent re-runs, a run dying half-way, the marker fallback, and the usage read."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import pytest

from shared.domain.errors import InvalidRequest
from shared.domain.models import CostRecord, ImageSource, Job, JobStatus
from shared.services import cost_rollup as svc
from tests.fakes.memory import FakeClock, FakeContainer

UTC = timezone.utc
AEST = timezone(timedelta(hours=10))


def rec(c, rid, created: datetime, *, uid="alice", provider="anthropic", model="claude-haiku-4-5", project="p1",
        usd=0.0, cached=False, saved=0.0, tin=0, tout=0, extraction=True, success=True):
    # The day is the record's UTC day, as the extract service and the AI runner stamp it.
    c.costs.record(CostRecord(id=rid, uid=uid, project_id=project, job_id=rid, provider=provider, model=model,
                              day=svc.utc_day(created), usd=usd, cached=cached, saved_usd=saved, input_tokens=tin,
                              output_tokens=tout, extraction=extraction, success=success, created_at=created))


def deps(c, **kw):
    base = dict(costs=c.costs, clock=c.clock, rollups=c.rollups, spend_alert_usd=1.0, user_daily_usd=0.5,
                user_monthly_usd=5.0)
    base.update(kw)
    return svc.RollupDeps(**base)


@pytest.fixture
def seeded():
    c = FakeContainer(clock=FakeClock(datetime(2026, 11, 26, 1, 0, tzinfo=UTC)))
    last_second = datetime(2026, 11, 24, 23, 59, 59, tzinfo=UTC)
    midnight = datetime(2026, 11, 25, 0, 0, 0, tzinfo=UTC)
    rec(c, "a1", last_second, usd=0.30, tin=1000, tout=100)  # the 24th
    rec(c, "a2", midnight, usd=0.40, tin=2000, tout=200)  # the 25th
    rec(c, "a3", midnight + timedelta(hours=3), cached=True, saved=0.40)
    rec(c, "a4", midnight + timedelta(hours=4), provider="openai", model="gpt-4.1-mini", usd=0.20, tin=500, tout=50)
    rec(c, "b1", midnight + timedelta(hours=5), uid="bob", project="p2", provider="pixels", model="pixels-v1")
    # 09:30 in UTC+10 on the 26th is 23:30 UTC on the 25th: it counts for the 25th.
    rec(c, "b2", datetime(2026, 11, 26, 9, 30, tzinfo=AEST), uid="bob", project="p2", usd=0.60)
    return c


def test_dimensions_split_the_utc_day_and_add_up(seeded):
    c = seeded
    r = svc.rollup_day(deps(c), "2026-11-25")
    assert r.usd == pytest.approx(1.20) and r.extractions == 5 and r.cache_hits == 1 and r.pixel_runs == 1
    dims = {(d.dimension, d.value): d for d in c.rollups.dimension_rollups("2026-11-25")}
    assert dims[("user", "alice")].calls == 3 and dims[("user", "alice")].usd == pytest.approx(0.60)
    # a user's own roll-up does not say the shared cache answered them (issue 16 #3)
    assert dims[("user", "alice")].cache_hits == 0 and dims[("user", "alice")].saved_usd == 0
    assert dims[("project", "p1")].cache_hits + dims[("project", "p2")].cache_hits == 1  # server-only ones do
    assert dims[("user", "bob")].usd == pytest.approx(0.60)
    assert dims[("model", "claude-haiku-4-5")].calls == 3 and dims[("provider", "openai")].input_tokens == 500
    assert dims[("project", "p2")].calls == 2
    # A user's own roll-ups carry their uid (the Firestore rules let only them read it); others none.
    assert dims[("user", "bob")].uid == "bob" and dims[("model", "claude-haiku-4-5")].uid is None
    for d in svc.DIMENSIONS:
        assert sum(x.calls for (dim, _), x in dims.items() if dim == d) == 5
    assert r.dimensions == {"user": 2, "model": 3, "provider": 3, "project": 2}
    day24 = svc.rollup_day(deps(c), "2026-11-24")
    assert day24.usd == pytest.approx(0.30) and [d.id for d in c.rollups.dimension_rollups("2026-11-24")] == [
        "2026-11-24_model_claude-haiku-4-5", "2026-11-24_project_p1", "2026-11-24_provider_anthropic",
        "2026-11-24_user_alice"]


def test_kpis_from_jobs_finished_that_day(seeded):
    c = seeded
    t0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    for i, (status, secs, ai) in enumerate([("done", 2, {"validationPassed": True, "fellBack": False}),
                                            ("done", 4, {"validationPassed": True, "fellBack": True}),
                                            ("done", 6, {"validationPassed": False, "fellBack": False}),
                                            ("failed", 30, None), ("done", 8, None)]):
        job = Job(id=f"j{i}", owner_uid="alice", project_id="p1", status=JobStatus(status), ai=ai,
                  source=ImageSource(bucket="b", object="o"), created_at=t0, finished_at=t0 + timedelta(seconds=secs))
        c.jobs.create(job)
    c.jobs.create(Job(id="j-next-day", owner_uid="a", project_id="p1", status=JobStatus.DONE,
                      source=ImageSource(bucket="b", object="o"), created_at=datetime(2026, 11, 25, 23, 59, 58, tzinfo=UTC),
                      finished_at=datetime(2026, 11, 26, 0, 0, 1, tzinfo=UTC)))
    k = svc.rollup_day(deps(c), "2026-11-25").kpis
    assert (k.jobs_done, k.jobs_failed, k.extraction_success_rate) == (4, 1, 0.8)
    assert k.cost_per_extraction_usd == pytest.approx(1.20 / 5)
    assert k.cache_hit_rate == pytest.approx(1 / 4)  # 1 hit among 4 non-pixel records
    assert k.validation_pass_rate == pytest.approx(2 / 3) and k.fallback_rate == pytest.approx(1 / 3)
    assert (k.latency_p50_s, k.latency_p95_s) == (6.0, 30.0)
    empty = svc.rollup_day(deps(c), "2026-10-01").kpis
    assert empty.extraction_success_rate is None and empty.latency_p95_s is None


def test_rerun_gives_identical_docs_and_alerts_fire_once(seeded, caplog):
    c = seeded
    caplog.set_level(logging.INFO)
    first = svc.rollup_day(deps(c), "2026-11-25")
    docs, alerts = dict(c.rollups.docs), dict(c.rollups.alerts)
    assert sorted(alerts) == ["2026-11-25_spend_all", "2026-11-25_user-daily_alice", "2026-11-25_user-daily_bob"]
    second = svc.rollup_day(deps(c), "2026-11-25")
    assert c.rollups.docs == docs and c.rollups.alerts == alerts and first == second
    fired = [r for r in caplog.records if getattr(r, "alert", False)]
    assert len(fired) == 3  # not six
    assert first.alerts == second.alerts == sorted(alerts)


def test_monthly_cap_alert_is_keyed_by_month(seeded):
    c = seeded
    svc.rollup_day(deps(c, user_monthly_usd=0.5), "2026-11-25")
    svc.rollup_day(deps(c, user_monthly_usd=0.5), "2026-11-25")
    assert "2026-11_user-monthly_alice" in c.rollups.alerts and "2026-11_user-monthly_bob" in c.rollups.alerts
    assert len([a for a in c.rollups.alerts if "monthly" in a]) == 2


def test_a_run_dying_half_way_then_rerunning_matches_a_clean_run(seeded):
    c = seeded
    c.rollups.fail_after_writes = 3
    with pytest.raises(RuntimeError):
        svc.rollup_day(deps(c), "2026-11-25")
    assert c.costs.get_rollup("2026-11-25") is None  # the day doc is written last
    c.rollups.fail_after_writes = None
    again = svc.rollup_day(deps(c), "2026-11-25")
    clean = FakeContainer(clock=c.clock)
    clean.costs.docs = dict(c.costs.docs)
    clean.costs.rollups = {}
    ref = svc.rollup_day(deps(clean), "2026-11-25")
    assert again == ref and c.rollups.docs == clean.rollups.docs
    assert sorted(c.rollups.alerts) == sorted(clean.rollups.alerts)


def test_stale_dimension_docs_are_deleted(seeded):
    c = seeded
    svc.rollup_day(deps(c), "2026-11-25")
    assert "2026-11-25_user_bob" in c.rollups.docs
    for rid in ("b1", "b2"):
        del c.costs.docs[rid]
    svc.rollup_day(deps(c), "2026-11-25")
    assert "2026-11-25_user_bob" not in c.rollups.docs and "2026-11-25_project_p2" not in c.rollups.docs


def test_missing_markers_fall_back_to_discovery_once(seeded):
    c = seeded
    ref = svc.rollup_day(deps(c), "2026-11-25")
    docs = dict(c.rollups.docs)
    c.rollups.lost_markers = {("user", "bob"), ("model", "gpt-4.1-mini")}
    again = svc.rollup_day(deps(c), "2026-11-25")
    assert c.rollups.discoveries == 1 and again == ref and c.rollups.docs == docs
    svc.rollup_day(deps(c), "2026-11-25")
    assert c.rollups.discoveries == 1  # repaired


def test_original_contract_without_the_rollup_repo(seeded):
    c = seeded
    r = svc.rollup_day(svc.RollupDeps(costs=c.costs, clock=c.clock), "2026-11-25")
    assert type(r).__name__ == "CostRollup" and r.usd == pytest.approx(1.20)


def test_backfill_range_is_checked():
    assert svc.days_between("2026-02-27", "2026-03-02", 10) == ["2026-02-27", "2026-02-28", "2026-03-01",
                                                                 "2026-03-02"]
    for a, b in (("2026-03-02", "2026-03-01"), ("2026-01-01", "2026-12-31"), ("2026-02-30", "2026-03-01")):
        with pytest.raises(InvalidRequest):
            svc.days_between(a, b, 62)


def test_usage_is_the_callers_own_in_utc_days(seeded):
    c = seeded
    # The caller's clock says 09:45 on the 26th in UTC+10: that is still the 25th in UTC.
    c.clock.t = datetime(2026, 11, 26, 9, 45, tzinfo=AEST)
    u = svc.usage(svc.UsageDeps(rollups=c.rollups, clock=c.clock, user_daily_usd=0.5, user_monthly_usd=5.0), "alice")
    assert (u.day, u.month) == ("2026-11-25", "2026-11")
    assert u.today_usd == pytest.approx(0.60) and u.today_calls == 3 and u.today_cache_hits == 0  # not told
    assert u.month_usd == pytest.approx(0.90) and u.month_calls == 4
    assert u.over_daily and u.daily_remaining_usd == 0.0 and u.monthly_remaining_usd == pytest.approx(4.10)
    b = svc.usage(svc.UsageDeps(rollups=c.rollups, clock=c.clock, user_daily_usd=None), "bob")
    assert b.today_usd == pytest.approx(0.60) and b.daily_remaining_usd is None and not b.over_daily


def test_percentiles_are_nearest_rank():
    assert svc._percentile([], 0.5) is None
    assert svc._percentile([7.0], 0.95) == 7.0
    values = [float(i) for i in range(1, 101)]
    assert (svc._percentile(values, 0.50), svc._percentile(values, 0.95)) == (50.0, 95.0)
    assert svc._percentile([3.0, 1.0, 2.0, 10.0], 0.5) == 2.0


def test_day_bounds_are_utc():
    start, end = svc.day_bounds("2026-03-29")  # a DST change day in Europe: still 24 h in UTC
    assert start.isoformat() == "2026-03-29T00:00:00+00:00" and (end - start).total_seconds() == 86400
    assert svc.utc_day(datetime(2026, 3, 29, 0, 30, tzinfo=timezone(timedelta(hours=2)))) == "2026-03-28"
