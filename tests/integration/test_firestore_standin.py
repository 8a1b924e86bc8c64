"""The Firestore stand-in (shared/localstack/firestore_server.py) against Google's emulator: every
feature our adapters rely on, run through the official client on both, with the same expectations.
What the emulator does is the specification; a case that passes only on the stand-in is a bug in
the stand-in. The emulator half skips where it is not installed (the stand-in half never does)."""
from __future__ import annotations

import threading
import uuid

import pytest
from google.api_core import exceptions as gexc
from google.cloud.firestore_v1.base_query import FieldFilter

from shared.localstack import firestore_server, tools


@pytest.fixture(scope="module")
def standin_host():
    server, port = firestore_server.serve(0)
    yield f"127.0.0.1:{port}"
    server.stop(0)


@pytest.fixture(params=["emulator", "standin"])
def db(request, stack, standin_host, monkeypatch):
    from google.cloud import firestore

    if request.param == "emulator":
        if stack.firestore_backend != "emulator":
            pytest.skip(f"Google's Firestore emulator is not installed here ({tools.which_line('firestore')})")
        host = f"127.0.0.1:{stack.layout.firestore_port}"
    else:
        host = standin_host
    monkeypatch.setenv("FIRESTORE_EMULATOR_HOST", host)
    client = firestore.Client(project="demo-standin-parity")
    # Each test in its own top-level namespace: both servers keep state for the whole session.
    client.ns = f"t{uuid.uuid4().hex[:8]}"
    return client


def test_create_twice_is_already_exists_and_update_of_nothing_is_not_found(db):
    ref = db.collection(db.ns).document("a")
    ref.create({"n": 1})
    with pytest.raises(gexc.AlreadyExists):
        ref.create({"n": 2})
    with pytest.raises(gexc.NotFound):
        db.collection(db.ns).document("missing").update({"n": 1})
    assert ref.get().to_dict() == {"n": 1}


def test_a_stale_update_time_precondition_fails(db):
    ref = db.collection(db.ns).document("a")
    first = ref.set({"n": 1})
    ref.update({"n": 2}, option=db.write_option(last_update_time=first.update_time))  # still current: ok
    with pytest.raises(gexc.FailedPrecondition):
        ref.update({"n": 3}, option=db.write_option(last_update_time=first.update_time))
    assert ref.get().get("n") == 2


def test_delete_field_removes_top_level_and_nested_fields(db):
    from google.cloud import firestore

    ref = db.collection(db.ns).document("a")
    ref.set({"keep": 1, "gone": 2, "m": {"x": 1, "y": 2}, "weird.key": 3})
    ref.update({"gone": firestore.DELETE_FIELD, "m.x": firestore.DELETE_FIELD, "m.z": 9})
    ref.set({"weird.key": firestore.DELETE_FIELD}, merge=True)
    assert ref.get().to_dict() == {"keep": 1, "m": {"y": 2, "z": 9}}


def test_transforms(db):
    from google.cloud import firestore

    ref = db.collection(db.ns).document("a")
    ref.set({"n": 1, "f": 1.5, "tags": ["a"], "at": firestore.SERVER_TIMESTAMP})
    ref.update({"n": firestore.Increment(2), "f": firestore.Increment(1), "new": firestore.Increment(5),
                "tags": firestore.ArrayUnion(["a", "b"])})
    ref.update({"tags": firestore.ArrayRemove(["a"])})
    snap = ref.get().to_dict()
    assert (snap["n"], snap["f"], snap["new"], snap["tags"]) == (3, 2.5, 5, ["b"])
    assert snap["at"].year >= 2024


