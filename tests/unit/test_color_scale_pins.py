"""The tonal scales the exports ship, pinned: a change to the ramp (lightness targets, chroma taper,
gamut mapping) changes every user's `--color-*-50…950` and must be made on purpose, here.

Values printed by shared.color.scales.tonal_scale on 2026-12-07 for a saturated blue, a red whose
light steps clip, and a low-chroma slate (the chroma taper shows in each step's distance from grey)."""
from __future__ import annotations

import pytest

from shared.color.scales import tonal_scale

PINNED = {
    "#2563EB": ["#EBF7FF", "#DAECFF", "#BEDAFF", "#99C1FF", "#6BA1FF", "#3E7EFF", "#2563EB", "#164DC7", "#0B399F",
                "#042676", "#01154E"],
    "#DC2626": ["#FFEFEA", "#FFDFD8", "#FFC5BB", "#FF9E92", "#FF6A5E", "#EF3D38", "#DC2626", "#AF0008", "#8A0000",
                "#660000", "#430000"],
    "#64748B": ["#F4F7FC", "#E6ECF4", "#D1DAE7", "#B5C2D4", "#96A6BC", "#7A8AA2", "#64748B", "#4E5C70", "#3A4657",
                "#28313E", "#171D27"],
}


@pytest.mark.parametrize("key", sorted(PINNED))
def test_the_shipped_tonal_scales_do_not_move(key):
    assert list(tonal_scale(key).values()) == PINNED[key]
    assert list(tonal_scale(key)) == [50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950]
