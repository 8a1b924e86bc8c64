"""firestore.indexes.json declares a composite index for every composite query the code runs (found by
reading shared/ with `ast`) and for the planned ones listed in infra/README.md."""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INDEXES = json.loads((ROOT / "infra" / "firestore.indexes.json").read_text())["indexes"]
COLLECTIONS = {"projects", "tokens", "jobs", "events", "costRecords", "costRollups", "extractions", "users"}
RANGE_OPS = {"<", "<=", ">", ">=", "!=", "not-in"}

# Queries the brief plans (not in the code yet): (collection, equality fields, range/order/aggregate field).
PLANNED = [
    ("costRecords", {"uid"}, "day"),  # budgets: a user's spend over a day range
    ("costRecords", {"day"}, "uid"),  # roll-ups grouped by user
    ("costRecords", {"day"}, "model"),  # … by model
    ("costRecords", {"day"}, "provider"),  # … by provider
    ("costRecords", {"day"}, "projectId"),  # … by project
]


@dataclass
class Query:
    where: str  # file:line
    collection: str
    equality: list[str] = field(default_factory=list)
    ranges: list[str] = field(default_factory=list)
    orders: list[str] = field(default_factory=list)
    aggregates: list[str] = field(default_factory=list)

    @property
    def fields(self) -> set[str]:
        return set(self.equality + self.ranges + self.orders + self.aggregates) - {"__name__"}


