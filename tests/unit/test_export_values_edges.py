"""Typed values as every format writes them, at their edges: numbers rounded to 4 decimal places (the
exports' documented precision), whole numbers written as integers."""
from __future__ import annotations

from shared.exporters._values import num, num_css


def test_numbers_round_to_four_places_and_whole_ones_are_integers():
    assert num(0.123449) == 0.1234 and num(0.12345678) == 0.1235  # just under / over the 4th place's half
    assert num_css(0.12345678) == "0.1235" and num_css(1.00004) == "1"
    assert num(16.0) == 16 and isinstance(num(16.0), int) and num(15.99996) == 16
    assert num(0.123456, 2) == 0.12
