"""Roll-ups on the emulator: markers written with the records, aggregation queries only (no
record read), day boundaries, identical re-runs, alerts once, a run dying half-way, the fallback
for records without markers, and the usage read."""
from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from google.cloud.firestore_v1.base_query import FieldFilter

from shared.adapters.firestore_repos import FirestoreCosts, FirestoreJobs
from shared.adapters.firestore_rollups import FirestoreRollups
from shared.domain.models import CostRecord, ImageSource, Job, JobStatus
from shared.services import cost_rollup as svc
from tests.benchmarks.enrich_io_benchmark import FirestoreCounter
from tests.fakes.memory import FakeClock

UTC = timezone.utc


@pytest.fixture(scope="module")
def counted(stack):
    from google.cloud import firestore

    client = firestore.Client(project=stack.layout.project)
    return client, FirestoreCounter(client)


@pytest.fixture
def day():
    """A day of its own (far in the future) so other tests' records never mix in."""
    d = datetime(2040 + random.randrange(50), 1, 1, tzinfo=UTC) + timedelta(days=random.randrange(300))
    return d


def _seed(client, d0: datetime, tag: str) -> list[CostRecord]:
    costs = FirestoreCosts(client)
    last_second = d0 - timedelta(seconds=1)
    recs = [
        ("a0", last_second, "alice", "anthropic", "claude-haiku-4-5", 0.30, False, 0.0),  # the day before
        ("a1", d0, "alice", "anthropic", "claude-haiku-4-5", 0.40, False, 0.0),  # 00:00:00 of the day
        ("a2", d0 + timedelta(hours=2), "alice", "anthropic", "claude-haiku-4-5", 0.0, True, 0.40),
        ("a3", d0 + timedelta(hours=3), "alice", "openai", "gpt-4.1-mini", 0.20, False, 0.0),
        ("b1", d0 + timedelta(hours=23, minutes=59, seconds=59), "bob", "pixels", "pixels-v1", 0.0, False, 0.0),
    ]
    out = []
    for rid, at, uid, provider, model, usd, cached, saved in recs:
        r = CostRecord(id=f"{tag}-{rid}", uid=f"{tag}-{uid}", project_id=f"{tag}-p", job_id=rid, provider=provider,
                       model=model, day=svc.utc_day(at), usd=usd, cached=cached, saved_usd=saved,
                       input_tokens=100, output_tokens=10, extraction=True, created_at=at)
        assert costs.record(r) is True
        assert costs.record(r) is False  # a retried step
        out.append(r)
    return out


def _deps(client, clock=None, **kw):
    base = dict(costs=FirestoreCosts(client), clock=clock or FakeClock(), rollups=FirestoreRollups(client),
                spend_alert_usd=0.5, user_daily_usd=0.5, user_monthly_usd=100.0)
    base.update(kw)
    return svc.RollupDeps(**base)


def _docs(client, day: str) -> dict:

    return {s.id: s.to_dict() for s in client.collection("costRollups")
            .where(filter=FieldFilter("day", "==", day)).stream()}


def test_rollup_uses_markers_and_aggregations_only(counted, day):
    client, counter = counted
    tag = uuid.uuid4().hex[:6]
    _seed(client, day, tag)
    d = day.strftime("%Y-%m-%d")
    markers = {s.id for s in client.collection("costDays").document(d).collection("dims").stream()}
    assert markers == {f"user_{tag}-alice", f"user_{tag}-bob", "model_claude-haiku-4-5", "model_gpt-4.1-mini",
                       "model_pixels-v1", "provider_anthropic", "provider_openai", "provider_pixels",
                       f"project_{tag}-p"}
    counter.reset()
    r = svc.rollup_day(_deps(client), d)
    io = counter.snapshot()
    assert r.usd == pytest.approx(0.60) and r.extractions == 4 and r.cache_hits == 1
    # Records are never read: the documents read are the 9 markers and the 9 dimension roll-ups'
    # ids (key-only, to delete stale ones): 18 with 5 records or 5 million.
    assert io["docs_read"] == 9 + 9, io
    assert io["aggregations"] >= 4 + 2 * 9
    docs = _docs(client, d)
    alice = docs[f"{d}_user_{tag}-alice"]
    # a user's own roll-up (theirs to read) does not say the shared cache answered them (issue 16 #3)
    assert (alice["calls"], alice["cacheHits"], alice["inputTokens"]) == (3, 0, 300)
    assert alice["usd"] == pytest.approx(0.60) and alice["savedUsd"] == 0
    assert docs[f"{d}_user_{tag}-bob"]["calls"] == 1  # 23:59:59 is still the day
    prev = (day - timedelta(days=1)).strftime("%Y-%m-%d")
    assert svc.rollup_day(_deps(client), prev).usd == pytest.approx(0.30)


