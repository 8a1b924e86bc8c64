"""Exports read the theme (tonal scales, schemes) stored when the library changes (issue 17 item 16):
the stored theme gives today's bytes, an old project without one still exports the same bytes
(computed), a theme of another library is never used, and enrich and the library edits store it."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from shared.domain.models import ImageSource, Job, JobStatus, PaletteColor, Project
from shared.library.draft import ROLE_LOCK_KEY
from shared.library.theme import THEME_VERSION, read_theme, stored_form, stored_theme, theme_key, theme_of
from shared.services import enrich as enrich_svc
from shared.services import export as export_svc
from shared.services import library as library_svc
from tests.fakes.memory import FakeContainer
from tests.unit.test_export_golden import UPDATED, computed, digests, libraries

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = json.loads((ROOT / "tests" / "fixtures" / "export_golden.json").read_text())
# sha256 of the stored theme data of the "enriched" fixture at each THEME_VERSION: a change of what
# derive_theme returns must bump THEME_VERSION (stored themes of the old code are then recomputed).
THEME_PINS = {1: "f2ac252ce307d30cbe8193b161779de8e46035de82e1583052229bbb6318a6f3",
              2: "32502740e0f35f38d1df480c0bf93d03e6600315557601799a7576095ae2351f"}  # 2: no white/black scales


def test_the_stored_theme_renders_todays_bytes_for_every_format():
    def from_stored(case, tokens):
        # Stored from the library in another order (enrich's: existing, then the merge's upserts).
        return export_svc.bundle_from_tokens("proj-fixture", f"Fixture {case}", tokens, UPDATED,
                                             stored_theme(list(reversed(tokens))))
    assert digests(from_stored) == GOLDEN


def test_the_theme_version_pins_the_color_science():
    data = stored_theme(libraries()["enriched"])["data"]
    assert hashlib.sha256(data.encode()).hexdigest() == THEME_PINS[THEME_VERSION], (
        "derive_theme's output changed: bump THEME_VERSION so stored themes are recomputed, and pin it")


@pytest.mark.parametrize("change", ["role", "lock", "share", "hex", "evidence", "deleted", "added"])
def test_a_theme_of_another_library_is_not_used(change):
    tokens = libraries()["enriched"]
    theme = stored_theme(tokens)
    colors = [t for t in tokens if t.is_color]
    t = colors[3]
    edits = {
        "role": lambda: t.model_copy(update={"role": "accent" if t.role != "accent" else "info"}),
        "lock": lambda: t.model_copy(update={"enrichment": {**t.enrichment, ROLE_LOCK_KEY: True}}),
        "share": lambda: t.model_copy(update={"provenance": t.provenance.model_copy(update={"share": 0.9})}),
        "hex": lambda: t.model_copy(update={"value": t.value.model_copy(update={"hex": "#123456"})}),
        "evidence": lambda: t.model_copy(update={"enrichment": {**t.enrichment, "evidence": {"aiRole": "error"}}}),
    }
    if change == "deleted":
        changed = [x for x in tokens if x.id != t.id]
    elif change == "added":
        changed = [*tokens, t.model_copy(update={"id": "col_added"})]
    else:
        changed = [edits[change]() if x.id == t.id else x for x in tokens]
    assert read_theme(theme, changed) is None
    assert export_svc.bundle_from_tokens("p", "P", changed, None, theme) == export_svc.bundle_from_tokens("p", "P", changed)


def test_what_the_theme_does_not_read_keeps_it():
    tokens = libraries()["enriched"]
    theme = stored_theme(tokens)
    renamed = [t.model_copy(update={"name": t.name + " X", "enrichment": {**t.enrichment, "descriptor": "x"}})
               for t in tokens]
    typed_changed = [t for t in tokens if t.is_color]  # typed tokens are no input of the theme
    assert theme_key(renamed) == theme_key(tokens) == theme_key(typed_changed)
    assert read_theme(theme, renamed) is not None
    assert read_theme({"key": theme["key"], "data": "not json"}, tokens) is None
    assert read_theme({"key": theme["key"]}, tokens) is None and read_theme(None, tokens) is None


def _fixture_project(c: FakeContainer, theme: dict | None = None) -> None:
    """The fixture library stored as documents; the project written with or without a theme."""
    tokens = libraries()["enriched"]
    doc = Project(id="proj-fixture", owner_uid="alice", name="Fixture enriched", token_count=len(tokens),
                  updated_at=UPDATED).doc()
    c.projects.docs["proj-fixture"] = {**doc, **({"theme": theme} if theme else {})}
    c.tokens.docs["proj-fixture"] = {t.id: {k: v for k, v in t.doc().items() if k != "id"} for t in tokens}


def _export(c: FakeContainer, fmt: str) -> bytes:
    deps = export_svc.ExportDeps(projects=c.projects, tokens=c.tokens, clock=c.clock)
    return export_svc.export(deps, "alice", "proj-fixture", fmt)[0].body


@pytest.mark.parametrize("stored", [False, True], ids=["old-document", "stored-theme"])
def test_a_project_exports_the_same_bytes_with_or_without_a_stored_theme(stored):
    c = FakeContainer()
    _fixture_project(c, stored_theme(libraries()["enriched"]) if stored else None)
    assert "theme" in c.projects.docs["proj-fixture"] if stored else "theme" not in c.projects.docs["proj-fixture"]
    for fmt in ("css", "dtcg", "zip"):
        assert hashlib.sha256(_export(c, fmt)).hexdigest() == GOLDEN["enriched"][fmt]


def test_enrich_stores_the_theme_of_the_merged_library():
    c = FakeContainer()
    c.projects.create(Project(id="p-1", owner_uid="alice", name="P"))
    palettes = ([PaletteColor(hex="#2563EB", share=0.3), PaletteColor(hex="#F7F8FA", share=0.6)],
                [PaletteColor(hex="#111827", share=0.2), PaletteColor(hex="#DC2626", share=0.05, role="error")])
    for i, palette in enumerate(palettes):
        c.jobs.create(Job(id=f"j-{i}", owner_uid="alice", project_id="p-1", status=JobStatus.ENRICHING,
                          source=ImageSource(bucket="b", object=f"o{i}", sha256=f"{i}" * 64), palette=palette))
        assert enrich_svc.enrich(enrich_svc.EnrichDeps(c.jobs, c.tokens, c.clock), f"j-{i}") == "done"
        tokens = c.tokens.list("p-1")
        theme = c.projects.get("p-1").theme
        assert read_theme(theme, tokens) is not None, "the stored theme is this library's"
        assert read_theme(theme, tokens) == theme_of(None, tokens)
    assert len([t for t in tokens if t.is_color]) == 4


def test_role_edits_and_deletions_store_the_new_theme():
    c = FakeContainer()
    _fixture_project(c)
    deps = library_svc.LibraryDeps(projects=c.projects, library=c.library, clock=c.clock, objects=c.objects,
                                   bucket=c.settings.uploads_bucket, tokens=c.tokens)
    colors = [t for t in c.tokens.list("proj-fixture") if t.is_color]
    library_svc.assign_roles(deps, "alice", "proj-fixture", {colors[2].id: "primary"})
    tokens = c.tokens.list("proj-fixture")
    assert read_theme(c.projects.get("proj-fixture").theme, tokens) == theme_of(None, tokens)
    before = c.projects.get("proj-fixture").theme
    library_svc.delete_tokens(deps, "alice", "proj-fixture", [colors[2].id])
    tokens = c.tokens.list("proj-fixture")
    assert c.projects.get("proj-fixture").theme != before
    assert read_theme(c.projects.get("proj-fixture").theme, tokens) == theme_of(None, tokens)


# Imports what the export function imports, plus the memory fakes and the fixture (no test module:
# they import enrich and with it the color science).
EXPORT_IN_A_FRESH_PROCESS = r"""
import hashlib, json, sys
from shared.domain.models import Project
from shared.services import export as export_svc
from tests.fakes.memory import FakeContainer
docs, theme, updated = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
c = FakeContainer()
c.projects.docs["proj-fixture"] = {**Project(id="proj-fixture", owner_uid="alice", name="Fixture enriched",
                                             updated_at=updated).doc(), **({"theme": theme} if theme else {})}
