"""Mutation check: does any unit test notice when a pure module changes by one operator or number?

    .venv/bin/python -m tests.mutation.run                      # every module in MODULES
    .venv/bin/python -m tests.mutation.run shared/color/contrast.py
    .venv/bin/python -m tests.mutation.run --since main         # the listed modules a change touched
    .venv/bin/python -m tests.mutation.run --keys shared/color/contrast.py   # its mutants' keys, no tests run
    .venv/bin/python -m tests.mutation.run --stale              # equivalent.txt entries that name no mutant

Each mutant (tests/mutation/mutate.py) runs against the unit tests that run its lines (a traced
baseline run of the unit tests that import its module, at any import level, maps lines to tests and
times each test), in a forked child of a process that has already imported pytest and the heavy
third-party libraries. A mutant's tests run cheapest first and stop at the first failure; only the
cheapest ones, up to --budget seconds of the baseline's timing, run at first, and only a mutant that
survives them runs the rest (the slow far importers) in a second child. The baseline is cached per test
file under .cache/mutation/, keyed by the module, the test file and every non-test source file, so a
re-run after adding a test traces only the changed file. A mutant is killed when a test fails (or the
run exceeds its time limit), survives when every test passes. Mutants that change no behaviour are
listed with the reason in tests/mutation/equivalent.txt and left out of the score. Prints killed /
survived per module with each survivor's line; exits 1 when a module is under --target (90 %).
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import importlib.abc
import importlib.util
import io
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout, redirect_stderr
from pathlib import Path

from tests.mutation.mutate import Mutant, mutants, mutated_code

ROOT = Path(__file__).resolve().parents[2]
EQUIVALENT = Path(__file__).with_name("equivalent.txt")
CACHE = ROOT / ".cache" / "mutation"
# Bump when the trace's format or meaning changes: older cached baselines are then ignored.
TRACE_VERSION = 3

# The pure modules issue 21 names (and the typed-token / library modules as they landed).
MODULES = [
    "shared/color/contrast.py",
    "shared/color/srgb.py",
    "shared/color/scales.py",
    "shared/color/roles.py",
    "shared/color/harmony.py",
    "shared/color/vision.py",
    "shared/extraction/ai/verify.py",
    "shared/security/rate_limit.py",
    "shared/security/fair_dispatch.py",
    "shared/security/in_flight.py",
    "shared/security/ai_access.py",
    "shared/security/upload_guard.py",
    "shared/security/ssrf.py",
    "shared/exporters/_model.py",
    "shared/library/rules.py",
    "shared/library/colors.py",
    "shared/library/draft.py",
    "shared/library/layout.py",
    "shared/library/typography.py",
    # The pixel palette (numpy reference paths; tests/unit/test_palette_*_edges.py) and the layout scales.
    "shared/extraction/palette/blends.py",
    "shared/extraction/palette/histogram.py",
    "shared/extraction/palette/adjacency.py",
    "shared/extraction/palette/colorspace.py",
    "shared/extraction/palette/imagery.py",
    "shared/extraction/palette/clusters.py",
    "shared/extraction/palette/extractor.py",
    "shared/extraction/layout/scales.py",
    # The color science and the typed-token domain.
    "shared/color/conversions.py",
    "shared/color/schemes.py",
    "shared/color/naming.py",
    "shared/color/palette.py",
    "shared/color/enrichment.py",
    "shared/color/describe.py",
    "shared/color/family_names.py",
    "shared/color/fast_delta_e.py",
    "shared/domain/tokens.py",
    "shared/domain/typography.py",
    "shared/domain/layout.py",
    # The typed-token exporter values (numbers, dimensions, font stacks, shadows as every format writes them).
    "shared/exporters/_values.py",
]


def module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def _module_of(f: Path) -> str:
    """Dotted name of a source file; a package's __init__.py is the package."""
    return module_name(str(f.relative_to(ROOT))).removesuffix(".__init__")