def test_rerun_is_identical_and_alerts_once(counted, day, caplog):
    import logging

    client, _ = counted
    tag = uuid.uuid4().hex[:6]
    _seed(client, day, tag)
    d = day.strftime("%Y-%m-%d")
    caplog.set_level(logging.INFO)
    first = svc.rollup_day(_deps(client), d)
    docs1 = _docs(client, d)
    second = svc.rollup_day(_deps(client), d)
    assert _docs(client, d) == docs1 and first == second
    alerts = {s.id for s in client.collection("alerts").where(filter=FieldFilter("day", "==", d)).stream()}
    assert alerts == {f"{d}_spend_all", f"{d}_user-daily_{tag}-alice"}
    assert len([r for r in caplog.records if getattr(r, "alert", False)]) == 2


def test_a_run_dying_half_way_then_reruns_cleanly(counted, day, monkeypatch):
    client, _ = counted
    tag = uuid.uuid4().hex[:6]
    _seed(client, day, tag)
    d = day.strftime("%Y-%m-%d")
    reference = svc.rollup_day(_deps(client), d)
    docs_ref = _docs(client, d)
    # Wipe and run again, dying after the dimension docs but before the day doc.
    for ref in client.collection("costRollups").where(filter=FieldFilter("day", "==", d)).stream():
        ref.reference.delete()

    def die(*a, **k):
        raise RuntimeError("instance killed")

    rollups = FirestoreRollups(client)
    monkeypatch.setattr(rollups, "job_counts", die)
    with pytest.raises(RuntimeError):
        svc.rollup_day(_deps(client, rollups=rollups), d)
    assert d not in _docs(client, d) and len(_docs(client, d)) == len(docs_ref) - 1
    assert svc.rollup_day(_deps(client), d) == reference and _docs(client, d) == docs_ref


def test_records_without_markers_are_found_and_markers_repaired(counted, day):
    client, counter = counted
    tag = uuid.uuid4().hex[:6]
    _seed(client, day, tag)
    d = day.strftime("%Y-%m-%d")
    # A record written before markers existed (straight into the collection).
    legacy = CostRecord(id=f"{tag}-legacy", uid=f"{tag}-carol", project_id=f"{tag}-p", job_id="l",
                        provider="anthropic", model="claude-haiku-4-5", day=d, usd=0.05, extraction=True)
    client.collection("costRecords").document(legacy.id).create(legacy.doc())
    r = svc.rollup_day(_deps(client), d)
    assert r.dimensions["user"] == 3 and f"{d}_user_{tag}-carol" in _docs(client, d)
    counter.reset()
    svc.rollup_day(_deps(client), d)
    assert counter.snapshot()["docs_read"] == 10 + 10  # repaired markers + rollup ids; no records


def test_kpis_from_the_days_jobs(counted, day):
    client, _ = counted
    d = day.strftime("%Y-%m-%d")
    jobs = FirestoreJobs(client)
    t0 = day + timedelta(hours=12)
    for i, (status, secs, ai) in enumerate([("done", 2, {"validationPassed": True, "fellBack": False}),
                                            ("done", 4, {"validationPassed": False, "fellBack": True}),
                                            ("failed", 10, None)]):
        jobs.create(Job(id=f"kpi-{uuid.uuid4().hex}", owner_uid="u", project_id="p", status=JobStatus(status), ai=ai,
                        source=ImageSource(bucket="b", object="o"), created_at=t0,
                        finished_at=t0 + timedelta(seconds=secs)))
    k = svc.rollup_day(_deps(client), d).kpis
    assert (k.jobs_done, k.jobs_failed, k.validation_pass_rate, k.fallback_rate) == (2, 1, 0.5, 0.5)
    assert (k.latency_p50_s, k.latency_p95_s) == (4.0, 10.0)


def test_usage_reads_the_callers_utc_day_and_month(counted, day):
    client, counter = counted
    tag = uuid.uuid4().hex[:6]
    _seed(client, day, tag)
    # The caller is in UTC+10: 09:00 local on the next day is 23:00 UTC on `day`.
    clock = FakeClock(day.replace(hour=23).astimezone(timezone(timedelta(hours=10))))
    counter.reset()
    u = svc.usage(svc.UsageDeps(rollups=FirestoreRollups(client), clock=clock, user_daily_usd=0.5,
                                user_monthly_usd=5.0), f"{tag}-alice")
    assert u.day == day.strftime("%Y-%m-%d") and u.today_calls == 3 and u.today_usd == pytest.approx(0.60)
    assert u.over_daily and counter.snapshot()["docs_read"] == 0 and counter.snapshot()["aggregations"] == 4
