"""The rate-limit counter id at its edge: the uid's part is the first 128 bits of its SHA-256, as the
module promises (`{sha256(uid)[:32]}` — 32 hex digits of 4 bits each), no more and no fewer."""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone

import pytest

from shared.security.rate_limit import Window, counter_id, window_start

NOW = datetime(2026, 11, 25, 12, 0, 45, tzinfo=timezone.utc)


@pytest.mark.parametrize("uid", ["alice", "ünï", ""])
def test_the_uid_part_is_the_first_128_bits_of_its_sha256(uid):
    cid = counter_id(uid, "upload", Window(10, 60), NOW)
    digest, rest = cid.split("_", 1)
    assert len(digest) * 4 == 128 and int(digest, 16) == int.from_bytes(hashlib.sha256(uid.encode()).digest()[:16], "big")
    assert rest == f"upload_60s-{window_start(NOW, 60)}"
