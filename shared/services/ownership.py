"""The one ownership check every web-app use case shares."""
from __future__ import annotations

from shared.domain.errors import NotFound
from shared.domain.models import Project
from shared.domain.ports import ProjectRepo


def owned_project(projects: ProjectRepo, uid: str, project_id: str) -> Project:
    project = projects.get(project_id)
    if project is None or project.owner_uid != uid:
        # The same answer for "absent" and "not yours": no existence leak.
        raise NotFound("no such project", code="project_not_found")
    return project
