"""Small helpers the entry points share: registering an HTTP function, building service deps from
the container, the signed-in caller (rate-limited) and guarding the task/scheduler handlers."""
from __future__ import annotations

import flask
import functions_framework

from shared import http
from shared.bootstrap import container
from shared.security import rate_limit


def http_function(func):
    """`@functions_framework.http` for our functions, plus `http.harden_app` on the app that
    functions-framework is creating: create_app executes main.py inside that app's context (under
    `functions-framework --target` and in tests alike), so it is `flask.current_app` here. Imported
    any other way (a plain import), there is no app to harden."""
    if flask.has_app_context():
        http.harden_app(flask.current_app)
    return functions_framework.http(func)


def signed_in_user(request, endpoint: str) -> str:
    return signed_in_caller(request, endpoint).uid


def signed_in_caller(request, endpoint: str):
    """The caller (uid, the token's iat and email_verified) from their Firebase ID token: its signature
    checked offline, then one request counted against `endpoint`'s per-user windows (429 when over),
    and only then the revocation lookup (a Firebase Auth call, cached per uid) — so a caller over the
    limit spends no Auth quota.
    All before any body is read or service called."""
    c = container()
    caller = c.identity.verify_signature(http.bearer_token(request))
    rate_limit.enforce(c.rate_limiter, caller.uid, endpoint, rate_limit.windows_for(c.settings, endpoint),
                       c.clock.now())
    c.identity.check_revoked(caller)
    return caller


APP_CHECK_HEADER = "X-Firebase-AppCheck"


def ai_access(request, caller):
    """May this signed-in caller's job spend AI money, and is theirs a new account
    (shared/security/ai_access.py)? The App Check token is verified only when it decides something."""
    from shared.security.ai_access import AccountFacts, decide

    c = container()
    s = c.settings
    app_check = False
    if s.ai_needs_verification and not caller.email_verified:
        token = request.headers.get(APP_CHECK_HEADER, "")
        app_check = bool(token) and c.identity.verify_app_check(token)
    created = c.identity.created_at(caller) if caller.email_verified else None  # unverified: new anyway
    return decide(AccountFacts(caller.email_verified, app_check, created), c.clock.now(),
                  requires_verification=s.ai_needs_verification, new_account_days=s.new_account_days)


def require_task_caller(request, audience: str, allowed: tuple[str, ...]) -> None:
    c = container()
    c.task_auth.verify(request.headers.get("Authorization"), audience=audience, allowed_emails=allowed)


def serve(request, handler, methods: tuple[str, ...]):
    try:
        s = container().settings
        origins, project = s.allowed_origins, s.project_id
    except Exception:  # noqa: BLE001 — misconfiguration is still answered in the JSON error shape
        origins, project = (), ""
    return http.serve(request, handler, methods=methods, allowed_origins=origins, project_id=project)
