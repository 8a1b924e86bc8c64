"""What the layout extractor measured in one image: its spacing scale, corner radii and elevations.

Stored on the job (`jobs/{id}.layout`) like the palette and the typography, then merged into the
library as dimension tokens (groups spacing and radius) and shadow tokens by the enrich step. Lengths
are CSS px (the image's device-pixel ratio divided out); boxes are the image's own pixels. No Google
Cloud imports.
"""
from __future__ import annotations

from collections.abc import Iterable

from typing import Literal

from pydantic import Field

from shared.domain.base import Model
from shared.domain.tokens import Box, ShadowLayer

SpacingUse = Literal["padding", "gap", "section"]


class SpacingStep(Model):
    """One step of the spacing scale: the distances measured near this value."""

    value: float = Field(ge=0)  # CSS px
    count: int = Field(ge=1)  # how many measured distances landed on it
    uses: list[SpacingUse] = Field(default_factory=list)
    role: str | None = None  # a name for the step (space-xs …), AI or pixels
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    boxes: list[Box] = Field(default_factory=list)  # evidence: the gaps/paddings measured (capped)
    source: str = "pixels"


class RadiusStep(Model):
    value: float = Field(ge=0)  # CSS px; a pill's is half its short side, reported as `pill`
    count: int = Field(ge=1)
    pill: bool = False  # fully rounded ends (radius = half the short side): exported as the `full` radius
    role: str | None = None
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    boxes: list[Box] = Field(default_factory=list)
    source: str = "pixels"


class Elevation(Model):
    """One distinct shadow (layered when the falloff needed two), lowest elevation first."""

    layers: list[ShadowLayer] = Field(min_length=1)
    level: int = Field(ge=1)  # 1 = the lowest elevation of the image
    count: int = Field(ge=1)  # boxes casting it
    role: str | None = None
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    boxes: list[Box] = Field(default_factory=list)
    source: str = "pixels"


class LayoutResult(Model):
    spacing: list[SpacingStep] = Field(default_factory=list)  # ascending
    base_unit: int | None = None  # 2, 4 or 8 when the steps are multiples of it
    progression: Literal["linear", "geometric", "none"] = "none"
    off_scale: list[float] = Field(default_factory=list)  # measured distances that fit no step, CSS px
    radii: list[RadiusStep] = Field(default_factory=list)  # ascending, pill last
    shadows: list[Elevation] = Field(default_factory=list)  # by level
    boxes: int = 0  # surfaces found (filled, bordered or shadowed)
    device_pixel_ratio: float = 1.0
    dpr_source: Literal["caller", "measured", "default"] = "default"
    ms: float = 0.0


BASE_UNITS = (8, 4, 2)
BASE_UNIT_SHARE = 0.7  # of the uses
BASE_UNIT_TOLERANCE_PX = 0.5  # a measured 15.6 px is on 16
# An 8 px unit needs fewer than this share of the uses on 4 but off 8 (4, 12, 20 …): the issue's
# benchmark calls a system 8 only when 90 % of its uses are multiples of 8, so a tenth of them on the
# half unit makes it a 4 px system, however many 8s, 16s and 24s there are. Not applied between 4 and
# 2: a value 2 px off a 4 px step (a text gap read through a guessed line height) is a common
# misreading, one 4 px off an 8 px step is not.
HALF_UNIT_SHARE = 0.1


def _on(v: float, unit: int) -> bool:
    return abs(v / unit - round(v / unit)) * unit <= BASE_UNIT_TOLERANCE_PX + 1e-9


def spacing_base_unit(uses: Iterable[tuple[float, int]]) -> int | None:
    """The spacing's base unit, one rule for the extractor (an image's steps and their use counts) and
    the exports (the library's steps and theirs): the largest of 8, 4 and 2 px that at least 70 % of the
    uses are multiples of, within half a pixel — 8 only while fewer than 10 % of the uses are on 4 but
    not on 8; None when none is."""
    pairs = [(v, c) for v, c in uses if v >= 2 and c > 0]
    total = sum(c for _, c in pairs)
    if not total:
        return None
    for unit in BASE_UNITS:
        on = sum(c for v, c in pairs if _on(v, unit))
        if on < BASE_UNIT_SHARE * total - 1e-9:
            continue
        if unit == 8 and sum(c for v, c in pairs if _on(v, 4) and not _on(v, 8)) >= HALF_UNIT_SHARE * total - 1e-9:
            continue
        return unit
    return None

