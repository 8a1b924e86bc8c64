"""Tailwind CSS v4 theme: ``@theme`` with the v4 theme variable namespaces.

Use it after Tailwind itself::

    @import "tailwindcss";
    @import "./<project>.theme.css";

Gives ``bg-<slug>``, ``text-<slug>``, ``bg-<slug>-500``… and the semantic ``bg-primary``,
``text-text``, ``bg-background``…, whose values switch to the dark scheme with
``prefers-color-scheme: dark`` or ``data-theme="dark"`` (the overrides live in ``@layer theme``,
after Tailwind's own theme variables), so ``dark:`` variants are not needed for them.

Typed tokens use the namespaces Tailwind turns into utilities: ``--font-<slug>`` (``font-inter``,
``font-mono``: families), ``--font-weight-<slug>`` (``font-semibold``), ``--text-<slug>`` with
``--text-<slug>--line-height`` / ``--letter-spacing`` / ``--font-weight`` (``text-body`` sets all
four), ``--spacing-<slug>`` (``p-md``, ``gap-md``, ``w-md``…), ``--radius-<slug>`` (``rounded-lg``),
``--shadow-<slug>`` (``shadow-elevation-1``). Slugs never shadow another utility (see
``_names``): a family named "Bold" is ``font-bold-2``, since ``font-bold`` stays the weight.
"""

from __future__ import annotations

from ._model import View, header_lines
from .css import DARK_MEDIA_SEL, DARK_SEL, comment, palette_decls, semantic_decls, typed_decls

NAME = "tailwind"
LABEL = "Tailwind CSS v4 @theme"
CONTENT_TYPE = "text/css; charset=utf-8"


def filename(slug: str) -> str:
    return f"{slug}.theme.css"


def render_view(view: View) -> bytes:
    light = view.schemes.get("light", [])
    dark = view.schemes.get("dark", [])
    out = [
        comment(
            header_lines(view, "Tailwind CSS v4 theme")
            + ['Use after Tailwind: @import "tailwindcss"; then @import this file.']
        ).rstrip("\n"),
        "",
    ]
    out += [
        "@theme {",
        *palette_decls(view, "  "),
        *semantic_decls(light, "  "),
        *typed_decls(view, "  ", text_family_var=False),
        "}",
    ]
    overrides: list[str] = []
    if light:
        overrides += ['  [data-theme="light"] {', *semantic_decls(light, "    "), "  }"]
    for scheme, items in view.schemes.items():
        if scheme not in ("light", "dark"):
            overrides += [f'  [data-theme="{scheme}"] {{', *semantic_decls(items, "    "), "  }"]
    if dark:
        overrides += [
            "  @media (prefers-color-scheme: dark) {",
            f"    {DARK_MEDIA_SEL} {{",
            *semantic_decls(dark, "      "),
            "    }",
            "  }",
            f"  {DARK_SEL} {{",
            *semantic_decls(dark, "    "),
            "  }",
        ]
    if overrides:
        out += ["", "@layer theme {", *overrides, "}"]
    return ("\n".join(out) + "\n").encode("utf-8")
