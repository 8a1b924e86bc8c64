"""The typed part of the export view: fonts, weights, text styles, spacing, radii and shadows.

Decided once here for every format: which tokens are exported, their slugs (see `_names`), their
order, the font names as they are written, and which font family / weight token a text style's
value comes from (DTCG aliases, ``var()`` references, SCSS and TypeScript references all follow
these links, so every format says the same thing).

Order: slugs are given in bundle order (most important first keeps the plain name); output order
is the natural one for each kind: text styles largest first, weights light to heavy, spacing and
radii small to large, shadows lowest elevation first (how far the deepest layer reaches below
the box, the order `elevation-1, -2 …` names them in), families in bundle order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from shared.domain.layout import spacing_base_unit
from shared.domain.tokens import (
    GENERIC_STACKS,
    Dimension,
    FontFamilyValue,
    ShadowLayer,
    Token,
    TokenGroup,
    TokenType,
    TypographyValue,
)

from ._names import (
    FONT_FAMILY_PREFIXES,
    RADIUS_SIDES,
    SPACING_AXES,
    TAILWIND_COLORS,
    TAILWIND_FAMILIES,
    TAILWIND_TEXT_PREFIXES,
    TAILWIND_TEXT_STATIC,
    TAILWIND_WEIGHTS,
    Namespace,
    unique_slugs,
)

# What CSS `line-height: normal` is for most faces: written when no multi-line block measured the
# real one (DTCG needs a number), and flagged as such in every format.
LINE_HEIGHT_NORMAL = 1.2

FAMILIES = Namespace("font", "family", FONT_FAMILY_PREFIXES)
WEIGHTS = Namespace("weight", "weight")
TEXT = Namespace("text", "style", TAILWIND_TEXT_PREFIXES)
SPACING = Namespace("space", "space", SPACING_AXES)
_GROUP_WORD = {TokenGroup.SPACING: re.compile(r"^\s*(space|spacing)[\s_-]+", re.I),
               TokenGroup.RADIUS: re.compile(r"^\s*(radius|radii|rounded)[\s_-]+", re.I)}
RADIUS = Namespace("radius", "radius", RADIUS_SIDES)
SHADOWS = Namespace("shadow", "shadow")
# SCSS map names that sit beside `$font-<family>` variables.
_SCSS_FONT_MAPS = ("families", "weights")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class FamilyEntry:
    slug: str
    token: Token
    families: tuple[str, ...]  # most to least preferred, names as every format writes them


@dataclass(frozen=True)
class WeightEntry:
    slug: str
    token: Token
    value: int


@dataclass(frozen=True)
class TextEntry:
    """A typography token, with the family / weight entries whose values it uses (None: literal)."""

    slug: str
    token: Token
    families: tuple[str, ...]
    family: FamilyEntry | None
    font_size: Dimension
    weight: int
    weight_ref: WeightEntry | None
    line_height: float  # LINE_HEIGHT_NORMAL when not measured
    line_height_measured: bool
    letter_spacing: Dimension
    # Set in capitals (the pixels saw only capitals): a style apart from a same-size mixed-case one,
    # which it would read as a duplicate of in any format that dropped the case.
    uppercase: bool = False


@dataclass(frozen=True)
class DimensionEntry:
    slug: str
    token: Token
    value: Dimension


@dataclass(frozen=True)
class ShadowEntry:
    slug: str
    token: Token
    layers: tuple[ShadowLayer, ...]


BASE_UNIT_MIN_STEPS = 3


@dataclass
class Typed:
    families: list[FamilyEntry] = field(default_factory=list)
    weights: list[WeightEntry] = field(default_factory=list)
    text: list[TextEntry] = field(default_factory=list)
    spacing: list[DimensionEntry] = field(default_factory=list)
    radius: list[DimensionEntry] = field(default_factory=list)
    shadows: list[ShadowEntry] = field(default_factory=list)

    @property
    def base_unit(self) -> int | None:
        """The spacing's base unit by the extractor's rule (shared.domain.layout.spacing_base_unit: the
        largest of 8, 4 and 2 px that 70 % of the uses are multiples of), each step weighted by its
        uses; three steps at least (two values say nothing about a rhythm)."""
        steps = [(d.value.px, max(1, int(d.token.enrichment.get("uses") or 1))) for d in self.spacing if d.value.px > 0]
        if len(steps) < BASE_UNIT_MIN_STEPS:
            return None
        return spacing_base_unit(steps)

    def counts(self) -> list[tuple[int, str, str]]:
        """(count, singular, plural) per kind, for summaries."""
        return [
            (len(self.text), "text style", "text styles"),
            (len(self.families), "font family", "font families"),
            (len(self.weights), "font weight", "font weights"),
            (len(self.spacing), "spacing step", "spacing steps"),
            (len(self.radius), "radius", "radii"),
            (len(self.shadows), "shadow", "shadows"),
        ]


def font_names(names: Sequence[str], family_class: str = "sans-serif") -> tuple[str, ...]:
    """Font names as exported: control characters become spaces and curly braces parentheses
    (DTCG tools read ``{…}`` in any string as a reference, and every format must carry the same
    names); a list left empty falls back to the class's generic stack."""
    out = []
    for n in names:
        n = " ".join(_CONTROL.sub(" ", n).replace("{", "(").replace("}", ")").split())
        if n:
            out.append(n)
    return tuple(out) or tuple(GENERIC_STACKS[family_class])


