"""Color token names in one of three styles, unique across the library, stable as it grows.

* `family` (the default): hue family + lightness step, `blue-700`, `slate-900`, `white`
  (`shared.color.family_names`, OKLCH). A front-end team keeps these: they say what the colour is,
  they follow the tonal scales the exports carry, and they depend on the colour alone, so adding
  images never renames a token. Roles live beside them, in the semantic light/dark schemes, where a
  role can move to another colour without renaming anything.
* `role`: the token's role (`primary`, `background`, `text`, …) where one is known, else `family`.
  The role is inferred from evidence across the library, so a token can be renamed when a later
  image moves its role, or when its role is set by hand through `library` (shared/library/edits.py).
* `descriptive`: the evocative nearest name of color-name-list ("Glowing Brake Disc"), given once
  when the token is created and never changed (the behaviour before styles existed).

In every style the evocative name stays in the token's enrichment (`name`), exported as the DTCG
`$description`; a name set through `library` (`nameLocked`) always wins and is never changed.
Collisions are settled without moving names that already fit: a token keeps its current name while
it is still its best free candidate; the others take their first free candidate (the family's finer
step, `gray-650`, then `-2`, `-3`…), most prominent first.
"""
from __future__ import annotations

from collections.abc import Sequence

from shared.color.family_names import family_candidates
from shared.config import COLOR_NAME_STYLES
from shared.domain.tokens import Token
from shared.library.draft import NAME_LOCK_KEY

STYLES = COLOR_NAME_STYLES
DEFAULT_STYLE = STYLES[0]


def _candidates(t: Token, style: str) -> list[str]:
    fam = family_candidates(t.hex)
    return [t.role, *fam] if style == "role" and t.role else fam


def _fit_index(name: str, cands: list[str]) -> int | None:
    """Which candidate `name` is (len(cands) for the first candidate with a -N suffix), or None."""
    if name in cands:
        return cands.index(name)
    head = cands[0] + "-"
    return len(cands) if name.startswith(head) and name[len(head):].isdigit() else None


def name_colors(tokens: Sequence[Token], style: str = DEFAULT_STYLE) -> list[Token]:
    """Color tokens named in `style` (locked names kept); other tokens returned unchanged."""
    if style not in STYLES:
        raise ValueError(f"unknown color naming style {style!r} (one of {', '.join(STYLES)})")
    if style == "descriptive":
        return list(tokens)
    named = [t for t in tokens if t.is_color and not t.enrichment.get(NAME_LOCK_KEY)]
    ids = {t.id for t in named}
    taken = {t.name.casefold() for t in tokens if t.id not in ids}
    cands = {t.id: _candidates(t, style) for t in named}
    order = sorted(named, key=lambda t: (-t.provenance.share, t.id))
    new: dict[str, str] = {}
    # Pass 1: a token already named by its first candidate keeps it.
    for t in order:
        if t.name == cands[t.id][0] and t.name.casefold() not in taken:
            new[t.id] = t.name
            taken.add(t.name.casefold())
    # Pass 2: a later candidate stays while every earlier one is taken (stable as the library grows:
    # a new colour on the same step never moves an older one).
    for t in order:
        at = None if t.id in new else _fit_index(t.name, cands[t.id])
        if at is not None and t.name.casefold() not in taken and all(c.casefold() in taken for c in cands[t.id][:at]):
            new[t.id] = t.name
            taken.add(t.name.casefold())
    # Pass 3: the rest take their first free candidate, then the first free suffix.
    for t in order:
        if t.id in new:
            continue
        name = next((c for c in cands[t.id] if c.casefold() not in taken), None)
        n = 1
        while name is None:
            n += 1
            cand = f"{cands[t.id][0]}-{n}"
            name = cand if cand.casefold() not in taken else None
        new[t.id] = name
        taken.add(name.casefold())
    return [t.model_copy(update={"name": new[t.id]}) if t.id in new and new[t.id] != t.name else t for t in tokens]
