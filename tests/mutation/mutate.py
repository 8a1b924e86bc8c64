"""The mutants of one module: small AST changes, each a place where a test should notice.

Operators (each mutant changes exactly one node):
- comparisons at their edge (`<` ↔ `<=`, `>` ↔ `>=`), `==` ↔ `!=`, `in` ↔ `not in`, `is` ↔ `is not`;
- arithmetic `+` ↔ `-`, `*` ↔ `/`, `//` → `/`, `**` → `*`, unary minus dropped;
- `and` ↔ `or`, `not x` → `x`, `True` ↔ `False`;
- numbers: an int n → n + 1, a float x → x × 1.25 (0 → 1): a threshold moved, which only a test at
  its edge sees;
- `min` ↔ `max`, `any` ↔ `all`, `round(x…)` → `x`;
- `return <value>` → `return None`.
Docstrings, strings, annotations, decorators, logging calls and `__all__` are left alone: no test should pin them.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

_CMP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
        ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
_BIN = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div,
        ast.Pow: ast.Mult}
_CALLS = {"min": "max", "max": "min", "any": "all", "all": "any"}
_SYMBOL = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=", ast.In: "in",
           ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.Add: "+", ast.Sub: "-", ast.Mult: "*",
           ast.Div: "/", ast.FloorDiv: "//", ast.Pow: "**", ast.And: "and", ast.Or: "or"}
_LOGGERS = {"log", "logger", "logging", "_log", "LOG"}


@dataclass(frozen=True)
class Mutant:
    index: int
    line: int  # where the change is: the operator's right operand for a comparison or arithmetic
    col: int  # (so `a + b + c`'s two `+` and `x < y < z`'s two `<` differ), else the node itself
    what: str  # e.g. "< → <=", "2.0 → 2.5"
    lines: tuple[int, int] = (0, 0)  # the innermost enclosing statement's first and last line
    at_import: bool = False  # in a statement run at import (module or class body), not in a function

    nth: int = 1  # 2, 3 … for a mutant whose line, column and change another mutant has too

    @property
    def key(self) -> str:
        """How equivalent.txt names it, unique in its module: line, column and change (stable while
        the line's text is), e.g. `61:24: + → -`; `#2` … only for the rare mutant sharing all three."""
        return f"{self.line}:{self.col}: {self.what}" + (f" #{self.nth}" if self.nth > 1 else "")


def _skipped_nodes(tree: ast.AST) -> set[int]:
    """ids of nodes no mutant may touch: docstrings, annotations, logging calls, __all__."""
    skip: set[int] = set()

    def mark(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for d in node.decorator_list:  # @dataclass(frozen=True), @lru_cache(maxsize=…): how, not what
                mark(d)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            mark(node.returns)
            for a in node.args.args + node.args.kwonlyargs + node.args.posonlyargs:
                mark(a.annotation)
            mark(node.args.vararg and node.args.vararg.annotation)
            mark(node.args.kwarg and node.args.kwarg.annotation)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                mark(body[0])
        if isinstance(node, ast.AnnAssign):
            mark(node.annotation)
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            mark(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            base = node.func.value
            if isinstance(base, ast.Name) and base.id in _LOGGERS:
                mark(node)
        if isinstance(node, ast.JoinedStr):
            mark(node)
    return skip


def _points(tree: ast.AST) -> list[tuple[ast.AST, str, object]]:
    """Every (node, kind, detail) a mutant can change, in a stable order."""
    skip = _skipped_nodes(tree)
    out: list[tuple[ast.AST, str, object]] = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) in _CMP:
                    out.append((node, "cmp", i))
        elif isinstance(node, ast.BinOp) and type(node.op) in _BIN:
            out.append((node, "bin", None))
        elif isinstance(node, ast.AugAssign) and type(node.op) in _BIN:
            out.append((node, "aug", None))
        elif isinstance(node, ast.BoolOp):
            out.append((node, "bool", None))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
            out.append((node, "unary", None))
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                out.append((node, "bool-const", None))
            elif isinstance(node.value, (int, float)) and not isinstance(node.value, complex):
                out.append((node, "num", None))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in _CALLS:
                out.append((node, "call", None))
            elif node.func.id == "round" and node.args:
                out.append((node, "round", None))
        elif isinstance(node, ast.Return) and node.value is not None and not (
                isinstance(node.value, ast.Constant) and node.value.value is None):
            out.append((node, "return", None))
    out.sort(key=lambda p: (getattr(p[0], "lineno", 0), getattr(p[0], "col_offset", 0), p[1], str(p[2])))
    return out


def _bumped(value: int | float) -> int | float:
    if isinstance(value, int):
        return value + 1
    return 1.0 if value == 0 else value * 1.25


def _describe(node: ast.AST, kind: str, detail: object) -> str:
    if kind == "cmp":
        op = node.ops[detail]
        return f"{_SYMBOL[type(op)]} → {_SYMBOL[_CMP[type(op)]]}"
    if kind in ("bin", "aug"):
        return f"{_SYMBOL[type(node.op)]} → {_SYMBOL[_BIN[type(node.op)]]}"
    if kind == "bool":
        return f"{_SYMBOL[type(node.op)]} → {'or' if isinstance(node.op, ast.And) else 'and'}"
    if kind == "unary":
        return "not x → x" if isinstance(node.op, ast.Not) else "-x → x"
    if kind == "bool-const":
        return f"{node.value} → {not node.value}"
    if kind == "num":
        return f"{node.value!r} → {_bumped(node.value)!r}"
    if kind == "call":
        return f"{node.func.id} → {_CALLS[node.func.id]}"
    if kind == "round":
        return "round(x) → x"
    if kind == "return":
        return "return value → return None"
    raise ValueError(kind)


def _apply(node: ast.AST, kind: str, detail: object) -> ast.AST | None:
    """Changes node in place; returns a replacement node when the node itself is replaced."""
    if kind == "cmp":
        node.ops[detail] = _CMP[type(node.ops[detail])]()
    elif kind in ("bin", "aug"):
        node.op = _BIN[type(node.op)]()
    elif kind == "bool":
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif kind == "unary":
        return node.operand
    elif kind == "bool-const":
        node.value = not node.value
    elif kind == "num":
        node.value = _bumped(node.value)
    elif kind == "call":
        node.func.id = _CALLS[node.func.id]
    elif kind == "round":
        return node.args[0]
    elif kind == "return":
        node.value = ast.Constant(value=None)
    return None


def _statements(tree: ast.AST) -> dict[int, tuple[ast.stmt, bool]]:
    """id(node) → (its innermost enclosing statement, whether that statement runs at import)."""
    out: dict[int, tuple[ast.stmt, bool]] = {}

    def visit(node: ast.AST, stmt: ast.stmt | None, at_import: bool) -> None:
        if isinstance(node, ast.stmt):
            stmt = node
        if stmt is not None:
            out[id(node)] = (stmt, at_import)
        inner = at_import and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            # A function's decorators and defaults run at import; its body does not.
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                    child in node.decorator_list or child is node.args):
                visit(child, stmt, at_import)
            else:
                visit(child, stmt, inner)

    visit(tree, None, True)
    return out


def _anchor(node: ast.AST, kind: str, detail: object) -> ast.AST:
    """The node whose position names the change: a comparison's or an arithmetic operator's right
    operand (nested or chained operators share their node's start), else the node itself."""
    if kind == "cmp":
        return node.comparators[detail]
    if kind == "bin":
        return node.right
    return node


def mutants(source: str) -> list[Mutant]:
    tree = ast.parse(source)
    stmts = _statements(tree)
    out, seen = [], {}
    for i, (n, k, d) in enumerate(_points(tree)):
        stmt, at_import = stmts[id(n)]
        at = _anchor(n, k, d)
        line, col, what = getattr(at, "lineno", 0), getattr(at, "col_offset", 0), _describe(n, k, d)
        seen[(line, col, what)] = nth = seen.get((line, col, what), 0) + 1
        out.append(Mutant(i, line, col, what, (stmt.lineno, stmt.end_lineno or stmt.lineno), at_import, nth))
    return out


class _Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, replacement: ast.AST):
        self.target, self.replacement = target, replacement

    def generic_visit(self, node: ast.AST) -> ast.AST:
        for field, old in ast.iter_fields(node):
            if isinstance(old, list):
                node_list = [self.replacement if v is self.target else v for v in old]
                for v in node_list:
                    if isinstance(v, ast.AST):
                        self.generic_visit(v)
                setattr(node, field, node_list)
            elif isinstance(old, ast.AST):
                if old is self.target:
                    setattr(node, field, self.replacement)
                else:
                    self.generic_visit(old)
        return node


def mutated_code(source: str, filename: str, index: int):
    """The code object of the module with mutant `index` applied."""
    tree = ast.parse(source)
    node, kind, detail = _points(tree)[index]
    replacement = _apply(node, kind, detail)
    if replacement is not None:
        tree = _Replace(node, replacement).visit(tree)
    ast.fix_missing_locations(tree)
    return compile(tree, filename, "exec")

