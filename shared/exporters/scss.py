"""SCSS variables (``!default``, so a project can override them before ``@use``) and maps.

``$color-<slug>``, ``$color-<slug>-<step>``, ``$color-<scheme>-<role>``; maps ``$palette``
(slug → color), ``$scales`` (slug → (step → color)), ``$schemes`` (scheme → (role → color)).
"""

from __future__ import annotations

from ._model import View, header_lines

NAME = "scss"
LABEL = "SCSS variables and maps"
CONTENT_TYPE = "text/x-scss; charset=utf-8"


def filename(slug: str) -> str:
    return f"_{slug}.scss"


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_view(view: View) -> bytes:
    out = ["// " + ln for ln in header_lines(view, "SCSS color variables")]
    out += ["", "// Palette and tonal scales"]
    for e in view.entries:
        out.append(f"$color-{e.slug}: {e.hex} !default; // {e.token.name.replace(chr(10), ' ')}")
        for step, h in e.scale.items():
            out.append(f"$color-{e.slug}-{step}: {h} !default;")
    for scheme, items in view.schemes.items():
        out += ["", f"// {scheme.capitalize()} scheme"]
        for s in items:
            value = f"$color-{s.ref.flat_name()}" if s.ref.kind != "literal" else s.hex
            out.append(f"$color-{scheme}-{s.role}: {value} !default;")
    out += ["", "$palette: ("]
    out += [f"  {_q(e.slug)}: $color-{e.slug}," for e in view.entries]
    out += [") !default;", "", "$scales: ("]
    for e in view.entries:
        if e.scale:
            steps = ", ".join(f"{step}: $color-{e.slug}-{step}" for step in e.scale)
            out.append(f"  {_q(e.slug)}: ({steps}),")
    out += [") !default;", "", "$schemes: ("]
    for scheme, items in view.schemes.items():
        out.append(f"  {_q(scheme)}: (")
        out += [f"    {_q(s.role)}: $color-{scheme}-{s.role}," for s in items]
        out.append("  ),")
    out += [") !default;"]
    return ("\n".join(out) + "\n").encode("utf-8")
