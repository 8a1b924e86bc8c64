"""The mutation check's keys (tests/mutation): each names exactly one mutant of its module, so an
entry of equivalent.txt excuses the one mutant it was written for and no other on its line."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.mutation.mutate import mutants
from tests.mutation.run import MODULES, ROOT, load_equivalent, stale_entries

SOURCE = """\
def f(a, b, c, x):
    if a < b < c:
        return a + b + c
    return min(x, 1, 1) if not not x else -(-x)
"""


def test_two_operators_of_one_kind_on_one_line_have_two_keys():
    keys = [m.key for m in mutants(SOURCE)]
    assert len(keys) == len(set(keys))
    # The chain's two `<` and the sum's two `+` are told apart by where each operator's right side starts.
    assert {"2:11: < → <=", "2:15: < → <="} <= set(keys)
    assert {"3:19: + → -", "3:23: + → -"} <= set(keys)
    assert {"4:18: 1 → 2", "4:21: 1 → 2"} <= set(keys)
    assert {"4:27: not x → x", "4:31: not x → x", "4:42: -x → x", "4:44: -x → x"} <= set(keys)


def test_every_module_checked_has_unique_keys():
    for path in MODULES:
        counts = Counter(m.key for m in mutants((ROOT / path).read_text()))
        assert [k for k, n in counts.items() if n > 1] == [], path


def test_every_equivalent_entry_names_a_mutant():
    """An entry whose line moved would excuse nothing and let its mutant be scored again; the fix is
    to move the entry with its line (`python -m tests.mutation.run --stale` lists them)."""
    assert stale_entries(load_equivalent()) == []
    assert all(Path(ROOT / p).exists() for p in load_equivalent())
