"""CSS custom properties.

* ``--color-<slug>`` palette, ``--color-<slug>-<step>`` scales, ``--color-<role>`` semantic roles
  (role values point at the palette/scale property with ``var()`` when they are one of them).
* Hex everywhere, overridden by OKLCH inside ``@supports (color: oklch(0 0 0))``.
* Light scheme on ``:root`` and ``[data-theme="light"]``; dark scheme under
  ``@media (prefers-color-scheme: dark)`` (unless the page pins ``data-theme="light"``) and on
  ``[data-theme="dark"]`` (any subtree, whatever the OS setting).
* Typed tokens on ``:root``, named like Tailwind v4's theme variables so both exports read alike:
  ``--font-<slug>`` (family stack), ``--font-weight-<slug>``, ``--text-<slug>`` (size) with
  ``--text-<slug>--line-height``, ``--letter-spacing``, ``--font-weight`` and ``--font-family``
  (``var()`` of the weight / family token it uses), ``--spacing-<slug>``, ``--radius-<slug>``,
  ``--shadow-<slug>``; and one ``.text-<slug>`` class per text style that sets all five. A style set
  in capitals also has ``--text-<slug>--text-transform: uppercase``, which its class sets.
"""

from __future__ import annotations

from ._model import SemanticEntry, View, comment_text, css_oklch, header_lines
from ._typed import TextEntry
from ._values import dimension, font_stack, num_css, shadow

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
    return "/*\n" + "".join(" * " + comment_text(ln) + "\n" for ln in lines) + " */\n"


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
        for _, name, h in e.flat_steps():
            out.append(f"{indent}--color-{name}: {css_oklch(h) if oklch else h};")
    return out


def text_family(e: TextEntry) -> str:
    return f"var(--font-{e.family.slug})" if e.family else font_stack(e.families)


def text_weight(e: TextEntry) -> str:
    return f"var(--font-weight-{e.weight_ref.slug})" if e.weight_ref else str(e.weight)


def typed_decls(view: View, indent: str, *, text_family_var: bool = True) -> list[str]:
    """Custom properties of the typed tokens. `text_family_var`: also ``--text-<slug>--font-family``
    (Tailwind has no such key: its ``text-*`` utilities set size, line height, tracking, weight)."""
    ty = view.typed
    out = [f"{indent}--font-{f.slug}: {font_stack(f.families)};" for f in ty.families]
    out += [f"{indent}--font-weight-{w.slug}: {w.value};" for w in ty.weights]
    for e in ty.text:
        p = f"{indent}--text-{e.slug}"
        lh = "" if e.line_height_measured else " /* not measured: about normal */"
        out += [
            f"{p}: {dimension(e.font_size)};",
            f"{p}--line-height: {num_css(e.line_height)};{lh}",
            f"{p}--letter-spacing: {dimension(e.letter_spacing)};",
            f"{p}--font-weight: {text_weight(e)};",
        ]
        if text_family_var:
            out.append(f"{p}--font-family: {text_family(e)};")
        if e.uppercase:
            out.append(f"{p}--text-transform: uppercase;")
    if ty.base_unit:  # Tailwind's numeric spacing (p-1 = one unit) follows the design's base unit
        out.append(f"{indent}--spacing: {ty.base_unit}px;")
    out += [f"{indent}--spacing-{d.slug}: {dimension(d.value)};" for d in ty.spacing]
    out += [f"{indent}--radius-{d.slug}: {dimension(d.value)};" for d in ty.radius]
    out += [f"{indent}--shadow-{s.slug}: {shadow(s.layers)};" for s in ty.shadows]
    return out


TEXT_PROPERTIES = (  # CSS property -> the custom property of a text style that holds it
    ("font-family", "--font-family"),
    ("font-size", ""),
    ("font-weight", "--font-weight"),
    ("line-height", "--line-height"),
    ("letter-spacing", "--letter-spacing"),
)


def text_classes(view: View) -> list[str]:
    out: list[str] = []
    for e in view.typed.text:
        decls = [f"  {prop}: var(--text-{e.slug}{key});" for prop, key in TEXT_PROPERTIES]
        if e.uppercase:
            decls.append(f"  text-transform: var(--text-{e.slug}--text-transform);")
        out += ["", *_block(f".text-{e.slug}", decls)]
    return out


def render_view(view: View) -> bytes:
    light = view.schemes.get("light", [])
    dark = view.schemes.get("dark", [])
    has_colors = bool(view.entries or view.schemes)
    out: list[str] = [
        comment(
            header_lines(view, "Design token custom properties")
            + (
                [
                    'Light scheme by default; dark with prefers-color-scheme or data-theme="dark".',
                    "Hex values, replaced by OKLCH where the browser supports it.",
                ]
                if has_colors
                else []
            )
            + (["Text styles: the .text-<name> classes at the end set all five font properties."]
               if view.typed.text else [])
        ).rstrip("\n"),
        "",
    ]
    root = [
        *([f"  color-scheme: {'light dark' if dark else 'light'};"] if has_colors else []),
        *palette_decls(view, "  "),
        *semantic_decls(light, "  "),
        *typed_decls(view, "  "),
    ]
    out += _block(":root", root)
    if light:
        out += ["", *_block('[data-theme="light"]', ["  color-scheme: light;", *semantic_decls(light, "  ")])]
    oklch = [
        *_block(":root", palette_decls(view, "    ", oklch=True), "  "),
        *_block(LIGHT_SEL, semantic_decls(light, "    ", oklch=True), "  "),
    ]
    if oklch:
        out += ["", SUPPORTS + " {", *oklch, "}"]
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
    out += text_classes(view)
    return ("\n".join(out) + "\n").encode("utf-8")