c.tokens.docs["proj-fixture"] = docs
deps = export_svc.ExportDeps(projects=c.projects, tokens=c.tokens, clock=c.clock)
heavy = lambda: sorted(m for m in ("numpy", "coloraide") if m in sys.modules)
before = heavy()
out = {fmt: hashlib.sha256(export_svc.export(deps, "alice", "proj-fixture", fmt)[0].body).hexdigest()
       for fmt in ("css", "dtcg", "scss", "tailwind", "ts", "json", "html", "zip")}
print(json.dumps({"before": before, "after": heavy(), "digests": out}))
"""


def test_an_export_from_the_stored_theme_does_not_load_the_color_science():
    """A real export of every format in a fresh process: numpy and coloraide stay unloaded, and
    they load for an old project only (the theme computed, lazily)."""
    theme = stored_theme(libraries()["enriched"])
    results = {}
    for label, arg in (("stored", theme), ("old", None)):
        docs = (ROOT / "tests" / "fixtures" / "export_library.json").read_text()
        out = subprocess.run([sys.executable, "-c", EXPORT_IN_A_FRESH_PROCESS, docs, json.dumps(arg),
                              UPDATED.isoformat()], cwd=ROOT,
                             capture_output=True, text=True, env={"PYTHONPATH": str(ROOT)}, check=False)
        assert out.returncode == 0, out.stderr
        results[label] = json.loads(out.stdout)
    assert results["stored"]["before"] == results["stored"]["after"] == []
    assert results["old"]["after"] == ["coloraide", "numpy"]
    assert results["stored"]["digests"] == results["old"]["digests"] == GOLDEN["enriched"]


def test_the_theme_reads_the_evidence_under_the_key_the_color_library_writes_it():
    from shared.library import colors, theme
    assert theme.EVIDENCE_KEY == colors.EVIDENCE_KEY


@pytest.mark.parametrize("edit", ["roles", "delete"])
def test_a_retried_edit_stores_the_theme_its_first_try_did_not(edit, monkeypatch):
    """At-least-once: the first try applies the edit and fails before the theme is written; the
    client's retry changes nothing, yet the project ends with this library's theme."""
    from shared.domain.errors import Unavailable

    c = FakeContainer()
    _fixture_project(c, stored_theme(libraries()["enriched"]))
    deps = library_svc.LibraryDeps(projects=c.projects, library=c.library, clock=c.clock, objects=c.objects,
                                   bucket=c.settings.uploads_bucket, tokens=c.tokens)
    target = [t for t in c.tokens.list("proj-fixture") if t.is_color][2].id
    call = {"roles": lambda: library_svc.assign_roles(deps, "alice", "proj-fixture", {target: "primary"}),
            "delete": lambda: library_svc.delete_tokens(deps, "alice", "proj-fixture", [target])}[edit]
    update = c.projects.update

    def failing_update(project_id, fields):
        raise Unavailable("Firestore is away")
    monkeypatch.setattr(c.projects, "update", failing_update)
    with pytest.raises(Unavailable):
        call()
    tokens = c.tokens.list("proj-fixture")
    assert read_theme(c.projects.get("proj-fixture").theme, tokens) is None  # the edit is in, its theme is not
    monkeypatch.setattr(c.projects, "update", update)
    assert not call()  # the retry: nothing left to change
    assert read_theme(c.projects.get("proj-fixture").theme, tokens) == theme_of(None, tokens)


def test_an_edit_that_leaves_the_colors_as_they_are_writes_no_theme(monkeypatch):
    c = FakeContainer()
    _fixture_project(c, stored_theme(libraries()["enriched"]))
    deps = library_svc.LibraryDeps(projects=c.projects, library=c.library, clock=c.clock, objects=c.objects,
                                   bucket=c.settings.uploads_bucket, tokens=c.tokens)
    text = next(t for t in c.tokens.list("proj-fixture") if t.type.value == "typography")
    writes = []
    monkeypatch.setattr(c.projects, "update", lambda pid, fields: writes.append(fields))
    library_svc.assign_roles(deps, "alice", "proj-fixture", {text.id: "caption"})
    assert writes == []


def test_a_theme_over_512_KiB_is_keyed_but_not_stored():
    """Firestore refuses a document over 1 MiB, which would fail enrich's merge for good: the theme
    data is stored up to 512 KiB (UTF-8 bytes) and computed on export above that."""
    limit = 512 * 1024
    assert stored_form("k", "x" * limit)["data"] == "x" * limit
    assert stored_form("k", "x" * (limit + 1)) == {"key": "k", "data": None}
    assert stored_form("k", "é" * (limit // 2 + 1))["data"] is None  # bytes, not characters
    tokens = libraries()["enriched"]
    keyed_only = {**stored_theme(tokens), "data": None}
    assert read_theme(keyed_only, tokens) is None
    c = FakeContainer()
    _fixture_project(c, keyed_only)
    assert hashlib.sha256(_export(c, "css")).hexdigest() == GOLDEN["enriched"]["css"]
