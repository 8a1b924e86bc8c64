"""The library edit service on the in-memory fakes: ownership, rename clashes, batched role
assignment with locks, token and project deletion."""
from __future__ import annotations

import pytest

from shared.library.draft import NAME_LOCK_KEY, ROLE_LOCK_KEY
from shared.domain.errors import Conflict, InvalidRequest, NotFound
from shared.domain.models import ImageSource, Job, JobStatus, Project, Token
from shared.services import library as svc
from tests.fakes.memory import FakeContainer


def _token(pid: str, i: int, name: str, role: str | None = None, locked: bool = False) -> Token:
    hex_ = f"#{(i * 2654435761) % 0xFFFFFF:06X}"
    return Token(id=f"t{i}", project_id=pid, hex=hex_, name=name, role=role, oklch=[0.5, 0.1, 200.0],
                 enrichment={ROLE_LOCK_KEY: True} if locked else {})


@pytest.fixture
def lib():
    c = FakeContainer()
    c.projects.create(Project(id="p-1", owner_uid="alice", name="P", token_count=3))
    c.tokens.docs["p-1"] = {t.id: t.doc() for t in (_token("p-1", 1, "Ink", "text"), _token("p-1", 2, "Sky", "primary"),
                                                   _token("p-1", 3, "Sand"))}
    c.jobs.create(Job(id="j-1", owner_uid="alice", project_id="p-1", status=JobStatus.DONE,
                      source=ImageSource(bucket="b", object="o")))
    c.jobs.create(Job(id="j-other", owner_uid="bob", project_id="p-2", status=JobStatus.DONE,
                      source=ImageSource(bucket="b", object="o")))
    return c, svc.LibraryDeps(projects=c.projects, library=c.library, clock=c.clock, objects=c.objects,
                              bucket=c.settings.uploads_bucket)


def names(c) -> dict[str, str]:
    return {t.id: t.name for t in c.tokens.list("p-1")}


def test_rename_cleans_the_name_and_refuses_a_clash(lib):
    c, deps = lib
    t = svc.rename(deps, "alice", "p-1", "t3", "  Desert   Sand ")
    assert t.name == "Desert Sand" and names(c)["t3"] == "Desert Sand"
    assert t.enrichment[NAME_LOCK_KEY] is True  # a derived name (spacing sizes …) never replaces it
    with pytest.raises(Conflict) as err:
        svc.rename(deps, "alice", "p-1", "t3", "ink")  # case-insensitive clash
    assert err.value.code == "name_taken" and names(c)["t3"] == "Desert Sand"
    assert svc.rename(deps, "alice", "p-1", "t1", "INK").name == "INK"  # its own name, re-cased: fine
    for bad in ("", "   ", "x" * 65, "bad\x00name"):
        with pytest.raises(InvalidRequest):
            svc.rename(deps, "alice", "p-1", "t3", bad)
    with pytest.raises(NotFound):
        svc.rename(deps, "alice", "p-1", "t-missing", "Whatever")


def test_strangers_get_404_for_every_edit(lib):
    c, deps = lib
    for call in (lambda: svc.rename(deps, "mallory", "p-1", "t1", "Mine"),
                 lambda: svc.assign_roles(deps, "mallory", "p-1", {"t1": "accent"}),
                 lambda: svc.delete_tokens(deps, "mallory", "p-1", ["t1"]),
                 lambda: svc.delete_project(deps, "mallory", "p-1"),
                 lambda: svc.rename(deps, "alice", "p-nope", "t1", "Mine")):
        with pytest.raises(NotFound) as err:
            call()
        assert err.value.code == "project_not_found"
    assert names(c) == {"t1": "Ink", "t2": "Sky", "t3": "Sand"}


def test_assign_roles_is_one_write_locks_and_takes_the_role_from_its_holder(lib):
    c, deps = lib
    changed = svc.assign_roles(deps, "alice", "p-1", {"t3": "primary", "t1": None})
    assert c.library.commits == 1
    by_id = {t.id: t for t in c.tokens.list("p-1")}
    assert by_id["t3"].role == "primary" and by_id["t3"].enrichment[ROLE_LOCK_KEY] is True
    assert by_id["t2"].role is None and by_id["t2"].enrichment[ROLE_LOCK_KEY] is False  # lost primary
    assert by_id["t1"].role is None and by_id["t1"].enrichment[ROLE_LOCK_KEY] is False
    assert sorted(t.id for t in changed) == ["t1", "t2", "t3"]
    assert c.projects.docs["p-1"]["updatedAt"] == c.clock.now()
    # Same assignment again: nothing changes, nothing written.
    assert svc.assign_roles(deps, "alice", "p-1", {"t3": "primary"}) == [] and c.library.commits == 1


