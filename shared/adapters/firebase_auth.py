"""Firebase ID-token verification (the web app's users)."""
from __future__ import annotations

import threading
import time

from shared.domain.errors import Unauthenticated, Unavailable


CLOCK_SKEW_S = 5
MAX_TOKEN_CHARS = 8192  # Firebase ID tokens are ~1 KiB; anything far larger is refused unparsed


class FirebaseIdentity:
    def __init__(self, project_id: str, check_revoked: bool) -> None:
        self._project_id = project_id
        self._check_revoked = check_revoked
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
        from firebase_admin import auth
        from firebase_admin import exceptions as fb_exc

        if not bearer_token or len(bearer_token) > MAX_TOKEN_CHARS:
            raise Unauthenticated("the ID token is not valid", code="invalid_token")

        app = self._firebase()
        try:
            claims = auth.verify_id_token(bearer_token, app=app, check_revoked=self._check_revoked)
        except auth.RevokedIdTokenError:
            raise Unauthenticated("the ID token has been revoked", code="token_revoked") from None
        except auth.ExpiredIdTokenError:
            raise Unauthenticated("the ID token has expired", code="token_expired") from None
        except auth.UserDisabledError:
            raise Unauthenticated("the user is disabled", code="user_disabled") from None
        except auth.CertificateFetchError:
            raise Unavailable("could not fetch the token-signing certificates", code="auth_unavailable") from None
        except auth.UserNotFoundError:  # revocation check on a deleted account
            raise Unauthenticated("the user no longer exists", code="user_not_found") from None
        except (auth.InvalidIdTokenError, ValueError, TypeError):
            raise Unauthenticated("the ID token is not valid", code="invalid_token") from None
        except fb_exc.FirebaseError:  # the Auth backend failed (revocation lookup): worth a retry
            raise Unavailable("could not check the ID token", code="auth_unavailable") from None
        # The Admin SDK checks exp/iat only on signed tokens; in emulator mode it skips them. Checking
        # here too costs nothing in production and keeps the local stack honest.
        now = time.time()
        exp, iat = claims.get("exp"), claims.get("iat")
        if not isinstance(exp, (int, float)) or exp + CLOCK_SKEW_S < now:
            raise Unauthenticated("the ID token has expired", code="token_expired")
        if not isinstance(iat, (int, float)) or iat - CLOCK_SKEW_S > now:
            raise Unauthenticated("the ID token is not valid", code="invalid_token")
        uid = claims.get("uid") if isinstance(claims, dict) else None
        if not isinstance(uid, str) or not uid:
            raise Unauthenticated("the ID token is not valid", code="invalid_token")
        return uid
