"""A tiny CSS reader for the conformance checks: rules with their at-rule context and declarations.

Enough for generated files (ours, Tailwind's and Style Dictionary's output); not a general parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMMENT = re.compile(r"/\*.*?\*/", re.S)


@dataclass(frozen=True)
class Rule:
    context: tuple[str, ...]  # enclosing at-rules, outermost first ("@media (...)", "@layer theme")
    selector: str
    decls: dict[str, str]


def _norm(s: str) -> str:
    return " ".join(s.split())


def parse(css: str) -> list[Rule]:
    text = _COMMENT.sub("", css)
    rules: list[Rule] = []
    pos = 0

    def block(ctx: tuple[str, ...], end_at_brace: bool) -> None:
        nonlocal pos
        buf_start = pos
        while pos < len(text):
            ch = text[pos]
            if ch == "{":
                prelude = _norm(text[buf_start:pos])
                pos += 1
                if prelude.startswith("@"):
                    block(ctx + (prelude,), True)
                else:
                    body_start = pos
                    depth = 1
                    while depth:
                        if text[pos] == "{":
                            depth += 1
                        elif text[pos] == "}":
                            depth -= 1
                        pos += 1
                    body = text[body_start : pos - 1]
                    decls: dict[str, str] = {}
                    if "{" not in body:
                        for part in body.split(";"):
                            if ":" in part:
                                k, v = part.split(":", 1)
                                decls[k.strip()] = _norm(v)
                    rules.append(Rule(ctx, prelude, decls))
                buf_start = pos
            elif ch == "}":
                pos += 1
                if end_at_brace:
                    return
                buf_start = pos
            elif ch == ";":  # statement at-rule (@import …;)
                pos += 1
                buf_start = pos
            else:
                pos += 1

    block((), False)
    return rules


def decls(rules: list[Rule], selector: str, context: tuple[str, ...] = ()) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in rules:
        if r.context == context and r.selector == selector:
            out.update(r.decls)
    return out


def hex6(value: str) -> str:
    v = value.strip().lower()
    if re.fullmatch(r"#[0-9a-f]{3}", v):
        v = "#" + "".join(c * 2 for c in v[1:])
    if v in ("white",):
        return "#ffffff"
    if v in ("black",):
        return "#000000"
    return v


def resolve(value: str, scope: dict[str, str], depth: int = 0) -> str:
    m = re.fullmatch(r"var\((--[a-z0-9-]+)\)", value.strip())
    if not m:
        return hex6(value)
    if depth > 10 or m.group(1) not in scope:
        raise AssertionError(f"unresolvable {value!r}")
    return resolve(scope[m.group(1)], scope, depth + 1)
