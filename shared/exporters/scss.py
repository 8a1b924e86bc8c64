"""SCSS variables (``!default``, so a project can override them before ``@use``) and maps.

Colors: ``$color-<slug>``, ``$color-<slug>-<step>``, ``$color-<scheme>-<role>``; maps ``$palette``
(slug → color), ``$scales`` (slug → (step → color)), ``$schemes`` (scheme → (role → color)).

Typed tokens: ``$font-<slug>`` (family list), ``$font-weight-<slug>``, ``$text-<slug>`` (a map of
the five CSS font properties, referring to the family / weight variables it uses),
``$spacing-<slug>``, ``$radius-<slug>``, ``$shadow-<slug>``; maps ``$font-families``,
``$font-weights``, ``$typography`` (slug → style map), ``$spacing``, ``$radius``, ``$shadows``; and
``@mixin typography($name)`` that writes a style's properties.

Font names other than CSS generics are always quoted here: unquoted, Sass would read a family
called "Red" as a color and "Not Sans" as the ``not`` operator; ``#`` is escaped against ``#{}``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._model import View, comment_text, header_lines
from ._typed import TextEntry
from ._values import dimension, is_generic, num_css, shadow

NAME = "scss"
LABEL = "SCSS variables, maps and a typography mixin"
CONTENT_TYPE = "text/x-scss; charset=utf-8"

MIXIN = '''/// Writes a text style's font properties (and its text-transform when it is set in capitals): `@include tokens.typography("body");`
@mixin typography($name) {
  $style: map.get($typography, $name);
  @if not $style {
    @error "Unknown text style '#{$name}'; the styles are: #{map.keys($typography)}";
  }
  @each $property, $value in $style {
    #{$property}: $value;
  }
}'''


def filename(slug: str) -> str:
    return f"_{slug}.scss"


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("#", "\\#") + '"'


def font_list(names: Sequence[str]) -> str:
    return ", ".join(n if is_generic(n) else _q(n) for n in names)


def _map(name: str, items: list[tuple[str, str]]) -> list[str]:
    return ["", f"${name}: (", *(f"  {_q(k)}: {v}," for k, v in items), ") !default;"]


def _text_style(e: TextEntry) -> list[str]:
    family = f"$font-{e.family.slug}" if e.family else f"({font_list(e.families)})"
    weight = f"$font-weight-{e.weight_ref.slug}" if e.weight_ref else str(e.weight)
    lh = "" if e.line_height_measured else " // not measured: about normal"
    return [
        f"$text-{e.slug}: (",
        f'  "font-family": {family},',
        f'  "font-size": {dimension(e.font_size)},',
        f'  "font-weight": {weight},',
        f'  "line-height": {num_css(e.line_height)},{lh}',
        f'  "letter-spacing": {dimension(e.letter_spacing)},',
        *(['  "text-transform": uppercase,'] if e.uppercase else []),
        ") !default;",
    ]


def _typed(view: View) -> list[str]:
    ty = view.typed
    out: list[str] = []
    if ty.families or ty.weights:
        out += ["", "// Fonts"]
        out += [f"$font-{f.slug}: {font_list(f.families)} !default;" for f in ty.families]
        out += [f"$font-weight-{w.slug}: {w.value} !default;" for w in ty.weights]
    if ty.text:
        out += ["", "// Text styles"]
        for e in ty.text:
            out += _text_style(e)
    for title, prefix, entries in (("Spacing", "spacing", ty.spacing), ("Radii", "radius", ty.radius)):
        if entries:
            out += ["", f"// {title}", *(f"${prefix}-{d.slug}: {dimension(d.value)} !default;" for d in entries)]
    if ty.shadows:
        out += ["", "// Shadows", *(f"$shadow-{s.slug}: {shadow(s.layers)} !default;" for s in ty.shadows)]
    out += _map("font-families", [(f.slug, f"$font-{f.slug}") for f in ty.families])
    out += _map("font-weights", [(w.slug, f"$font-weight-{w.slug}") for w in ty.weights])
    out += _map("typography", [(e.slug, f"$text-{e.slug}") for e in ty.text])
    out += _map("spacing", [(d.slug, f"$spacing-{d.slug}") for d in ty.spacing])
    out += _map("radius", [(d.slug, f"$radius-{d.slug}") for d in ty.radius])
    out += _map("shadows", [(s.slug, f"$shadow-{s.slug}") for s in ty.shadows])
    return out + ["", MIXIN]


def render_view(view: View) -> bytes:
    out = ["// " + comment_text(ln) for ln in header_lines(view, "SCSS design tokens")]
    out += ["", '@use "sass:map";']
    if view.entries:
        out += ["", "// Palette and tonal scales"]
    for e in view.entries:
        out.append(f"$color-{e.slug}: {e.hex} !default; // {comment_text(e.token.name)}")
        for _, name, h in e.flat_steps():
            out.append(f"$color-{name}: {h} !default;")
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
            steps = ", ".join(f"{step}: $color-{e.prefix}-{step}" for step in e.scale)
            out.append(f"  {_q(e.prefix)}: ({steps}),")
    out += [") !default;", "", "$schemes: ("]
    for scheme, items in view.schemes.items():
        out.append(f"  {_q(scheme)}: (")
        out += [f"    {_q(s.role)}: $color-{scheme}-{s.role}," for s in items]
        out.append("  ),")
    out += [") !default;"]
    out += _typed(view)
    return ("\n".join(out) + "\n").encode("utf-8")
