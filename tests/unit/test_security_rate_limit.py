"""The rate-limit rules without any server: windows, counter ids, decisions, the in-memory limiter
under 50 threads."""
from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest

from shared.domain.errors import RateLimited
from shared.security.rate_limit import Window, counter_id, decide, enforce, window_start, windows_for
from tests.fakes.memory import MemoryRateLimiter
from tests.fakes.memory import test_settings as make_settings

NOW = datetime(2026, 11, 25, 12, 0, 45, tzinfo=timezone.utc)


def test_windows_are_fixed_and_aligned():
    assert window_start(NOW, 60) % 60 == 0 and int(NOW.timestamp()) - window_start(NOW, 60) == 45
    assert window_start(NOW, 3600) % 3600 == 0


@pytest.mark.parametrize("uid", ["../../projects/x", "a/b", "u_upload_60s-1", "x" * 500, "ünï", ""])
def test_counter_ids_cannot_name_other_documents(uid):
    cid = counter_id(uid, "upload", Window(10, 60), NOW)
    assert "/" not in cid and "." not in cid
    assert len(cid) < 200 and cid.endswith(f"_upload_60s-{window_start(NOW, 60)}")
    assert all(ch.isalnum() or ch in "_-~" for ch in cid)


@pytest.mark.parametrize("uids", [("alice.smith", "alice~smith", "alice@smith", "alice/smith", "alice smith"),
                                  ("ü", "ä", "~"), ("x" * 128 + "a", "x" * 128 + "b")])
def test_distinct_uids_never_share_a_counter(uids):
    """Issue 17 item 7: replacing unsafe characters (or truncating) made distinct uids share one counter, so
    one user could spend another's allowance. Counter ids come from a hash of the uid."""
    ids = {counter_id(uid, "upload", Window(10, 60), NOW) for uid in uids}
    assert len(ids) == len(uids)


def test_decide_refuses_when_any_window_is_over_and_says_when_to_retry():
    windows = (Window(10, 60), Window(100, 3600))
    assert decide([10, 50], windows, NOW).allowed
    minute = decide([11, 50], windows, NOW)
    assert not minute.allowed and minute.retry_after_s == 15
    hour = decide([3, 101], windows, NOW)
    assert not hour.allowed and hour.retry_after_s == 3600 - 45


def test_an_allowed_request_has_no_retry_time():
    d = decide([10], (Window(10, 60),), NOW)  # exactly at the limit: allowed
    assert d.allowed and d.retry_after_s == 0 and d.counts == (10,)


def test_with_two_windows_over_the_retry_time_is_the_later_end():
    # Both over at once: the request may come back only when both have reset, i.e. the hour's end.
    both = decide([11, 101], (Window(10, 60), Window(100, 3600)), NOW)
    assert not both.allowed and both.retry_after_s == 3600 - 45


def test_in_a_windows_last_second_the_retry_time_is_one_second():
    last = datetime(2026, 11, 25, 12, 0, 59, tzinfo=timezone.utc)
    assert decide([11], (Window(10, 60),), last).retry_after_s == 1


def test_enforce_refuses_the_request_after_the_limit_and_a_zero_limit_is_off():
    limiter = MemoryRateLimiter()
    enforce(limiter, "u1", "upload", (Window(1, 60),), NOW)  # the first of one allowed
    with pytest.raises(RateLimited) as e:
        enforce(limiter, "u1", "upload", (Window(1, 60),), NOW)
    assert e.value.code == "rate_limited" and e.value.retry_after == 15
    # A limit of 0 switches its window off: never refused, never even counted.
    for _ in range(5):
        enforce(limiter, "u2", "upload", (Window(0, 60),), NOW)
    enforce(limiter, "u3", "upload", (Window(0, 60), Window(1, 3600)), NOW)
    with pytest.raises(RateLimited):
        enforce(limiter, "u3", "upload", (Window(0, 60), Window(1, 3600)), NOW)


def test_a_limit_of_one_is_a_window_not_a_switch():
    assert windows_for(make_settings(rate_export_per_min=1), "export") == (Window(1, 60),)


def test_settings_drive_the_windows_and_zero_switches_one_off():
    s = make_settings()
    assert windows_for(s, "upload") == (Window(10, 60), Window(100, 3600))
    assert windows_for(s, "export") == (Window(60, 60),)
    assert windows_for(s, "library") == (Window(60, 60),) and windows_for(s, "usage") == (Window(60, 60),)
    assert windows_for(make_settings(rate_library_per_min=5, rate_usage_per_min=0), "library") == (Window(5, 60),)
    assert windows_for(make_settings(rate_usage_per_min=0), "usage") == ()
    assert windows_for(make_settings(rate_upload_per_min=0), "upload") == (Window(100, 3600),)
    assert windows_for(s, "unknown") == ()


def test_memory_limiter_is_exact_under_fifty_threads():
    limiter, results = MemoryRateLimiter(), []
    barrier = threading.Barrier(50)

    def one():
        barrier.wait()
        try:
            enforce(limiter, "alice", "upload", (Window(10, 60), Window(100, 3600)), NOW)
            results.append("ok")
        except RateLimited as err:
            results.append(err.retry_after)

    threads = [threading.Thread(target=one) for _ in range(50)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert results.count("ok") == 10 and sorted(set(results) - {"ok"}) == [15]
    enforce(limiter, "bob", "upload", (Window(10, 60),), NOW)  # per user
    enforce(limiter, "alice", "export", (Window(10, 60),), NOW)  # per endpoint


def test_firestore_adapter_fails_closed_with_a_retryable_503():
    from google.api_core import exceptions as gexc

    from shared.adapters.firestore_rate_limit import FirestoreRateLimiter
    from shared.domain.errors import Unavailable

    class Batch:
        def set(self, *a, **k):
            pass

        def commit(self, timeout=None):
            raise gexc.ServiceUnavailable("down")

    class Db:
        def batch(self):
            return Batch()

        def collection(self, name):
            class C:
                def document(self, doc_id):
                    return doc_id
            return C()

    with pytest.raises(Unavailable) as err:
        FirestoreRateLimiter(Db()).hit("alice", "upload", (Window(10, 60),), NOW)
    assert err.value.status == 503 and err.value.code == "rate_limiter_unavailable"
