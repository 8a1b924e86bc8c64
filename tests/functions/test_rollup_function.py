"""cost_rollup through functions-framework: the old contract, one day, a backfill, bad ranges."""
from __future__ import annotations

from datetime import datetime, timezone

from shared.domain.models import CostRecord
from tests.functions.test_http_functions import assert_error


def _seed(fake, day: str, n: int = 2, usd: float = 0.1):
    for i in range(n):
        fake.costs.record(CostRecord(id=f"{day}-{i}", uid="alice", project_id="p", job_id=f"{day}-j{i}",
                                     provider="anthropic", model="claude-haiku-4-5", day=day, usd=usd,
                                     extraction=True))


def test_empty_body_rolls_up_yesterday_and_today(fake, client_for):
    _seed(fake, "2026-11-24")
    _seed(fake, "2026-11-25", 3)
    r = client_for("cost_rollup").post("/", json={})
    assert r.status_code == 200, r.data
    rollups = r.get_json()["rollups"]
    assert [x["day"] for x in rollups] == ["2026-11-24", "2026-11-25"]
    assert [x["extractions"] for x in rollups] == [2, 3]
    assert rollups[1]["dimensions"] == {"user": 1, "model": 1, "provider": 1, "project": 1}
    assert "kpis" in rollups[1] and fake.rollups.docs["2026-11-25_user_alice"]["calls"] == 3


def test_backfill_a_range_and_refuse_bad_ones(fake, client_for):
    fake.clock.t = datetime(2026, 12, 2, 8, 0, tzinfo=timezone.utc)
    _seed(fake, "2026-11-30", usd=0.4)
    c = client_for("cost_rollup")
    r = c.post("/", json={"from": "2026-11-29", "to": "2026-12-01"})
    assert r.status_code == 200, r.data
    assert [(x["day"], x["calls"] if "calls" in x else x["extractions"]) for x in r.get_json()["rollups"]] == [
        ("2026-11-29", 0), ("2026-11-30", 2), ("2026-12-01", 0)]
    assert "2026-11-30_user-daily_alice" in fake.rollups.alerts  # 0.8 USD > the 0.50 default cap
    assert_error(c.post("/", json={"from": "2026-01-01", "to": "2026-12-01"}), 400, "range_too_long")
    assert_error(c.post("/", json={"from": "2026-12-01", "to": "2026-11-01"}), 400, "invalid_range")
    assert_error(c.post("/", json={"from": "2026-12-01"}), 400, "invalid_request")
    assert_error(c.post("/", json={"day": "2026-12-01", "to": "2026-12-01"}), 400, "invalid_request")
    assert_error(c.post("/", json={"day": "2026-13-45"}), 400, "invalid_request")
    assert_error(c.get("/"), 405, "method_not_allowed")


def test_task_caller_is_required(fake, client_for):
    from shared.domain.errors import Unauthenticated

    class Refuse:
        def verify(self, authorization, *, audience, allowed_emails):
            raise Unauthenticated("no OIDC token", code="invalid_task_token")

    fake.task_auth = Refuse()
    assert_error(client_for("cost_rollup").post("/", json={}), 401, "invalid_task_token")
    assert fake.rollups.docs == {}
