"""Slugs: how a token's human name becomes the one name every format uses.

A slug is NFKD-folded to ASCII, lower-cased, and every run of other characters becomes one ``-``
(so never ``{``, ``}``, ``.`` or a leading ``$``, which DTCG forbids, and always a valid CSS
identifier tail). Within a namespace, slugs are unique: on a clash the later token (bundle order:
most important first) gets ``-2``, ``-3``…

Namespaces exist because the exports put several token kinds behind one prefix, and Tailwind v4
derives utilities from those prefixes: ``font-<x>`` is a font family if ``--font-<x>`` exists,
*else* a weight from ``--font-weight-<x>``; ``text-<x>`` is a color if ``--color-<x>`` exists,
*else* a size from ``--text-<x>``; ``shadow-<x>`` is likewise a color before a shadow. So each
namespace reserves the names (``reserved``) and leading segments (``prefixes``) that would make
one of its slugs shadow, or be shadowed by, another utility. A slug that starts with a reserved
prefix gets the namespace's ``escape`` word in front (``weight-bold`` → ``family-weight-bold``);
an exact reserved name gets a numeric suffix like any other clash.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Tailwind CSS 4.3 (tailwindcss/theme.css and its utilities), the names that exist whatever the theme.
TAILWIND_FAMILIES = ("sans", "serif", "mono")
TAILWIND_WEIGHTS = ("thin", "extralight", "light", "normal", "medium", "semibold", "bold", "extrabold", "black")
TAILWIND_COLOR_KEYWORDS = ("inherit", "current", "transparent", "black", "white")
TAILWIND_HUES = (
    "red", "orange", "amber", "yellow", "lime", "green", "emerald", "teal", "cyan", "sky", "blue", "indigo",
    "violet", "purple", "fuchsia", "pink", "rose", "slate", "gray", "zinc", "neutral", "stone", "mauve",
    "olive", "mist", "taupe",
)
TAILWIND_STEPS = (50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950)
TAILWIND_COLORS = frozenset(
    [*TAILWIND_COLOR_KEYWORDS, *(f"{h}-{s}" for h in TAILWIND_HUES for s in TAILWIND_STEPS)]
)
# Static `text-*` utilities (text-align, text-overflow, text-wrap): `text-center` must stay alignment.
TAILWIND_TEXT_STATIC = ("left", "center", "right", "justify", "start", "end", "ellipsis", "clip", "wrap",
                        "nowrap", "balance", "pretty")
# `--text-<x>` keys Tailwind reads as other utilities' theme keys, not as font sizes.
TAILWIND_TEXT_PREFIXES = ("color", "decoration-color", "decoration-thickness", "indent", "shadow",
                          "underline-offset")
# `--font-weight-*` and `--font-size-*` are not families to Tailwind; `font-stretch-*` and
# `font-features-*` are utilities of their own.
FONT_FAMILY_PREFIXES = ("weight", "size", "stretch", "features")
# `rounded-<side>-*`: a radius named "t-lg" or "l" would be read as a side.
RADIUS_SIDES = ("s", "e", "t", "r", "b", "l", "ss", "se", "ee", "es", "tl", "tr", "br", "bl")
# `gap-x-*`, `space-y-*`: a spacing step named "x-4" would be read as an axis.
SPACING_AXES = ("x", "y")


def slugify(text: str, fallback: str = "color") -> str:
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug or fallback


def camel(slug: str) -> str:
    """kebab slug -> JS identifier-ish key: ``royal-blue`` -> ``royalBlue``, ``gray-2`` -> ``gray_2``.

    Injective on slugs (slugs have no upper case and no ``_``), so keys never clash.
    """
    return re.sub(
        r"-([a-z0-9])", lambda m: m.group(1).upper() if m.group(1).isalpha() else "_" + m.group(1), slug
    )


@dataclass(frozen=True)
class Namespace:
    fallback: str  # the slug of a name with nothing usable in it
    escape: str  # put in front of a slug that starts with a reserved prefix
    prefixes: tuple[str, ...] = ()

    def clean(self, name: str) -> str:
        slug = slugify(name, self.fallback)
        if any(slug == p or slug.startswith(p + "-") for p in self.prefixes):
            slug = f"{self.escape}-{slug}"
        return slug


def unique_slugs(names: Sequence[str], ns: Namespace, reserved: Iterable[str] = ()) -> list[str]:
    """One slug per name, in order: the first keeps the plain slug, later ones get -2, -3…"""
    taken = set(reserved)
    out = []
    for name in names:
        base = ns.clean(name)
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        out.append(slug)
    return out
