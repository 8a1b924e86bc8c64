"""Use case: the owner binds bucket prefixes to a project (issue 17).

A drop key is made by the server (`dk_` + 130 random bits) and names the prefix `drops/{key}/`
another system may write to; ingest attaches such an object to the key's project only. Keys are
listed and revoked by the project's owner; a revoked key's later drops are quarantined.
"""
from __future__ import annotations

from dataclasses import dataclass

from shared import logs
from shared.domain.errors import Conflict, NotFound
from shared.domain.ids import new_drop_key
from shared.domain.models import DropKey
from shared.domain.ports import Clock, DropKeyRepo, ProjectRepo
from shared.services.ownership import owned_project

log = logs.get("copythat.drop_keys")

MAX_KEYS = 20  # per project: one per system that drops images, with room to rotate


@dataclass(frozen=True)
class DropKeyDeps:
    projects: ProjectRepo
    drop_keys: DropKeyRepo
    clock: Clock


def view(k: DropKey) -> dict:
    return {"key": k.key, "projectId": k.project_id, "prefix": f"drops/{k.key}/",
            "createdAt": k.created_at.isoformat() if k.created_at else None}


def create(deps: DropKeyDeps, uid: str, project_id: str) -> DropKey:
    owned_project(deps.projects, uid, project_id)
    if len(deps.drop_keys.for_project(project_id)) >= MAX_KEYS:
        raise Conflict(f"a project holds at most {MAX_KEYS} drop keys: revoke one first", code="too_many_drop_keys")
    made = deps.drop_keys.create(DropKey(key=new_drop_key(), project_id=project_id, owner_uid=uid,
                                         created_at=deps.clock.now()))
    logs.info(log, "drop key created", projectId=project_id, keyPrefix=made.key[:7])
    return made


def list_keys(deps: DropKeyDeps, uid: str, project_id: str) -> list[DropKey]:
    owned_project(deps.projects, uid, project_id)
    return sorted(deps.drop_keys.for_project(project_id), key=lambda k: (k.created_at is None, k.created_at, k.key))


def revoke(deps: DropKeyDeps, uid: str, project_id: str, key: str) -> None:
    """Idempotent in effect, but a key that is not this project's (or is gone) is 404, like a stranger's."""
    owned_project(deps.projects, uid, project_id)
    found = deps.drop_keys.get(key)
    if found is None or found.project_id != project_id or found.owner_uid != uid:
        raise NotFound("no such drop key", code="drop_key_not_found")
    deps.drop_keys.delete(key)
    logs.info(log, "drop key revoked", projectId=project_id, keyPrefix=key[:7])
