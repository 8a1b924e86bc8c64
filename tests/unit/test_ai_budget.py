"""Issue 16 #2: every cent is counted once (the job's own earlier attempts are already in the ledger),
the budget is checked before every attempt (re-asks and retries too), and concurrent jobs of one user
cannot overshoot the cap together (a reservation per attempt, released once its cost is recorded)."""
from __future__ import annotations

import threading

import pytest

from shared.extraction.ai import BudgetExceeded, InMemoryCostSink, InMemoryExtractionCache, run_extraction
from tests.unit.ai_helpers import make_deps, req


def _estimate(anth, oai, image, palette, strategy="cost", **cfg) -> float:
    """The pre-call estimate of the first attempt, as the 402 reports it (a cap of 0 lets nothing through)."""
    with pytest.raises(BudgetExceeded) as ei:
        run_extraction(image, palette, req("probe", strategy=strategy, require_ai=True),
                       make_deps(anth, oai, user_daily_usd=0.0, **cfg))
    anth.reset()
    oai.reset()
    return ei.value.details["estimate_usd"]


def _ledger_deps(anth, oai, ledger: InMemoryCostSink, **cfg):
    deps = make_deps(anth, oai, **cfg)
    deps.costs = ledger
    deps.budget = ledger
    return deps


def test_the_jobs_own_earlier_attempts_are_counted_once(anth, oai, image, palette):
    # Twin run without a cap: what Claude's two invalid attempts cost (S) and OpenAI's answer (A).
    anth.set_mode("schema_violation")
    twin = run_extraction(image, palette, req("twin"), _ledger_deps(anth, oai, InMemoryCostSink()))
    spent = sum(r.usd for r in twin.cost_records if r.provider == "anthropic")
    answer = sum(r.usd for r in twin.cost_records if r.provider == "openai")
    assert twin.provider == "openai" and spent > 0 and answer > 0
    # The cap: the spend, OpenAI's estimate (≤ 2 A) and half the spend again. Counting the
    # job's own attempts twice (ledger + job) refused the fallback here.
    anth.reset()
    oai.reset()
    anth.set_mode("schema_violation")
    ledger = InMemoryCostSink()
    out = run_extraction(image, palette, req("job", require_ai=True),
                         _ledger_deps(anth, oai, ledger, user_daily_usd=spent + 2 * answer + spent / 2))
    assert out.provider == "openai" and not out.budget_limited
    assert ledger.spent_today("u1") == pytest.approx(sum(r.usd for r in out.cost_records))


def test_the_budget_is_checked_before_a_reask(anth, oai, image, palette):
    est = _estimate(anth, oai, image, palette, strategy="cost")
    anth.set_mode("malformed_then_valid")  # the first answer is billed and invalid: a re-ask would follow
    ledger = InMemoryCostSink()
    out = run_extraction(image, palette, req("job", strategy="cost"),
                         _ledger_deps(anth, oai, ledger, user_daily_usd=est * 1.5))
    assert len(anth.requests) == 1  # the re-ask (≈ est more) would pass the cap: never sent
    assert out.provider == "pixels" and out.budget_limited
    assert ledger.spent_today("u1") <= est * 1.5


def test_the_budget_is_checked_before_a_transient_retry(anth, oai, image, palette):
    est = _estimate(anth, oai, image, palette, strategy="cost")
    anth.set_mode("429_then_valid", retry_after="0")
    ledger = InMemoryCostSink()
    # spend just under the cap already: the first attempt fits, and so does the retry (a 429 bills nothing)
    ledger.record(_spent("earlier", 1.0 - est * 1.01))
    out = run_extraction(image, palette, req("job", strategy="cost"), _ledger_deps(anth, oai, ledger, user_daily_usd=1.0))
    assert out.provider == "anthropic" and len(anth.requests) == 2


def _spent(job: str, usd: float):
    from datetime import datetime, timezone

    from shared.domain.models import CostRecord

    return CostRecord(id=f"ai_{job}_x", uid="u1", project_id="p1", job_id=job, provider="anthropic",
                      model="claude-haiku-5-5", day="2026-11-25", usd=usd, success=True,
                      created_at=datetime(2026, 11, 25, tzinfo=timezone.utc))


@pytest.mark.parametrize("room,calls", [(2.95, 2), (3.05, 3)])
def test_concurrent_jobs_of_one_user_cannot_overshoot_the_cap_together(anth, oai, image, palette, room, calls):
    """Eight jobs of one user at once, a cap with room for `room` estimated calls: exactly `calls`
    calls are made (each attempt reserves its estimate before it is sent), not one per job."""
    est = _estimate(anth, oai, image, palette, strategy="cost")
    anth.state.latency_s = 0.3  # every job checks the budget while the others' calls are in flight
    ledger = InMemoryCostSink()
    outs: list = []

    def job(n: int) -> None:
        deps = _ledger_deps(anth, oai, ledger, user_daily_usd=est * room)
        deps.cache = InMemoryExtractionCache()  # no job answers another from the cache
        outs.append(run_extraction(image, palette, req(f"job{n}", strategy="cost"), deps))

    threads = [threading.Thread(target=job, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(anth.requests) + len(oai.requests) == calls
    assert sum(o.provider == "anthropic" for o in outs) == calls and sum(o.budget_limited for o in outs) == 8 - calls
