"""Who may call the task/scheduler handlers: Google-signed OIDC tokens for our own audience, issued
to the expected service accounts. The local stack's relaxed mode comes only from configuration
(`Settings.local`, impossible on Cloud Functions), never from a request header."""
from __future__ import annotations

from collections.abc import Iterable

from shared.domain.errors import Forbidden, Unauthenticated


class OidcTaskAuth:
    def __init__(self, *, relaxed: bool, certs_url: str | None = None) -> None:
        self._relaxed = relaxed
        self._certs_url = certs_url
        self._request = None

    def verify(self, authorization: str | None, *, audience: str, allowed_emails: Iterable[str]) -> str:
        if self._relaxed:
            return "local-stack"
        from google.auth.transport import requests as ga_requests
        from google.oauth2 import id_token

        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Unauthenticated("an OIDC bearer token is required", code="missing_token")
        if self._request is None:
            self._request = ga_requests.Request()
        try:
            kwargs = {"certs_url": self._certs_url} if self._certs_url else {}
            claims = id_token.verify_oauth2_token(token, self._request, audience=audience, **kwargs)
        except ValueError:
            raise Unauthenticated("the OIDC token is not valid", code="invalid_token") from None
        email = claims.get("email")
        if not claims.get("email_verified") or email not in set(allowed_emails):
            raise Forbidden("this identity may not call this endpoint", code="forbidden_caller")
        return email
