"""The palette's ranking and reporting at their published edges (shared/extraction/palette/extractor.py),
on tiny images, for the numpy reference and the compiled core alike: a colour needs 0.05 % of the
visible pixels; a pixel is visible at alpha ≥ 128 (a fully transparent image is read as its
composite); importance = share^0.4 × (1 + 3 × min(OKLab chroma / 0.12, 1)) × (0.15 + 0.85 × purity)
a flat colour is reported as its core, a colour living on edges as its
mean; regions are exact pixel boxes, centroids and edge shares. Chroma by coloraide."""
from __future__ import annotations

import math

import numpy as np
import pytest
from coloraide import Color

from shared.extraction.palette import extractor as E

PIPELINES = [E.find_colors_numpy] + ([E.find_colors_compiled] if E._core is not None else [])


@pytest.fixture(params=PIPELINES, ids=lambda f: f.__name__)
def find(request):
    return request.param


def chroma_factor(rgb) -> float:
    lab = Color("srgb", [v / 255 for v in rgb]).convert("oklab").coords()
    return 1 + 3 * min(math.hypot(lab[1], lab[2]) / 0.12, 1.0)


RED = (220, 38, 38)


def test_a_colour_with_0_05_percent_of_the_pixels_is_reported_and_under_is_not(find):
    row = np.full((1, 4000, 3), 255, dtype=np.uint8)
    row[0, 100:102] = RED  # 2 of 4,000
    got = find(row, None, 12)
    assert [f.rgb for f in got] == [(255, 255, 255), RED]
    assert got[1].share == 0.0005
    assert got[1].importance == pytest.approx(0.0005**0.4 * chroma_factor(RED))  # flat: purity 1
    assert got[0].importance == pytest.approx(0.9995**0.4 * chroma_factor((255, 255, 255)))
    wider = np.full((1, 4002, 3), 255, dtype=np.uint8)
    wider[0, 100:102] = RED  # 2 of 4,002
    assert [f.rgb for f in find(wider, None, 12)] == [(255, 255, 255)]


def test_pixels_count_from_alpha_128(find):
    rgb = np.zeros((1, 40, 3), dtype=np.uint8)
    rgb[0, :20], rgb[0, 20:] = RED, (37, 99, 235)
    alpha = np.full((1, 40), 128, dtype=np.uint8)
    assert sorted((f.rgb, f.share) for f in find(rgb, alpha, 12)) == [((37, 99, 235), 0.5), (RED, 0.5)]
    alpha[0, 20:] = 127
    assert [(f.rgb, f.share) for f in find(rgb, alpha, 12)] == [(RED, 1.0)]
    alpha[:] = 0  # nothing visible: the composite is analysed rather than nothing
    assert sorted((f.rgb, f.share) for f in find(rgb, alpha, 12)) == [((37, 99, 235), 0.5), (RED, 0.5)]


def test_purity_and_chroma_weigh_importance_and_a_flat_colour_is_its_core(find):
    # 60 pixels of one grey and 40 of another within the leader radius but outside the core (OKLab
    # 0.013999): one cluster of purity 0.6, reported as the core grey, weighed by the mean's chroma.
    rgb = np.zeros((10, 10, 3), dtype=np.uint8)
    rgb[:, :6], rgb[:, 6:] = (128, 128, 128), (129, 133, 131)
    [f] = find(rgb, None, 12)
    mean = (128 * 0.6 + 129 * 0.4, 128 * 0.6 + 133 * 0.4, 128 * 0.6 + 131 * 0.4)
    assert f.rgb == (128, 128, 128) and f.share == 1.0
    assert f.importance == pytest.approx(chroma_factor(mean) * (0.15 + 0.85 * 0.6))


