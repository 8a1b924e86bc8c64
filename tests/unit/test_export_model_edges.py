"""The exporters' shared model at its edges: OKLCH output in [0, 360) for a hue that rounds up to
360 (CSS Color 4: hue is an angle, 360 = 0), lightness clamped to 0–1, and plain deterministic JSON
for every value an enrichment may hold."""
from __future__ import annotations

import math
from datetime import date, datetime, timezone

from shared.color import srgb
from shared.domain.tokens import Dimension
from shared.exporters._model import css_oklch, json_safe, oklch_rounded


def test_a_hue_that_rounds_to_360_is_written_as_0():
    L, C, H = srgb.oklch_of("#300115")
    assert 359.995 <= H < 360  # rounds to 360.00
    assert oklch_rounded("#300115")[2] == 0.0
    assert css_oklch("#300115").endswith(" 0)")


def test_hues_under_the_wrap_and_white_black_stay_in_range():
    h = oklch_rounded("#FF0000")[2]
    assert 0 < h < 360 and h == round(srgb.oklch_of("#FF0000")[2], 2)
    assert oklch_rounded("#FFFFFF")[0] == 1.0 and oklch_rounded("#000000")[0] == 0.0


class _Odd:
    def __str__(self) -> str:
        return "odd"


def test_json_safe_makes_plain_deterministic_json():
    when = datetime(2026, 12, 7, 6, 0, tzinfo=timezone.utc)
    value = {"set": {3, 1, 2}, "frozen": frozenset({"b", "a"}), "when": when, "day": date(2026, 12, 7),
             "nan": math.nan, "inf": math.inf, "ok": 1.5, "model": Dimension(value=4), "odd": _Odd(),
             "tuple": (1, "x"), 7: None}
    assert json_safe(value) == {
        "set": [1, 2, 3], "frozen": ["a", "b"], "when": "2026-12-07T06:00:00+00:00", "day": "2026-12-07",
        "nan": None, "inf": None, "ok": 1.5, "model": {"value": 4.0, "unit": "px"}, "odd": "odd",
        "tuple": [1, "x"], "7": None,
    }
