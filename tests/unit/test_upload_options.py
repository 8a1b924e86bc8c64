"""Upload options for typed tokens: tokenTypes (what to extract) and devicePixelRatio, at their edges."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from shared.services.upload import JobOptions


def test_every_type_there_is_by_default_in_one_order():
    assert JobOptions().token_types == ["color", "typography", "spacing", "radius", "shadow"]
    assert JobOptions(tokenTypes=["shadow", "spacing", "radius", "shadow"]).token_types == ["spacing", "radius", "shadow"]
    assert JobOptions(tokenTypes=["typography", "color", "typography"]).token_types == ["color", "typography"]
    assert JobOptions(tokenTypes=["typography"]).token_types == ["typography"]


@pytest.mark.parametrize("types", [[], ["spacing-grid"], ["color", "shadows"], ["radii"], ["elevation"], "color"])
def test_no_or_unknown_token_types_are_refused(types):
    with pytest.raises(ValidationError):
        JobOptions(tokenTypes=types)


@pytest.mark.parametrize("dpr,ok", [(0.5, True), (0.49, False), (4.0, True), (4.01, False), (2, True), (None, True)])
def test_device_pixel_ratio_between_half_and_four(dpr, ok):
    if ok:
        assert JobOptions(devicePixelRatio=dpr).device_pixel_ratio == dpr
    else:
        with pytest.raises(ValidationError):
            JobOptions(devicePixelRatio=dpr)
