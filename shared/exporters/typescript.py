"""TypeScript module: ``as const`` data plus exported types, usable as a React theme object.

    import theme, { type Theme, type SemanticColors } from "./brand";
    const c: SemanticColors = theme.schemes.dark;   // theme.colors is the light scheme

Keys are camelCase forms of the slugs (``royal-blue`` → ``royalBlue``, ``gray-2`` → ``gray_2``);
a key that is not a JS identifier (leading digit) is quoted.
"""

from __future__ import annotations

import json
import re

from ._model import View, camel, header_lines, oklch_rounded

NAME = "ts"
LABEL = "TypeScript theme module"
CONTENT_TYPE = "text/typescript; charset=utf-8"
_IDENT = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def filename(slug: str) -> str:
    return f"{slug}.ts"


def key(slug: str) -> str:
    k = camel(slug)
    return k if _IDENT.match(k) else json.dumps(k)


def _s(v: str) -> str:
    return json.dumps(v, ensure_ascii=False)


def render_view(view: View) -> bytes:
    b = view.bundle
    out = ["/**", *(" * " + ln.replace("*/", "* /") for ln in header_lines(view, "Color theme")), " */", ""]
    out.append("export const palette = {")
    out += [f"  {key(e.slug)}: {_s(e.hex)}," for e in view.entries]
    out += ["} as const;", "", "export const scales = {"]
    for e in view.entries:
        if e.scale:
            steps = ", ".join(f"{step}: {_s(h)}" for step, h in e.scale.items())
            out.append(f"  {key(e.slug)}: {{ {steps} }},")
    out += ["} as const;", "", "export const schemes = {"]
    for scheme, items in view.schemes.items():
        out.append(f"  {key(scheme)}: {{")
        for s in items:
            if s.ref.kind == "palette":
                value = (
                    f"palette.{key(s.ref.slug)}"
                    if _IDENT.match(camel(s.ref.slug))
                    else f"palette[{key(s.ref.slug)}]"
                )
            elif s.ref.kind == "scale":
                acc = f".{key(s.ref.slug)}" if _IDENT.match(camel(s.ref.slug)) else f"[{key(s.ref.slug)}]"
                value = f"scales{acc}[{s.ref.step}]"
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
        "export type Theme = typeof theme;",
        "",
        "export default theme;",
    ]
    return ("\n".join(out) + "\n").encode("utf-8")
