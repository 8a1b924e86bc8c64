"""The owner's edits of a library that need a rule: roles set by hand, per token type."""
from __future__ import annotations

from collections.abc import Sequence

from shared.color.roles import ROLES
from shared.domain.tokens import Token, TokenType
from shared.domain.typography import TEXT_ROLES
from shared.library.draft import ROLE_LOCK_KEY
from shared.library.typography import FAMILY_ROLES

# The roles each type can hold; the sets are disjoint, so a role names its type.
ROLES_BY_TYPE: dict[TokenType, tuple[str, ...]] = {
    TokenType.COLOR: ROLES,
    TokenType.TYPOGRAPHY: TEXT_ROLES,
    TokenType.FONT_FAMILY: FAMILY_ROLES,
}
ALL_ROLES: tuple[str, ...] = tuple(r for roles in ROLES_BY_TYPE.values() for r in roles)


def reassign_roles(tokens: Sequence[Token], assignments: dict[str, str | None],
                   color_names: str | None = None) -> list[Token]:
    """Apply roles a user set by hand; returns only the tokens that changed, sorted by id.

    An assigned role is locked (`roleLocked`); assigning None clears and unlocks it. A role is
    held by one token: whoever held it before (locked or not) loses it. A role belongs to one token
    type (a color role on a typography token is refused as unknown for that token).
    With `color_names` (the library's naming style), color names follow the new roles as a merge
    would name them: in `role` style the new holder takes the role's name and the previous one its
    family name again; a name set by hand (`nameLocked`) is kept. `tokens` must then be the whole
    library, since names are unique across it.
    """
    by_id = {t.id: t for t in tokens}
    unknown = set(assignments) - set(by_id)
    if unknown:
        raise KeyError(f"unknown token ids: {sorted(unknown)}")
    bad = {r for tid, r in assignments.items() if r is not None and r not in ROLES_BY_TYPE.get(by_id[tid].type, ())}
    if bad:
        raise ValueError(f"unknown roles for these tokens: {sorted(bad)}")
    given = {r for r in assignments.values() if r}
    out: dict[str, Token] = {}
    for t in tokens:
        enrichment = dict(t.enrichment)
        if t.id in assignments:
            role = assignments[t.id]
            enrichment[ROLE_LOCK_KEY] = role is not None
        elif t.role in given:
            role = None
            enrichment[ROLE_LOCK_KEY] = False
        else:
            continue
        updated = t.model_copy(update={"role": role, "enrichment": enrichment})
        if updated != t:
            out[t.id] = updated
    if color_names is not None:
        from shared.library.color_names import name_colors

        for t in name_colors([out.get(t.id, t) for t in tokens], color_names):
            if t != by_id[t.id]:
                out[t.id] = t
    return [out[i] for i in sorted(out)]
