"""What the typography extractor measured in one image: its text styles and type scale.

Stored on the job (`jobs/{id}.typography`) the way the raw palette is, then merged into the
library as fontFamily, fontWeight and typography tokens by the enrich step. Sizes are CSS px (the
image's device-pixel ratio divided out); boxes are the image's own pixels. No Google Cloud imports.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from shared.domain.base import Model, normalize_hex
from shared.domain.tokens import Box, FamilyClass

# Text roles, largest and most prominent first; a role is held by one typography token per library.
TEXT_ROLES: tuple[str, ...] = (
    "display", "heading-1", "heading-2", "heading-3", "heading-4", "heading-5", "heading-6",
    "lead", "body", "small", "caption", "label", "overline", "code",
)
TextRole = Literal["display", "heading-1", "heading-2", "heading-3", "heading-4", "heading-5", "heading-6",
                   "lead", "body", "small", "caption", "label", "overline", "code"]


class TextStyle(Model):
    """One text style of an image: lines that share size, weight and line height.

    Each measured part has its own confidence (0–1); `boxes` are the lines that show it (capped)."""

    font_size: float = Field(gt=0)  # CSS px
    font_weight: int = Field(ge=1, le=1000)
    line_height: float | None = Field(default=None, gt=0)  # multiple of font_size; None: single lines only
    letter_spacing: float = 0.0  # CSS px
    family_class: FamilyClass = "sans-serif"
    family: str | None = None  # a named face (AI); pixels leave it empty
    fallbacks: list[str] = Field(default_factory=list)  # the stack after `family` (AI), else the class's
    color: str | None = None  # the text's color
    role: TextRole | None = None
    share: float = Field(default=0.0, ge=0.0, le=1.0)  # of the image's text area
    lines: int = 0
    uppercase: bool = False
    confidence: dict[str, float] = Field(default_factory=dict)  # fontSize, fontWeight, lineHeight, family, …
    boxes: list[Box] = Field(default_factory=list)
    source: str = "pixels"  # who named the family / role: pixels, claude, openai

    @field_validator("color")
    @classmethod
    def _hex(cls, v: str | None) -> str | None:
        return normalize_hex(v) if v is not None else None

    @property
    def overall_confidence(self) -> float:
        return min(self.confidence.values()) if self.confidence else 0.5


class TypeScale(Model):
    """How the style sizes relate: a modular ratio (1.125–1.618) or a fixed step, when one fits."""

    base: float  # the body size, CSS px
    kind: Literal["ratio", "step", "none"] = "none"
    ratio: float | None = None
    step: float | None = None
    fit: float = 0.0  # share of the sizes within tolerance of the scale (0–1)


class TypographyResult(Model):
    styles: list[TextStyle] = Field(default_factory=list)  # most text area first
    scale: TypeScale | None = None
    device_pixel_ratio: float = 1.0  # image px per CSS px: given by the caller or recognized
    dpr_source: Literal["caller", "measured", "default"] = "default"
    lines: int = 0  # text lines found
    text_area: float = 0.0  # share of the image covered by text lines
    ms: float = 0.0
