"""What every exporter renders: a project's library (tokens of every type) plus what the color
science derives from its colors.

Built by the export service from one Firestore query (the project's tokens); exporters are pure
functions of this bundle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from shared.domain.models import Token


@dataclass(frozen=True)
class ExportBundle:
    project_id: str
    project_name: str
    tokens: list[Token]  # the library, most important first (colors and typed tokens mixed)
    # token id -> OKLCH tonal scale {50: "#RRGGBB", 100: …, 950: …}, gamut-mapped to sRGB
    scales: dict[str, dict[int, str]] = field(default_factory=dict)
    # "light" / "dark" -> semantic role (primary, secondary, accent, background, surface, text,
    # success, warning, error, info, on-primary, …) -> "#RRGGBB"; text/background pairs meet WCAG AA
    schemes: dict[str, dict[str, str]] = field(default_factory=dict)
    generated_at: datetime | None = None
