"""Issue 17 #1 and #3 on the fakes, each at its edge against the issue's numbers: the dispatch clock
at the extract queue's 0.5 tasks/s (2 s apart), drops counted but never refused, who may spend AI
money (verified e-mail or App Check; new = unverified or younger than 7 days), the new-account share
of the global budget ($0.10 a day of $50) and the alert at 80 % of it ($40)."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import pytest

from shared.config import ConfigError, settings
from shared.domain.errors import Forbidden
from shared.domain.models import CostRecord
from shared.extraction.ai import BudgetExceeded, FixedBudgetLedger, run_extraction
from shared.security.ai_access import PIXELS_ONLY_NOTE, AccountFacts, AiAccess, decide, gate
from shared.security.fair_dispatch import interval_s, next_start
from shared.services import cost_rollup as rollup_svc
from shared.services import ingest as ingest_svc
from tests.fakes.memory import FakeClock, FakeContainer, test_settings
from tests.support import storage_event_data
from tests.unit.ai_helpers import make_deps, req

UTC = timezone.utc
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
QUEUE_RATE = 0.5  # the extract queue's dispatches per second (infra/variables.tf)
NEW_ACCOUNT_DAYS = 7
NEW_ACCOUNT_USD = 0.10  # a new account's AI spend a day: 0.2 % of the $50 global daily budget
ALERT_USD = 40.0  # 80 % of the $50 global daily budget


# --- the dispatch clock ---------------------------------------------------------------------------

def test_one_users_jobs_are_one_queue_interval_apart_and_an_idle_clock_starts_now():
    assert interval_s(QUEUE_RATE) == 2.0
    clock, starts = None, []
    for _ in range(3):
        start, clock = next_start(clock, NOW, interval_s(QUEUE_RATE))
        starts.append((start - NOW).total_seconds())
    assert starts == [0.0, 2.0, 4.0]
    # Once the clock is behind the present, the next job is due now (no credit saved up).
    assert next_start(clock, NOW + timedelta(seconds=60), 2.0)[0] == NOW + timedelta(seconds=60)
    assert next_start(NOW + timedelta(seconds=6), NOW + timedelta(seconds=6), 2.0)[0] == NOW + timedelta(seconds=6)


def _deps(c):
    return ingest_svc.IngestDeps(c.settings, c.projects, c.jobs, c.events, c.queue, c.clock, c.drop_keys,
                                 c.quarantine, c.slots)


def _drop(c, i, project="p-drops", generation=None):
    data = storage_event_data(c.settings.uploads_bucket, f"drops/{project}/img{i}.png", generation or 100 + i,
                              content_type="image/png", size=10)
    return ingest_svc.ingest(_deps(c), f"ev-{project}-{i}", c.clock.now(),
                             ingest_svc.StorageObject.model_validate(data))


def test_drops_past_the_cap_are_queued_spaced_and_a_redelivery_keeps_its_time():
    from shared.domain.models import Project

    c = FakeContainer(settings=test_settings(max_jobs_in_flight=3), clock=FakeClock(NOW))
    from shared.services import drop_keys

    c.projects.create(Project(id="p-drops", owner_uid="alice", name="d", created_at=NOW, updated_at=NOW))
    key = drop_keys.create(drop_keys.DropKeyDeps(c.projects, c.drop_keys, c.clock), "alice", "p-drops").key
    assert [_drop(c, i, project=key) for i in range(5)] == ["queued"] * 5  # over the cap of 3: never refused
    assert c.slots.in_flight("alice") == 5
    due = [t.schedule_at for t in c.queue.tasks]
    assert due[0] is None  # the first is due now
    assert [(d - NOW).total_seconds() for d in due[1:]] == [2.0, 4.0, 6.0, 8.0]
    # The same object's event again, under a new event id (two events for one object): same task, same time.
    data = storage_event_data(c.settings.uploads_bucket, f"drops/{key}/img3.png", 103, content_type="image/png",
                              size=10)
    ingest_svc.ingest(_deps(c), "ev-again", NOW, ingest_svc.StorageObject.model_validate(data))
    assert c.queue.tasks[-1].task_id == c.queue.tasks[3].task_id and c.queue.tasks[-1].schedule_at == due[3]


def test_a_drop_reserves_its_dispatch_time_at_admission_not_in_a_second_step():
    """One transaction on the owner's document per drop: admission reserves the time; ingest does not
    ask the dispatch clock again, neither for a new drop nor for a redelivered one."""
    from shared.domain.models import Project
    from shared.services import drop_keys

    c = FakeContainer(settings=test_settings(), clock=FakeClock(NOW))
    c.projects.create(Project(id="p-drops", owner_uid="alice", name="d", created_at=NOW, updated_at=NOW))
    key = drop_keys.create(drop_keys.DropKeyDeps(c.projects, c.drop_keys, c.clock), "alice", "p-drops").key
    asked = []
    c.slots.dispatch_at = lambda *a: asked.append(a)
    assert [_drop(c, i, project=key) for i in range(2)] == ["queued"] * 2
    data = storage_event_data(c.settings.uploads_bucket, f"drops/{key}/img1.png", 101, content_type="image/png",
                              size=10)
    ingest_svc.ingest(_deps(c), "ev-again", NOW, ingest_svc.StorageObject.model_validate(data))  # redelivered
    assert asked == []
    assert [t.schedule_at for t in c.queue.tasks] == [None, NOW + timedelta(seconds=2), NOW + timedelta(seconds=2)]


# --- who may spend AI money -------------------------------------------------------------------------

@pytest.mark.parametrize("age, new", [(timedelta(days=NEW_ACCOUNT_DAYS) - timedelta(seconds=1), True),
                                      (timedelta(days=NEW_ACCOUNT_DAYS), False)])
def test_an_account_is_new_until_it_is_seven_days_old(age, new):
    got = decide(AccountFacts(True, False, NOW - age), NOW, requires_verification=True,
                 new_account_days=NEW_ACCOUNT_DAYS)
    assert got == AiAccess(allowed=True, new_account=new)


def test_unverified_accounts_are_new_and_need_app_check_when_verification_is_on():
    old = NOW - timedelta(days=365)
    assert decide(AccountFacts(False, False, old), NOW, requires_verification=True,
                  new_account_days=NEW_ACCOUNT_DAYS) == AiAccess(False, True)
    assert decide(AccountFacts(False, True, old), NOW, requires_verification=True,
                  new_account_days=NEW_ACCOUNT_DAYS) == AiAccess(True, True)
    assert decide(AccountFacts(False, False, old), NOW, requires_verification=False,
                  new_account_days=NEW_ACCOUNT_DAYS) == AiAccess(True, True)
    assert gate("optimal", False, AiAccess(False, True)) == ("pixels", [PIXELS_ONLY_NOTE])
    assert gate("pixels", True, AiAccess(False, True)) == ("pixels", [])
    with pytest.raises(Forbidden) as ei:
        gate("quality", True, AiAccess(False, True))
    assert ei.value.code == "verification_required" and ei.value.status == 403


@pytest.fixture
def env(monkeypatch):
    import os

    for name in [n for n in os.environ if n.startswith("COPYTHAT_") or n.endswith("_EMULATOR_HOST")]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("K_SERVICE", raising=False)
    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "demo-prod")
    settings.cache_clear()
    yield monkeypatch
    settings.cache_clear()


def test_verification_is_on_in_production_off_locally_and_can_be_turned_on(env):
    s = settings()
    assert s.ai_needs_verification and s.max_jobs_in_flight == 20 and s.extract_dispatch_per_s == QUEUE_RATE
    assert s.new_account_days == NEW_ACCOUNT_DAYS
    settings.cache_clear()
    env.setenv("COPYTHAT_ENV", "local")
    assert not settings().ai_needs_verification
    settings.cache_clear()
    env.setenv("COPYTHAT_AI_REQUIRES_VERIFICATION", "on")
    assert settings().ai_needs_verification


@pytest.mark.parametrize("var, value", [("COPYTHAT_MAX_JOBS_IN_FLIGHT", "-1"), ("COPYTHAT_MAX_JOBS_IN_FLIGHT", "lots"),
                                        ("COPYTHAT_EXTRACT_DISPATCH_PER_S", "0"),
                                        ("COPYTHAT_AI_REQUIRES_VERIFICATION", "maybe")])
def test_bad_fairness_settings_are_refused_by_name(env, var, value):
    env.setenv(var, value)
    with pytest.raises(ConfigError, match=var):
        settings()


# --- the new-account share of the global budget (#3) ------------------------------------------------

def _estimate(anth, oai, image, palette) -> float:
    with pytest.raises(BudgetExceeded) as ei:
        run_extraction(image, palette, req("probe", strategy="cost", require_ai=True),
                       make_deps(anth, oai, user_daily_usd=0.0))
    anth.reset()
    oai.reset()
    return ei.value.details["estimate_usd"]


@pytest.mark.parametrize("over", [False, True])
def test_a_new_account_spends_at_most_its_share_of_the_global_budget(anth, oai, image, palette, over):
    est = _estimate(anth, oai, image, palette)
    spent = NEW_ACCOUNT_USD - est + (1e-6 if over else -1e-6)  # just outside / just inside
    new = run_extraction(image, palette, req("new", strategy="cost", new_account=True),
                         make_deps(anth, oai, budget=FixedBudgetLedger(today=spent, month=spent, global_today=spent)))
    assert new.budget_limited is over and (new.provider == "pixels") is over
    if over:
        assert any("new-account daily" in n for n in new.notes)
    # The same spend is well within an established account's own cap ($0.50).
    anth.reset()
    old = run_extraction(image, palette, req("old", strategy="cost"),
                         make_deps(anth, oai, budget=FixedBudgetLedger(today=spent, month=spent, global_today=spent)))
    assert not old.budget_limited and old.provider != "pixels"


# --- the alert before the global fuse blows (#3) ------------------------------------------------------

def _rollup_deps(c):
    from shared.extraction.ai import AiConfig

    ai = AiConfig()
    return rollup_svc.RollupDeps(costs=c.costs, clock=c.clock, rollups=c.rollups,
                                 global_daily_usd=ai.global_daily_usd, global_alert_share=ai.global_alert_share)


def test_the_global_budget_alert_fires_at_80_percent_once_a_day(caplog):
    caplog.set_level(logging.INFO)
    c = FakeContainer(clock=FakeClock(NOW))

    def spend(rid, usd):
        c.costs.record(CostRecord(id=rid, uid="u-" + rid, project_id="p", job_id=rid, provider="anthropic",
                                  model="claude-haiku-5-5", day="2026-12-07", usd=usd, created_at=NOW))

    spend("a", ALERT_USD - 0.01)
    assert "2026-12-07_global-budget" not in rollup_svc.rollup_day(_rollup_deps(c), "2026-12-07").alerts
    spend("b", 0.01)
    first = rollup_svc.rollup_day(_rollup_deps(c), "2026-12-07")
    assert "2026-12-07_global-budget" in first.alerts
    assert c.rollups.alerts["2026-12-07_global-budget"]["thresholdUsd"] == ALERT_USD
    spend("c", 5.0)
    assert "2026-12-07_global-budget" in rollup_svc.rollup_day(_rollup_deps(c), "2026-12-07").alerts
    fired = [r for r in caplog.records if getattr(r, "alert", False) and "global-budget" in r.getMessage()]
    assert len(fired) == 1  # once a day, however often the roll-up runs


def test_without_an_access_check_a_job_keeps_its_strategy_and_is_not_a_new_accounts():
    """The services' default (the local stack, checks): everyone may spend AI money and nobody is
    capped as a new account — the job keeps `optimal`, has no note, and is not marked new."""
    from shared.security.ai_access import EVERYONE
    from shared.services import upload as upload_svc
    from tests.support import ui_png

    assert EVERYONE == AiAccess(allowed=True, new_account=False)
    c = FakeContainer(clock=FakeClock(NOW))
    deps = upload_svc.UploadDeps(c.settings, c.projects, c.jobs, c.objects, c.clock, c.slots)
    res = upload_svc.upload_inline(deps, "a", upload_svc.JobOptions(createProject=True, strategy="optimal"), ui_png())
    job = c.jobs.get(res["jobId"])
    assert (job.strategy, job.notes, job.new_account) == ("optimal", [], False)
