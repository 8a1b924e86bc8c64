"""How the mutation check (tests/mutation/run.py) spends its time: a mutant's tests run cheapest first,
in two tiers cut at a budget, and the traced baseline is cached per test file under a key that moves
with exactly the files a test's outcome depends on."""
from __future__ import annotations

from pathlib import Path

from tests.mutation.run import (PROBE, _forget, _Order, baseline_key, dependents, files_to_trace,
                                independent_imports, probed_code, run_one, sources_fingerprint, tiers)

COST = {"slow": 60.0, "mid": 2.0, "fast": 0.1, "fast2": 0.1, "other": 3.5}


def test_tests_run_cheapest_first_and_equal_costs_keep_their_order():
    assert tiers(["slow", "fast2", "mid", "fast"], COST, budget=100.0) == [["fast2", "fast", "mid", "slow"]]


def test_the_first_tier_holds_the_cheapest_tests_up_to_the_budget():
    # 0.1 + 0.1 + 2.0 = 2.2 fits 5 s; adding 3.5 (5.7) would not.
    assert tiers(["slow", "mid", "fast", "fast2", "other"], COST, budget=5.0) == [
        ["fast", "fast2", "mid"], ["other", "slow"]]
    # Exactly at the budget still fits: 0.1 + 0.1 + 2.0 + 3.5 = 5.7.
    assert tiers(["slow", "mid", "fast", "fast2", "other"], COST, budget=5.7) == [
        ["fast", "fast2", "mid", "other"], ["slow"]]
    assert tiers(["slow", "mid", "fast", "fast2", "other"], COST, budget=5.69) == [
        ["fast", "fast2", "mid"], ["other", "slow"]]


def test_a_first_tier_always_runs_one_test_even_over_budget():
    assert tiers(["slow", "mid"], COST, budget=1.0) == [["mid"], ["slow"]]
    assert tiers(["slow"], COST, budget=1.0) == [["slow"]]
    assert tiers([], COST, budget=1.0) == []


def test_a_test_without_a_timing_runs_last():
    assert tiers(["unknown", "slow", "fast"], COST, budget=1.0) == [["fast"], ["slow", "unknown"]]


class _Item:
    def __init__(self, nodeid: str):
        self.nodeid = nodeid


def test_collected_tests_keep_the_given_order_whatever_reordered_them():
    items = [_Item(n) for n in ("a.py::t1", "a.py::t2", "b.py::t1", "c.py::t9")]
    _Order(["b.py::t1", "a.py::t2", "a.py::t1"]).pytest_collection_modifyitems(items)
    # A test not named (collected through a file argument) keeps its place after the named ones.
    assert [i.nodeid for i in items] == ["b.py::t1", "a.py::t2", "a.py::t1", "c.py::t9"]


def _tree(root: Path) -> None:
    for rel, text in {"shared/m.py": "X = 1\n", "shared/other.py": "Y = 2\n", "tests/unit/test_m.py": "def test(): pass\n",
                      "tests/unit/test_n.py": "def test(): pass\n", "tests/unit/conftest.py": "",
                      "pyproject.toml": "[project]\n"}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def test_the_cached_baseline_of_a_test_file_survives_an_edit_of_another_test_file(tmp_path):
    _tree(tmp_path)
    fp = sources_fingerprint(tmp_path)
    key = baseline_key("shared/m.py", "tests/unit/test_m.py", fp, tmp_path)
    (tmp_path / "tests/unit/test_n.py").write_text("def test(): assert 1\n")
    assert sources_fingerprint(tmp_path) == fp
    assert baseline_key("shared/m.py", "tests/unit/test_m.py", sources_fingerprint(tmp_path), tmp_path) == key
    # Its own file edited: traced again.
    (tmp_path / "tests/unit/test_m.py").write_text("def test(): assert 2\n")
    assert baseline_key("shared/m.py", "tests/unit/test_m.py", fp, tmp_path) != key
    # The same file's baseline for another module is another entry.
    assert baseline_key("shared/other.py", "tests/unit/test_m.py", fp, tmp_path) != \
        baseline_key("shared/m.py", "tests/unit/test_m.py", fp, tmp_path)


def test_any_source_helper_or_conftest_edit_traces_every_file_again(tmp_path):
    _tree(tmp_path)
    fp = sources_fingerprint(tmp_path)
    for rel in ("shared/other.py", "tests/unit/conftest.py", "pyproject.toml"):
        before = sources_fingerprint(tmp_path)
        (tmp_path / rel).write_text((tmp_path / rel).read_text() + "\n# edited\n")
        assert sources_fingerprint(tmp_path) != before, rel
    assert sources_fingerprint(tmp_path) != fp
    # The mutation tool itself does not (TRACE_VERSION does).
    before = sources_fingerprint(tmp_path)
    (tmp_path / "tests/mutation").mkdir()
    (tmp_path / "tests/mutation/run.py").write_text("# the tool\n")
    assert sources_fingerprint(tmp_path) == before
    # A new source file counts.
    before = sources_fingerprint(tmp_path)
    (tmp_path / "shared/new.py").write_text("")
    assert sources_fingerprint(tmp_path) != before


