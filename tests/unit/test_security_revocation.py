"""The revocation check (a Firebase Auth lookup) runs apart from the signature check, and its answer is
reused per uid for a short, configured time (issue 17 item 7)."""
from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from firebase_admin import auth
from firebase_admin import exceptions as fb_exc

from shared.adapters.firebase_auth import Caller, FirebaseIdentity
from shared.domain.errors import Unauthenticated, Unavailable


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def world(monkeypatch):
    state = SimpleNamespace(calls=[], valid_after_ms=0, disabled=False, error=None, clock=Clock())

    def get_user(uid, app=None):
        state.calls.append(uid)
        if state.error:
            raise state.error
        return SimpleNamespace(tokens_valid_after_timestamp=state.valid_after_ms, disabled=state.disabled)

    def verify_id_token(token, app=None, check_revoked=False):
        assert check_revoked is False, "the signature check must not call Firebase Auth"
        now = int(time.time())
        return {"uid": token, "iat": now - 100, "exp": now + 3600}

    monkeypatch.setattr(auth, "get_user", get_user)
    monkeypatch.setattr(auth, "verify_id_token", verify_id_token)
    state.make = lambda cache_s=60.0, check=True: _identity(monkeypatch, check, cache_s, state.clock)
    return state


def _identity(monkeypatch, check, cache_s, clock):
    ident = FirebaseIdentity("demo-prod", check_revoked=check, revocation_cache_s=cache_s, monotonic=clock)
    monkeypatch.setattr(ident, "_firebase", lambda: object())
    return ident


def test_the_signature_check_alone_calls_no_auth_backend(world):
    caller = world.make().verify_signature("alice")
    assert caller.uid == "alice" and world.calls == []


def test_the_lookup_is_cached_per_uid_until_the_edge_of_its_time(world):
    ident = world.make(cache_s=60)
    now = time.time()
    for _ in range(3):
        ident.check_revoked(Caller("alice", now))
    assert world.calls == ["alice"]
    ident.check_revoked(Caller("bob", now))
    assert world.calls == ["alice", "bob"]
    world.clock.t += 59.9  # just inside the 60 s
    ident.check_revoked(Caller("alice", now))
    assert world.calls == ["alice", "bob"]
    world.clock.t += 0.1  # at 60 s: asked again
    ident.check_revoked(Caller("alice", now))
    assert world.calls == ["alice", "bob", "alice"]


def test_a_revocation_is_seen_once_the_cache_expires(world):
    ident = world.make(cache_s=60)
    issued = time.time() - 100
    ident.check_revoked(Caller("alice", issued))
    world.valid_after_ms = int((issued + 1) * 1000)  # revoked a second after this token was issued
    ident.check_revoked(Caller("alice", issued))  # still cached
    world.clock.t += 60
    with pytest.raises(Unauthenticated) as err:
        ident.check_revoked(Caller("alice", issued))
    assert err.value.code == "token_revoked"
    ident.check_revoked(Caller("alice", issued + 1))  # a token issued at the revocation second is valid


def test_zero_asks_every_time_and_off_asks_never(world):
    ident = world.make(cache_s=0)
    for _ in range(3):
        ident.check_revoked(Caller("alice", time.time()))
    assert world.calls == ["alice"] * 3
    world.make(check=False).check_revoked(Caller("carol", 0))
    assert world.calls == ["alice"] * 3


@pytest.mark.parametrize(("setup", "status", "code"), [
    (dict(disabled=True), 401, "user_disabled"),
    (dict(error=auth.UserNotFoundError("gone")), 401, "user_not_found"),
    (dict(error=fb_exc.UnavailableError("down")), 503, "auth_unavailable"),
])
def test_lookup_outcomes_map_to_stable_codes_and_failures_are_not_cached(world, setup, status, code):
    for k, v in setup.items():
        setattr(world, k, v)
    ident = world.make()
    for _ in range(2):
        with pytest.raises((Unauthenticated, Unavailable)) as err:
            ident.check_revoked(Caller("alice", time.time()))
        assert (err.value.status, err.value.code) == (status, code)
    expected = 1 if setup.get("disabled") else 2  # a disabled account is an answer; an error is not
    assert len(world.calls) == expected