def test_a_colour_living_on_edges_is_reported_as_its_mean(find):
    # A 1 px line (every pixel an edge) of the same two greys, 13 and 7 pixels.
    rgb = np.full((20, 21, 3), 255, dtype=np.uint8)
    rgb[:, 10] = (128, 128, 128)
    rgb[13:, 10] = (129, 133, 131)
    got = find(rgb, None, 12)
    assert [f.rgb for f in got] == [(255, 255, 255), (128, 130, 129)]  # the mean, rounded
    assert got[1].edge_ratio == 1.0 and got[1].share == 20 / 420


def test_a_colour_is_its_mean_above_90_percent_on_edges_and_its_core_at_90(find):
    # Ten pixels of the two greys (6 + 4, purity 0.6): a 3 x 3 block and one pixel below it. Nine are
    # on its boundary (90 %): reported as its core. One more pixel below: 10 of 11 (91 %), its mean.
    # A 6 x 6 block (20 of 36 on edges) is its core too.
    six = [(2, 2), (2, 3), (2, 4), (3, 2), (3, 3), (3, 4)]
    for extra, pixels, expect in ((1, six, (128, 128, 128)), (2, six + [(4, 2)], (128, 130, 129))):
        rgb = np.full((12, 14, 3), 255, dtype=np.uint8)
        rgb[2:5, 2:5] = (129, 133, 131)
        rgb[5:5 + extra, 2] = (129, 133, 131)
        for y, x in pixels:
            rgb[y, x] = (128, 128, 128)
        got = {f.rgb: f for f in find(rgb, None, 12)}
        assert set(got) == {(255, 255, 255), expect}, extra
    rgb = np.full((12, 14, 3), 255, dtype=np.uint8)
    rgb[2:8, 2:8] = (128, 128, 128)
    rgb[2:8, 2:4] = (129, 133, 131)
    assert {f.rgb for f in find(rgb, None, 12)} == {(255, 255, 255), (128, 128, 128)}


def test_importance_saturates_at_chroma_0_12(find):
    # Two equal areas: a saturated red (chroma over 0.12) ranks 4 × share^0.4, a grey 1 ×.
    rgb = np.zeros((10, 10, 3), dtype=np.uint8)
    rgb[:5], rgb[5:] = RED, (128, 128, 128)
    got = find(rgb, None, 12)
    assert [f.rgb for f in got] == [RED, (128, 128, 128)]
    assert got[0].importance == pytest.approx(0.5**0.4 * 4.0)
    assert got[1].importance == pytest.approx(0.5**0.4 * chroma_factor((128, 128, 128)))


def test_regions_are_exact_boxes_centroids_and_edge_shares(find):
    rgb = np.full((10, 20, 3), 255, dtype=np.uint8)
    rgb[2:5, 5:10] = RED  # 3 x 5 px: 12 of its 15 pixels on its border
    got = {f.rgb: f for f in find(rgb, None, 12)}
    red, white = got[RED], got[(255, 255, 255)]
    assert red.bbox == (5 / 20, 2 / 10, 10 / 20, 5 / 10)
    assert red.centroid == (7.5 / 20, 3.5 / 10)
    assert red.edge_ratio == 12 / 15 and red.share == 15 / 200
    assert white.bbox == (0.0, 0.0, 1.0, 1.0)
    assert white.edge_ratio == 16 / 185  # the ring of white pixels around the red box
    # Column sums: 1,900 over the image less 105 under the red box; rows: 900 less 45. Pixel centres.
    assert white.centroid == pytest.approx(((1795 / 185 + 0.5) / 20, (855 / 185 + 0.5) / 10))


def test_at_most_max_colors_most_important_first(find):
    rgb = np.full((10, 30, 3), 255, dtype=np.uint8)
    rgb[:, :10], rgb[:, 10:14] = (128, 128, 128), RED
    # Importance: red (4/30)^0.4 × 4 = 1.79, white (16/30)^0.4 = 0.78, grey (10/30)^0.4 = 0.64.
    assert [f.rgb for f in find(rgb, None, 3)] == [RED, (255, 255, 255), (128, 128, 128)]
    assert [f.rgb for f in find(rgb, None, 2)] == [RED, (255, 255, 255)]
    assert [f.rgb for f in find(rgb, None, 1)] == [RED]
    assert find(rgb, None, 0) == [] and find(rgb[:0], None, 12) == []
    # The most important colour is the first cluster (the heaviest) and the others come after it.
    rgb = np.full((10, 30, 3), 255, dtype=np.uint8)
    rgb[:, :6], rgb[:, 6:10] = (128, 128, 128), (0, 0, 0)
    assert [f.rgb for f in find(rgb, None, 1)] == [(255, 255, 255)]


