"""Use case: the owner edits a project's library — rename a token, set roles by hand, delete
tokens, delete the project.

Every edit checks ownership first (a stranger and a missing project get the same 404) and then
costs one query or one batched read plus one commit, whatever the size of the library: the
adapter (`LibraryRepo`) does the I/O, the pure functions of `shared.library` decide. An edit that
can change the theme (roles, deletions) then reads the library once more and stores its theme
unless the project holds it already (`refresh_theme`), so exports do not compute it; a rename
cannot change it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shared import logs
from shared.domain import names
from shared.domain.errors import InvalidRequest, NotFound
from shared.domain.models import Project, Token
from shared.domain.ports import Clock, DropKeyRepo, LibraryRepo, ObjectStore, ProjectRepo, TokenRepo
from shared.services.ownership import owned_project  # noqa: F401 — re-exported
from shared.services.paths import project_prefixes

log = logs.get("copythat.library")

MAX_NAME = 64
MAX_ASSIGNMENTS = 200  # changes ≤ assignments + one previous holder per role: far below 500 writes
MAX_DELETE = 400  # + the project's counter: one commit


@dataclass(frozen=True)
class LibraryDeps:
    projects: ProjectRepo
    library: LibraryRepo
    clock: Clock
    objects: ObjectStore  # the uploads bucket: a deleted project's images go with it
    bucket: str
    drop_keys: DropKeyRepo | None = None  # a deleted project's keys go too (None: a store without keys)
    tokens: TokenRepo | None = None  # reads the library to store its theme after an edit (None: not stored)
    color_names: str = "family"  # Settings.color_names: in `role` style a hand-set role renames its token


def refresh_theme(deps: LibraryDeps, project: Project) -> None:
    """Store the theme of the library as it is now, unless the project holds it already. Run after
    every role edit and deletion, changed or not: a retried request whose first try applied the edit
    and failed before this write (at-least-once) finds nothing to change, yet stores the theme.
    Not in the edit's transaction: a concurrent change can leave a theme of another library, which
    exports detect by its key and ignore."""
    if deps.tokens is None:
        return
    # Imported here: the color stack loads only when the theme is computed (stored_theme).
    from shared.library.theme import stored_key, stored_theme, theme_key

    tokens = deps.tokens.list(project.id)
    if stored_key(project.theme) == theme_key(tokens):
        return  # e.g. a typography role, or a retry of an edit whose theme was stored
    try:
        deps.projects.update(project.id, {"theme": stored_theme(tokens)})
    except NotFound:
        pass  # deleted meanwhile: nothing to export


def clean_name(name: str) -> str:
    """Whitespace collapsed (line breaks included); no control characters; 1–64 characters."""
    cleaned = names.clean_name(name, MAX_NAME)
    if cleaned is None:
        raise InvalidRequest(f"a token name is 1–{MAX_NAME} printable characters", code="invalid_name")
    return cleaned


def set_settings(deps: LibraryDeps, uid: str, project_id: str, fields: dict) -> Project:
    """Project settings the owner sets: `driftTolerance` (the ΔE2000 checks hold colors to; null: 2.0)."""
    owned_project(deps.projects, uid, project_id)
    project = deps.projects.update(project_id, {**fields, "updatedAt": deps.clock.now()})
    logs.info(log, "project settings changed", projectId=project_id, fields=sorted(fields))
    return project


def rename(deps: LibraryDeps, uid: str, project_id: str, token_id: str, name: str) -> Token:
    owned_project(deps.projects, uid, project_id)
    token = deps.library.rename(project_id, token_id, clean_name(name), deps.clock.now())
    logs.info(log, "token renamed", projectId=project_id, tokenId=token_id)
    return token


def assign_roles(deps: LibraryDeps, uid: str, project_id: str, assignments: dict[str, str | None]) -> list[Token]:
    """Set (and lock) or clear roles of many tokens in one read and one write; the previous holder
    of an assigned role loses it. Unknown token ids → 404, unknown roles → 400, nothing written."""
    if not assignments:
        raise InvalidRequest("no role assignments given", code="invalid_request")
    if len(assignments) > MAX_ASSIGNMENTS:
        raise InvalidRequest(f"at most {MAX_ASSIGNMENTS} assignments per call", code="too_many_items")
    project = owned_project(deps.projects, uid, project_id)
    # Imported here: the color stack (numpy, coloraide) loads only for the edit that needs it.
    from shared.library.edits import reassign_roles

    # In `role` style names follow roles and are unique across the library, so the whole library is
    # read; in the other styles names do not depend on roles.
    names_follow = deps.color_names == "role"

    def edit(tokens: list[Token]) -> list[Token]:
        try:
            return reassign_roles(tokens, assignments, deps.color_names if names_follow else None)
        except KeyError:
            raise NotFound("no such token in this library", code="token_not_found") from None
        except ValueError:
            raise InvalidRequest("unknown role", code="invalid_role") from None

    if names_follow:
        changed = deps.library.apply(project_id, edit, deps.clock.now())
    else:
        # Only the assigned tokens and the current holders of the assigned roles can change: read
        # those, not the library (reads stay flat as the library grows).
        roles = sorted({r for r in assignments.values() if r})
        changed = deps.library.apply(project_id, edit, deps.clock.now(), token_ids=sorted(assignments), roles=roles)
    refresh_theme(deps, project)
    logs.info(log, "roles assigned", projectId=project_id, assignments=len(assignments), changed=len(changed))
    return changed


def delete_tokens(deps: LibraryDeps, uid: str, project_id: str, token_ids: Sequence[str]) -> list[str]:
    ids = list(dict.fromkeys(token_ids))
    if not ids:
        raise InvalidRequest("no token ids given", code="invalid_request")
    if len(ids) > MAX_DELETE:
        raise InvalidRequest(f"at most {MAX_DELETE} tokens per call", code="too_many_items")
    project = owned_project(deps.projects, uid, project_id)
    deleted = deps.library.delete_tokens(project_id, ids, deps.clock.now())
    refresh_theme(deps, project)
    logs.info(log, "tokens deleted", projectId=project_id, requested=len(ids), deleted=len(deleted))
    return deleted


def delete_project(deps: LibraryDeps, uid: str, project_id: str) -> dict[str, int]:
    """The project's images first (uploads and drops), its drop keys, then its jobs, tokens and document: a retry
    after a crash still finds the project and finishes, and no image outlives it. Exports are made
    from the tokens on every request (no cached copy exists), so they go with the tokens."""
    owned_project(deps.projects, uid, project_id)
    keys = [k.key for k in deps.drop_keys.for_project(project_id)] if deps.drop_keys else []
    images = sum(deps.objects.delete_prefix(deps.bucket, p) for p in project_prefixes(project_id, tuple(keys)))
    for key in keys:  # after the images under them: a retry still knows which prefixes were the project's
        deps.drop_keys.delete(key)
    counts = {**deps.library.delete_project(project_id), "images": images}
    logs.info(log, "project deleted", projectId=project_id, **counts)
    return counts
