"""Use case: a project's library rendered in a front-end format, for its owner only."""
from __future__ import annotations

from dataclasses import dataclass

from shared.library.colors import derive_theme
from shared.domain.ports import Clock, ProjectRepo, TokenRepo
from shared.exporters import Rendered, render
from shared.exporters.bundle import ExportBundle
from shared.services.ownership import owned_project  # noqa: F401 — re-exported


@dataclass(frozen=True)
class ExportDeps:
    projects: ProjectRepo
    tokens: TokenRepo
    clock: Clock


def bundle_from_tokens(project_id: str, project_name: str, tokens: list, updated_at=None) -> ExportBundle:
    """The library plus what the color science derives from it (scales, AA schemes), most important
    first. `updated_at` is the library's own update time, not "now": the same library renders the same
    bytes (a stable ETag)."""
    tokens = sorted(tokens, key=lambda t: (-t.provenance.share, t.id))
    scales, schemes = derive_theme(tokens) if tokens else ({}, {})
    return ExportBundle(project_id=project_id, project_name=project_name, tokens=tokens, scales=scales,
                        schemes=schemes, generated_at=updated_at)


def build_bundle(deps: ExportDeps, project) -> ExportBundle:
    # One query: the project's tokens.
    return bundle_from_tokens(project.id, project.name, deps.tokens.list(project.id), project.updated_at)


def export(deps: ExportDeps, uid: str, project_id: str, fmt: str) -> tuple[Rendered, str]:
    project = owned_project(deps.projects, uid, project_id)
    rendered = render(fmt, build_bundle(deps, project))
    return rendered, rendered.etag
