"""Firebase ID-token verification (the web app's users), in two steps.

`verify_signature` checks the token offline (signature against Google's cached certificates,
audience, issuer, expiry): no Auth quota spent. `check_revoked` asks Firebase Auth whether the
account is disabled or its tokens were revoked after this one was issued; the entry point calls it
only after the request has been counted against the caller's rate limit, so a caller over the limit
never spends the project's Auth quota. Its answer (the account's `tokensValidAfter` and `disabled`)
is cached per uid for `revocation_cache_s`: a revocation takes effect within that time.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from shared.domain.errors import Unauthenticated, Unavailable

CLOCK_SKEW_S = 5
MAX_TOKEN_CHARS = 8192  # Firebase ID tokens are ~1 KiB; anything far larger is refused unparsed
MAX_CACHED_UIDS = 10_000  # ~100 bytes each; a burst of distinct uids clears the cache, never grows it


@dataclass(frozen=True)
class Caller:
    uid: str
    issued_at: float  # the token's iat (s): a revocation after it revokes this token
    email_verified: bool = False  # the token's email_verified claim (true only when exactly True)


class FirebaseIdentity:
    def __init__(self, project_id: str, check_revoked: bool, *, revocation_cache_s: float = 60.0,
                 monotonic=time.monotonic) -> None:
        self._project_id = project_id
        self._check_revoked = check_revoked
        self._cache_s = revocation_cache_s
        self._monotonic = monotonic
        self._accounts: dict[str, tuple[float, float, bool]] = {}  # uid → (fetched at, valid after s, disabled)
        self._created: dict[str, int | None] = {}  # uid → account creation (ms since the epoch)
        self._app = None
        self._lock = threading.Lock()

    def _firebase(self):
        if self._app is None:
            with self._lock:
                if self._app is None:
                    import firebase_admin

                    name = "copythat-auth"
                    try:
                        self._app = firebase_admin.get_app(name)
                    except ValueError:
                        self._app = firebase_admin.initialize_app(options={"projectId": self._project_id}, name=name)
        return self._app

    def verify(self, bearer_token: str) -> str:
        """Both steps at once (callers that count nothing in between)."""
        caller = self.verify_signature(bearer_token)
        self.check_revoked(caller)
        return caller.uid

    def verify_signature(self, bearer_token: str) -> Caller:
        from firebase_admin import auth

        if not bearer_token or len(bearer_token) > MAX_TOKEN_CHARS:
            raise Unauthenticated("the ID token is not valid", code="invalid_token")

        app = self._firebase()
        try:
            claims = auth.verify_id_token(bearer_token, app=app, check_revoked=False)
        except auth.ExpiredIdTokenError:
            raise Unauthenticated("the ID token has expired", code="token_expired") from None
        except auth.CertificateFetchError:
            raise Unavailable("could not fetch the token-signing certificates", code="auth_unavailable") from None
        except (auth.InvalidIdTokenError, ValueError, TypeError):
            raise Unauthenticated("the ID token is not valid", code="invalid_token") from None
        # The Admin SDK checks exp/iat only on signed tokens; in emulator mode it skips them. Checking
        # here too costs nothing in production and keeps the local stack honest.
        if not isinstance(claims, dict):
            raise Unauthenticated("the ID token is not valid", code="invalid_token")
        now = time.time()
        exp, iat = claims.get("exp"), claims.get("iat")
        if not isinstance(exp, (int, float)) or exp + CLOCK_SKEW_S < now:
            raise Unauthenticated("the ID token has expired", code="token_expired")
        if not isinstance(iat, (int, float)) or iat - CLOCK_SKEW_S > now:
            raise Unauthenticated("the ID token is not valid", code="invalid_token")
        uid = claims.get("uid")
        if not isinstance(uid, str) or not uid:
            raise Unauthenticated("the ID token is not valid", code="invalid_token")
        return Caller(uid, float(iat), claims.get("email_verified") is True)

    def check_revoked(self, caller: Caller) -> None:
        if not self._check_revoked:
            return
        valid_after_s, disabled = self._account(caller.uid)
        if disabled:
            raise Unauthenticated("the user is disabled", code="user_disabled")
        if caller.issued_at < valid_after_s:  # the Admin SDK's own rule: iat (s) < tokensValidAfter
            raise Unauthenticated("the ID token has been revoked", code="token_revoked")

    def created_at(self, caller: Caller) -> datetime | None:
        """When the account was created (Firebase Auth's user metadata; the revocation lookup's cache)."""
        self._account(caller.uid)
        created_ms = self._created.get(caller.uid)
        return datetime.fromtimestamp(created_ms / 1000.0, timezone.utc) if created_ms else None

    def verify_app_check(self, token: str) -> bool:
        """A Firebase App Check token for this project (firebase_admin.app_check: signature against the
        App Check JWKS, audience, issuer, expiry). Invalid → False; the service being down → 503."""
        from firebase_admin import app_check
        from jwt.exceptions import PyJWKClientConnectionError, PyJWTError

        if not token or len(token) > MAX_TOKEN_CHARS:
            return False
        try:
            app_check.verify_token(token, app=self._firebase())
        except PyJWKClientConnectionError as exc:  # the keys could not be fetched: retryable, never a pass
            raise Unavailable("could not check the App Check token", code="auth_unavailable") from exc
        except (ValueError, PyJWTError):  # malformed, forged (unknown key), expired, another project's
            return False
        return True

    def _account(self, uid: str) -> tuple[float, bool]:
        now = self._monotonic()
        hit = self._accounts.get(uid)
        if hit is not None and now - hit[0] < self._cache_s:
            return hit[1], hit[2]
        from firebase_admin import auth
        from firebase_admin import exceptions as fb_exc

        try:
            user = auth.get_user(uid, app=self._firebase())
        except auth.UserNotFoundError:
            raise Unauthenticated("the user no longer exists", code="user_not_found") from None
        except (fb_exc.FirebaseError, ValueError):  # the Auth backend failed: worth a retry, never cached
            raise Unavailable("could not check the ID token", code="auth_unavailable") from None
        entry = (now, (user.tokens_valid_after_timestamp or 0) / 1000.0, bool(user.disabled))
        created = getattr(getattr(user, "user_metadata", None), "creation_timestamp", None)
        with self._lock:
            if len(self._accounts) >= MAX_CACHED_UIDS:
                self._accounts.clear()
                self._created.clear()
            if self._cache_s > 0:
                self._accounts[uid] = entry
            self._created[uid] = created  # never changes: kept as long as the cache keeps the uid
        return entry[1], entry[2]
