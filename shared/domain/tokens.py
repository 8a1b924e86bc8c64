"""Typed design tokens: a DTCG 2025.10 type, a typed value, and where the token came from.

A token is one document in `projects/{projectId}/tokens/{tokenId}`:
`{type, group, name, role, value, enrichment, provenance, createdAt, updatedAt}`. `value` holds the
type's own fields (a color `{hex, oklch}`, a dimension `{value, unit}`, a typography composite …),
always validated through the type's model below, so a raw dict never crosses a module boundary.

Documents written before tokens were typed (`{hex, oklch, name, …}`, no `type`) read as color
tokens; the next write of such a token stores the typed form ("read old, write new": no migration
job). No Google Cloud imports here.
"""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from shared.domain.base import Model, normalize_hex


class TokenType(StrEnum):
    """The DTCG 2025.10 token types the library stores."""

    COLOR = "color"
    DIMENSION = "dimension"
    FONT_FAMILY = "fontFamily"
    FONT_WEIGHT = "fontWeight"
    NUMBER = "number"
    TYPOGRAPHY = "typography"
    SHADOW = "shadow"


class TokenGroup(StrEnum):
    """What a token is for, beyond its type: a dimension is a spacing step or a radius. Exports
    place tokens by group (DTCG `font.family.*`, CSS `--spacing-*` …)."""

    COLOR = "color"
    FONT = "font"  # fontFamily and fontWeight tokens
    TYPOGRAPHY = "typography"
    SPACING = "spacing"
    RADIUS = "radius"
    SHADOW = "shadow"


DEFAULT_GROUP = {
    TokenType.COLOR: TokenGroup.COLOR,
    TokenType.FONT_FAMILY: TokenGroup.FONT,
    TokenType.FONT_WEIGHT: TokenGroup.FONT,
    TokenType.TYPOGRAPHY: TokenGroup.TYPOGRAPHY,
    TokenType.SHADOW: TokenGroup.SHADOW,
}

# What a job can be asked to extract (`tokenTypes` on upload). Typography brings its font family
# and weight tokens with it; spacing and radius are dimension tokens (groups spacing, radius),
# shadow the elevations.
EXTRACTABLE = ("color", "typography", "spacing", "radius", "shadow")
LAYOUT_TYPES = ("spacing", "radius", "shadow")  # what the layout extractor measures

