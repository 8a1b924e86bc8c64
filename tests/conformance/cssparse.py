"""A tiny CSS reader for the conformance checks: rules with their at-rule context and declarations,
and the value syntaxes the exports use (font stacks, dimensions, shadows, colors).

Enough for generated files (ours, Tailwind's, Style Dictionary's and Terrazzo's output); not a
general parser. Quoted strings are honoured (a font name may hold ``;``, ``{`` or ``/*``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    context: tuple[str, ...]  # enclosing at-rules, outermost first ("@media (...)", "@layer theme")
    selector: str
    decls: dict[str, str]


def _norm(s: str) -> str:
    return " ".join(s.split())


def _string_end(text: str, i: int) -> int:
    """Index just past the string that starts at text[i] (a quote)."""
    q, i = text[i], i + 1
    while i < len(text) and text[i] != q:
        i += 2 if text[i] == "\\" else 1
    return i + 1


def strip_comments(css: str) -> str:
    out, i = [], 0
    while i < len(css):
        if css[i] in "\"'":
            j = _string_end(css, i)
            out.append(css[i:j])
            i = j
        elif css.startswith("/*", i):
            j = css.find("*/", i + 2)
            i = len(css) if j < 0 else j + 2
        else:
            out.append(css[i])
            i += 1
    return "".join(out)


def split_top(text: str, sep: str) -> list[str]:
    """Split on `sep` outside strings and parentheses."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = _string_end(text, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def parse(css: str) -> list[Rule]:
    text = strip_comments(css)
    rules: list[Rule] = []
    pos = 0

    def block(ctx: tuple[str, ...], end_at_brace: bool) -> None:
        nonlocal pos
        buf_start = pos
        while pos < len(text):
            ch = text[pos]
            if ch in "\"'":
                pos = _string_end(text, pos)
            elif ch == "{":
                prelude = _norm(text[buf_start:pos])
                pos += 1
                if prelude.startswith("@"):
                    block(ctx + (prelude,), True)
                else:
                    body_start = pos
                    depth = 1
                    while depth:
                        if text[pos] in "\"'":
                            pos = _string_end(text, pos)
                            continue
                        if text[pos] == "{":
                            depth += 1
                        elif text[pos] == "}":
                            depth -= 1
                        pos += 1
                    body = text[body_start : pos - 1]
                    decls: dict[str, str] = {}
                    for part in split_top(body, ";"):
                        if ":" in part and "{" not in part:
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


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s)


def font_families(value: str) -> tuple[str, ...]:
    """A font-family value as the list of names it means (quotes and escapes undone)."""
    names = []
    for part in split_top(value, ","):
        part = part.strip()
        if part[:1] in "\"'" and part[-1:] == part[:1]:
            names.append(_unescape(part[1:-1]))
        else:
            names.append(" ".join(part.split()))
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