def imported_names(source: str, name: str, is_package: bool = False) -> set[str]:
    """Dotted names the module `name` imports anywhere in its code (a lazy import in a function too;
    comments and strings do not count): `import a.b`; `from a import b` gives a and a.b (b may be a
    module); relative imports resolved against the module's package."""
    package = name if is_package else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                mod = f"{base}.{node.module}" if node.module else base
            else:
                mod = node.module or ""
            out.add(mod)
            out.update(f"{mod}.{a.name}" for a in node.names)
    return out


def _imports_of(files: list[Path]) -> dict[str, tuple[str, set[str]]]:
    """module name → (its path relative to the root, the names it imports)."""
    out = {}
    for f in files:
        name = _module_of(f)
        out[name] = (str(f.relative_to(ROOT)), imported_names(f.read_text(), name, f.name == "__init__.py"))
    return out


def test_levels(path: str) -> list[list[str]]:
    """The unit test files that may exercise the module, nearest first: those importing it, then
    those importing a module of ours that imports it (plan → typography, a package's __init__ that
    re-exports it), one import level at a time, each file once at its nearest level."""
    ours = _imports_of(sorted((ROOT / "shared").rglob("*.py")))
    tests = _imports_of(sorted((ROOT / "tests" / "unit").glob("test_*.py")))
    levels, taken = [], set()
    level, seen = {_module_of(ROOT / path)}, {_module_of(ROOT / path)}
    while level:
        found = [f for f, names in tests.values() if names & level and f not in taken]
        taken.update(found)
        levels.append(sorted(found))
        level = {m for m, (_, names) in ours.items() if m not in seen and names & level}
        seen |= level
    return [found for found in levels if found]


def tests_for(path: str) -> list[str]:
    """Every unit test file that may exercise the module (test_levels, nearest first). The baseline's
    line trace then keeps, per mutant, only the tests that run its lines, so the files reached
    through other modules cost one traced run, not one per mutant."""
    return [t for found in test_levels(path) for t in found]


def load_equivalent() -> dict[str, dict[str, str]]:
    """module path → {mutant key → reason} from equivalent.txt (`path | line: change | reason`)."""
    out: dict[str, dict[str, str]] = {}
    if not EQUIVALENT.exists():
        return out
    for raw in EQUIVALENT.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        path, key, reason = (p.strip() for p in line.split("|", 2))
        if key in out.get(path, {}):
            raise SystemExit(f"equivalent.txt names {path} | {key} twice")
        out.setdefault(path, {})[key] = reason
    return out


