"""A drift report: what one image measures against a project's tokens (issue 19).

Stored on a check job (`jobs/{id}.drift`, read by its owner) and printed by `copythat check`. Colors
carry their area share (of the image) and boxes (the image's own pixels); text sizes, spacings and
radii are CSS px; shadows are compared layer by layer. No Google Cloud imports.

Verdicts: `on` (within the tolerance of a token), `near` (within twice the tolerance: a token was
probably meant), `off`; and for measured colors that are not design at all, `blend` (anti-aliasing or
resampling between two colors that are there: edges of text and shapes) and `noise` (a sliver on edges,
too small to be a color anyone chose). Only `off` counts as drift; `near` is a warning.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.domain.base import Model
from shared.domain.tokens import Box

ColorVerdict = Literal["on", "near", "off", "blend", "noise"]
Verdict = Literal["on", "near", "off"]
DEFAULT_TOLERANCE = 2.0  # ΔE2000, the library's own "same color" rule


class TokenRef(Model):
    """A token of the reference: its DTCG path, the CSS custom property exports name it by, and
    the other names that resolve to the same value (aliases)."""

    path: str  # dot-separated, as DTCG references write it ("color.brand.primary")
    css_var: str  # "--color-brand-primary"
    value: str  # hex for colors, "16px" for sizes, a CSS shadow for shadows
    aliases: list[str] = Field(default_factory=list)  # other paths with the same value


class ColorFinding(Model):
    hex: str
    share: float = Field(ge=0.0, le=1.0)  # of the image's area
    edge_ratio: float = 0.0  # share of its pixels on a color boundary (1.0: only edges — text, hairlines)
    boxes: list[Box] = Field(default_factory=list)  # where it occurs, largest first (capped)
    verdict: ColorVerdict
    nearest: TokenRef | None = None
    delta_e: float | None = None  # ΔE2000 to `nearest`
    blend_of: list[str] = Field(default_factory=list)  # the two colors a `blend` lies between
    suggestion: str = ""


class SizeFinding(Model):
    """A measured length (text size, spacing step, radius) against its scale."""

    kind: Literal["fontSize", "spacing", "radius"]
    px: float  # CSS px, measured
    verdict: Verdict
    nearest: TokenRef | None = None
    delta_px: float | None = None
    count: int = 1  # lines / distances / corners that showed it
    boxes: list[Box] = Field(default_factory=list)
    suggestion: str = ""


class ShadowFinding(Model):
    css: str  # the measured shadow as CSS
    verdict: Verdict
    nearest: TokenRef | None = None
    boxes: list[Box] = Field(default_factory=list)
    suggestion: str = ""


class ReferenceSummary(Model):
    source: str  # "library" or the tokens file's name
    colors: int = 0
    font_sizes: int = 0
    spacing: int = 0
    radii: int = 0
    shadows: int = 0


class DriftReport(Model):
    tolerance: float = DEFAULT_TOLERANCE
    reference: ReferenceSummary
    image: dict = Field(default_factory=dict)  # width, height, sha256
    colors: list[ColorFinding] = Field(default_factory=list)  # off first, then near, on, blend, noise
    off_share: float = 0.0  # image area in `off` colors
    near_share: float = 0.0
    on_share: float = 0.0
    # 100 × the on-token part of the measured design color area (near counts half; blends and noise
    # are not design colors and count for nothing either way).
    score: float = 100.0
    text: list[SizeFinding] = Field(default_factory=list)
    spacing: list[SizeFinding] = Field(default_factory=list)
    radii: list[SizeFinding] = Field(default_factory=list)
    shadows: list[ShadowFinding] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # what was not checked and why
    summary: str = ""

    @property
    def off_colors(self) -> list[ColorFinding]:
        return [c for c in self.colors if c.verdict == "off"]

    def fails(self, fail_above: float) -> bool:
        """The CI rule: the off-token share is above the threshold (a fraction: 0.005 = 0.5 %)."""
        return self.off_share > fail_above + 1e-12