FamilyClass = Literal["serif", "sans-serif", "monospace", "display"]
FAMILY_CLASSES: tuple[str, ...] = ("serif", "sans-serif", "monospace", "display")
# The generic stack each family class falls back on (what a named family is followed by, and the
# whole value when nobody named the family).
GENERIC_STACKS: dict[str, list[str]] = {
    "sans-serif": ["ui-sans-serif", "system-ui", "sans-serif"],
    "serif": ["ui-serif", "Georgia", "serif"],
    "monospace": ["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
    "display": ["system-ui", "sans-serif"],
}
ROOT_FONT_PX = 16.0  # 1rem, the browsers' default


class Dimension(Model):
    """DTCG dimension: `{value, unit}` with unit px or rem."""

    value: float
    unit: Literal["px", "rem"] = "px"

    @property
    def px(self) -> float:
        return self.value * ROOT_FONT_PX if self.unit == "rem" else self.value


class ColorValue(Model):
    hex: str
    oklch: list[float] | None = None  # [L 0–1, C, H degrees]

    _norm_hex = field_validator("hex")(lambda cls, v: normalize_hex(v))


class DimensionValue(Dimension):
    pass


class NumberValue(Model):
    value: float


class FontWeightValue(Model):
    value: int = Field(ge=1, le=1000)


class FontFamilyValue(Model):
    """Families from most to least preferred; the generic stack of `family_class` ends the list.
    `named` is False when no one named the face (pixels alone): the value is then the stack."""

    families: list[str] = Field(min_length=1)
    family_class: FamilyClass = "sans-serif"
    named: bool = False


class TypographyValue(Model):
    """DTCG typography composite. `line_height` is a multiplier of the size; None when no multi-line
    block showed it (exports then write the CSS `normal` approximation and say so)."""

    font_family: list[str] = Field(min_length=1)
    family_class: FamilyClass = "sans-serif"
    font_size: Dimension
    font_weight: int = Field(ge=1, le=1000)
    line_height: float | None = Field(default=None, gt=0)
    letter_spacing: Dimension = Field(default_factory=lambda: Dimension(value=0))


class ShadowLayer(Model):
    color: str
    alpha: float = Field(default=1.0, ge=0.0, le=1.0)
    offset_x: Dimension
    offset_y: Dimension
    blur: Dimension
    spread: Dimension = Field(default_factory=lambda: Dimension(value=0))
    inset: bool = False

    _norm_hex = field_validator("color")(lambda cls, v: normalize_hex(v))


class ShadowValue(Model):
    layers: list[ShadowLayer] = Field(min_length=1)

    def reach(self) -> float:
        """How far below its box the deepest layer reaches (y + blur + spread): a shadow's place among
        the elevations, which the library names elevation-1, -2 … by and the exports list them in."""
        return max(ly.offset_y.px + ly.blur.px + ly.spread.px for ly in self.layers)


TokenValue = (ColorValue | DimensionValue | NumberValue | FontWeightValue | FontFamilyValue | TypographyValue
              | ShadowValue)

VALUE_MODELS: dict[TokenType, type[Model]] = {
    TokenType.COLOR: ColorValue,
    TokenType.DIMENSION: DimensionValue,
    TokenType.NUMBER: NumberValue,
    TokenType.FONT_WEIGHT: FontWeightValue,
    TokenType.FONT_FAMILY: FontFamilyValue,
    TokenType.TYPOGRAPHY: TypographyValue,
    TokenType.SHADOW: ShadowValue,
}


class Box(Model):
    """A rectangle in an image's own pixels (a map, not a list: Firestore refuses arrays in arrays)."""

    x: int
    y: int
    w: int = Field(ge=0)
    h: int = Field(ge=0)


class Evidence(Model):
    """Where a measured token was seen in one image."""

    image: str  # sha256 of the image
    boxes: list[Box] = Field(default_factory=list)


class Provenance(Model):
    job_ids: list[str] = Field(default_factory=list)
    images: list[str] = Field(default_factory=list)  # sha256 of each source image
    confidence: float = 1.0
    share: float = 0.0  # largest area share seen in any one image
    sources: list[str] = Field(default_factory=list)  # pixels / claude / openai
    evidence: list[Evidence] = Field(default_factory=list)  # measured types: boxes per image (capped)


class Token(Model):
    """One token of a project's library, of any type."""

    id: str
    project_id: str
    type: TokenType = TokenType.COLOR
    group: TokenGroup = TokenGroup.COLOR
    name: str
    role: str | None = None
    value: TokenValue
    enrichment: dict[str, Any] = Field(default_factory=dict)
    provenance: Provenance = Field(default_factory=Provenance)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @model_validator(mode="before")
    @classmethod
    def _typed(cls, data: Any) -> Any:
        """Parse `value` by `type`; read the untyped color documents of before (top-level hex/oklch)."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        kind = TokenType(data.get("type") or TokenType.COLOR)
        if kind is TokenType.COLOR and "value" not in data and "hex" in data:
            data["value"] = {"hex": data.pop("hex"), "oklch": data.pop("oklch", None)}
        data.pop("hex", None)
        data.pop("oklch", None)
        data["type"] = kind
        if not data.get("group"):
            if kind not in DEFAULT_GROUP:
                raise ValueError(f"a {kind.value} token needs a group")
            data["group"] = DEFAULT_GROUP[kind]
        value = data.get("value")
        model = VALUE_MODELS[kind]
        if isinstance(value, dict):
            data["value"] = model.model_validate(value)
        elif value is not None and not isinstance(value, model):
            raise ValueError(f"a {kind.value} token's value must be a {model.__name__}")
        return data

    @property
    def hex(self) -> str:
        """The color of a color token (a bug to ask of another type, so it raises)."""
        if not isinstance(self.value, ColorValue):
            raise TypeError(f"token {self.id} is a {self.type.value} token, not a color")
        return self.value.hex

    @property
    def oklch(self) -> list[float] | None:
        return self.value.oklch if isinstance(self.value, ColorValue) else None

    @property
    def is_color(self) -> bool:
        return self.type is TokenType.COLOR
