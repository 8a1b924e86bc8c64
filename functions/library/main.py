"""library (HTTPS, Firebase ID token): the owner edits a project's library.

Resource paths under the function's URL, one verb each (Google API design guide style):

    PATCH  /projects/{projectId}/tokens/{tokenId}      {"name": "Ocean Blue"}            → 200 {"token"}
    PATCH  /projects/{projectId}/settings              {"driftTolerance": 3 | null}      → 200 {"project"}
    PATCH  /projects/{projectId}/roles                 {"assignments": {tokenId: role|null}} → 200 {"changed"}
           (in the `role` naming style, COPYTHAT_COLOR_NAMES, a color's name follows its hand-set role)
    POST   /projects/{projectId}/tokens:batchDelete    {"tokenIds": [...]}               → 200 {"deleted"}
    DELETE /projects/{projectId}                                                          → 200 {"deleted": {jobs, tokens}}
    POST   /projects/{projectId}/dropKeys                                                 → 201 {"dropKey"}
    GET    /projects/{projectId}/dropKeys                                                 → 200 {"dropKeys"}
    DELETE /projects/{projectId}/dropKeys/{key}                                           → 200 {"revoked": key}

A drop key (issue 17) is the bucket prefix `drops/{key}/` another system writes images to; each
becomes a job of this project. The server makes keys; `dropKeys` is camelCase like every
collection id in these paths (AIP-122).

Why paths and verbs rather than one `POST {"op": …}`: each request names the resource it changes,
so access logs, metrics and rate limits can tell them apart; PATCH/DELETE say they are idempotent
(a retried rename or project delete is safe), the batch delete is a POST custom method because a
DELETE with a body is dropped by some proxies. A stranger's project and a missing one are both 404.
"""
from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared import http
from shared.bootstrap import container
from shared.domain import ids
from shared.domain.errors import AppError, NotFound
from shared.entry import http_function, serve, signed_in_user
from shared.services import drop_keys
from shared.services import library as svc

# Segments are captured loosely and checked by the shared id rule: a path with an id we would
# never store names no resource (404), whatever the method.
_SEG = r"[^/]+"
ROUTES = (
    ("PATCH", re.compile(rf"^/projects/(?P<project>{_SEG})/tokens/(?P<token>{_SEG})$"), "rename"),
    ("PATCH", re.compile(rf"^/projects/(?P<project>{_SEG})/roles$"), "roles"),
    ("PATCH", re.compile(rf"^/projects/(?P<project>{_SEG})/settings$"), "settings"),
    ("POST", re.compile(rf"^/projects/(?P<project>{_SEG})/tokens:batchDelete$"), "delete_tokens"),
    ("DELETE", re.compile(rf"^/projects/(?P<project>{_SEG})$"), "delete_project"),
    ("POST", re.compile(rf"^/projects/(?P<project>{_SEG})/dropKeys$"), "create_drop_key"),
    ("GET", re.compile(rf"^/projects/(?P<project>{_SEG})/dropKeys$"), "list_drop_keys"),
    ("DELETE", re.compile(rf"^/projects/(?P<project>{_SEG})/dropKeys/(?P<key>{_SEG})$"), "revoke_drop_key"),
)
_ID_RULES = {"project": ids.is_id, "token": ids.is_token_id, "key": ids.is_id}
MAX_BODY = 32 * 1024


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RenameBody(_Body):
    name: str = Field(min_length=1, max_length=svc.MAX_NAME * 2)  # collapsed and re-checked by the service


Role = Annotated[str, StringConstraints(max_length=32)]


class RolesBody(_Body):
    assignments: dict[ids.TokenId, Role | None] = Field(min_length=1, max_length=svc.MAX_ASSIGNMENTS)


class SettingsBody(_Body):
    # The ΔE2000 a check holds colors to (issue 19); null restores the default, 2.0.
    driftTolerance: float | None = Field(gt=0, le=50)


class DeleteTokensBody(_Body):
    tokenIds: list[ids.TokenId] = Field(min_length=1, max_length=svc.MAX_DELETE)


def _route(request):
    path = "/" + request.path.strip("/")
    allowed = []
    for method, pattern, name in ROUTES:
        m = pattern.match(path)
        if m and all(_ID_RULES[k](v) for k, v in m.groupdict().items()):
            allowed.append(method)
            if request.method == method:
                return name, m.groupdict()
    if allowed:
        raise AppError(f"use {', '.join(allowed)} on this path", code="method_not_allowed", status=405)
    raise NotFound("no such resource", code="route_not_found")


def _handle(request):
    c = container()
    # Counted before routing, like every attempt: an unknown path costs the caller a slot too.
    uid = signed_in_user(request, "library")
    op, names = _route(request)
    project = names["project"]
    if op.endswith("drop_key") or op.endswith("drop_keys"):
        return _drop_keys(c, uid, op, project, names.get("key"))
    deps = svc.LibraryDeps(projects=c.projects, library=c.library, clock=c.clock, objects=c.objects,
                           bucket=c.settings.uploads_bucket, drop_keys=c.drop_keys, tokens=c.tokens,
                           color_names=c.settings.color_names)
    if op == "rename":
        body = http.parse_json(request, RenameBody, max_bytes=MAX_BODY)
        token = svc.rename(deps, uid, project, names["token"], body.name)
        return http.json_response({"token": token.doc()})
    if op == "roles":
        body = http.parse_json(request, RolesBody, max_bytes=MAX_BODY)
        changed = svc.assign_roles(deps, uid, project, body.assignments)
        return http.json_response({"changed": [{"id": t.id, "role": t.role, "name": t.name,
                                                "roleLocked": bool(t.enrichment.get("roleLocked"))}
                                               for t in changed]})
    if op == "settings":
        body = http.parse_json(request, SettingsBody, max_bytes=MAX_BODY)
        project = svc.set_settings(deps, uid, project, body.model_dump())
        return http.json_response({"project": {"id": project.id, "driftTolerance": project.drift_tolerance}})
    if op == "delete_tokens":
        body = http.parse_json(request, DeleteTokensBody, max_bytes=MAX_BODY)
        return http.json_response({"deleted": svc.delete_tokens(deps, uid, project, body.tokenIds)})
    counts = svc.delete_project(deps, uid, project)
    return http.json_response({"deleted": counts})


def _drop_keys(c, uid: str, op: str, project: str, key: str | None):
    deps = drop_keys.DropKeyDeps(projects=c.projects, drop_keys=c.drop_keys, clock=c.clock)
    if op == "create_drop_key":
        return http.json_response({"dropKey": drop_keys.view(drop_keys.create(deps, uid, project))}, 201)
    if op == "list_drop_keys":
        return http.json_response({"dropKeys": [drop_keys.view(k) for k in drop_keys.list_keys(deps, uid, project)]})
    drop_keys.revoke(deps, uid, project, key)
    return http.json_response({"revoked": key})


@http_function
def library(request):
    return serve(request, _handle, methods=("GET", "PATCH", "POST", "DELETE"))
