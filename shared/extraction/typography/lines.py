"""A text line as the detector finds it and the measurer describes it (image px unless said)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class TextLine:
    x0: int
    y0: int
    x1: int  # exclusive
    y1: int
    glyphs: int  # ink components in the line
    ink: tuple[int, int, int] = (0, 0, 0)  # the text's color
    background: tuple[int, int, int] = (255, 255, 255)
    # Vertical metrics (measure.py): baseline y, and heights above / below it.
    baseline: float = 0.0
    ascent: float = 0.0  # to the top of the tall glyphs: ascenders, else capitals (x-height when neither)
    tall: str = "ascender"  # what `ascent` measured: "ascender", "capital" or "none" (x-height only)
    x_height: float | None = None  # None: no lowercase band (all capitals, digits)
    descent: float | None = None  # None: no descenders
    stem: float = 0.0  # typical vertical stroke width
    contrast: float = 1.0  # horizontal / vertical stroke thickness (serif faces: thin horizontals)
    features: dict[str, float] = field(default_factory=dict)  # shape features for the classifiers
    # Set once the image's device-pixel ratio is known (CSS px).
    size: float = 0.0
    weight: int = 400
    family_class: str = "sans-serif"
    confidence: dict[str, float] = field(default_factory=dict)
    block: int = -1  # lines of one paragraph share a block id
    pitch: float | None = None  # baseline-to-baseline distance to the next line of its block
    # The learned estimates (fontnet.py), when its model ships: log-probabilities per weight class and
    # per family class.
    fn_weight: Any = None
    fn_family: Any = None

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    @property
    def uppercase(self) -> bool:
        return self.x_height is None  # capitals or digits only
