"""Bins and leader clusters at the edges their docstring publishes (shared/extraction/palette/histogram.py):
6 bits per channel (bins of 4 sRGB levels); a leader takes every heavier-first bin within OKLab
0.014 + 0.01 × its chroma (chroma capped at 0.2, so 0.016 at most); a bin leads only with at least
2 pixels and 0.02 % of them; at most 384 leaders; a cluster's core is its pixels within OKLab 0.009 of
the mode. Distances in the tests are coloraide's OKLab, not the module's conversion."""
from __future__ import annotations

import math

import numpy as np
import pytest
from coloraide import Color

from shared.extraction.palette.histogram import build_bins, label_image, leader_clusters, pixel_keys


def oklab(c) -> np.ndarray:
    return np.array(Color("srgb", [v / 255 for v in c]).convert("oklab").coords())


def distance(a, b) -> float:
    return float(np.linalg.norm(oklab(a) - oklab(b)))


def chroma(c) -> float:
    lab = oklab(c)
    return math.hypot(lab[1], lab[2])


def image(*runs: tuple[tuple[int, int, int], int]) -> np.ndarray:
    """A one-row image: each colour repeated its count."""
    return np.array([[c for c, n in runs for _ in range(n)]], dtype=np.uint8)


def clusters_of(rgb: np.ndarray):
    bins = build_bins(rgb, pixel_keys(rgb), np.ones(rgb.shape[:2], dtype=bool))
    return bins, leader_clusters(bins)


def same_cluster(lead, other, lead_n: int = 20, other_n: int = 10) -> bool:
    bins, leaders = clusters_of(image((lead, lead_n), (other, other_n)))
    assert len(bins.n) == 2  # two bins
    return leaders.bin_label[0] == leaders.bin_label[1]


def test_pixel_keys_are_6_bits_per_channel():
    rgb = np.array([[(0, 0, 0), (3, 3, 3), (4, 0, 0), (0, 4, 0), (0, 0, 4), (255, 255, 255)]], dtype=np.uint8)
    assert pixel_keys(rgb).tolist() == [[0, 0, 1 << 12, 1 << 6, 1, (1 << 18) - 1]]


def test_a_grey_leads_everything_within_oklab_0_014():
    grey, inside, outside = (128, 128, 128), (129, 133, 131), (127, 123, 125)
    assert chroma(grey) < 1e-6
    assert 0.01399 < distance(grey, inside) < 0.014 < distance(grey, outside) < 0.01402
    assert same_cluster(grey, inside)
    assert not same_cluster(grey, outside)


def test_the_radius_grows_by_0_01_per_unit_of_chroma():
    brown, inside, outside = (180, 120, 90), (186, 116, 92), (186, 115, 88)
    r = 0.014 + 0.01 * chroma(brown)  # chroma 0.0869: radius 0.014869
    assert 0.08 < chroma(brown) < 0.1
    assert r - 1e-5 < distance(brown, inside) < r < distance(brown, outside) < r + 1e-5
    assert same_cluster(brown, inside)
    assert not same_cluster(brown, outside)


def test_the_radius_stops_growing_at_chroma_0_2():
    red, inside, outside = (220, 38, 38), (214, 32, 43), (227, 42, 43)
    assert chroma(red) > 0.2
    assert 0.0159 < distance(red, inside) < 0.016 < distance(red, outside) < 0.0161
    assert same_cluster(red, inside)
    assert not same_cluster(red, outside)


def test_a_bin_leads_with_two_pixels_and_joins_with_one():
    # Far apart (black and white): with a leader each they stay apart, otherwise the lone pixel joins.
    bins, leaders = clusters_of(image(((0, 0, 0), 50), ((255, 255, 255), 2)))
    assert len(leaders.lead_bin) == 2
    bins, leaders = clusters_of(image(((0, 0, 0), 50), ((255, 255, 255), 1)))
    assert len(leaders.lead_bin) == 1 and leaders.bin_label.tolist() == [0, 0]


