"""`copythat smoke`'s pure parts: the index queries (one per composite index, shaped so that only it
can serve the query) and its arguments. The checks themselves run in tests/e2e/test_smoke_e2e.py."""
from __future__ import annotations

import json

import pytest
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from shared.cli import main
from shared.smoke import checks


def _shape(query) -> tuple[str, list[tuple[str, str]], list[tuple[str, str]], int]:
    pb = query._to_protobuf()
    where = pb.where
    filters = [f.field_filter for f in where.composite_filter.filters] if where.composite_filter.filters else (
        [where.field_filter] if where.field_filter.field.field_path else [])
    return (pb.from_[0].collection_id,
            [(f.field.field_path, f.op.name) for f in filters],
            [(o.field.field_path, o.direction.name) for o in pb.order_by],
            pb.limit)


def test_each_composite_index_gets_a_query_only_it_can_serve():
    db = firestore.Client(project="p", credentials=AnonymousCredentials())
    indexes = json.loads(checks.INDEXES.read_text())["indexes"]
    queries = checks.index_queries(db, indexes)
    assert len(queries) == len(indexes) > 0
    for idx, (label, q) in zip(indexes, queries):
        group, filters, orders, limit = _shape(q)
        *eq, last = idx["fields"]
        assert group == idx["collectionGroup"] and limit == 1, label
        assert filters == [(f["fieldPath"], "ARRAY_CONTAINS" if f.get("arrayConfig") else "EQUAL") for f in eq]
        assert orders == [(last["fieldPath"], last.get("order", "ASCENDING"))], label


def test_a_descending_last_field_and_an_array_field():
    db = firestore.Client(project="p", credentials=AnonymousCredentials())
    (label, q), = checks.index_queries(db, [{"collectionGroup": "jobs", "fields": [
        {"fieldPath": "tags", "arrayConfig": "CONTAINS"}, {"fieldPath": "createdAt", "order": "DESCENDING"}]}])
    assert label == "jobs: tags, createdAt desc"
    assert _shape(q)[1:3] == ([("tags", "ARRAY_CONTAINS")], [("createdAt", "DESCENDING")])


@pytest.mark.parametrize(("argv", "missing"), [
    ([], "--project, --origin, --api-key, --email, --password"),
    (["--project", "p", "--origin", "https://a.example"], "--api-key, --email, --password"),
    (["--project", "p", "--id-token", "t"], "--origin"),
])
def test_missing_arguments_exit_2_naming_them(argv, missing, capsys, monkeypatch):
    for var in ("COPYTHAT_SMOKE_API_KEY", "COPYTHAT_SMOKE_EMAIL", "COPYTHAT_SMOKE_PASSWORD", "COPYTHAT_SMOKE_ID_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    assert main(["smoke", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and f"missing {missing} (or --local)" in captured.err
