"""Who may spend AI money, and from which share of the budget (issue 17).

Accounts cost nothing to create, so an upload may spend AI money only for an account with a verified
e-mail (the ID token's `email_verified` claim) or a request carrying a valid Firebase App Check token
(`X-Firebase-AppCheck`: the request comes from our app on a real device or browser) — when
`Settings.ai_needs_verification` (on in production, off on the local stack unless
COPYTHAT_AI_REQUIRES_VERIFICATION says so). Otherwise the job still runs, pixels only, and its
`notes` say why; a caller who insists (`requireAi: true`) is refused 403 `verification_required`
instead, since pixels-only would break the promise requireAi asks for.

An account that is unverified (App Check only) or younger than `Settings.new_account_days` is a new
account: its AI spend a day is capped at its share of the global daily budget
(`AiConfig.new_account_daily_share`), so many fresh accounts cannot blow the global fuse.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.domain.errors import Forbidden

PIXELS_ONLY_NOTE = ("AI labelling skipped: it needs a verified e-mail address or the app's App Check "
                    "token; the pixels were measured as usual")


@dataclass(frozen=True)
class AccountFacts:
    email_verified: bool
    app_check: bool  # a valid App Check token came with the request
    created_at: datetime | None  # the account's creation (Firebase Auth), None when unknown


@dataclass(frozen=True)
class AiAccess:
    allowed: bool  # may this request's job call an AI provider
    new_account: bool  # capped at the new-account share of the global budget


EVERYONE = AiAccess(allowed=True, new_account=False)  # pixels-only jobs and checks never ask


def decide(facts: AccountFacts, now: datetime, *, requires_verification: bool, new_account_days: int) -> AiAccess:
    allowed = not requires_verification or facts.email_verified or facts.app_check
    young = facts.created_at is None or now - facts.created_at < timedelta(days=new_account_days)
    return AiAccess(allowed=allowed, new_account=not facts.email_verified or young)


def gate(strategy: str, require_ai: bool, access: AiAccess) -> tuple[str, list[str]]:
    """The strategy the job runs with and the notes that say why it changed."""
    if strategy == "pixels" or access.allowed:
        return strategy, []
    if require_ai:
        raise Forbidden("AI labelling needs a verified e-mail address or a valid App Check token",
                        code="verification_required")
    return "pixels", [PIXELS_ONLY_NOTE]
