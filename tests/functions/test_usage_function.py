"""usage through functions-framework: the caller's own spend, in UTC days."""
from __future__ import annotations

from shared.domain.models import CostRecord
from tests.functions.test_http_functions import assert_error


def test_usage_is_owner_only_and_in_utc(fake, client_for):
    for i, (uid, day, usd) in enumerate([("alice", "2026-11-25", 0.2), ("alice", "2026-11-03", 1.0),
                                         ("alice", "2026-10-31", 9.0), ("bob", "2026-11-25", 3.0)]):
        fake.costs.record(CostRecord(id=f"r{i}", uid=uid, project_id="p", job_id=f"j{i}", provider="anthropic",
                                     model="m", day=day, usd=usd, cached=i == 1, saved_usd=0.5 if i == 1 else 0))
    c = client_for("usage")
    r = c.get("/", headers={"Authorization": "Bearer token-alice"})
    assert r.status_code == 200, r.data
    u = r.get_json()["usage"]
    assert u["uid"] == "alice" and u["day"] == "2026-11-25"
    assert (u["todayUsd"], u["monthUsd"], u["todayCalls"], u["monthCalls"]) == (0.2, 1.2, 1, 2)
    assert u["monthCacheHits"] == 0  # another user may have asked first: not the caller's to know (issue 16 #3)
    assert (u["dailyCapUsd"], u["monthlyCapUsd"]) == (0.5, 5.0)
    assert u["dailyRemainingUsd"] == 0.3 and u["monthlyRemainingUsd"] == 3.8 and u["overDaily"] is False
    assert r.headers["Cache-Control"] == "private, no-store"
    assert_error(c.get("/"), 401, "missing_token")
    assert_error(c.get("/", headers={"Authorization": "Bearer nope"}), 401, "invalid_token")
    assert_error(c.post("/", json={}, headers={"Authorization": "Bearer token-alice"}), 405, "method_not_allowed")
    assert c.get("/", headers={"Authorization": "Bearer token-mallory"}).get_json()["usage"]["monthUsd"] == 0


def test_per_user_rate_limit_counts_after_auth_and_before_the_queries(fake, client_for, monkeypatch):
    from shared.services import cost_rollup

    fake.settings = fake.settings.__class__(**{**fake.settings.__dict__, "rate_usage_per_min": 2})
    calls = []
    real = cost_rollup.usage
    monkeypatch.setattr(cost_rollup, "usage", lambda deps, uid: calls.append(uid) or real(deps, uid))
    c = client_for("usage")
    alice = {"Authorization": "Bearer token-alice"}
    assert_error(c.get("/"), 401, "missing_token")
    assert [c.get("/", headers=alice).status_code for _ in range(2)] == [200, 200]
    r = c.get("/", headers=alice)
    assert_error(r, 429, "rate_limited")
    assert 1 <= int(r.headers["Retry-After"]) <= 60 and calls == ["alice", "alice"]
    assert c.get("/", headers={"Authorization": "Bearer token-bob"}).status_code == 200
    fake.clock.advance(seconds=60)
    assert c.get("/", headers=alice).status_code == 200 and calls == ["alice", "alice", "bob", "alice"]