class _Scanner:
    """Follows query chains (collection → where/order_by/sum…) through local variables and through
    for-loops over literal tuples, so `for name, field, value in ((…), …): base.where(field, …)`
    yields one query per row."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tree = ast.parse(path.read_text())
        self.consts: dict[str, object] = {}
        for node in self.tree.body:
            if isinstance(node, ast.Assign):
                self._bind(node.targets[0], node.value, self.consts)
        self.queries: list[Query] = []
        # Helper methods that just return a query/collection (`def _col(self, p): return …`).
        self.helpers: dict[str, ast.expr] = {
            fn.name: fn.body[-1].value
            for fn in ast.walk(self.tree)
            if isinstance(fn, ast.FunctionDef)
            and fn.body
            and isinstance(fn.body[-1], ast.Return)
            and fn.body[-1].value is not None
            and len(fn.body) <= 2
        }

    def _bind(self, target, value, env) -> None:
        if isinstance(target, ast.Name):
            env[target.id] = value
        elif (
            isinstance(target, ast.Tuple)
            and isinstance(value, ast.Tuple)
            and len(target.elts) == len(value.elts)
        ):
            for t, v in zip(target.elts, value.elts):
                self._bind(t, v, env)

    def _const(self, node, env):
        while isinstance(node, ast.Name) and node.id in env:
            node = env[node.id]
        if isinstance(node, ast.Constant):
            return node.value
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "document_id"
        ):
            return "__name__"
        return None

    def _chain(self, node, env) -> Query | None:
        while isinstance(node, ast.Name) and node.id in env:
            node = env[node.id]
        if isinstance(node, Query):  # a variable holding a query built earlier
            return node
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            return None
        attr, args = node.func.attr, list(node.args)
        receiver = node.func.value
        if isinstance(receiver, ast.Name) and receiver.id == "self" and attr in self.helpers:
            return self._chain(self.helpers[attr], {})
        if attr == "collection":
            name = self._const(args[0], {**self.consts, **env}) if args else None
            return Query(f"{self.path.name}:{node.lineno}", name) if name in COLLECTIONS else None
        base = self._chain(node.func.value, env)
        if base is None:
            return None
        q = Query(
            base.where,
            base.collection,
            list(base.equality),
            list(base.ranges),
            list(base.orders),
            list(base.aggregates),
        )
        allenv = {**self.consts, **env}
        if attr == "where":
            filt = next((k.value for k in node.keywords if k.arg == "filter"), None)
            fargs = list(filt.args) if isinstance(filt, ast.Call) else args
            fname, op = self._const(fargs[0], allenv), self._const(fargs[1], allenv)
            assert isinstance(fname, str), f"{q.where}: cannot read the filtered field"
            (q.ranges if op in RANGE_OPS else q.equality).append(fname)
        elif attr == "order_by":
            fname = self._const(args[0], allenv)
            assert isinstance(fname, str), f"{q.where}: cannot read the ordered field"
            q.orders.append(fname)
        elif attr in ("sum", "avg", "average"):
            fname = self._const(args[0], allenv)
            assert isinstance(fname, str), f"{q.where}: cannot read the aggregated field"
            q.aggregates.append(fname)
        elif attr not in (
            "count",
            "limit",
            "limit_to_last",
            "stream",
            "get",
            "select",
            "offset",
            "start_after",
            "start_at",
            "end_at",
            "end_before",
        ):
            return None
        return q

    def scan(self) -> list[Query]:
        for fn in ast.walk(self.tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._block(fn.body, {})
        return self.queries

    def _report(self, q: Query | None) -> None:
        if q and (q.equality or q.ranges or q.orders or q.aggregates) and q not in self.queries:
            self.queries.append(q)

    def _block(self, body, env) -> None:
        for stmt in body:
            if isinstance(stmt, ast.For) and isinstance(stmt.iter, (ast.Tuple, ast.List)):
                for row in stmt.iter.elts:  # rows in order, one env: `q = q.sum(field)` accumulates
                    self._bind(stmt.target, row, env)
                    self._block(stmt.body, env)
                continue
            assigned = stmt.value if isinstance(stmt, ast.Assign) else None
            for node in ast.walk(stmt):
                if isinstance(node, ast.Call):
                    if node is not assigned:  # a query being built is reported where it runs
                        self._report(self._chain(node, env))
                    for arg in node.args:  # run by a helper: _aggregate(query)
                        if isinstance(arg, ast.Name) and isinstance(env.get(arg.id), Query):
                            self._report(env[arg.id])
            if assigned is not None:  # bind after reading: `q = q.where(…)` refers to the old q
                value = self._chain(assigned, env)
                for t in stmt.targets:
                    if value is not None and isinstance(t, ast.Name):
                        env[t.id] = value
                    else:
                        self._bind(t, assigned, env)
            if not isinstance(stmt, ast.For):
                for sub in ("body", "orelse", "finalbody"):
                    if hasattr(stmt, sub):
                        self._block(getattr(stmt, sub), env)


def code_queries() -> list[Query]:
    out = []
    for path in sorted((ROOT / "shared").rglob("*.py")):
        if "localstack" in path.parts:
            continue
        out.extend(_Scanner(path).scan())
    return out


def _covers(index: dict, collection: str, equality: set[str], last: set[str]) -> bool:
    """An index serves the query when it holds exactly its fields, equality fields first."""
    fields = [f["fieldPath"] for f in index["fields"]]
    if index["collectionGroup"] != collection or set(fields) != equality | last:
        return False
    return set(fields[: len(equality)]) == equality


def composite(q: Query) -> bool:
    return len(q.fields) >= 2


def test_the_scanner_finds_the_codes_queries():
    """Guards the scanner itself: the queries known to be in the code today are found."""
    qs = code_queries()
    found = {(q.collection, tuple(q.equality), tuple(q.orders), tuple(q.aggregates)) for q in qs}
    assert ("jobs", ("projectId",), (), ()) in found
    assert ("tokens", (), ("__name__",), ()) in found
    assert ("costRecords", ("day", "cached"), (), ()) in found
    assert ("costRecords", ("day", "provider"), (), ()) in found
    assert any(q.collection == "costRecords" and q.aggregates for q in qs)


def test_every_composite_query_in_the_code_has_an_index():
    missing = []
    for q in filter(composite, code_queries()):
        equality = set(q.equality) - {"__name__"}
        last = q.fields - equality
        if not any(_covers(i, q.collection, equality, last) for i in INDEXES):
            missing.append(
                f"{q.where}: {q.collection} where {q.equality} range {q.ranges} "
                f"order {q.orders} aggregate {q.aggregates}"
            )
    assert not missing, "composite queries without an index in infra/firestore.indexes.json:\n" + "\n".join(
        missing
    )


def test_planned_queries_have_indexes():
    for collection, equality, last in PLANNED:
        assert any(_covers(i, collection, equality, {last}) for i in INDEXES), (collection, equality, last)


def test_index_file_is_well_formed():
    seen = set()
    for i in INDEXES:
        assert i["collectionGroup"] in COLLECTIONS
        assert i.get("queryScope", "COLLECTION") in ("COLLECTION", "COLLECTION_GROUP")
        assert len(i["fields"]) >= 2, "single-field indexes are automatic"
        for f in i["fields"]:
            assert f.get("order") in ("ASCENDING", "DESCENDING") or f.get("arrayConfig") == "CONTAINS"
        key = json.dumps(i, sort_keys=True)
        assert key not in seen, f"duplicate index {key}"
        seen.add(key)


def test_readme_lists_every_index():
    readme = (ROOT / "infra" / "README.md").read_text()
    for i in INDEXES:
        line = f"`{i['collectionGroup']}`: " + ", ".join(
            f["fieldPath"] + (" desc" if f.get("order") == "DESCENDING" else "") for f in i["fields"]
        )
        assert line in readme, f"infra/README.md should list the index {line}"
