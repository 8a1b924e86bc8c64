"""Names a model gives (colors, font families) made safe, and well-known faces with their family class.

A name is text a model wrote, after reading an image that may carry text meant to steer it: control,
format (bidi overrides, zero-width) and separator characters are removed, whitespace collapsed, and a
font name keeps only what a family name is made of (letters, digits, spaces, - _ . & +), so nothing a
model writes can break out of a CSS `font-family` value or reorder what a user reads.

KNOWN_FACES: widely used faces → the class pixels would measure for them. A named family whose known
class contradicts the measured class is dropped (a "monospace" face on proportional text); an unknown
name passes with the measured class.
"""
from __future__ import annotations

import unicodedata

from shared.domain.tokens import GENERIC_STACKS

NAME_MAX = 48
FALLBACKS_MAX = 3  # named faces before the generic stack

_SANS = ("Inter", "Roboto", "Helvetica", "Helvetica Neue", "Arial", "Open Sans", "Lato", "Montserrat", "Poppins",
         "Source Sans Pro", "Source Sans 3", "Noto Sans", "Nunito", "Nunito Sans", "Raleway", "Work Sans",
         "Segoe UI", "SF Pro", "SF Pro Text", "SF Pro Display", "San Francisco", "system-ui", "Verdana", "Tahoma",
         "Trebuchet MS", "IBM Plex Sans", "DM Sans", "Manrope", "Rubik", "Figtree", "Geist", "Public Sans",
         "Ubuntu", "Cantarell", "Fira Sans", "PT Sans", "Karla", "Mulish", "Barlow", "Outfit", "Plus Jakarta Sans",
         "Liberation Sans", "DejaVu Sans", "Arimo", "Instrument Sans", "sans-serif", "ui-sans-serif")
_SERIF = ("Georgia", "Times", "Times New Roman", "Merriweather", "Lora", "Playfair Display", "Libre Baskerville",
          "Baskerville", "Garamond", "EB Garamond", "Cormorant Garamond", "Crimson Text", "Crimson Pro",
          "PT Serif", "Source Serif Pro", "Source Serif 4", "Noto Serif", "IBM Plex Serif", "DM Serif Display",
          "Libre Caslon Text", "Bitter", "Spectral", "Cambria", "Palatino", "Book Antiqua", "Liberation Serif",
          "DejaVu Serif", "Tinos", "Fraunces", "Newsreader", "Instrument Serif", "serif", "ui-serif")
_MONO = ("Menlo", "Monaco", "Consolas", "Courier", "Courier New", "JetBrains Mono", "Fira Code", "Fira Mono",
         "Source Code Pro", "IBM Plex Mono", "Roboto Mono", "SF Mono", "SFMono-Regular", "Ubuntu Mono",
         "Cascadia Code", "Cascadia Mono", "Inconsolata", "DejaVu Sans Mono", "Liberation Mono", "Geist Mono",
         "Space Mono", "DM Mono", "Noto Sans Mono", "Hack", "Anonymous Pro", "monospace", "ui-monospace")
_DISPLAY = ("Bebas Neue", "Lobster", "Pacifico", "Abril Fatface", "Anton", "Oswald", "Alfa Slab One", "Righteous",
            "Bangers", "Permanent Marker", "Dancing Script", "Great Vibes", "Comic Sans MS", "Impact", "cursive",
            "fantasy")
KNOWN_FACES: dict[str, str] = {
    **{n.casefold(): "sans-serif" for n in _SANS}, **{n.casefold(): "serif" for n in _SERIF},
    **{n.casefold(): "monospace" for n in _MONO}, **{n.casefold(): "display" for n in _DISPLAY},
}
# What each measured class accepts of a known face's class. Display text (large, decorative) is often
# set in a serif or sans display cut, so it takes those; monospace only ever takes monospace.
COMPATIBLE: dict[str, frozenset[str]] = {
    "sans-serif": frozenset({"sans-serif"}),
    "serif": frozenset({"serif"}),
    "monospace": frozenset({"monospace"}),
    "display": frozenset({"display", "sans-serif", "serif"}),
}
_FONT_PUNCT = set(" -_.&+")
# CSS generic families: the end of a stack, never a face's name.
GENERIC_FAMILIES = frozenset({"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "ui-serif",
                              "ui-sans-serif", "ui-monospace", "ui-rounded", "math", "emoji", "fangsong"})


def clean_text(value: str) -> str:
    """Without control / format (bidi, zero-width) / private-use characters; any space or line break
    is one space."""
    out = []
    for ch in value:
        cat = unicodedata.category(ch)
        if ch in "\t\n\r" or cat[0] == "Z":
            out.append(" ")
        elif cat[0] != "C":
            out.append(ch)
    return " ".join("".join(out).split())


def font_name(value: str) -> str | None:
    """A family name fit to store and export, or None (empty, too long, or holding other characters)."""
    name = clean_text(value).strip(" \"'")
    if not 1 <= len(name) <= NAME_MAX:
        return None
    if not all(ch.isalnum() or ch in _FONT_PUNCT for ch in name):
        return None
    return name


def face_name(value: str) -> str | None:
    """A font_name that names a face (not a CSS generic family)."""
    name = font_name(value)
    return None if name is None or name.casefold() in GENERIC_FAMILIES else name


def known_class(name: str) -> str | None:
    return KNOWN_FACES.get(name.casefold())


def contradicts(name: str, measured_class: str) -> bool:
    """The face is known and of a class the measured text cannot be (a monospace face on proportional text)."""
    cls = known_class(name)
    return cls is not None and cls not in COMPATIBLE.get(measured_class, frozenset({measured_class}))


def fallback_stack(family: str, raw_fallbacks: str, measured_class: str) -> list[str]:
    """The faces after `family`: up to FALLBACKS_MAX valid, non-contradicting names the model gave, then
    the measured class's generic stack, so the list always ends in the class's CSS generic family."""
    out: list[str] = []
    seen = {family.casefold()}
    for part in (raw_fallbacks or "").split(","):
        name = font_name(part)
        if not name or name.casefold() in seen or contradicts(name, measured_class) or len(out) >= FALLBACKS_MAX:
            continue
        seen.add(name.casefold())
        out.append(name)
    for generic in GENERIC_STACKS[measured_class]:
        if generic.casefold() not in seen:
            seen.add(generic.casefold())
            out.append(generic)
    return out
