"""TypeScript module: ``as const`` data plus exported types, usable as a React theme object.

    import theme, { type Theme, type SemanticColors } from "./brand";
    const c: SemanticColors = theme.schemes.dark;   // theme.colors is the light scheme

Keys are camelCase forms of the slugs (``royal-blue`` → ``royalBlue``, ``gray-2`` → ``gray_2``);
a key that is not a JS identifier (leading digit) is quoted.

Typed tokens, CSS-ready so a style object can spread them (``style={typography.body}``):
``fontFamilies`` (key → ``{families: [...], css: "Inter, ui-sans-serif, …"}``), ``fontWeights``
(key → number), ``typography`` (key → ``{fontFamily, fontSize, fontWeight, lineHeight,
letterSpacing}``, referring to the family / weight entries it uses), ``spacing`` and ``radius``
(key → ``"16px"``), ``shadows`` (key → CSS box-shadow); types ``FontFamilyName``,
``FontWeightName``, ``TypographyName``, ``TypographyStyle``, ``SpacingName``, ``RadiusName``,
``ShadowName``.
"""

from __future__ import annotations

import json
import re

from ._model import View, camel, comment_text, header_lines, oklch_rounded
from ._typed import TextEntry
from ._values import dimension, font_stack, num_css, shadow

NAME = "ts"
LABEL = "TypeScript theme module"
CONTENT_TYPE = "text/typescript; charset=utf-8"
_IDENT = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def filename(slug: str) -> str:
    return f"{slug}.ts"


def key(slug: str) -> str:
    k = camel(slug)
    return k if _IDENT.match(k) else json.dumps(k)


_LINE_ENDS = re.compile("[\x85\u2028\u2029]")


def _s(v: str) -> str:
    """A string literal; U+2028/U+2029 (line terminators to JavaScript before ES2019) and NEL escaped."""
    return _LINE_ENDS.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(v, ensure_ascii=False))


def member(obj: str, slug: str) -> str:
    """``obj.key`` or ``obj["5xl"]`` for a slug's key."""
    k = camel(slug)
    return f"{obj}.{k}" if _IDENT.match(k) else f"{obj}[{json.dumps(k)}]"


def _object(name: str, items: list[tuple[str, str]], doc: str) -> list[str]:
    return [f"/** {doc} */", f"export const {name} = {{", *(f"  {key(k)}: {v}," for k, v in items), "} as const;", ""]


def _text_style(e: TextEntry) -> str:
    family = member("fontFamilies", e.family.slug) + ".css" if e.family else _s(font_stack(e.families))
    weight = member("fontWeights", e.weight_ref.slug) if e.weight_ref else str(e.weight)
    return (
        f"{{ fontFamily: {family}, fontSize: {_s(dimension(e.font_size))}, fontWeight: {weight}, "
        f"lineHeight: {num_css(e.line_height)}, letterSpacing: {_s(dimension(e.letter_spacing))}"
        + (f", textTransform: {_s('uppercase')}" if e.uppercase else "") + " }"
    )


def _typed(view: View) -> list[str]:
    ty = view.typed
    out = _object("fontFamilies", [
        (f.slug, f"{{ families: [{', '.join(_s(n) for n in f.families)}], css: {_s(font_stack(f.families))} }}")
        for f in ty.families], "Font families: the names, most to least preferred, and the CSS font-family value.")
    out += _object("fontWeights", [(w.slug, str(w.value)) for w in ty.weights], "Font weights (1–1000).")
    out += _object("typography", [(e.slug, _text_style(e)) for e in ty.text],
                   "Text styles, largest first (a line height that was not measured is 1.2, about normal).")
    out += _object("spacing", [(d.slug, _s(dimension(d.value))) for d in ty.spacing], "Spacing scale.")
    out += _object("radius", [(d.slug, _s(dimension(d.value))) for d in ty.radius], "Corner radii.")
    out += _object("shadows", [(s.slug, _s(shadow(s.layers))) for s in ty.shadows], "Shadows (CSS box-shadow).")
    return out


def render_view(view: View) -> bytes:
    b = view.bundle
    out = ["/**", *(" * " + comment_text(ln) for ln in header_lines(view, "Design token theme")), " */", ""]
    out.append("export const palette = {")
    out += [f"  {key(e.slug)}: {_s(e.hex)}," for e in view.entries]
    out += ["} as const;", "", "export const scales = {"]
    for e in view.entries:
        if e.scale:
            steps = ", ".join(f"{step}: {_s(h)}" for step, h in e.scale.items())
            out.append(f"  {key(e.prefix)}: {{ {steps} }},")
    out += ["} as const;", "", "export const schemes = {"]
    for scheme, items in view.schemes.items():
        out.append(f"  {key(scheme)}: {{")
        for s in items:
            if s.ref.kind == "palette":
                value = member("palette", s.ref.slug)
            elif s.ref.kind == "scale":
                value = f"{member('scales', s.ref.prefix)}[{s.ref.step}]"
            else:
                value = _s(s.hex)
            out.append(f"    {key(s.role)}: {value},")
        out.append("  },")
    out += [
        "} as const;",
        "",
        "/** Every palette color with its name, role and OKLCH [L, C, H]. */",
        "export const tokens = [",
    ]
    for e in view.entries:
        L, C, H = oklch_rounded(e.hex)
        role = _s(e.token.role) if e.token.role else "null"
        out.append(
            f"  {{ key: {_s(camel(e.slug))}, slug: {_s(e.slug)}, name: {_s(e.token.name)}, "
            f"hex: {_s(e.hex)}, role: {role}, oklch: [{L}, {C}, {H}] }},"
        )
    out += ["] as const;", ""]
    out += _typed(view)
    has_light = "light" in view.schemes
    colors = "schemes.light" if has_light else "{}"
    out += [
        "export const theme = {",
        f"  name: {_s(b.project_name)},",
        f"  projectId: {_s(b.project_id)},",
        "  palette,",
        "  scales,",
        "  schemes,",
        f"  colors: {colors},",
        "  fontFamilies,",
        "  fontWeights,",
        "  typography,",
        "  spacing,",
        "  radius,",
        "  shadows,",
        "} as const;",
        "",
        "export type Palette = typeof palette;",
        "export type PaletteColorName = keyof Palette;",
        "export type Scales = typeof scales;",
        "export type ScaleName = keyof Scales;",
        "export type ScaleStep = 50 | 100 | 200 | 300 | 400 | 500 | 600 | 700 | 800 | 900 | 950;",
        "export type Schemes = typeof schemes;",
        "export type SchemeName = keyof Schemes;",
        "/** The semantic roles present in every scheme, each a color string. */",
        "export type SemanticColors = { readonly [R in keyof Schemes[SchemeName]]: string };",
        "export type Token = (typeof tokens)[number];",
        "export type FontFamilyName = keyof typeof fontFamilies;",
        "export type FontWeightName = keyof typeof fontWeights;",
        "export type TypographyName = keyof typeof typography;",
        "export type TypographyStyle = (typeof typography)[TypographyName];",
        "export type SpacingName = keyof typeof spacing;",
        "export type RadiusName = keyof typeof radius;",
        "export type ShadowName = keyof typeof shadows;",
        "export type Theme = typeof theme;",
        "",
        "export default theme;",
    ]
    return ("\n".join(out) + "\n").encode("utf-8")
