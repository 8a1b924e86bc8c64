"""Use case: total a day's cost records into its roll-up document (idempotent: a re-run replaces it)."""
from __future__ import annotations

from dataclasses import dataclass

from shared.domain.models import CostRollup
from shared.domain.ports import Clock, CostRepo


@dataclass(frozen=True)
class RollupDeps:
    costs: CostRepo
    clock: Clock


def rollup_day(deps: RollupDeps, day: str) -> CostRollup:
    t = deps.costs.totals_for_day(day)
    calls = int(t.get("calls", 0))
    pixel_runs = int(t.get("pixelRuns", 0))
    cache_hits = int(t.get("cacheHits", 0))
    rollup = CostRollup(
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
    deps.costs.save_rollup(rollup)
    return rollup