def stale_entries(equivalent: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    """(path, key) of every entry that names no mutant of its module (its line moved, or the module)."""
    out = []
    for path, entries in sorted(equivalent.items()):
        keys = {m.key for m in mutants((ROOT / path).read_text())} if (ROOT / path).exists() else set()
        out.extend((path, key) for key in sorted(set(entries) - keys))
    return out


def list_keys(path: str, equivalent: dict[str, str]) -> None:
    source = (ROOT / path).read_text()
    lines = source.splitlines()
    for m in mutants(source):
        mark = "equivalent" if m.key in equivalent else ""
        print(f"{path} | {m.key:<34} {mark:<10} | {lines[m.line - 1].strip()[:90]}")


class _MutantFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves a mutated (or probed) code object for exactly one module name."""

    def __init__(self, name: str, path: str, code, extra: dict | None = None):
        self.name, self.path, self.code, self.extra = name, path, code, extra or {}
        self.loaded = False

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        return importlib.util.spec_from_file_location(fullname, self.path, loader=self)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        self.loaded = True
        module.__dict__.update(self.extra)
        exec(self.code, module.__dict__)


def _our_modules() -> dict[str, tuple[str, set[str]]]:
    """Our importable modules (shared, and the tests' helpers, fakes and conftests; not test files)."""
    files = [f for f in sorted((ROOT / "shared").rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))
             if not (f.parent.name == "unit" and f.name.startswith("test_")) and f.parent.name != "mutation"
             and "__pycache__" not in f.parts]
    return _imports_of(files)


def dependents(target: str, graph: dict[str, set[str]]) -> set[str]:
    """The target and every module that imports it, directly or through others (a lazy import in a
    function counts): these must be imported fresh in each child, after its mutant is in place."""
    out = {target}
    grew = True
    while grew:
        grew = False
        for m, names in graph.items():
            if m not in out and names & out:
                out.add(m)
                grew = True
    return out


def independent_imports(roots: set[str], graph: dict[str, set[str]], target: str) -> list[str]:
    """Our modules the tests reach from `roots` (their imports) that do not depend on the target, in a
    stable order: the parent imports them once, so a child does not."""
    dep = dependents(target, graph)
    seen, stack = set(), sorted(roots)
    while stack:
        name = stack.pop()
        if name in seen or name not in graph:
            continue
        seen.add(name)
        stack.extend(sorted(graph[name]))
    return sorted(seen - dep)


def _prepare_parent(path: str, tests: list[str]) -> None:
    """Drops from this process every module of ours that depends on `path` (a module checked before may
    have had it imported) and imports the ones that do not."""
    ours = _our_modules()
    graph = {m: names for m, (_, names) in ours.items()}
    target = module_name(path)
    _forget(dependents(target, graph))
    roots: set[str] = set()
    for f in tests + ["tests/conftest.py", "tests/unit/conftest.py"]:
        roots |= imported_names((ROOT / f).read_text(), _module_of(ROOT / f))
    for name in independent_imports(roots, graph, target):
        try:
            importlib.import_module(name)
        except Exception:  # a child imports it then, as before
            pass
    _forget(dependents(target, graph))  # in case an import above pulled one in dynamically


def _forget(names: set[str]) -> None:
    """Removes the modules from this process, and from their packages' attributes (else `from package
    import module` in a child would find the old one there without importing)."""
    for name in names:
        sys.modules.pop(name, None)
        package, _, attr = name.rpartition(".")
        if package in sys.modules and attr in vars(sys.modules[package]):
            delattr(sys.modules[package], attr)


def _warm_imports() -> None:
    """Third-party libraries every child would import again (never our own modules: a child must
    import those after its mutant is in place)."""
    import pytest  # noqa: F401
    # hypothesis and anyio: pytest's plugins for them import them at every start (most of a child's
    # start-up time when imported there: hypothesis alone ~0.5 s of CPU).
    # anyio's pytest plugin and asyncio backend, and the pytest modules loaded at each start: another
    # 0.2 s of CPU per child (0.8 → 0.6 s for a one-test run).
    for mod in ("hypothesis", "anyio", "numpy", "pydantic", "coloraide", "PIL.Image", "werkzeug", "google.protobuf",
                "anyio._backends._asyncio", "anyio.pytest_plugin", "_pytest.pytester", "_pytest.legacypath"):
        try:
            __import__(mod)
        except ImportError:
            pass


PROBE = "__mutation_hit__"


class _Probe(ast.NodeTransformer):
    """Puts `__mutation_hit__(line)` before every statement of a module (after a docstring and the
    `from __future__` imports, which must come first), so the baseline learns which statements each test
    runs at the cost of one call per statement run: a global sys.settrace pays a Python call on every
    function call of every library, and made the AI tests' baseline 10-50x slower."""

    def generic_visit(self, node: ast.AST) -> ast.AST:
        super().generic_visit(node)
        for field in ("body", "orelse", "finalbody"):
            stmts = getattr(node, field, None)
            if isinstance(stmts, list) and stmts and isinstance(stmts[0], ast.stmt):
                setattr(node, field, self._probed(stmts))
        return node

    @staticmethod
    def _probed(stmts: list[ast.stmt]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for i, st in enumerate(stmts):
            docstring = i == 0 and isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant) \
                and isinstance(st.value.value, str)
            if not (docstring or isinstance(st, ast.ImportFrom) and st.module == "__future__"):
                call = ast.Call(func=ast.Name(id=PROBE, ctx=ast.Load()), args=[ast.Constant(value=st.lineno)],
                                keywords=[])
                out.append(ast.copy_location(ast.Expr(value=call), st))
            out.append(st)
        return out


def probed_code(source: str, filename: str):
    """The module's code object with a probe before each statement (see _Probe); line numbers unchanged."""
    tree = _Probe().visit(ast.parse(source))
    ast.fix_missing_locations(tree)
    return compile(tree, filename, "exec")


class _LineTracer:
    """Records which statements (by first line) of each probed module each test runs (the baseline's map
    from lines to tests), how long each test takes (setup, call and teardown), and which tests fail
    unmutated. Statements run at import (during collection) belong to no test."""

    def __init__(self, paths: list[str]):
        self.current: str | None = None
        self.lines: dict[str, dict[str, set[int]]] = {p: {} for p in paths}
        self.seconds: dict[str, float] = {}
        self.failed: list[str] = []

    def hit_for(self, path: str):
        lines = self.lines[path]

        def hit(line: int) -> None:
            if self.current is not None:
                lines.setdefault(self.current, set()).add(line)
        return hit

    def pytest_runtest_protocol(self, item, nextitem):
        self.current = item.nodeid
        for lines in self.lines.values():
            lines.setdefault(item.nodeid, set())
        return None

    def pytest_runtest_logreport(self, report):
        self.seconds[report.nodeid] = self.seconds.get(report.nodeid, 0.0) + report.duration
        if report.failed and report.nodeid not in self.failed:
            self.failed.append(report.nodeid)


class _Order:
    """Runs the collected tests in the given order (pytest keeps the order of node-id arguments; this
    holds it against a plugin or conftest that reorders items): with -x, the cheapest failing test ends
    the run."""

    def __init__(self, order: list[str]):
        self.rank = {nodeid: i for i, nodeid in enumerate(order)}

    def pytest_collection_modifyitems(self, items):
        items.sort(key=lambda item: self.rank.get(item.nodeid, len(self.rank)))


_STALE_IMPORT, _NOT_LOADED = 97, 98


def _run_child(path: str, tests: list[str], index: int | None, trace_to: str | None,
               probe: list[str] | None = None) -> int:
    import pytest

    plugins: list[object] = [_Order(tests)]
    tracer = None
    finders = []
    if index is not None:
        finders.append(_MutantFinder(module_name(path), str(ROOT / path),
                                     mutated_code((ROOT / path).read_text(), str(ROOT / path), index)))
    elif trace_to:
        tracer = _LineTracer(probe or [path])
        plugins.append(tracer)
        for p in probe or [path]:
            finders.append(_MutantFinder(module_name(p), str(ROOT / p), probed_code(
                (ROOT / p).read_text(), str(ROOT / p)), {PROBE: tracer.hit_for(p)}))
    for finder in finders:
        if finder.name in sys.modules:  # imported in the parent: the mutant would never be seen
            return _STALE_IMPORT
        sys.meta_path.insert(0, finder)
    sink = io.StringIO()
    with redirect_stdout(sink), redirect_stderr(sink):
        # The baseline runs every test (no -x): one failing unmutated must not hide the others' lines.
        code = pytest.main([*([] if trace_to else ["-x"]), "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                            "--no-header", "-o", "addopts=", *tests], plugins=plugins)
    if tracer is not None:
        Path(trace_to).write_text(json.dumps({
            "modules": {p: {k: sorted(v) for k, v in lines.items()} for p, lines in tracer.lines.items()},
            "seconds": tracer.seconds, "failed": tracer.failed}))
    if index is not None and not finders[0].loaded and code == 0:
        return _NOT_LOADED
    return int(code)


def run_one(path: str, tests: list[str], index: int | None, timeout: float, trace_to: str | None = None,
            probe: list[str] | None = None) -> str:
    """'passed', 'failed' or 'timeout' for the tests (run in this order) with mutant `index` (None:
    unmutated; with trace_to, the modules `probe` (default: path) are probed and their trace written there)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            code = _run_child(path, tests, index, trace_to, probe)
        except BaseException:  # a mutant that breaks the import is killed, like a failing test
            code = 99
        os.write(write, b"%d" % code)
        os._exit(0)
    os.close(write)
    ready, _, _ = select.select([read], [], [], timeout)
    if not ready:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read)
        return "timeout"
    data = os.read(read, 16)
    os.close(read)
    os.waitpid(pid, 0)
    if data in (b"%d" % _STALE_IMPORT, b"%d" % _NOT_LOADED):
        why = "already imported" if data == b"%d" % _STALE_IMPORT else "never imported"
        raise RuntimeError(f"{path}: the {'mutant' if index is not None else 'probed module'} was not what the "
                           f"tests imported ({why})")
    # pytest's 4 (usage error: a node id not found) and 5 (no test collected): tests the baseline ran are gone.
    return {b"0": "passed", b"4": "unrun", b"5": "unrun"}.get(data, "failed")


def changed_since(rev: str) -> set[str]:
    out = subprocess.run(["git", "diff", "--name-only", rev, "--"], cwd=ROOT, capture_output=True, text=True, check=True)
    return {line.strip() for line in out.stdout.splitlines()}


def tiers(tests: list[str], cost: dict[str, float], budget: float) -> list[list[str]]:
    """The tests cheapest first (ties keep their given order), cut in two: the cheapest up to `budget`
    seconds together (at least one test), then the rest, run only when the first tier passes."""
    ordered = sorted(tests, key=lambda t: cost.get(t, float("inf")))
    total, cut = 0.0, 0
    for t in ordered:
        if cut and total + cost.get(t, float("inf")) > budget:
            break
        total += cost.get(t, float("inf"))
        cut += 1
    return [tier for tier in (ordered[:cut], ordered[cut:]) if tier]


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def sources_fingerprint(root: Path = ROOT) -> str:
    """One hash of every file a unit test's outcome may depend on besides the test files themselves:
    our code (with the C core), the tests' helpers, fakes and conftests, the project's settings."""
    files = [f for pattern in ("shared/**/*.py", "shared/**/*.c", "shared/**/*.so", "shared/**/*.json",
                               "tests/**/*.py", "pyproject.toml")
             for f in root.glob(pattern)
             if not (f.parent.name == "unit" and f.name.startswith("test_")) and "__pycache__" not in f.parts
             and f.parent.name != "mutation"]  # the tool itself: TRACE_VERSION says when its trace changes
    return _digest(*(part for f in sorted(set(files)) for part in (str(f.relative_to(root)).encode(), f.read_bytes())))


def baseline_key(path: str, test_file: str, fingerprint: str, root: Path = ROOT) -> str:
    """The cache key of one test file's traced baseline for one module: it changes when the module, the
    test file or any other source file changes."""
    return _digest(b"%d" % TRACE_VERSION, path.encode(), test_file.encode(), (root / test_file).read_bytes(),
                   fingerprint.encode())


def _cached(path: str, test_file: str, fingerprint: str) -> Path:
    return CACHE / f"{baseline_key(path, test_file, fingerprint)}.json"


def files_to_trace(paths: list[str], tests_of, is_cached) -> dict[str, list[str]]:
    """test file → the modules (in the given order) whose baseline of it is not cached: each file runs
    once, probed in all of them."""
    need: dict[str, list[str]] = {}
    for path in paths:
        for test_file in tests_of(path):
            if not is_cached(path, test_file):
                need.setdefault(test_file, []).append(path)
    return need


def trace_baselines(paths: list[str], fresh: bool = False) -> dict[str, dict]:
    """Traces the test files of the modules whose baseline is not cached (all with fresh), each file once
    for every module that needs it (the palette modules share most of their test files), in one forked
    run per file. Per module: {"traced": n files run now, "broken": [file whose run timed out], "files":
    {test file: its cache file}} (keys taken now: a test edited during the run does not move them)."""
    fingerprint = sources_fingerprint()
    CACHE.mkdir(parents=True, exist_ok=True)
    need = files_to_trace(paths, tests_for, lambda p, f: not fresh and _cached(p, f, fingerprint).exists())
    stats: dict[str, dict] = {
        p: {"traced": 0, "broken": [], "files": {f: _cached(p, f, fingerprint) for f in tests_for(p)}} for p in paths}
    graph = {m: names for m, (_, names) in _our_modules().items()}
    for test_file, mods in need.items():
        _forget(set().union(*(dependents(module_name(p), graph) for p in mods)))
        with tempfile.TemporaryDirectory() as tmp:
            trace = os.path.join(tmp, "lines.json")
            outcome = run_one(mods[0], [test_file], None, timeout=1800, trace_to=trace, probe=mods)
            if outcome == "timeout" or not os.path.exists(trace):
                for p in mods:
                    stats[p]["broken"].append(test_file)
                continue
            traced = json.loads(Path(trace).read_text())
        for p in mods:
            _cached(p, test_file, fingerprint).write_text(json.dumps(
                {"lines": traced["modules"][p], "seconds": traced["seconds"], "failed": traced["failed"]}))
            stats[p]["traced"] += 1
    return stats


def baseline(stats: dict) -> dict:
    """The module's cached baseline (its trace_baselines entry): {"lines": {nodeid: [line…]}, "seconds":
    {nodeid: s}, "failed": [nodeid…]}; a broken file (its traced run timed out) is left out."""
    out: dict = {"lines": {}, "seconds": {}, "failed": []}
    for test_file, cached in stats["files"].items():
        if test_file in stats["broken"]:
            continue
        traced = json.loads(cached.read_text())
        out["lines"].update(traced["lines"])
        out["seconds"].update(traced["seconds"])
        out["failed"].extend(traced["failed"])
    return out


def check_module(path: str, equivalent: dict[str, str], verbose: bool, budget: float = 5.0,
                 traced: dict | None = None) -> dict:
    """Scores the module's mutants; `traced` is its trace_baselines entry (None: traced here)."""
    levels = test_levels(path)
    tests = [t for found in levels for t in found]
    source = (ROOT / path).read_text()
    lines = source.splitlines()
    all_mutants = mutants(source)
    result = {"path": path, "tests": tests, "killed": 0, "survived": [], "timeouts": 0, "equivalent": [],
              "total": len(all_mutants), "children": 0, "second_tier": 0, "uncollected": 0}
    # An entry whose line moved names no mutant any more: its mutant is scored again, and said so.
    result["stale"] = sorted(set(equivalent) - {m.key for m in all_mutants})
    if not tests:
        result["error"] = "no unit test reaches it"
        return result
    start = time.perf_counter()
    stats = traced if traced is not None else trace_baselines([path])[path]
    _prepare_parent(path, tests)
    base = baseline(stats)
    result["baseline_s"], result["traced"] = time.perf_counter() - start, stats["traced"]
    covered, failed, cost = base["lines"], base["failed"], base["seconds"]
    # A test failing unmutated (a timing test on a loaded machine, a far importer's own bug) cannot
    # tell a mutant apart: it is left out and named; the module is checked by the others.
    if not covered or len(failed) >= len(covered):
        result["error"] = f"its tests do not pass unmutated ({', '.join(failed[:3])}; timed out: {stats['broken']})"
        return result
    result["left_out"] = failed + [f"{f} (its baseline run timed out)" for f in stats["broken"]]
    covered = {t: ran for t, ran in covered.items() if t not in failed}
    nearest = tuple(f"{f}::" for f in levels[0])
    # A module-level value: the tests of the nearest importers may read it without running a line of
    # the module after import, and so may any test that runs one.
    at_import = [t for t, ran in covered.items() if ran or t.startswith(nearest)]
    for m in all_mutants:
        if m.key in equivalent:
            result["equivalent"].append((m, equivalent[m.key]))
            continue
        if m.at_import:
            chosen = at_import
        else:
            span = set(range(m.lines[0], m.lines[1] + 1))
            chosen = [t for t, ran in covered.items() if span & set(ran)]
        outcome = "passed"
        for n, tier in enumerate(tiers(chosen, cost, budget)):
            # The traced timing overstates a test's cost; a loaded machine stretches it again.
            limit = max(30.0, 5 * sum(cost.get(t, 0.0) for t in tier) + 10)
            outcome = run_one(path, tier, m.index, limit)
            result["children"] += 1
            result["second_tier"] += n
            if outcome != "passed":
                break
        # Tests the baseline ran that pytest no longer finds: the mutant changed what is collected (a
        # parametrization read from the module, e.g. the compiled builds whose constants match it) —
        # provided the same node ids do run unmutated (else the selection is wrong, and says so).
        if outcome == "unrun":
            if run_one(path, tier, None, limit) == "unrun":
                raise RuntimeError(f"{path}: pytest finds none of the tests chosen for mutant {m.key}, even "
                                   f"unmutated: {tier[:3]}")
            result["uncollected"] += 1
        if outcome == "passed":
            result["survived"].append(m)
        else:
            result["killed"] += 1
            result["timeouts"] += outcome == "timeout"
        if verbose:
            print(f"  {path}:{m.line} {m.what}: {outcome}", file=sys.stderr)
    result["seconds"] = time.perf_counter() - start
    result["source"] = lines
    return result


def report(r: dict) -> float:
    scored = r["killed"] + len(r["survived"])
    if "error" in r:
        print(f"{r['path']}: {r['error']}")
        return 0.0
    pct = 100.0 * r["killed"] / scored if scored else 100.0
    print(f"{r['path']}: {r['killed']}/{scored} killed ({pct:.1f} %), {len(r['survived'])} survived, "
          f"{len(r['equivalent'])} equivalent, {r['timeouts']} by time limit, {r['uncollected']} by tests no longer "
          f"collected; {r['seconds']:.0f} s "
          f"(baseline {r['baseline_s']:.0f} s, {r['traced']} of {len(r['tests'])} test files traced, the rest cached; "
          f"{r['children']} mutant runs, {r['second_tier']} past the first tier); "
          f"tests: {', '.join(Path(t).name for t in r['tests'])}")
    for m in r["survived"]:
        print(f"    survived {m.key}    | {r['source'][m.line - 1].strip()[:100]}")
    for nodeid in r.get("left_out", []):
        print(f"    left out, fails unmutated: {nodeid}")
    for key in r.get("stale", []):
        print(f"    equivalent.txt names no mutant here: {key} (did its line move?)")
    return pct


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("modules", nargs="*", help="module paths (default: every module in MODULES)")
    ap.add_argument("--since", help="only the modules of MODULES changed since this git revision")
    ap.add_argument("--target", type=float, default=90.0, help="minimum %% killed per module (exit 1 below)")
    ap.add_argument("--keys", action="store_true", help="list each mutant's key and line; run no test")
    ap.add_argument("--stale", action="store_true", help="list equivalent.txt entries naming no mutant; run no test")
    ap.add_argument("--budget", type=float, default=5.0,
                    help="seconds (of the traced baseline's timing) of a mutant's cheapest tests run first; "
                         "only a survivor runs the rest")
    ap.add_argument("--fresh", action="store_true", help="trace the baseline again, ignoring .cache/mutation")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    modules = args.modules or MODULES
    if args.keys or args.stale:
        equivalent = load_equivalent()
        if args.keys:
            for path in modules:
                list_keys(path, equivalent.get(path, {}))
            return 0
        stale = stale_entries({p: e for p, e in equivalent.items() if not args.modules or p in modules})
        for path, key in stale:
            print(f"{path} | {key}: names no mutant (did its line move?)")
        print(f"{len(stale)} stale of {sum(len(e) for e in equivalent.values())} entries")
        return 1 if stale else 0
    if args.since:
        changed = changed_since(args.since)
        modules = [m for m in modules if m in changed]
        if not modules:
            print(f"no module of the mutation list changed since {args.since}")
            return 0
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    _warm_imports()
    equivalent = load_equivalent()
    low = []
    totals = [0, 0]
    start = time.perf_counter()
    traced = trace_baselines(modules, args.fresh)
    print(f"baseline: {sum(t['traced'] for t in traced.values())} (module, test file) pairs traced in "
          f"{time.perf_counter() - start:.0f} s, the others cached", flush=True)
    for path in modules:
        r = check_module(path, equivalent.get(path, {}), args.verbose, args.budget, traced[path])
        pct = report(r)
        totals[0] += r["killed"]
        totals[1] += r["killed"] + len(r["survived"])
        if pct < args.target:
            low.append(path)
        sys.stdout.flush()
    if totals[1]:
        print(f"all: {totals[0]}/{totals[1]} killed ({100.0 * totals[0] / totals[1]:.1f} %)")
    if low:
        print(f"under {args.target:.0f} %: {', '.join(low)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
