"""Who may call the task/scheduler handlers: Google-signed OIDC tokens for our own audience, issued
to the expected service accounts. The local stack's relaxed mode comes only from configuration
(`Settings.local`, impossible on Cloud Functions), never from a request header.

What is checked, in order: a `Bearer` token is present; its signature verifies against Google's
published certificates (RS256 only: `alg: none`, HS256 and
the rest are refused before any certificate fetch); `iat`/`exp` hold; `aud` equals the endpoint's own audience; `iss` is
Google; `email` is verified and one of the allowed service accounts. A bad token is 401, a valid
token of another identity 403, unreachable certificates 503 (Cloud Tasks retries).

`request` (a `google.auth.transport.Request`) and `certs_url` are injectable so tests verify real
RS256 tokens against a local key set.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Iterable

from shared.domain.errors import Forbidden, Unauthenticated, Unavailable

GOOGLE_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
GOOGLE_ISSUERS = ("accounts.google.com", "https://accounts.google.com")


class _CachedCerts:
    """Wraps a transport Request: the certificate document is fetched at most once per `ttl_s`."""

    def __init__(self, request, ttl_s: float) -> None:
        self._request, self._ttl_s = request, ttl_s
        self._cache: dict[str, tuple[float, object]] = {}
        self._lock = threading.Lock()

    def __call__(self, url, method="GET", **kw):
        hit = self._cache.get(url)
        if hit and hit[0] > time.monotonic():
            return hit[1]
        response = self._request(url, method=method, **kw)
        if getattr(response, "status", None) == 200:
            with self._lock:
                self._cache[url] = (time.monotonic() + self._ttl_s, response)
        return response


class OidcTaskAuth:
    def __init__(self, *, relaxed: bool, certs_url: str | None = None, request=None,
                 clock_skew_s: int = 10, certs_ttl_s: float = 300.0) -> None:
        self._relaxed = relaxed
        self._certs_url = certs_url or GOOGLE_CERTS_URL
        self._request = _CachedCerts(request, certs_ttl_s) if request is not None else None
        self._certs_ttl_s = certs_ttl_s
        self._clock_skew_s = clock_skew_s

    def _transport(self):
        if self._request is None:
            from google.auth.transport import requests as ga_requests

            self._request = _CachedCerts(ga_requests.Request(), self._certs_ttl_s)
        return self._request

    def verify(self, authorization: str | None, *, audience: str, allowed_emails: Iterable[str]) -> str:
        if self._relaxed:
            return "local-stack"
        from google.auth import exceptions as ga_exc
        from google.oauth2 import id_token

        scheme, _, token = (authorization or "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise Unauthenticated("an OIDC bearer token is required", code="missing_token")
        allowed = {e for e in allowed_emails if e}
        if not audience or not allowed:
            # A missing audience would make google-auth skip the check: refuse rather than trust.
            raise Unavailable("this endpoint's caller policy is not configured", code="caller_policy_missing")
        try:
            # Cheap structural checks first (no certificate fetch for garbage): Google signs with RS256.
            from google.auth import jwt as ga_jwt

            if ga_jwt.decode_header(token).get("alg") != "RS256":
                raise ValueError("unexpected algorithm")
            claims = id_token.verify_token(token, self._transport(), audience=audience, certs_url=self._certs_url,
                                           clock_skew_in_seconds=self._clock_skew_s)
        except ga_exc.TransportError:
            raise Unavailable("could not fetch the token-signing certificates", code="auth_unavailable") from None
        except (ValueError, TypeError, KeyError, ga_exc.GoogleAuthError):
            raise Unauthenticated("the OIDC token is not valid", code="invalid_token") from None
        except Exception as exc:  # noqa: BLE001 — e.g. PyJWT errors on a JWK-set certs document
            if type(exc).__module__.startswith("jwt"):
                raise Unauthenticated("the OIDC token is not valid", code="invalid_token") from None
            raise
        if claims.get("iss") not in GOOGLE_ISSUERS:
            raise Unauthenticated("the OIDC token is not valid", code="invalid_token")
        email = claims.get("email")
        if claims.get("email_verified") is not True or email not in allowed:
            raise Forbidden("this identity may not call this endpoint", code="forbidden_caller")
        return email
