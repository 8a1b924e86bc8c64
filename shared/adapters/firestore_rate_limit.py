"""Fixed-window rate-limit counters in Firestore: `rateLimits/{sha256(uid)[:32]}_{endpoint}_{window}`.

Why no read-modify-write transaction: every request of a burst touches the same counter document,
and a transaction per request turns a burst into contention (on the emulator each conflict costs
about 2 s; in production the losers retry with backoff). Instead each request sends one commit of
server-side `Increment(1)` transforms — one per window — and reads its own post-increment values
from the commit's `transform_results`. Firestore applies the transforms of concurrent commits one
after the other, so the N requests of a burst receive the distinct counts 1…N: exactly `limit` of
them see a count ≤ limit, with no retry loop and one round trip (50 concurrent requests against
the emulator: ~0.5 s). The windows of one request are written in the same commit, so they move
together.

Counter documents carry `expireAt` (window end + 1 h) for a Firestore TTL policy on the
`rateLimits` collection group.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

from google.api_core import exceptions as gexc
from google.cloud import firestore

from shared.domain.errors import Unavailable
from shared.security.rate_limit import Decision, Window, counter_id, decide, window_start

COLLECTION = "rateLimits"


class FirestoreRateLimiter:
    def __init__(self, db: firestore.Client, *, timeout_s: float = 10.0) -> None:
        self._db = db
        self._timeout_s = timeout_s

    def hit(self, uid: str, endpoint: str, windows: Sequence[Window], now: datetime) -> Decision:
        batch = self._db.batch()
        for w in windows:
            start = window_start(now, w.seconds)
            ref = self._db.collection(COLLECTION).document(counter_id(uid, endpoint, w, now))
            batch.set(ref, {
                "count": firestore.Increment(1), "uid": uid, "endpoint": endpoint, "windowSeconds": w.seconds,
                "limit": w.limit,
                "windowStart": datetime.fromtimestamp(start, timezone.utc),
                "expireAt": datetime.fromtimestamp(start + w.seconds, timezone.utc) + timedelta(hours=1),
            }, merge=True)
        try:
            results = batch.commit(timeout=self._timeout_s)
        except (gexc.GoogleAPICallError, gexc.RetryError) as exc:
            # Fail closed but retryable: the caller gets 503 and may try again.
            raise Unavailable("the rate limiter is unavailable", code="rate_limiter_unavailable") from exc
        counts = [int(r.transform_results[0].integer_value) for r in results]
        return decide(counts, windows, now)