def test_a_light_bin_joins_the_nearest_leader():
    bins, leaders = clusters_of(image(((0, 0, 0), 50), ((40, 40, 40), 1), ((255, 255, 255), 50)))
    assert leaders.bin_label.tolist() == [0, 0, 1]  # the lone dark grey joins black, not white
    bins, leaders = clusters_of(image(((0, 0, 0), 50), ((200, 200, 200), 1), ((255, 255, 255), 50)))
    assert leaders.bin_label.tolist() == [0, 1, 1]


def test_light_coloured_bins_join_the_nearest_leader_in_oklab():
    red, green, blue = (220, 38, 38), (34, 197, 94), (37, 99, 235)
    lone = [(200, 60, 60), (60, 180, 100), (60, 100, 200), (150, 60, 120), (120, 130, 60)]
    rgb = image((red, 100), (green, 100), (blue, 100), *[(c, 1) for c in lone])
    bins, leaders = clusters_of(rgb)
    leader_of = {tuple(int(v) for v in bins.rgb_sum[b] / bins.n[b]): int(leaders.bin_label[b])
                 for b in range(len(bins.n))}
    nearest = lambda c: min((red, green, blue), key=lambda lead: distance(c, lead))  # noqa: E731
    for c in lone:
        assert leader_of[c] == leader_of[nearest(c)], c


def test_thousands_of_light_bins_all_join_a_leader():
    # 4,200 one-pixel bins (more than one 4,096-row chunk of the nearest-leader step) and one colour.
    light = [(4 * r, 4 * g, 4 * b) for r in range(16) for g in range(16) for b in range(17)][:4200]
    rgb = np.array([light + [(128, 128, 128)] * 30_000], dtype=np.uint8)
    bins, leaders = clusters_of(rgb)
    assert len(bins.n) == 4201 and len(leaders.lead_bin) == 1
    assert leaders.bin_label.tolist() == [0] * 4201


def test_a_bin_a_leader_took_stays_with_it_though_a_later_leader_is_nearer():
    # Greys 128 (20 px) and 136 (5 px, OKLab 0.0269 away: a leader of its own); 132 (2 px) is 0.01348
    # from 128 (within its radius, so 128 takes it first) and 0.01340 from 136.
    grey, took, later = (128,) * 3, (132,) * 3, (136,) * 3
    assert distance(took, later) < distance(grey, took) < 0.014 < distance(grey, later)
    bins, leaders = clusters_of(image((grey, 20), (took, 2), (later, 5)))
    assert leaders.bin_label.tolist() == [0, 0, 1]


def test_a_bin_leads_with_0_02_percent_of_the_pixels():
    # 20,000 pixels: 0.02 % is 4.
    for n, leads in ((4, 2), (3, 1)):
        rgb = image(((0, 0, 0), 20_000 - n), ((255, 255, 255), n))
        _, leaders = clusters_of(rgb)
        assert len(leaders.lead_bin) == leads, n


def test_without_a_heavy_bin_the_first_one_leads_alone():
    rgb = image(((200, 0, 0), 1), ((40, 40, 40), 1), ((0, 0, 255), 1))
    bins, leaders = clusters_of(rgb)
    assert bins.keys.tolist() == sorted(bins.keys.tolist())
    # Equal weights: the lowest key (blue) leads; the others join it, the nearest leader.
    assert leaders.lead_bin.tolist() == [0] and leaders.bin_label.tolist() == [0, 0, 0]
    assert leaders.core.tolist() == [1.0] and leaders.core_rgb.tolist() == [[0.0, 0.0, 255.0]]


