"""The pure part of the in-flight cap (shared/security/in_flight.py): which slots still hold a job in
flight, and the refusal an upload past the cap gets (429 too_many_jobs_in_flight, Retry-After 30 s).
The transaction itself runs against the Firestore emulator: tests/integration/test_in_flight_firestore.py."""
from __future__ import annotations

from shared.domain.errors import RateLimited
from shared.security.in_flight import still_in_flight, refuse


def test_a_slot_holds_while_its_job_exists_and_is_not_done_or_failed():
    slots = {"a": True, "b": True, "c": True, "d": True, "e": True, "f": True, "g": True}
    statuses = {"a": "awaiting_upload", "b": "queued", "c": "extracting", "d": "enriching",
                "e": "done", "f": "failed", "g": None}  # g: the job is gone
    assert still_in_flight(slots, statuses) == ["a", "b", "c", "d"]
    assert still_in_flight({"h": True}, {}) == []  # a slot whose job was never found is freed
    assert still_in_flight({}, {"a": "queued"}) == []  # a job without a slot is not counted here


def test_the_refusal_is_429_with_its_code_and_a_thirty_second_retry_after():
    err = refuse(20)
    assert isinstance(err, RateLimited)
    assert (err.status, err.code, err.retry_after) == (429, "too_many_jobs_in_flight", 30)
    assert "20 jobs in flight" in str(err)
