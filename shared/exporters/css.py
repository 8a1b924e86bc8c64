"""CSS custom properties.

* ``--color-<slug>`` palette, ``--color-<slug>-<step>`` scales, ``--color-<role>`` semantic roles
  (role values point at the palette/scale property with ``var()`` when they are one of them).
* Hex everywhere, overridden by OKLCH inside ``@supports (color: oklch(0 0 0))``.
* Light scheme on ``:root`` and ``[data-theme="light"]``; dark scheme under
  ``@media (prefers-color-scheme: dark)`` (unless the page pins ``data-theme="light"``) and on
  ``[data-theme="dark"]`` (any subtree, whatever the OS setting).
"""

from __future__ import annotations

from ._model import SemanticEntry, View, css_oklch, header_lines

NAME = "css"
LABEL = "CSS custom properties"
CONTENT_TYPE = "text/css; charset=utf-8"
SUPPORTS = "@supports (color: oklch(0 0 0))"
LIGHT_SEL = ':root, [data-theme="light"]'
DARK_MEDIA_SEL = ':root:not([data-theme="light"])'
DARK_SEL = '[data-theme="dark"]'


def filename(slug: str) -> str:
    return f"{slug}.css"


def comment(lines: list[str]) -> str:
    return "/*\n" + "".join(" * " + ln.replace("*/", "* /") + "\n" for ln in lines) + " */\n"


def semantic_decls(items: list[SemanticEntry], indent: str, *, oklch: bool = False) -> list[str]:
    out = []
    for s in items:
        if s.ref.kind == "literal":
            out.append(f"{indent}--color-{s.role}: {css_oklch(s.hex) if oklch else s.hex};")
        elif not oklch:
            out.append(f"{indent}--color-{s.role}: var(--color-{s.ref.flat_name()});")
    return out


def _block(selector: str, decls: list[str], indent: str = "") -> list[str]:
    if not decls:
        return []
    return [f"{indent}{selector} {{", *decls, f"{indent}}}"]


def palette_decls(view: View, indent: str, *, oklch: bool = False) -> list[str]:
    out = []
    for e in view.entries:
        out.append(f"{indent}--color-{e.slug}: {css_oklch(e.hex) if oklch else e.hex};")
        for step, h in e.scale.items():
            out.append(f"{indent}--color-{e.slug}-{step}: {css_oklch(h) if oklch else h};")
    return out


def render_view(view: View) -> bytes:
    light = view.schemes.get("light", [])
    dark = view.schemes.get("dark", [])
    out: list[str] = [
        comment(
            header_lines(view, "Color custom properties")
            + [
                'Light scheme by default; dark with prefers-color-scheme or data-theme="dark".',
                "Hex values, replaced by OKLCH where the browser supports it.",
            ]
        ).rstrip("\n"),
        "",
    ]
    root = [
        f"  color-scheme: {'light dark' if dark else 'light'};",
        *palette_decls(view, "  "),
        *semantic_decls(light, "  "),
    ]
    out += _block(":root", root)
    if light:
        out += ["", *_block('[data-theme="light"]', ["  color-scheme: light;", *semantic_decls(light, "  ")])]
    out += ["", SUPPORTS + " {", *_block(":root", palette_decls(view, "    ", oklch=True), "  ")]
    lit = semantic_decls(light, "    ", oklch=True)
    if lit:
        out += _block(LIGHT_SEL, lit, "  ")
    out.append("}")
    for scheme, items in view.schemes.items():
        if scheme in ("light", "dark"):
            continue
        out += ["", *_block(f'[data-theme="{scheme}"]', semantic_decls(items, "  "))]
        lit = semantic_decls(items, "    ", oklch=True)
        if lit:
            out += [SUPPORTS + " {", *_block(f'[data-theme="{scheme}"]', lit, "  "), "}"]
    if dark:
        dark_decls = ["color-scheme: dark;", *(d.strip() for d in semantic_decls(dark, ""))]
        dark_lit = [d.strip() for d in semantic_decls(dark, "", oklch=True)]
        out += [
            "",
            "@media (prefers-color-scheme: dark) {",
            *_block(DARK_MEDIA_SEL, ["    " + d for d in dark_decls], "  "),
        ]
        if dark_lit:
            out += [
                "  " + SUPPORTS + " {",
                *_block(DARK_MEDIA_SEL, ["      " + d for d in dark_lit], "    "),
                "  }",
            ]
        out += ["}", "", *_block(DARK_SEL, ["  " + d for d in dark_decls])]
        if dark_lit:
            out += ["", SUPPORTS + " {", *_block(DARK_SEL, ["    " + d for d in dark_lit], "  "), "}"]
    return ("\n".join(out) + "\n").encode("utf-8")
