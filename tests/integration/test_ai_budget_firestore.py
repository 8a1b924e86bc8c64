"""The budget ledger's holds against the Firestore emulator: one user's concurrent attempts are
admitted one transaction at a time, so together they never pass the cap (issue 16 #2)."""
from __future__ import annotations

import threading
import uuid
from datetime import datetime, timezone

import pytest

from shared.adapters.firestore_ai import FirestoreBudgetLedger
from shared.adapters.firestore_repos import FirestoreCosts
from shared.domain.models import CostRecord
from shared.extraction.ai.ports import Caps


class _Clock:
    def now(self):
        return datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def db(stack):
    from google.cloud import firestore

    return firestore.Client(project=stack.layout.project)


@pytest.mark.parametrize("room,admitted", [(2.95, 2), (3.05, 3)])
def test_concurrent_holds_of_one_user_never_pass_the_cap_together(db, room, admitted):
    ledger, uid = FirestoreBudgetLedger(db, _Clock()), f"u-{uuid.uuid4().hex[:8]}"
    results: list[str | None] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        got = ledger.reserve(uid, f"ai_job{n}_anthropic_claude-haiku-5-5_1", 1.0, Caps(user_daily=room))
        with lock:
            results.append(got)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results.count(None) == admitted and results.count("per-user daily") == 6 - admitted


def test_recorded_spend_and_holds_count_once_each_and_a_release_frees_room(db):
    ledger, costs, uid = FirestoreBudgetLedger(db, _Clock()), FirestoreCosts(db), f"u-{uuid.uuid4().hex[:8]}"
    caps = Caps(user_daily=3.5)
    costs.record(CostRecord(id=f"ai_{uid}_a", uid=uid, project_id="p", job_id="j", provider="anthropic",
                            model="claude-haiku-5-5", day="2026-12-07", usd=2.0, created_at=_Clock().now()))
    assert ledger.reserve(uid, "ai_j_anthropic_claude-haiku-5-5_2", 1.0, caps) is None  # 2 + 1 ≤ 3.5
    assert ledger.reserve(uid, "ai_k_openai_gpt-6.1-terra_1", 1.0, caps) == "per-user daily"  # 2 + 1 + 1 > 3.5
    ledger.release(uid, "ai_j_anthropic_claude-haiku-5-5_2")
    assert ledger.reserve(uid, "ai_k_openai_gpt-6.1-terra_1", 1.0, caps) is None
    ledger.release(uid, "no-such-hold")  # harmless