PROBED = '''"""Module doc."""
from __future__ import annotations

LIMIT = 3


def f(x):
    """Function doc."""
    if x > LIMIT:
        return (x +
                1)
    else:
        try:
            y = x * 2
        except ZeroDivisionError:
            y = 0
        finally:
            pass
    for i in range(2):
        y += i
    return y


class C:
    """Class doc."""
    K = 1

    def g(self):
        return [v for v in (1, 2)]
'''


def test_the_probed_module_reports_each_statement_it_runs_by_its_first_line_and_keeps_its_docstrings():
    hits: list[int] = []
    namespace = {PROBE: hits.append, "__name__": "probed"}
    exec(probed_code(PROBED, "probed.py"), namespace)
    assert namespace["__doc__"] == "Module doc."
    assert namespace["f"].__doc__ == "Function doc." and namespace["C"].__doc__ == "Class doc."
    assert hits == [4, 7, 24, 26, 28]  # at import: LIMIT, def f, class C, K, def g
    hits.clear()
    assert namespace["f"](5) == 6
    assert hits == [9, 10]  # the if; the two-line return by its first line
    hits.clear()
    assert namespace["f"](1) == 3
    assert hits == [9, 13, 14, 18, 19, 20, 20, 21]  # the if, try, its body, finally's pass, the loop twice, return
    hits.clear()
    assert namespace["C"]().g() == [1, 2]
    assert hits == [29]


def test_a_test_file_shared_by_modules_is_traced_once_for_all_that_lack_it():
    tests_of = {"a.py": ["t_core.py", "t_a.py"], "b.py": ["t_b.py", "t_core.py"], "c.py": ["t_core.py"]}.get
    cached = {("c.py", "t_core.py")}
    assert files_to_trace(["a.py", "b.py", "c.py"], tests_of, lambda p, f: (p, f) in cached) == {
        "t_core.py": ["a.py", "b.py"], "t_a.py": ["a.py"], "t_b.py": ["b.py"]}
    assert files_to_trace(["c.py"], tests_of, lambda p, f: (p, f) in cached) == {}


GRAPH = {
    "pkg": set(),
    "pkg.target": {"numpy"},
    "pkg.user": {"pkg.target", "pkg.target.f"},  # from pkg.target import f
    "pkg.lazy": {"pkg.user"},  # imports pkg.user inside a function
    "pkg.other": {"pkg.util"},
    "pkg.util": set(),
    "tests.helpers": {"pkg.other", "pkg.lazy"},
}


def test_a_module_importing_the_mutated_one_at_any_depth_is_a_dependent():
    assert dependents("pkg.target", GRAPH) == {"pkg.target", "pkg.user", "pkg.lazy", "tests.helpers"}
    assert dependents("pkg.util", GRAPH) == {"pkg.util", "pkg.other", "tests.helpers"}


def test_only_modules_independent_of_the_mutated_one_are_imported_ahead():
    # A test importing the helpers reaches everything; the parent may import only what cannot see the mutant.
    assert independent_imports({"tests.helpers", "pytest"}, GRAPH, "pkg.target") == ["pkg.other", "pkg.util"]
    assert independent_imports({"pkg.user"}, GRAPH, "pkg.target") == []


def test_a_forgotten_module_is_gone_from_its_package_too():
    import sys
    import types

    package, module = types.ModuleType("fake_pkg_m"), types.ModuleType("fake_pkg_m.sub")
    package.sub = module
    sys.modules.update({"fake_pkg_m": package, "fake_pkg_m.sub": module})
    try:
        _forget({"fake_pkg_m.sub"})
        assert "fake_pkg_m.sub" not in sys.modules and not hasattr(package, "sub")
    finally:
        sys.modules.pop("fake_pkg_m", None)


def test_a_mutants_tests_run_in_the_given_order_across_files_and_stop_at_the_first_failure(tmp_path, monkeypatch):
    """In a real forked pytest run (run_one, unmutated): the cheapest-first order given is the order run,
    across files, and -x ends the run at the first failure."""
    (tmp_path / "test_x.py").write_text(
        "from pathlib import Path\n\n\n"
        "def test_a_writes():\n    Path('ran_a').write_text('')\n\n\n"
        "def test_b_fails():\n    assert False\n")
    (tmp_path / "test_y.py").write_text(
        "from pathlib import Path\n\n\n"
        "def test_c_writes():\n    Path('ran_c').write_text('')\n")
    monkeypatch.chdir(tmp_path)
    order = ["test_y.py::test_c_writes", "test_x.py::test_b_fails", "test_x.py::test_a_writes"]
    assert run_one("shared/extraction/palette/colorspace.py", order, None, 60) == "failed"
    assert (tmp_path / "ran_c").exists() and not (tmp_path / "ran_a").exists()
    assert run_one("shared/extraction/palette/colorspace.py", ["test_x.py::test_a_writes"], None, 60) == "passed"