def _of(tokens: Iterable[Token], kind: TokenType, group: TokenGroup | None = None) -> list[Token]:
    return [t for t in tokens if t.type is kind and (group is None or t.group is group)]


def _family_name(t: Token) -> str:
    """An unnamed family (the pixels' generic stack) is known by its role: `sans`, `mono`."""
    v: FontFamilyValue = t.value
    return t.name if v.named or not t.role else t.role


def build_typed(tokens: Sequence[Token], color_names: Iterable[str]) -> Typed:
    """`color_names`: every `--color-<name>` of the export (palette, scale steps, semantic roles),
    which text styles and shadows must not take (Tailwind's `text-*` and `shadow-*` are colors first)."""
    colors = set(color_names) | TAILWIND_COLORS

    weight_tokens = _of(tokens, TokenType.FONT_WEIGHT)
    weight_slugs = unique_slugs([t.name for t in weight_tokens], WEIGHTS, TAILWIND_FAMILIES)
    weights = [WeightEntry(s, t, t.value.value) for s, t in zip(weight_slugs, weight_tokens)]

    family_tokens = _of(tokens, TokenType.FONT_FAMILY)
    family_reserved = {*weight_slugs, *TAILWIND_WEIGHTS, *_SCSS_FONT_MAPS}
    family_slugs = unique_slugs([_family_name(t) for t in family_tokens], FAMILIES, family_reserved)
    families = [
        FamilyEntry(s, t, font_names(t.value.families, t.value.family_class))
        for s, t in zip(family_slugs, family_tokens)
    ]

    family_by_names: dict[tuple[str, ...], FamilyEntry] = {}
    for f in families:
        family_by_names.setdefault(f.families, f)
    weight_by_value: dict[int, WeightEntry] = {}
    for w in weights:
        weight_by_value.setdefault(w.value, w)

    text_tokens = _of(tokens, TokenType.TYPOGRAPHY)
    text_slugs = unique_slugs([t.name for t in text_tokens], TEXT, colors | set(TAILWIND_TEXT_STATIC))
    text = []
    for slug, t in zip(text_slugs, text_tokens):
        v: TypographyValue = t.value
        names = font_names(v.font_family, v.family_class)
        text.append(TextEntry(
            slug=slug, token=t, families=names, family=family_by_names.get(names),
            font_size=v.font_size, weight=v.font_weight, weight_ref=weight_by_value.get(v.font_weight),
            line_height=v.line_height if v.line_height is not None else LINE_HEIGHT_NORMAL,
            line_height_measured=v.line_height is not None, letter_spacing=v.letter_spacing,
            uppercase=t.enrichment.get("uppercase") is True,
        ))

    def dimensions(group: TokenGroup, ns: Namespace) -> list[DimensionEntry]:
        toks = _of(tokens, TokenType.DIMENSION, group)
        # The group is the namespace already (--spacing-*, rounded-*): "space md" slugs as "md".
        names = [_GROUP_WORD[group].sub("", t.name) or t.name for t in toks]
        entries = [DimensionEntry(s, t, t.value)
                   for s, t in zip(unique_slugs(names, ns), toks)]
        return sorted(entries, key=lambda e: (e.value.px, e.slug))

    shadow_tokens = _of(tokens, TokenType.SHADOW)
    shadows = [ShadowEntry(s, t, tuple(t.value.layers))
               for s, t in zip(unique_slugs([t.name for t in shadow_tokens], SHADOWS, colors | {"initial"}),
                               shadow_tokens)]
    return Typed(
        families=families,
        weights=sorted(weights, key=lambda w: (w.value, w.slug)),
        text=sorted(text, key=lambda e: (-e.font_size.px, e.slug)),
        spacing=dimensions(TokenGroup.SPACING, SPACING),
        radius=dimensions(TokenGroup.RADIUS, RADIUS),
        shadows=sorted(shadows, key=lambda e: (e.token.value.reach(), e.slug)),
    )

