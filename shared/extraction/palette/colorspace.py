"""Vectorised sRGB → OKLab / CIELAB and CIEDE2000 on (..., 3) arrays, for the extractor's thousands
of colours at once: the color science's implementation (shared/color/fast_delta_e.py), under the
names the extractor uses."""
from __future__ import annotations

from shared.color.fast_delta_e import ciede2000, srgb255_to_lab_d65, srgb255_to_oklab, srgb_to_linear

srgb_to_oklab = srgb255_to_oklab
srgb_to_lab = srgb255_to_lab_d65

__all__ = ["ciede2000", "srgb_to_lab", "srgb_to_linear", "srgb_to_oklab"]
