"""Use case: a project's library rendered in a front-end format, for its owner only.

The tonal scales and schemes come from the theme stored on the project when the library changed
(`shared.library.theme`): a user's export formats stored values and does not load the color science,
unless the project predates stored themes or its theme is not this library's (then it is computed).
"""
from __future__ import annotations

from dataclasses import dataclass

from shared.library.theme import theme_of
from shared.domain.ports import Clock, ProjectRepo, TokenRepo
from shared.exporters import Rendered, render
from shared.exporters.bundle import ExportBundle
from shared.services.ownership import owned_project  # noqa: F401 — re-exported


@dataclass(frozen=True)
class ExportDeps:
    projects: ProjectRepo
    tokens: TokenRepo
    clock: Clock


def bundle_from_tokens(project_id: str, project_name: str, tokens: list, updated_at=None, theme=None) -> ExportBundle:
    """The library plus what the color science derives from it (scales, AA schemes), most important
    first: `theme` is the project's stored theme (used when it is this library's), else computed.
    `updated_at` is the library's own update time, not "now": the same library renders the same
    bytes (a stable ETag)."""
    tokens = sorted(tokens, key=lambda t: (-t.provenance.share, t.id))
    scales, schemes = theme_of(theme, tokens) if tokens else ({}, {})
    return ExportBundle(project_id=project_id, project_name=project_name, tokens=tokens, scales=scales,
                        schemes=schemes, generated_at=updated_at)


def build_bundle(deps: ExportDeps, project) -> ExportBundle:
    # One query: the project's tokens.
    return bundle_from_tokens(project.id, project.name, deps.tokens.list(project.id), project.updated_at,
                              project.theme)


def export(deps: ExportDeps, uid: str, project_id: str, fmt: str) -> tuple[Rendered, str]:
    project = owned_project(deps.projects, uid, project_id)
    rendered = render(fmt, build_bundle(deps, project))
    return rendered, rendered.etag
