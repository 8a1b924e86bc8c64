"""Use case: a project's library rendered in a front-end format, for its owner only."""
from __future__ import annotations

from dataclasses import dataclass

from shared.color.library import derive_theme
from shared.domain.errors import NotFound
from shared.domain.ports import Clock, ProjectRepo, TokenRepo
from shared.exporters import Rendered, render
from shared.exporters.bundle import ExportBundle


@dataclass(frozen=True)
class ExportDeps:
    projects: ProjectRepo
    tokens: TokenRepo
    clock: Clock


def owned_project(projects: ProjectRepo, uid: str, project_id: str):
    project = projects.get(project_id)
    if project is None or project.owner_uid != uid:
        # The same answer for "absent" and "not yours": no existence leak.
        raise NotFound("no such project", code="project_not_found")
    return project


def build_bundle(deps: ExportDeps, project) -> ExportBundle:
    tokens = deps.tokens.list(project.id)  # the one query an export makes
    tokens.sort(key=lambda t: (-t.provenance.share, t.id))
    scales, schemes = derive_theme(tokens) if tokens else ({}, {})
    # The library's own update time, not "now": the same library renders the same bytes (stable ETag).
    return ExportBundle(project_id=project.id, project_name=project.name, tokens=tokens, scales=scales,
                        schemes=schemes, generated_at=project.updated_at)


def export(deps: ExportDeps, uid: str, project_id: str, fmt: str) -> tuple[Rendered, str]:
    project = owned_project(deps.projects, uid, project_id)
    rendered = render(fmt, build_bundle(deps, project))
    return rendered, rendered.etag