def test_concurrent_read_modify_write_transactions_lose_no_update(db):
    """Without conflict detection some increments overwrite each other (the old Node fallback's gap)."""
    from google.cloud import firestore

    ref = db.collection(db.ns).document("counter")
    ref.set({"n": 0})
    barrier = threading.Barrier(3)
    errors = []

    def bump():
        attempts = []

        @firestore.transactional
        def once(tx):
            n = ref.get(transaction=tx).get("n")
            if not attempts:  # first attempt: all three have read before any commits
                attempts.append(1)
                barrier.wait(timeout=20)
            tx.update(ref, {"n": n + 1})

        try:
            once(db.transaction(max_attempts=10))
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)

    threads = [threading.Thread(target=bump) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors and ref.get().get("n") == 3


def test_a_transaction_whose_read_changed_is_aborted_on_the_standin(db, request):
    """Deterministic form of the above: the commit of a transaction that read a document which was
    written afterwards fails (retried by the client). Google's emulator locks instead (the outside
    write waits), so this exact sequence is checked on the stand-in only."""
    if "standin" not in request.node.callspec.id:
        pytest.skip("Google's emulator serializes with locks: the outside write would block here")
    ref = db.collection(db.ns).document("a")
    ref.set({"n": 0})
    tx = db.transaction(max_attempts=1)
    tx._begin()
    assert ref.get(transaction=tx).get("n") == 0
    ref.set({"n": 100})  # outside the transaction, after its read
    tx.update(ref, {"n": 1})
    with pytest.raises(gexc.Aborted):
        tx._commit()
    assert ref.get().get("n") == 100


def test_a_query_in_a_transaction_sees_a_phantom_as_a_conflict(db, request):
    if "standin" not in request.node.callspec.id:
        pytest.skip("Google's emulator serializes with locks: the outside write would block here")
    col = db.collection(db.ns)
    col.document("a").set({"k": 1})
    tx = db.transaction(max_attempts=1)
    tx._begin()
    assert len(list(tx.get(col.where(filter=FieldFilter("k", "==", 1))))) == 1
    col.document("b").set({"k": 1})  # a new match after the query ran
    tx.set(col.document("count"), {"n": 1})
    with pytest.raises(gexc.Aborted):
        tx._commit()


def test_collection_group_query_spans_parents(db):
    root = db.collection(db.ns)
    root.document("p1").collection("tokens").document("t1").set({"role": "x"})
    root.document("p2").collection("tokens").document("t2").set({"role": "x"})
    root.document("p2").collection("tokens").document("t3").set({"role": "y"})
    root.document("p2").collection("other").document("o1").set({"role": "x"})
    found = sorted(s.id for s in db.collection_group("tokens").where(filter=FieldFilter("role", "==", "x")).stream()
                   if s.reference.path.startswith(db.ns + "/"))
    assert found == ["t1", "t2"]


def test_recursive_delete_takes_every_descendant_and_nothing_else(db):
    root = db.collection(db.ns)
    p = root.document("p1")
    p.set({"name": "p"})
    for i in range(3):
        p.collection("tokens").document(f"T{i}").set({"i": i})
    p.collection("tokens").document("T0").collection("deep").document("d").set({"x": 1})
    root.document("p10").collection("tokens").document("keep").set({"i": 9})  # a sibling with a prefix id
    p.collection("tokensX").document("gone-too").set({"i": 1})
    assert db.recursive_delete(p) == 6  # p1, T0-T2, T0/deep/d, tokensX/gone-too
    assert not p.get().exists
    assert [c.id for c in p.collections()] == []
    assert root.document("p10").collection("tokens").document("keep").get().exists


def test_aggregations_count_sum_avg(db):
    col = db.collection(db.ns)
    for i, (day, usd) in enumerate([("d1", 1), ("d1", 2.5), ("d1", 3), ("d2", 100)]):
        col.document(f"r{i}").set({"day": day, "usd": usd})
    col.document("no-usd").set({"day": "d1"})
    col.document("text-usd").set({"day": "d1", "usd": "n/a"})
    q = col.where(filter=FieldFilter("day", "==", "d1"))

    def agg(a) -> dict:
        (row,) = a.get()
        return {r.alias: r.value for r in row}

    assert agg(q.count(alias="n")) == {"n": 5}
    # Beside a sum or avg of a field, only documents that have that field count (the emulator's rule).
    assert agg(q.count(alias="n").sum("usd", alias="s").avg("usd", alias="a")) == {
        "n": 4, "s": 6.5, "a": pytest.approx(6.5 / 3)}  # the text value is counted, not summed
    assert agg(col.where(filter=FieldFilter("day", "==", "d2")).sum("usd", alias="s")) == {"s": 100}


def test_queries_filters_order_limit_cursors_projection(db):
    from google.cloud.firestore_v1.base_query import Or

    col = db.collection(db.ns)
    rows = [("a", "queued", 5), ("b", "done", 1), ("c", "queued", 3), ("d", "failed", 4), ("e", "queued", None)]
    for name, status, at in rows:
        col.document(name).set({"status": status, **({"at": at} if at is not None else {})})
    q = col.where(filter=FieldFilter("status", "in", ["queued", "failed"])).where(filter=FieldFilter("at", "<", 5))
    assert [s.id for s in q.order_by("at").stream()] == ["c", "d"]
    assert [s.id for s in col.order_by("at", direction="DESCENDING").limit(2).stream()] == ["a", "d"]
    after = col.order_by("at").start_after({"at": 3})
    assert [s.id for s in after.stream()] == ["d", "a"]
    assert [s.id for s in col.where(filter=FieldFilter("status", "!=", "queued")).stream()] == ["b", "d"]
    either = col.where(filter=Or([FieldFilter("at", "==", 1), FieldFilter("status", "==", "failed")]))
    assert sorted(s.id for s in either.stream()) == ["b", "d"]
    keys = list(col.select([]).limit(3).stream())
    assert [s.id for s in keys] == ["a", "b", "c"] and all(s.to_dict() == {} for s in keys)
    only = list(col.where(filter=FieldFilter("status", "==", "done")).select(["at"]).stream())
    assert [s.to_dict() for s in only] == [{"at": 1}]


def test_get_all_and_query_inside_a_transaction(db):
    from google.cloud import firestore
    from google.cloud.firestore_v1.field_path import FieldPath

    col = db.collection(db.ns)
    for i in range(3):
        col.document(f"d{i}").set({"i": i})

    @firestore.transactional
    def read(tx):
        got = {s.id: s.exists for s in tx.get_all([col.document("d1"), col.document("nope")])}
        ordered = [s.id for s in tx.get(col.order_by(FieldPath.document_id()))]
        tx.set(col.document("seen"), {"n": len(ordered)})
        return got, ordered

    assert read(db.transaction()) == ({"d1": True, "nope": False}, ["d0", "d1", "d2"])
    assert col.document("seen").get().get("n") == 3
