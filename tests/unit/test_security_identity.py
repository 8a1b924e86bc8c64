"""FirebaseIdentity maps every verification outcome to a 401/503 with a stable code, and checks
exp/iat itself (the Admin SDK skips them for emulator tokens)."""
from __future__ import annotations

import time

import pytest
from firebase_admin import auth

from shared.adapters.firebase_auth import FirebaseIdentity
from shared.domain.errors import Unauthenticated, Unavailable


def _identity(monkeypatch, result):
    ident = FirebaseIdentity("demo-prod", check_revoked=True)
    monkeypatch.setattr(ident, "_firebase", lambda: object())

    def fake_verify(token, app=None, check_revoked=False):
        assert check_revoked is False  # revocation is a separate, cached lookup (test_security_revocation.py)
        if isinstance(result, Exception):
            raise result
        return result

    monkeypatch.setattr(auth, "verify_id_token", fake_verify)
    monkeypatch.setattr(auth, "get_user", lambda uid, app=None: type("U", (), {"tokens_valid_after_timestamp": 0,
                                                                               "disabled": False})())
    return ident


def _claims(**kw):
    now = int(time.time())
    return {"uid": "alice", "sub": "alice", "iat": now - 10, "exp": now + 3600, **kw}


def test_valid_claims_give_the_uid(monkeypatch):
    assert _identity(monkeypatch, _claims()).verify("t") == "alice"


@pytest.mark.parametrize("result,status,code", [
    (auth.ExpiredIdTokenError("e", cause=None), 401, "token_expired"),
    (auth.InvalidIdTokenError("i"), 401, "invalid_token"),
    (ValueError("v"), 401, "invalid_token"),
    (auth.CertificateFetchError("c", cause=None), 503, "auth_unavailable"),
    (_claims(exp=int(time.time()) - 60), 401, "token_expired"),
    (_claims(iat=int(time.time()) + 86_400), 401, "invalid_token"),
    (_claims(exp=None), 401, "token_expired"),
    (_claims(uid=""), 401, "invalid_token"),
    ({"exp": int(time.time()) + 86_400, "iat": int(time.time())}, 401, "invalid_token"),  # no uid; far from expiry
])
def test_outcomes_map_to_stable_codes(monkeypatch, result, status, code):
    with pytest.raises((Unauthenticated, Unavailable)) as err:
        _identity(monkeypatch, result).verify("t")
    assert (err.value.status, err.value.code) == (status, code)


@pytest.mark.parametrize("token", ["", "x" * 9000])
def test_empty_or_huge_tokens_are_refused_unparsed(monkeypatch, token):
    with pytest.raises(Unauthenticated):
        _identity(monkeypatch, AssertionError("must not be called")).verify(token)
