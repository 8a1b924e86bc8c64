"""The library while a merge is planned: tokens by id, the names and ids taken, what was created.

Shared by the per-type merge rules (`colors`, `typography`), so ids and names stay unique across
every type of one library.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from shared.domain.tokens import Token, TokenType

ROLE_LOCK_KEY = "roleLocked"  # the user set `role` by hand: role assignment never changes it
NAME_LOCK_KEY = "nameLocked"  # the user renamed the token: derived names never change it
ID_PREFIX = {
    TokenType.COLOR: "col_",
    TokenType.DIMENSION: "dim_",
    TokenType.NUMBER: "num_",
    TokenType.FONT_FAMILY: "fam_",
    TokenType.FONT_WEIGHT: "fwt_",
    TokenType.TYPOGRAPHY: "typ_",
    TokenType.SHADOW: "shd_",
}


def token_id(project_id: str, kind: TokenType, key: str, taken: Iterable[str] = ()) -> str:
    """Deterministic id from project + type + the value's key (a color's hex); re-salted while the
    id is used by another token. Color ids keep the seed they had before tokens were typed."""
    taken = set(taken)
    base = f"{project_id}\n{key}" if kind is TokenType.COLOR else f"{project_id}\n{kind.value}\n{key}"
    n = 0
    while True:
        seed = base + (f"\n{n}" if n else "")
        cand = ID_PREFIX[kind] + hashlib.sha256(seed.encode()).hexdigest()[:20]
        if cand not in taken:
            return cand
        n += 1


def add_unique(items: list[str], value: str | None) -> list[str]:
    return items if not value or value in items else [*items, value]


def colors_of(tokens: Iterable[Token]) -> list[Token]:
    return [t for t in tokens if t.type is TokenType.COLOR]


def of_type(tokens: Iterable[Token], kind: TokenType) -> list[Token]:
    return [t for t in tokens if t.type is kind]


@dataclass
class Draft:
    project_id: str
    tokens: dict[str, Token]
    names: set[str] = field(default_factory=set)
    created: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, project_id: str, existing: Iterable[Token]) -> "Draft":
        tokens = {t.id: t for t in existing}
        return cls(project_id, tokens, {t.name for t in tokens.values()})

    def new_id(self, kind: TokenType, key: str) -> str:
        return token_id(self.project_id, kind, key, self.tokens.keys())

    def take_name(self, name: str) -> str:
        """`name`, or `name 2`, `name 3`… when another token has it (names are unique, ignoring case)."""
        folded = {n.casefold() for n in self.names}
        cand, n = name, 1
        while cand.casefold() in folded:
            n += 1
            cand = f"{name} {n}"
        self.names.add(cand)
        return cand

    def create(self, token: Token) -> Token:
        self.tokens[token.id] = token
        self.created.append(token.id)
        return token