def test_one_pixel_is_one_colour(find):
    [f] = find(np.array([[(0, 9, 255)]], dtype=np.uint8), None, 12)
    assert (f.rgb, f.share, f.bbox, f.centroid) == ((0, 9, 255), 1.0, (0.0, 0.0, 1.0, 1.0), (0.5, 0.5))


def test_a_one_pixel_colour_has_its_pixel_as_centroid(find):
    rgb = np.array([[(0, 0, 0), (5, 5, 5)], [(7, 7, 7), (9, 9, 9)]], dtype=np.uint8)
    [f] = find(rgb, np.array([[0, 0], [0, 255]], dtype=np.uint8), 12)
    assert (f.rgb, f.share, f.bbox, f.centroid) == ((9, 9, 9), 1.0, (0.5, 0.5, 1.0, 1.0), (0.75, 0.75))


def test_a_ramp_pixel_is_no_colour_and_its_area_goes_to_its_ends(find):
    # Black, one anti-aliasing pixel a quarter of the way to white, white: the ramp pixel's area is
    # credited three quarters to black and one quarter to white.
    row = np.zeros((1, 41, 3), dtype=np.uint8)
    row[0, 20] = 64
    row[0, 21:] = 255
    got = find(row, None, 12)
    assert sorted((f.rgb, f.share) for f in got) == [
        ((0, 0, 0), pytest.approx((20 + 0.749) / 41, abs=1e-3)),
        ((255, 255, 255), pytest.approx((20 + 0.251) / 41, abs=1e-3))]


def test_an_imagery_region_marks_its_colour_even_with_one_other_colour():
    from tests.unit.test_palette_imagery_edges import REGION, _page

    rgb = _page(REGION, [])  # a flat ground and one textured region: two colours
    got = E.find_colors(rgb, None, 12)
    assert [(f.rgb, f.imagery) for f in got] == [((120, 120, 120), False), ((101, 101, 101), True)]
    one = np.full((4, 4, 3), 7, dtype=np.uint8)
    assert [(f.rgb, f.imagery) for f in E.find_colors(one, None, 12)] == [((7, 7, 7), False)]


def _hide(monkeypatch, name: str) -> None:
    """Make `from shared.extraction.palette import <name>` fail, as on a machine that did not build it."""
    import sys

    from shared.extraction import palette

    monkeypatch.setitem(sys.modules, f"shared.extraction.palette.{name}", None)
    monkeypatch.delattr(palette, name, raising=False)


def test_without_a_compiled_core_the_numpy_pipeline_runs(monkeypatch):
    from shared import logs

    warned: list[str] = []
    monkeypatch.setattr(logs, "warning", lambda _logger, message, **_f: warned.append(message))
    _hide(monkeypatch, "_core")
    assert E.compiled_builds() == [] and E._compiled_core() is None
    assert len(warned) == 2 and "numpy pipeline in use" in warned[0]


def test_without_its_x86_64_v3_build_the_baseline_runs(monkeypatch):
    import sys
    import types

    from shared.extraction import palette

    baseline = types.ModuleType("shared.extraction.palette._core")
    for has_v3 in (True, False):
        baseline.cpu_has_x86_64_v3 = lambda v=has_v3: v
        monkeypatch.setitem(sys.modules, "shared.extraction.palette._core", baseline)
        monkeypatch.setattr(palette, "_core", baseline, raising=False)
        _hide(monkeypatch, "_core_v3")
        assert E.compiled_builds() == [baseline], has_v3
        assert E._compiled_core() is baseline
