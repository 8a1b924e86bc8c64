"""firestore.indexes.json declares a composite index for every composite query the code runs (found by
reading shared/ with `ast`) and for the planned ones listed in infra/README.md."""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INDEXES = json.loads((ROOT / "infra" / "firestore.indexes.json").read_text())["indexes"]
COLLECTIONS = {"projects", "tokens", "jobs", "events", "costRecords", "costRollups", "extractions", "users",
               "dropKeys", "quarantine"}
RANGE_OPS = {"<", "<=", ">", ">=", "!=", "not-in"}

# Queries the brief plans (not in the code yet): (collection, equality fields, range/order/aggregate field).
PLANNED = [
    ("costRecords", {"uid"}, "day"),  # budgets: a user's spend over a day range
    ("costRecords", {"day"}, "uid"),  # roll-ups grouped by user
    ("costRecords", {"day"}, "model"),  # … by model
    ("costRecords", {"day"}, "provider"),  # … by provider
    ("costRecords", {"day"}, "projectId"),  # … by project
    ("tokens", {"type"}, "provenance.share"),  # the web app: a project's tokens of one type, most prominent first
]


SUMS = {"usd", "savedUsd", "inputTokens", "outputTokens"}
DIMENSIONS = ("uid", "model", "provider", "projectId")  # DIMENSION_FIELDS' values (shared/adapters/firestore_repos.py)
# Query sites the scanner cannot follow (filters passed in as parameters or looked up in a dict), each
# with the queries it runs, read from the code by hand: (collection, equality fields, other fields).
DYNAMIC = {
    "firestore_ai.py:_sum": [  # spent_today / spent_month / spent_today_global: sum(usd)
        ("costRecords", {"uid", "day"}, {"usd"}),
        ("costRecords", {"uid"}, {"day", "usd"}),
        ("costRecords", {"day"}, {"usd"}),
    ],
    "firestore_rollups.py:_totals": [  # count + sums, and the cache-hit count, over the base query of:
        *[("costRecords", {"day", d}, SUMS) for d in DIMENSIONS],  # totals_for(day, dimension, value)
        *[("costRecords", {"day", d, "cached"}, set()) for d in DIMENSIONS],
        ("costRecords", {"uid", "day"}, SUMS),  # usage(uid, day, day)
        ("costRecords", {"uid"}, {"day"} | SUMS),  # usage(uid, first, last)
        ("costRecords", {"uid", "cached", "day"}, set()),
        ("costRecords", {"uid", "cached"}, {"day"}),
    ],
    "firestore_rollups.py:totals_for": [],  # its queries run in _totals
}


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

    def __init__(self, path: Path, shared_consts: dict | None = None) -> None:
        self.path = path
        self.tree = ast.parse(path.read_text())
        self.consts: dict[str, object] = dict(shared_consts or {})  # names imported from other modules
        for node in self.tree.body:
            if isinstance(node, ast.Assign):
                self._bind(node.targets[0], node.value, self.consts)
        self.queries: list[Query] = []
        self._expanding: set[str] = set()
        self.unresolved: set[str] = set()  # file:function of query calls the scanner cannot read
        self._fn = ""
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
            if attr in self._expanding:  # a helper calling itself (or a namesake): not a query
                return None
            self._expanding.add(attr)
            try:
                return self._chain(self.helpers[attr], {})
            finally:
                self._expanding.discard(attr)
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
            if len(fargs) < 2:  # where(filter=some_variable): built elsewhere
                self.unresolved.add(f"{self.path.name}:{self._fn}")
                return None
            fname, op = self._const(fargs[0], allenv), self._const(fargs[1], allenv)
            if not isinstance(fname, str):
                self.unresolved.add(f"{self.path.name}:{self._fn}")
                return None
            (q.ranges if op in RANGE_OPS else q.equality).append(fname)
        elif attr == "order_by":
            fname = self._const(args[0], allenv)
            if not isinstance(fname, str):
                self.unresolved.add(f"{self.path.name}:{self._fn}")
                return None
            q.orders.append(fname)
        elif attr in ("sum", "avg", "average"):
            fname = self._const(args[0], allenv)
            if not isinstance(fname, str):
                self.unresolved.add(f"{self.path.name}:{self._fn}")
                return None
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
        # Top-level functions and methods; nested functions are followed from their parent, whose
        # variables they see.
        tops = [n for n in self.tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for cls in (n for n in self.tree.body if isinstance(n, ast.ClassDef)):
            tops += [n for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for fn in tops:
            self._fn = fn.name
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
            # Compound statements: only their own expressions here; their bodies in order below.
            if isinstance(stmt, (ast.For, ast.AsyncFor)):
                own = [stmt.iter]
            elif isinstance(stmt, (ast.If, ast.While)):
                own = [stmt.test]
            elif isinstance(stmt, (ast.With, ast.AsyncWith)):
                own = [i.context_expr for i in stmt.items]
            elif isinstance(stmt, (ast.Try, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                own = []
            else:
                own = [stmt]
            for node in (n for root in own for n in ast.walk(root)):
                if isinstance(node, ast.Call):
                    q = self._chain(node, env)
                    if node is not assigned:  # a query being built is reported where it runs
                        self._report(q)
                    if q is None and isinstance(node.func, ast.Attribute) and \
                            node.func.attr in ("where", "order_by", "sum", "avg", "average"):
                        self.unresolved.add(f"{self.path.name}:{self._fn}")  # rooted in a parameter
                    for arg in node.args:  # run by a helper: _aggregate(query)
                        if isinstance(arg, ast.Name) and isinstance(env.get(arg.id), Query):
                            self._report(env[arg.id])
            if assigned is not None:  # bind after reading: `q = q.where(…)` refers to the old q
                value = self._chain(assigned, env)
                for t in stmt.targets:
                    if value is not None and isinstance(t, ast.Name):
                        env[t.id] = value
                    elif isinstance(assigned, (ast.Constant, ast.Tuple)):
                        self._bind(t, assigned, env)
                    elif isinstance(t, ast.Name):  # anything else: no longer a known query or constant
                        env.pop(t.id, None)
            for sub in ("body", "orelse", "finalbody"):
                if hasattr(stmt, sub):
                    self._block(getattr(stmt, sub), env)
            for handler in getattr(stmt, "handlers", []):
                self._block(handler.body, env)


def _module_constants(paths) -> dict[str, ast.expr]:
    out: dict[str, ast.expr] = {}
    for path in paths:
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.Assign):
                t, v = node.targets[0], node.value
                pairs = zip(t.elts, v.elts) if isinstance(t, ast.Tuple) and isinstance(v, ast.Tuple) else [(t, v)]
                for name, value in pairs:
                    if isinstance(name, ast.Name) and isinstance(value, ast.Constant) and isinstance(value.value, str):
                        out.setdefault(name.id, value)
    return out


def scan_code() -> tuple[list[Query], set[str]]:
    # The modules that talk to Firestore (numpy's where/sum elsewhere are not queries); `copythat smoke`
    # builds its queries from the index file itself, one per index (shared/smoke/checks.py).
    paths = [p for p in sorted((ROOT / "shared").rglob("*.py"))
             if "localstack" not in p.parts and "smoke" not in p.parts and "firestore" in p.read_text()]
    consts = _module_constants(paths)
    queries, unresolved = [], set()
    for path in paths:
        scanner = _Scanner(path, consts)
        queries.extend(scanner.scan())
        unresolved |= scanner.unresolved
    return queries, unresolved


def code_queries() -> list[Query]:
    return scan_code()[0]


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


def test_dynamic_query_sites_are_acknowledged_and_indexed():
    _, unresolved = scan_code()
    assert unresolved <= set(DYNAMIC), (
        f"query sites the scanner cannot read: {sorted(unresolved - set(DYNAMIC))}: declare their queries in DYNAMIC")
    for site, queries in DYNAMIC.items():
        for collection, equality, last in queries:
            assert any(_covers(i, collection, equality, last) for i in INDEXES), (site, collection, equality, last)


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
