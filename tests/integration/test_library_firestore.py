"""FirestoreLibrary on the emulator, counted with an instrumented client: each edit is one query
(or one batched get) and one commit whatever the size of the library; deletes commit ≤ 500."""
from __future__ import annotations

import uuid

import pytest

from shared.adapters.firestore_repos import FirestoreJobs, FirestoreLibrary, FirestoreProjects, FirestoreTokens
from shared.library.draft import NAME_LOCK_KEY, ROLE_LOCK_KEY
from shared.domain.errors import Conflict, NotFound
from shared.domain.models import ImageSource, Job, JobStatus
from shared.services import library as svc
from tests.benchmarks.enrich_io_benchmark import FirestoreCounter, seed_library
from tests.fakes.memory import FakeClock


@pytest.fixture(scope="module")
def db(stack):
    from google.cloud import firestore

    return firestore.Client(project=stack.layout.project)


@pytest.fixture(scope="module")
def counted(stack):
    from google.cloud import firestore

    client = firestore.Client(project=stack.layout.project)
    return client, FirestoreCounter(client)


def _deps(client):
    from tests.fakes.memory import MemoryObjects

    return svc.LibraryDeps(projects=FirestoreProjects(client), library=FirestoreLibrary(client), clock=FakeClock(),
                           objects=MemoryObjects(), bucket="uploads")


@pytest.mark.parametrize("size", [20, 200])
def test_edits_cost_the_same_rpcs_whatever_the_library_size(db, counted, size):
    client, counter = counted
    pid = f"lib-{size}-{uuid.uuid4().hex[:8]}"
    tokens = seed_library(db, pid, size, owner="alice")
    deps = _deps(client)

    counter.reset()
    wanted = {tokens[0].id: "primary", tokens[1].id: "accent", tokens[2].id: None}
    changed = svc.assign_roles(deps, "alice", pid, wanted)
    io = counter.snapshot()
    # project get + (begin, one batched get of the 3 tokens, one query for the holders of
    # primary/accent, one commit): the same RPCs and documents at 20 and at 200 tokens.
    assert io["by_rpc"] == {"batch_get_documents": 2, "begin_transaction": 1, "run_query": 1, "commit": 1}
    assert io["docs_read"] <= 1 + 3 + 2
    assert io["docs_written"] == len(changed) + 1 <= 3 + 2 + 1
    stored = {t.id: t for t in FirestoreTokens(db).list(pid)}
    assert stored[tokens[0].id].role == "primary" and stored[tokens[0].id].enrichment[ROLE_LOCK_KEY] is True
    assert sum(t.role == "primary" for t in stored.values()) == 1

    counter.reset()
    renamed = svc.rename(deps, "alice", pid, tokens[3].id, "Brand New Name")
    assert renamed.name == "Brand New Name" and counter.snapshot()["by_rpc"] == {
        "batch_get_documents": 1, "begin_transaction": 1, "run_query": 1, "commit": 1}
    stored = {t.id: t for t in FirestoreTokens(db).list(pid)}[tokens[3].id]
    assert stored.name == "Brand New Name" and stored.enrichment[NAME_LOCK_KEY] is True
    assert stored.enrichment.keys() > {NAME_LOCK_KEY}  # the rest of the enrichment is still there
    with pytest.raises(Conflict):
        svc.rename(deps, "alice", pid, tokens[4].id, "brand new NAME")
    with pytest.raises(NotFound):
        svc.rename(deps, "mallory", pid, tokens[4].id, "Mine")

    counter.reset()
    gone = svc.delete_tokens(deps, "alice", pid, [t.id for t in tokens[:5]] + ["col_missing"])
    io = counter.snapshot()
    assert gone == [t.id for t in tokens[:5]]
    # project get + (begin, one batched get of project and tokens, one commit)
    assert io["by_rpc"] == {"batch_get_documents": 2, "begin_transaction": 1, "commit": 1}
    assert io["docs_written"] == 6
    assert FirestoreProjects(db).get(pid).token_count == size - 5


def test_in_role_style_a_hand_set_role_renames_on_the_emulator(db, counted):
    from dataclasses import replace

    client, counter = counted
    pid = f"lib-role-{uuid.uuid4().hex[:8]}"
    tokens = seed_library(db, pid, 20, owner="alice")
    deps = replace(_deps(client), color_names="role")
    holder = next((t for t in tokens if t.role == "primary"), None)
    target = next(t for t in tokens if t.role is None and t is not holder)
    counter.reset()
    svc.assign_roles(deps, "alice", pid, {target.id: "primary"})
    # One query reads the library (names are unique across it), one commit writes the changes.
    assert counter.snapshot()["by_rpc"] == {"batch_get_documents": 1, "begin_transaction": 1, "run_query": 1,
                                            "commit": 1}
    stored = {t.id: t for t in FirestoreTokens(db).list(pid)}
    assert stored[target.id].name == "primary" and stored[target.id].role == "primary"
    assert sum(t.name.casefold() == "primary" for t in stored.values()) == 1


def test_delete_project_removes_jobs_and_tokens_in_commits_of_at_most_500(db, counted):
    client, counter = counted
    pid = f"lib-del-{uuid.uuid4().hex[:8]}"
    seed_library(db, pid, 520, owner="alice")
    jobs = FirestoreJobs(db)
    jids = [uuid.uuid4().hex for _ in range(3)]
    for jid in jids:
        jobs.create(Job(id=jid, owner_uid="alice", project_id=pid, status=JobStatus.DONE,
                        source=ImageSource(bucket="b", object="o")))
    other = uuid.uuid4().hex
    jobs.create(Job(id=other, owner_uid="alice", project_id="someone-else", status=JobStatus.DONE,
                    source=ImageSource(bucket="b", object="o")))
    counter.reset()
    assert svc.delete_project(_deps(client), "alice", pid) == {"jobs": 3, "tokens": 520, "images": 0}
    io = counter.snapshot()
    assert io["max_writes_per_commit"] <= 500 and io["docs_written"] == 3 + 520 + 1
    assert FirestoreProjects(db).get(pid) is None and FirestoreTokens(db).list(pid) == []
    assert all(jobs.get(j) is None for j in jids) and jobs.get(other) is not None


def test_existing_delete_cascade_really_deletes_jobs_and_tokens(db, counted):
    """FirestoreProjects.delete_cascade (the older port method) checked the same way."""
    client, counter = counted
    pid = f"lib-casc-{uuid.uuid4().hex[:8]}"
    seed_library(db, pid, 510, owner="alice")
    jobs = FirestoreJobs(db)
    jid = uuid.uuid4().hex
    jobs.create(Job(id=jid, owner_uid="alice", project_id=pid, status=JobStatus.DONE,
                    source=ImageSource(bucket="b", object="o")))
    counter.reset()
    FirestoreProjects(client).delete_cascade(pid)
    io = counter.snapshot()
    assert io["max_writes_per_commit"] <= 500
    assert FirestoreProjects(db).get(pid) is None and FirestoreTokens(db).list(pid) == [] and jobs.get(jid) is None
