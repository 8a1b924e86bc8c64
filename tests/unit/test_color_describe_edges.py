"""The coarse descriptors at every documented edge: a value on the threshold and one just under it.

The descriptors take OKLCH floats, so each edge is tested exactly (the numbers are the module's
documented ones: grey under chroma 0.03, warm for hue < 105° or ≥ 330°, the hue-family bounds …)."""
from __future__ import annotations

import pytest

from shared.color import describe

EPS = 1e-6


def test_neutral_is_chroma_under_0_03():
    assert describe.is_neutral(0.03 - EPS) is True
    assert describe.is_neutral(0.03) is False
    assert describe.hue_family(0.03 - EPS, 260.0) == "grey"
    assert describe.hue_family(0.03, 260.0) == "blue"


@pytest.mark.parametrize("c,h,want", [
    (0.03 - EPS, 20.0, "neutral"), (0.03, 20.0, "warm"),
    (0.1, 105.0 - EPS, "warm"), (0.1, 105.0, "cool"),
    (0.1, 330.0 - EPS, "cool"), (0.1, 330.0, "warm"),
    (0.1, 0.0, "warm"), (0.1, 200.0, "cool"),
])
def test_temperature_edges(c, h, want):
    assert describe.temperature(c, h) == want


@pytest.mark.parametrize("c,want", [
    (0.0, "neutral"), (0.03 - EPS, "neutral"), (0.03, "muted"), (0.08 - EPS, "muted"), (0.08, "moderate"),
    (0.16 - EPS, "moderate"), (0.16, "vivid"), (0.37, "vivid"),
])
def test_saturation_level_edges(c, want):
    assert describe.saturation_level(c) == want


@pytest.mark.parametrize("l,want", [
    (0.0, "very dark"), (0.25 - EPS, "very dark"), (0.25, "dark"), (0.45 - EPS, "dark"), (0.45, "medium"),
    (0.7 - EPS, "medium"), (0.7, "light"), (0.9 - EPS, "light"), (0.9, "very light"), (1.0, "very light"),
])
def test_lightness_level_edges(l, want):
    assert describe.lightness_level(l) == want


# Each family's upper hue bound (exclusive) and the family that starts there.
HUE_EDGES = [(15, "pink", "red"), (45, "red", "orange"), (70, "orange", "amber"), (100, "amber", "yellow"),
             (120, "yellow", "lime"), (135, "lime", "green"), (165, "green", "teal"), (185, "teal", "cyan"),
             (220, "cyan", "sky blue"), (240, "sky blue", "blue"), (280, "blue", "violet"),
             (305, "violet", "purple"), (335, "purple", "magenta"), (350, "magenta", "pink")]


@pytest.mark.parametrize("bound,below,at", HUE_EDGES)
def test_hue_family_bounds(bound, below, at):
    assert describe.raw_hue_family(bound - 0.01) == below
    assert describe.raw_hue_family(float(bound)) == at
    assert describe.hue_family(0.1, bound - 0.01) == below


def test_hue_family_wraps_at_360():
    assert describe.raw_hue_family(0.0) == "pink"
    assert describe.raw_hue_family(359.99) == "pink"
    assert describe.raw_hue_family(360.0) == "pink"  # 360° is 0°
    assert describe.raw_hue_family(365.0) == "pink"
    assert describe.raw_hue_family(400.0) == "red"  # 40°
    assert describe.raw_hue_family(-20.0) == "magenta"  # 340°
    # -1e-20 % 360.0 is 360.0 in floats: it raised StopIteration before; it is 0°.
    assert describe.raw_hue_family(-1e-20) == "pink"


@pytest.mark.parametrize("name,l,c,h,want", [
    # A color word whose families exclude the hue's family.
    ("Ocean Red", 0.5, 0.15, 260.0, False), ("Ocean Red", 0.5, 0.15, 30.0, True),
    ("Deep Blue", 0.5, 0.15, 30.0, False), ("Deep Blue", 0.5, 0.15, 260.0, True),
    ("(Purple) Haze.", 0.5, 0.15, 320.0, True), ("Purple-", 0.5, 0.15, 150.0, False),
    # A chromatic word on a true grey (chroma under 0.01); brown may name a warm grey.
    ("Brick Red", 0.5, 0.01 - EPS, 30.0, False), ("Brick Red", 0.5, 0.01, 30.0, True),
    ("Brown", 0.5, 0.01 - EPS, 30.0, True),
    ("Brown", 0.5, 0.1, 260.0, False),
    # grey / gray only under chroma 0.08.
    ("Warm Grey", 0.5, 0.08 - EPS, 30.0, True), ("Warm Grey", 0.5, 0.08, 30.0, False),
    ("Cool Gray", 0.5, 0.08, 260.0, False), ("Cool Gray", 0.5, 0.02, 260.0, True),
    # white from OKLCH L 0.8, black up to 0.35.
    ("Off White", 0.8, 0.02, 90.0, True), ("Off White", 0.8 - EPS, 0.02, 90.0, False),
    ("Soft Black", 0.35, 0.02, 90.0, True), ("Soft Black", 0.35 + EPS, 0.02, 90.0, False),
    ("Midnight", 0.1, 0.0, 0.0, True),
])
def test_name_is_plausible_edges(name, l, c, h, want):
    assert describe.name_is_plausible(name, l, c, h) is want


@pytest.mark.parametrize("l,c,h,want", [
    (0.3, 0.2, 260.0, "dark vivid blue"),
    (0.95, 0.0, 0.0, "very light grey"),
    (0.5, 0.1, 30.0, "moderate red"),  # "medium" lightness is left out
    (0.5, 0.0, 0.0, "grey"),
    (0.8, 0.05, 150.0, "light muted green"),
])
def test_descriptor(l, c, h, want):
    assert describe.descriptor(l, c, h) == want
