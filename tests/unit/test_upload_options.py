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


@pytest.mark.parametrize("raw,clean", [
    ("Brand\n$evil: 1;", "Brand $evil: 1;"), ("A\r\nB", "A B"), ("A\fB", "A B"), ("A\u2028B", "A B"),
    ("  spaced   out ", "spaced out"), ("x" * 120, "x" * 120),
])
def test_project_names_are_cleaned_like_token_names(raw, clean):
    """Issue 17 item 4: a newline in a project name reached SCSS's `//` header comment as a live line."""
    assert JobOptions(projectName=raw).project_name == clean


@pytest.mark.parametrize("raw", ["x" * 121, "a\x00b", "a\x1bb", "a\x7fb", "\n\r ", "a\x9fb"])
def test_unprintable_or_long_project_names_are_refused(raw):
    with pytest.raises(ValidationError):
        JobOptions(projectName=raw)
