"""The one rule for the ids clients and object names carry (projects, jobs, tokens).

They become Firestore document ids, so besides our charset and length they must not match
`__.*__`: Firestore reserves those and refuses them with INVALID_ARGUMENT, which would surface as a
500 (or an ingest event retried until it goes stale) instead of the client's mistake it is.
Our charset already excludes Firestore's other forbidden ids ("." and "..", anything with "/").
"""
from __future__ import annotations

import base64
import re
import secrets
from typing import Annotated

from pydantic import AfterValidator

_RESERVED = re.compile(r"__.*__", re.DOTALL)
_ID = re.compile(r"[A-Za-z0-9_-]{3,64}")
# Token ids are made by the library (a hash); requests only name them, so the old lower bound stays.
_TOKEN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _random_b32(chars: int) -> str:
    """`chars` characters of lower-case base32 (5 bits each) from the OS's CSPRNG."""
    raw = secrets.token_bytes((chars * 5 + 7) // 8)
    return base64.b32encode(raw).decode().rstrip("=").lower()[:chars]


def new_project_id() -> str:
    """A project id only the server makes (issue 17): 100 random bits, so nobody can claim a name
    first, guess someone else's, or learn from a refusal which ids exist."""
    return "p_" + _random_b32(20)


def new_drop_key() -> str:
    """A drop key: the `drops/{key}/` prefix a project's owner hands to another system. 130 random
    bits: knowing the key is the permission to add images to that one project."""
    return "dk_" + _random_b32(26)


def is_id(value: str) -> bool:
    """A project or job id we accept: 3–64 of [A-Za-z0-9_-], not Firestore-reserved."""
    return _ID.fullmatch(value) is not None and _RESERVED.fullmatch(value) is None


def is_token_id(value: str) -> bool:
    return _TOKEN_ID.fullmatch(value) is not None and _RESERVED.fullmatch(value) is None


def _checked(rule, what: str):
    def check(value: str) -> str:
        if not rule(value):  # ValueError → pydantic's problem list, never the value itself
            raise ValueError(f"must be {what} letters, digits, '_' or '-', and not of the form __name__")
        return value

    return AfterValidator(check)


Id = Annotated[str, _checked(is_id, "3–64")]
TokenId = Annotated[str, _checked(is_token_id, "1–64")]