def test_in_role_style_a_hand_set_role_renames_its_token_and_the_previous_holder_unless_renamed_by_hand():
    from shared.color.family_names import family_name

    c = FakeContainer()
    c.projects.create(Project(id="p-1", owner_uid="alice", name="P", token_count=4))
    blue = Token(id="t1", project_id="p-1", hex="#2563EB", name="primary", role="primary", oklch=[0.55, 0.2, 262.0])
    orange = Token(id="t2", project_id="p-1", hex="#F97316", name=family_name("#F97316"), oklch=[0.7, 0.19, 48.0])
    kept = Token(id="t3", project_id="p-1", hex="#10B981", name="Mint", oklch=[0.7, 0.15, 163.0],
                 enrichment={NAME_LOCK_KEY: True})
    other = Token(id="t4", project_id="p-1", hex="#111827", name="text", role="text", oklch=[0.2, 0.03, 265.0])
    c.tokens.docs["p-1"] = {t.id: t.doc() for t in (blue, orange, kept, other)}
    deps = svc.LibraryDeps(projects=c.projects, library=c.library, clock=c.clock, objects=c.objects,
                           bucket=c.settings.uploads_bucket, color_names="role")
    changed = svc.assign_roles(deps, "alice", "p-1", {"t2": "primary", "t3": "accent"})
    assert names(c) == {"t1": family_name("#2563EB"), "t2": "primary", "t3": "Mint", "t4": "text"}
    assert {t.id: t.role for t in c.tokens.list("p-1")} == {"t1": None, "t2": "primary", "t3": "accent", "t4": "text"}
    assert {t.id: t.name for t in changed} == {"t1": "blue-600", "t2": "primary", "t3": "Mint"}
    assert c.library.commits == 1
    # In the family style (the default) names do not depend on roles: a hand-set role renames nothing.
    deps = svc.LibraryDeps(projects=c.projects, library=c.library, clock=c.clock, objects=c.objects,
                           bucket=c.settings.uploads_bucket)
    svc.assign_roles(deps, "alice", "p-1", {"t1": "primary"})
    assert names(c)["t1"] == "blue-600" and names(c)["t2"] == "primary"


def test_assign_roles_refuses_unknown_tokens_and_roles_without_writing(lib):
    c, deps = lib
    with pytest.raises(NotFound):
        svc.assign_roles(deps, "alice", "p-1", {"t3": "primary", "t-missing": "accent"})
    with pytest.raises(InvalidRequest) as err:
        svc.assign_roles(deps, "alice", "p-1", {"t3": "hero"})
    assert err.value.code == "invalid_role"
    with pytest.raises(InvalidRequest):
        svc.assign_roles(deps, "alice", "p-1", {})
    with pytest.raises(InvalidRequest):
        svc.assign_roles(deps, "alice", "p-1", {f"t{i}": None for i in range(svc.MAX_ASSIGNMENTS + 1)})
    assert c.library.commits == 0 and {t.id: t.role for t in c.tokens.list("p-1")}["t2"] == "primary"


def test_delete_tokens_reports_what_existed_and_fixes_the_count(lib):
    c, deps = lib
    assert svc.delete_tokens(deps, "alice", "p-1", ["t1", "t1", "t-missing"]) == ["t1"]
    assert names(c) == {"t2": "Sky", "t3": "Sand"} and c.projects.docs["p-1"]["tokenCount"] == 2
    assert svc.delete_tokens(deps, "alice", "p-1", ["t1"]) == []
    with pytest.raises(InvalidRequest):
        svc.delete_tokens(deps, "alice", "p-1", [])


def test_delete_project_takes_its_jobs_tokens_and_images_only(lib):
    c, deps = lib
    bucket = c.settings.uploads_bucket
    for name in ("uploads/p-1/j-1", "drops/p-1/a.png", "drops/p-1/deep/b.png", "uploads/p-10/j-x",
                 "drops/p-1x/c.png", "uploads/p-other/j-other"):
        c.objects.put(bucket, name, b"png", "image/png")
    assert svc.delete_project(deps, "alice", "p-1") == {"jobs": 1, "tokens": 3, "images": 3}
    assert c.projects.get("p-1") is None and c.tokens.list("p-1") == [] and c.jobs.get("j-1") is None
    assert c.jobs.get("j-other") is not None
    assert sorted(n for _b, n in c.objects.blobs) == ["drops/p-1x/c.png", "uploads/p-10/j-x", "uploads/p-other/j-other"]
    with pytest.raises(NotFound):
        svc.delete_project(deps, "alice", "p-1")


@pytest.mark.parametrize("name", ["library", "usage"])
def test_new_entry_points_import_lean(name):
    """Same rule as tests/unit/test_cold_start_imports.py: no Google client, AI SDK or color stack
    is loaded when the function module is imported."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    from tests.unit.test_cold_start_imports import CODE, IMAGE_STACK, NEVER_AT_IMPORT

    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", CODE, str(root / "functions" / name / "main.py"),
                          json.dumps(NEVER_AT_IMPORT + IMAGE_STACK)],
                         cwd=root, capture_output=True, text=True, env={"PYTHONPATH": str(root)})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == []
