"""Text roles for one image's styles, from size rank, weight, family class, shape and position.

- code: monospace styles;
- body: the size that sets the most text (glyphs, not area, which big type inflates), summed over
  the styles of that size (a paragraph's bold lead-ins and links are its size's text too: split by
  weight, a page's body size may set fewer glyphs per style than a smaller one); within that size the style that reads as running text (multi-line
  blocks or long lines of 11–24 CSS px) with the most glyphs, else the one with the most glyphs;
- above body: the largest is display when it is big (≥ 2.5 × body or ≥ 40 px) and short, then
  heading-1, heading-2 … in size order; a regular-weight multi-line style just above body is lead;
- below body: uppercase tracked lines are overline, short heavier lines label, the smaller of the
  rest caption, the other small.
Each role goes to one style (the one with the most area when several qualify); a style that no role
fits keeps none rather than a wrong one.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

BODY_MIN_PX, BODY_MAX_PX = 11.0, 24.0
DISPLAY_MIN_PX, DISPLAY_BODY_RATIO = 40.0, 2.5
SAME_SIZE = 0.01  # styles of one size basin share its size exactly (styles.py): rounding only
LEAD_MAX_RATIO = 1.4  # lead: at most this much larger than body
HEADINGS = ("heading-1", "heading-2", "heading-3", "heading-4", "heading-5", "heading-6")


@dataclass
class StyleFacts:
    """What role assignment looks at, per style."""

    size: float  # CSS px
    weight: int
    family_class: str
    share: float  # of the text area
    lines: int
    multiline: bool  # some block of this style has 2+ lines
    mean_len: float  # mean line length in ems (width / size): short labels vs running text
    uppercase: bool
    tracking: float  # letter spacing, CSS px
    top: float  # smallest y of its lines, share of the image height (0 = top)
    glyphs: int = 0  # ink components in its lines: how much text it sets, whatever its size


def _reads_as_body(f: StyleFacts) -> bool:
    return BODY_MIN_PX <= f.size <= BODY_MAX_PX and not f.uppercase and (f.multiline or f.mean_len >= 25)


def assign_roles(styles: Sequence[StyleFacts]) -> list[str | None]:
    roles: list[str | None] = [None] * len(styles)
    idx = list(range(len(styles)))
    for i in idx:
        if styles[i].family_class == "monospace":
            roles[i] = "code"
            break  # one code style: the first (callers order styles by share)
    text = [i for i in idx if roles[i] is None and styles[i].family_class != "monospace"]
    if not text:
        return roles

    def size_of(i: int) -> list[int]:
        return [j for j in text if abs(styles[j].size - styles[i].size) <= SAME_SIZE * styles[i].size]

    top_size = max(text, key=lambda i: (sum(styles[j].glyphs for j in size_of(i)), styles[i].share,
                                        -abs(styles[i].size - 16)))
    same = size_of(top_size)
    readers = [i for i in same if _reads_as_body(styles[i])]
    body = max(readers or same, key=lambda i: (styles[i].glyphs, styles[i].share))
    roles[body] = "body"
    bsize = styles[body].size
    larger = sorted((i for i in text if styles[i].size > bsize * 1.06 and i != body),
                    key=lambda i: (-styles[i].size, -styles[i].share))
    if larger:
        top = larger[0]
        f = styles[top]
        if (f.size >= DISPLAY_MIN_PX or f.size >= DISPLAY_BODY_RATIO * bsize) and f.lines <= 3:
            roles[top] = "display"
            larger = larger[1:]
    lead = next((i for i in reversed(larger) if styles[i].size <= bsize * LEAD_MAX_RATIO
                 and styles[i].weight <= 500 and styles[i].multiline), None)
    if lead is not None:
        roles[lead] = "lead"
    level = 0
    for i in larger:
        if roles[i] is None and level < len(HEADINGS):
            roles[i] = HEADINGS[level]
            level += 1
    smaller = sorted((i for i in text if roles[i] is None and styles[i].size < bsize * 0.97),
                     key=lambda i: -styles[i].share)
    for i in smaller:
        f = styles[i]
        if f.uppercase and f.tracking > 0.02 * f.size and "overline" not in roles:
            roles[i] = "overline"
        elif f.weight >= 500 and not f.multiline and f.mean_len < 20 and "label" not in roles:
            roles[i] = "label"
    rest = sorted((i for i in smaller if roles[i] is None), key=lambda i: styles[i].size)
    if rest:
        roles[rest[0]] = "caption"
        for i in rest[1:]:
            if "small" not in roles:
                roles[i] = "small"
    # Same size as body but another weight (a bold lead-in, buttons): a short heavier style is a label.
    for i in text:
        f = styles[i]
        if roles[i] is None and f.weight > styles[body].weight and not f.multiline and "label" not in roles:
            roles[i] = "label"
    return roles
