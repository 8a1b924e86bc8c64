"""The conformance checks' CSS reader: rules with their at-rule context and declarations, and the
value syntaxes the exports use (font stacks, dimensions, shadows, colors).

Tokenized by tinycss2 (CSS Syntax Level 3), so strings, url() and comments are what CSS says they
are: a `;` or brace inside a string or an unquoted url() ends nothing, `/*` inside url() is not a
comment. Values are given back serialized with whitespace collapsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tinycss2
from tinycss2 import ast


@dataclass(frozen=True)
class Rule:
    context: tuple[str, ...]  # enclosing at-rules, outermost first ("@media (...)", "@layer theme")
    selector: str
    decls: dict[str, str]


def _norm(s: str) -> str:
    return " ".join(s.split())


def _text(tokens) -> str:
    """Tokens serialized without comments, whitespace collapsed."""
    return _norm(tinycss2.serialize([t for t in tokens if t.type != "comment"]))


def split_top(text: str, sep: str) -> list[str]:
    """Split a value on `sep` ("," or " ") outside strings and functions."""
    parts: list[list] = [[]]
    for tok in tinycss2.parse_component_value_list(text, skip_comments=True):
        if (sep == " " and tok.type == "whitespace") or (tok.type == "literal" and tok.value == sep):
            parts.append([])
        else:
            parts[-1].append(tok)
    return [tinycss2.serialize(p).strip() for p in parts]


class _Source:
    """Gives string tokens back their source spelling: tinycss2 re-spells strings canonically, and the
    checks of tools that do not escape quotes or backslashes compare names with what was written."""

    def __init__(self, css: str) -> None:
        self.css = css
        self.line_starts = [0] + [i + 1 for i, c in enumerate(css) if c == "\n"]

    def restore(self, tokens) -> None:
        for tok in tokens:
            if tok.type == "string":
                i = self.line_starts[tok.source_line - 1] + tok.source_column - 1
                quote, j = self.css[i], i + 1
                while j < len(self.css) and self.css[j] != quote:
                    j += 2 if self.css[j] == "\\" else 1
                tok.representation = self.css[i:j + 1]
            elif tok.type in ("function", "() block", "[] block", "{} block"):
                self.restore(tok.arguments if tok.type == "function" else tok.content)


def _block(nodes, ctx: tuple[str, ...], rules: list[Rule], source: _Source) -> None:
    for node in nodes:
        if node.type == "qualified-rule":
            decls: dict[str, str] = {}
            for item in tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True):
                if item.type == "declaration":
                    source.restore(item.value)
                    decls[item.name] = _text(item.value) + (" !important" if item.important else "")
            source.restore(node.prelude)
            rules.append(Rule(ctx, _text(node.prelude), decls))
        elif node.type == "at-rule" and node.content is not None:
            source.restore(node.prelude)
            prelude = _norm(f"@{node.at_keyword} {_text(node.prelude)}")
            _block(tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True),
                   ctx + (prelude,), rules, source)


def parse(css: str) -> list[Rule]:
    rules: list[Rule] = []
    _block(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), (), rules, _Source(css))
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


_VAR = re.compile(r"var\((--[A-Za-z0-9_-]+)(?:,\s*(.*))?\)", re.S)


def resolve(value: str, scope: dict[str, str], depth: int = 0) -> str:
    """A color value with its var() references followed through `scope` (hex normalised)."""
    return hex6(substitute(value, scope, depth))


def substitute(value: str, scope: dict[str, str], depth: int = 0) -> str:
    """`value` with every ``var(--x)`` (and ``var(--x, fallback)``) replaced from `scope`."""
    out, i = [], 0
    while True:
        j = value.find("var(", i)
        if j < 0:
            out.append(value[i:])
            break
        out.append(value[i:j])
        depth_paren, k = 0, j + 3
        while True:
            if value[k] == "(":
                depth_paren += 1
            elif value[k] == ")":
                depth_paren -= 1
                if depth_paren == 0:
                    break
            k += 1
        m = _VAR.fullmatch(value[j : k + 1])
        assert m, f"bad var() in {value!r}"
        name, fallback = m.group(1), m.group(2)
        if name in scope:
            assert depth < 10, f"var() loop at {name}"
            out.append(substitute(scope[name], scope, depth + 1))
        elif fallback is not None:
            out.append(substitute(fallback, scope, depth + 1))
        else:
            raise AssertionError(f"unresolvable {name} in {value!r}")
        i = k + 1
    return _norm("".join(out))


# --- values ------------------------------------------------------------------------------------


def font_families(value: str) -> tuple[str, ...]:
    """A font-family value as the list of names it means (strings and escapes decoded by the tokenizer)."""
    names: list[str] = []
    current: list[ast.Node] = []
    for tok in [*tinycss2.parse_component_value_list(value, skip_comments=True), None]:
        if tok is None or (tok.type == "literal" and tok.value == ","):
            words = [t for t in current if t.type != "whitespace"]
            if len(words) == 1 and words[0].type == "string":
                names.append(words[0].value)
            else:  # unquoted: identifiers (escapes decoded) and whatever else was written, as written
                names.append(_norm("".join(t.value if t.type == "ident" else " " if t.type == "whitespace"
                                           else tinycss2.serialize([t]) for t in current)))
            current = []
        else:
            current.append(tok)
    return tuple(names)


def dimension(value: str) -> tuple[float, str]:
    m = re.fullmatch(r"(-?[0-9.]+(?:e-?\d+)?)(px|rem)?", value.strip())
    assert m, f"not a px/rem dimension: {value!r}"
    return float(m.group(1)), m.group(2) or "px"


def px(value: str) -> float:
    v, unit = dimension(value)
    return v * 16 if unit == "rem" else v


def rgba(value: str) -> tuple[tuple[int, int, int], float]:
    """#rrggbb[aa], rgb()/rgba() with numbers or percentages, either syntax → ((r, g, b), alpha)."""
    v = value.strip().lower()
    if v.startswith("#"):
        h = hex6(v[:7] if len(v) in (7, 9) else v)
        alpha = int(v[7:9], 16) / 255 if len(v) == 9 else 1.0
        return (int(h[1:3], 16), int(h[3:5], 16), int(h[5:7], 16)), alpha
    m = re.fullmatch(r"rgba?\((.*)\)", v)
    assert m, f"not an rgb color: {value!r}"
    parts = [p for p in re.split(r"[\s,/]+", m.group(1).strip()) if p]
    chans = [round(float(p[:-1]) * 255 / 100) if p.endswith("%") else round(float(p)) for p in parts[:3]]
    alpha = 1.0
    if len(parts) > 3:
        a = parts[3]
        alpha = float(a[:-1]) / 100 if a.endswith("%") else float(a)
    return (chans[0], chans[1], chans[2]), alpha


def shadows(value: str) -> list[dict]:
    """A box-shadow value as layers {inset, x, y, blur, spread (px), rgb, alpha}; a color may come
    first or last, and Tailwind's ``var(--tw-shadow-color, <color>)`` counts as its fallback."""
    layers = []
    for part in split_top(value, ","):
        part = re.sub(r"var\(--tw-shadow-color,\s*(.*)\)$", r"\1", part.strip())
        words = split_top(part, " ")
        words = [w for w in words if w]
        inset = "inset" in words
        words = [w for w in words if w != "inset"]
        lengths = [w for w in words if re.fullmatch(r"-?[0-9.]+(px|rem)?", w)]
        colors = [w for w in words if w not in lengths]
        assert len(colors) == 1 and 2 <= len(lengths) <= 4, f"bad shadow layer {part!r}"
        nums = [px(w) for w in lengths] + [0.0] * (4 - len(lengths))
        rgb, alpha = rgba(colors[0])
        layers.append({"inset": inset, "x": nums[0], "y": nums[1], "blur": nums[2], "spread": nums[3],
                       "rgb": rgb, "alpha": round(alpha, 4)})
    return layers