def test_an_exact_colour_leads_before_a_heavier_diffuse_bin():
    # 36 pixels spread over one bin's cube (per-channel variances 2.25 + 2.25 + 2/3: weight
    # 36 / (1 + 31/6) = 5.84) and, within the radius, an exact colour: with 6 pixels (weight 6) it
    # leads, with 5 the diffuse bin does.
    diffuse = [(128 + (i % 2) * 3, 128 + (i // 2 % 2) * 3, 128 + (i // 4 % 3)) for i in range(36)]
    exact = (124, 126, 127)
    for n, leader in ((6, 6), (5, 36)):
        bins, leaders = clusters_of(np.array([diffuse + [exact] * n], dtype=np.uint8))
        assert bins.spread.tolist() == pytest.approx([0.0, 31 / 6])
        assert leaders.lead_bin.tolist() == [int(np.flatnonzero(bins.n == leader)[0])], n
        assert leaders.bin_label.tolist() == [0, 0]


def _far_apart_colours(n: int, gap: float) -> list[tuple[int, int, int]]:
    """n colours from a 16-level sRGB grid, each at least `gap` from the others in OKLab (greedy)."""
    from shared.color.fast_delta_e import srgb255_to_oklab

    levels = range(0, 256, 17)
    grid = np.array([(r, g, b) for r in levels for g in levels for b in levels], dtype=np.float64)
    lab = srgb255_to_oklab(grid)
    picked: list[int] = []
    nearest = np.full(len(grid), np.inf)
    for i in range(len(grid)):
        if nearest[i] >= gap:
            picked.append(i)
            nearest = np.minimum(nearest, np.linalg.norm(lab - lab[i], axis=1))
            if len(picked) == n:
                break
    return [tuple(int(v) for v in grid[i]) for i in picked]


def test_at_most_384_leaders():
    colours = _far_apart_colours(385, 0.03)  # twice the largest leader radius
    assert len(colours) == 385
    assert min(distance(colours[0], c) for c in colours[1:]) > 0.029
    rgb = np.array([[c for c in colours for _ in range(2)]], dtype=np.uint8)
    bins, leaders = clusters_of(rgb)
    assert len(bins.n) == 385
    assert len(leaders.lead_bin) == 384
    assert len(set(leaders.bin_label.tolist())) == 384


def test_the_core_is_the_pixels_within_oklab_0_009_of_the_mode():
    grey, inside, outside = (128, 128, 128), (130, 126, 131), (126, 130, 125)
    assert 0.00899 < distance(grey, inside) < 0.009 < distance(grey, outside) < 0.00901
    for other, core, core_rgb in ((inside, 30, [(128 * 20 + 130 * 10) / 30, (128 * 20 + 126 * 10) / 30,
                                                (128 * 20 + 131 * 10) / 30]),
                                  (outside, 20, [128, 128, 128])):
        bins, leaders = clusters_of(image((grey, 20), (other, 10)))
        assert leaders.bin_label.tolist() == [0, 0]  # one cluster either way
        assert leaders.core.tolist() == [core]
        assert leaders.core_rgb[0].tolist() == pytest.approx(core_rgb)


def test_bins_without_credits_count_their_pixels_only():
    rgb = image(((10, 20, 30), 3), ((200, 100, 0), 2))
    use = np.ones(rgb.shape[:2], dtype=bool)
    for credits in (None, (np.zeros((0, 3), dtype=np.uint8), np.zeros(0))):
        bins = build_bins(rgb, pixel_keys(rgb), use, credits)
        assert bins.mass.tolist() == [3.0, 2.0] and bins.spread.tolist() == [0.0, 0.0]
    # Credited area lands on the bin of its colour (a credit to an empty bin is dropped).
    credits = (np.array([(10, 20, 30), (90, 90, 90)], dtype=np.uint8), np.array([0.5, 0.25]))
    assert build_bins(rgb, pixel_keys(rgb), use, credits).mass.tolist() == [3.5, 2.0]
    credits = (np.array([(10, 20, 30)], dtype=np.uint8), np.array([0.5]))  # to the first bin only
    assert build_bins(rgb, pixel_keys(rgb), use, credits).mass.tolist() == [3.5, 2.0]


def test_label_image_gives_transparent_pixels_the_void_label():
    rgb = image(((0, 0, 0), 2), ((255, 255, 255), 2))
    bins, leaders = clusters_of(rgb)
    valid = np.array([[True, False, True, True]])
    labels = label_image(pixel_keys(rgb), bins, np.array([0, 1]), valid, void=7)
    assert labels.tolist() == [[0, 7, 1, 1]]
    assert label_image(pixel_keys(rgb), bins, np.array([0, 1]), None, void=7).tolist() == [[0, 0, 1, 1]]
