"""The cluster rules at their published edges (shared/extraction/palette/clusters.py), on cluster tables
built by hand (a few rows, no image):
- fold blends: an edge-living cluster (≥ 50 % of its pixels on edges; a flat one — ≥ 85 % core — with
  interior pixels, under 90 % on edges, excepted) strictly between 2 % and 98 % of the way along the
  sRGB segment of two heavier clusters, at most max(8, 12 % of the segment) off it, touching both
  (≥ 2 contacts and ≥ 1 % of its contacts each) or one when ≥ 20 % of its contacts are blend pixels;
- merge noise: clusters closer than ΔE2000 2.0 are one colour (heavier absorbs; the first on a tie);
- satellites: a cluster with ≥ 40 % of its pixels on edges and purity under 60 %, touching a colour at
  least as heavy with ≥ 10 % of its contacts, under ΔE2000 10 from it, joins it;
- continua: a boundary with ≥ 4 contacts whose mean pixel step is under 30 % of the two colours' sRGB
  distance is soft; a flat cluster (purity ≥ 85 %, under half its contacts soft) stays out.
ΔE2000 by coloraide."""
from __future__ import annotations

import numpy as np
import pytest
from coloraide import Color

from shared.extraction.palette import clusters as C
from shared.extraction.palette.adjacency import Adjacency


def de(a, b) -> float:
    return Color("srgb", [v / 255 for v in a]).delta_e(Color("srgb", [v / 255 for v in b]), method="2000")


def table(rgb, pixels, mass=None, edge=None, core=None, touch=None, contacts=None, step=None) -> C.Clusters:
    """Clusters from per-row lists; `touch` etc. as {(i, j): n} (symmetric; j = len(rgb) is the void)."""
    k = len(rgb)

    def square(pairs, dtype):
        m = np.zeros((k + 1, k + 1), dtype=dtype)
        for (i, j), v in (pairs or {}).items():
            m[i, j] = m[j, i] = v
        return m

    pixels = np.array(pixels, dtype=np.float64)
    adj = Adjacency(touch=square(touch, np.int64), contacts=square(contacts, np.int64),
                    step_sum=square(step, np.float64), edge_pixels=np.zeros(k + 1, dtype=np.int64))
    rgb = np.array(rgb, dtype=np.float64)
    return C.Clusters(mass=np.array(mass if mass is not None else pixels, dtype=np.float64), pixels=pixels,
                      rgb=rgb, edge=np.array(edge if edge is not None else [0] * k, dtype=np.float64),
                      core=np.array(core if core is not None else pixels, dtype=np.float64),
                      core_rgb=rgb.copy(), owner=np.arange(k), continuum=np.zeros(k, dtype=bool), adj=adj)


# --------------------------------------------------------------------------------------------- absorb
def test_absorb_adds_areas_and_averages_colours_by_pixels():
    cl = table([(0, 0, 0), (90, 30, 60), (10, 10, 10)], [20, 10, 5], mass=[25, 12, 5], edge=[4, 6, 0],
               core=[15, 18, 5], touch={(0, 1): 7, (1, 2): 3, (0, 2): 1, (1, 3): 2})
    cl.core_rgb[1] = (91, 31, 61)
    cl.absorb(0, 1)
    assert cl.rgb[0].tolist() == [30.0, 10.0, 20.0]
    assert (cl.mass.tolist(), cl.pixels.tolist(), cl.edge.tolist()) == ([37, 0, 5], [30, 0, 5], [10, 6, 0])
    # The bigger core names the colour.
    assert cl.core.tolist() == [18, 18, 5] and cl.core_rgb[0].tolist() == [91, 31, 61]
    assert cl.owner.tolist() == [0, 0, 2] and cl.alive.tolist() == [True, False, True]
    # Contacts move to the absorbing row and column; its own pair is no contact any more.
    assert cl.adj.touch.tolist() == [[0, 0, 4, 2], [0, 0, 0, 0], [4, 0, 0, 0], [2, 0, 0, 0]]


def test_absorb_keeps_the_absorbing_core_colour_on_a_tie():
    cl = table([(0, 0, 0), (90, 30, 60)], [10, 10], core=[8, 8])
    cl.absorb(0, 1)
    assert cl.core_rgb[0].tolist() == [0, 0, 0] and cl.core.tolist() == [8, 8]


def test_absorbing_an_empty_cluster_keeps_the_colour():
    cl = table([(0, 0, 0), (90, 30, 60)], [0, 0], mass=[3, 1])
    cl.absorb(0, 1)
    assert cl.rgb[0].tolist() == [0, 0, 0] and cl.mass.tolist() == [4, 0]


def test_absorbing_into_an_empty_cluster_takes_the_colour():
    cl = table([(0, 0, 0), (90, 30, 60)], [0, 1])
    cl.absorb(0, 1)
    assert cl.rgb[0].tolist() == [90, 30, 60]


def test_purity_is_the_core_share_of_the_pixels():
    cl = table([(0, 0, 0), (1, 1, 1), (2, 2, 2)], [20, 0, 1], core=[17, 0, 1])
    assert cl.purity.tolist() == [0.85, 0.0, 1.0]


# ------------------------------------------------------------------------------------------ noise
BASE, JUST_UNDER_2, JUST_OVER_2 = (100, 120, 140), (100, 122, 139), (97, 119, 136)


def test_clusters_under_delta_e_2_merge_and_over_stay():
    assert 1.99 < de(BASE, JUST_UNDER_2) < 2.0 < de(BASE, JUST_OVER_2) < 2.01
    cl = table([BASE, JUST_UNDER_2], [10, 30])
    C.agglomerate(cl, C.NOISE_DE)
    assert cl.owner.tolist() == [1, 1]  # the heavier absorbs
    cl = table([BASE, JUST_OVER_2], [10, 30])
    C.agglomerate(cl, C.NOISE_DE)
    assert cl.owner.tolist() == [0, 1]


def test_on_equal_mass_the_first_absorbs():
    cl = table([BASE, JUST_UNDER_2], [10, 10])
    C.agglomerate(cl, C.NOISE_DE)
    assert cl.owner.tolist() == [0, 0]


def test_a_merged_colour_is_compared_again():
    # Greys 128, 129 and 134: 128-134 is ΔE2000 2.23, but 128 and 129 merge first (0.37 apart) and
    # their mean, 128.75 (by pixels), is 1.94 from 134.
    a, b, c = (128,) * 3, (129,) * 3, (134,) * 3
    assert de(a, b) < de(b, c) < 2.0 < de(a, c) and de((128.75,) * 3, c) < 2.0
    cl = table([a, b, c, (0, 0, 0)], [10, 30, 10, 10])  # and black, far from all of them
    C.agglomerate(cl, C.NOISE_DE)
    assert cl.owner.tolist() == [1, 1, 1, 3]
    assert cl.rgb[1].tolist() == pytest.approx([(128 * 10 + 129 * 30 + 134 * 10) / 50] * 3)


def test_merges_stay_within_allowed_groups_and_leave_flat_colours_alone():
    cl = table([BASE, JUST_UNDER_2, (0, 0, 0)], [10, 30, 5])
    C.agglomerate(cl, C.NOISE_DE, allowed=np.eye(3, dtype=bool))
    assert cl.owner.tolist() == [0, 1, 2]
    cl = table([BASE, JUST_UNDER_2, (0, 0, 0)], [10, 30, 5])
    C.agglomerate(cl, C.NOISE_DE, flat=np.array([True, False, False]))
    assert cl.owner.tolist() == [0, 1, 2]


def test_with_one_colour_taking_part_nothing_merges():
    cl = table([BASE, JUST_UNDER_2], [10, 30])
    C.agglomerate(cl, C.NOISE_DE, flat=np.array([True, False]))
    assert cl.owner.tolist() == [0, 1]


def test_two_surfaces_kept_apart_stay_apart_after_a_third_colour_joins_one():
    """A white card (0) and a grey-50 page (1) kept apart (apart_matrix); a noise cluster (2) between
    them merges into the page first: the merged page still may not merge with the card (a merged
    cluster keeps what both its parts allowed, not what either did)."""
    white, page, noise = (255, 255, 255), (248, 250, 252), (251, 253, 255)
    assert de(white, page) < 2.0 and de(page, noise) < de(white, noise) < 2.0
    cl = table([white, page, noise], [100, 100, 10])
    C.agglomerate(cl, C.NOISE_DE, allowed=C.apart_matrix(cl, np.array([[0, 1]])))
    assert cl.alive[0] and cl.alive[1] and cl.owner[2] in (0, 1), cl.owner
    cl = table([white, page, noise], [100, 100, 10])
    C.agglomerate(cl, C.NOISE_DE)
    assert cl.alive.sum() == 1


def test_apart_pairs_follow_merges_and_skip_folded_sides():
    cl = table([BASE, JUST_UNDER_2, (0, 0, 0), (9, 9, 9)], [10, 30, 5, 5])
    cl.owner[:] = [1, 1, -1, 3]  # 0 joined 1; 2 was folded
    allowed = C.apart_matrix(cl, np.array([[0, 3], [2, 3]]))
    assert not allowed[1, 3] and not allowed[3, 1] and allowed.sum() == 14
    assert C.apart_matrix(cl, np.zeros((0, 2), dtype=np.int64)) is None


def test_a_satellite_never_joins_a_host_it_is_kept_apart_from():
    cl = satellite()
    allowed = np.ones((3, 3), dtype=bool)
    allowed[0, 2] = allowed[2, 0] = False
    C.absorb_satellites(cl, allowed)
    assert cl.owner.tolist() == [0, 1, 2]


def test_continuum_representatives_end_12_apart():
    near, far = (94, 135, 140), (100, 138, 143)
    assert 11.99 < de(BASE, near) < 12.0 < de(BASE, far) < 12.01
    for other, owner in ((near, [0, 0]), (far, [0, 1])):
        cl = table([BASE, other], [10, 5])
        C.agglomerate(cl, C.CONTINUUM_DE, allowed=np.ones((2, 2), dtype=bool))
        assert cl.owner.tolist() == owner


# ------------------------------------------------------------------------------------- satellites
HOST, SAT_NEAR, SAT_FAR, OTHER = (100, 120, 140), (94, 135, 146), (109, 114, 152), (240, 240, 240)


def satellite(near=SAT_NEAR, edge=40, core=59, host_touch=10, host_mass=1000, sat_mass=100) -> C.Clusters:
    """Host 0, an unrelated heavy colour 1 (far), the candidate satellite 2 (100 pixels)."""
    return table([HOST, OTHER, near], [host_mass, 1000, 100], mass=[host_mass, 1000, sat_mass],
                 edge=[100, 100, edge], core=[host_mass, 1000, core],
                 touch={(2, 0): host_touch, (2, 1): 100 - host_touch, (2, 3): 50})


def test_satellites_under_delta_e_10_join_their_host():
    assert 9.99 < de(HOST, SAT_NEAR) < 10.0 < de(HOST, SAT_FAR) < 10.01
    cl = satellite()
    C.absorb_satellites(cl)
    assert cl.owner.tolist() == [0, 1, 0]
    cl = satellite(near=SAT_FAR)
    C.absorb_satellites(cl)
    assert cl.owner.tolist() == [0, 1, 2]


@pytest.mark.parametrize("change", [dict(edge=39), dict(core=60), dict(host_touch=9), dict(host_mass=99)])
def test_a_satellite_needs_edges_diffuseness_contact_and_a_host_at_least_as_heavy(change):
    # 40 % on edges, purity under 60 %, 10 % of its contacts with the host, host mass ≥ its own.
    cl = satellite(**change)
    C.absorb_satellites(cl)
    assert cl.owner.tolist() == [0, 1, 2], change


def test_with_two_colours_the_satellite_joins_the_other():
    cl = table([HOST, SAT_NEAR], [1000, 100], edge=[100, 40], core=[1000, 59], touch={(1, 0): 10, (1, 2): 90})
    C.absorb_satellites(cl)
    assert cl.owner.tolist() == [0, 0]


def test_a_host_as_heavy_as_the_satellite_takes_it():
    cl = satellite(host_mass=100)
    C.absorb_satellites(cl)
    assert cl.owner.tolist() == [0, 1, 0]


def test_a_satellite_without_contacts_stays():
    cl = satellite(host_touch=0)
    cl.adj.touch[:] = 0
    C.absorb_satellites(cl)
    assert cl.owner.tolist() == [0, 1, 2]


def test_the_nearest_host_takes_the_satellite():
    # Two hosts within ΔE 10: the nearer one (JUST_OVER_2 is ΔE 2 from HOST's satellite twin) wins.
    cl = table([HOST, JUST_OVER_2, SAT_NEAR], [1000, 1000, 100], edge=[100, 100, 50], core=[1000, 1000, 10],
               touch={(2, 0): 50, (2, 1): 50})
    d0, d1 = de(SAT_NEAR, HOST), de(SAT_NEAR, JUST_OVER_2)
    C.absorb_satellites(cl)
    assert cl.owner.tolist() == ([0, 1, 0] if d0 < d1 else [0, 1, 1])


# ----------------------------------------------------------------------------------------- blends
def blend(mid, a=(0, 0, 0), b=(200, 200, 200), pixels=10, edge=10, core=0, ta=5, tb=5, void=0,
          mass_ends=1000):
    """Ends 0 and 1, candidate blend 2."""
    return table([a, b, mid], [mass_ends, mass_ends, pixels], edge=[10, 10, edge],
                 core=[mass_ends, mass_ends, core],
                 touch={(2, 0): ta, (2, 1): tb, (2, 3): void})


def folded(cl) -> bool:
    C.fold_blends(cl)
    return cl.owner[2] == -1


def test_a_blend_splits_its_mass_between_its_ends_by_position():
    cl = blend((50, 50, 50))  # a quarter of the way
    assert folded(cl)
    assert cl.mass.tolist() == [1007.5, 1002.5, 0.0]
    assert cl.owner.tolist() == [0, 1, -1]


def test_a_blend_between_two_colours_splits_by_its_own_position():
    cl = blend((60, 70, 80), a=(20, 40, 60), b=(100, 100, 100))  # halfway
    assert folded(cl)
    assert cl.mass.tolist() == [1005.0, 1005.0, 0.0]


def test_end_pairs_that_fit_equally_go_to_the_first_by_index():
    # Grey 100 lies exactly on grey 50 → white and on black → white. With 24 candidates (no cut) the
    # first pair by index wins: grey 50 (index 1) and white.
    rgb = [(100, 100, 100), (50, 50, 50), (0, 0, 0), (200, 200, 200)] + [(10 * i, 0, 255) for i in range(21)]
    n = len(rgb)
    touch = {(0, 1): 5, (0, 2): 50, (0, 3): 50}
    touch.update({(0, i): 10 for i in range(4, n)})
    cl = table(rgb, [10] + [1000] * (n - 1), edge=[10] * n, core=[0] + [1000] * (n - 1), touch=touch)
    C.fold_blends(cl)
    assert cl.mass[:4].tolist() == pytest.approx([0, 1000 + 10 * 2 / 3, 1000, 1000 + 10 / 3])


def test_a_blend_lies_strictly_between_2_and_98_percent_of_the_way():
    assert not folded(blend((4, 4, 4)))  # t = 0.02
    assert folded(blend((5, 5, 5)))
    assert folded(blend((195, 195, 195)))
    assert not folded(blend((196, 196, 196)))  # t = 0.98


def test_a_blend_is_at_most_8_units_off_a_short_segment():
    # Ends 40 apart: 12 % would be 4.8, so the floor of 8 decides.
    assert folded(blend((20, 8, 0), b=(40, 0, 0)))
    assert not folded(blend((20, 9, 0), b=(40, 0, 0)))


def test_a_blend_is_at_most_12_percent_off_a_long_segment():
    assert folded(blend((100, 24, 0), b=(200, 0, 0)))
    assert not folded(blend((100, 25, 0), b=(200, 0, 0)))


def test_a_blend_lives_on_edges():
    assert folded(blend((100, 100, 100), edge=5))  # half its pixels
    assert not folded(blend((100, 100, 100), edge=4))


def test_a_flat_colour_with_interior_pixels_is_no_blend():
    # 85 % core and under 90 % on edges: a colour of its own.
    assert not folded(blend((100, 100, 100), pixels=100, edge=89, core=85))
    assert folded(blend((100, 100, 100), pixels=100, edge=90, core=85))
    assert folded(blend((100, 100, 100), pixels=100, edge=89, core=84))


def test_an_empty_cluster_is_no_blend():
    cl = blend((100, 100, 100), pixels=0, edge=0)
    cl.mass[2] = 3
    assert not folded(cl)


def test_both_ends_must_be_touched_twice_and_by_1_percent():
    assert folded(blend((100, 100, 100), ta=2, tb=2))
    assert not folded(blend((100, 100, 100), ta=5, tb=1))
    assert folded(blend((100, 100, 100), ta=400, tb=5))  # 1 % of 405 is 4.05
    assert not folded(blend((100, 100, 100), ta=400, tb=4))  # 1 % of 404 is 4.04


def test_among_blend_pixels_one_touched_end_is_enough():
    # 20 % of its contacts with blend pixels (the void label): 2 of 10, not 2 of 11.
    assert folded(blend((100, 100, 100), ta=8, tb=0, void=2))
    assert not folded(blend((100, 100, 100), ta=9, tb=0, void=2))
    assert not folded(blend((100, 100, 100), ta=0, tb=0, void=30))  # no end touched at all


def test_ends_must_be_heavier():
    assert not folded(blend((100, 100, 100), pixels=10, mass_ends=10))
    assert folded(blend((100, 100, 100), pixels=10, mass_ends=11))


def test_the_end_pair_nearest_the_segment_wins():
    # Two pairs of ends: (0, 1) with the blend 6 units off, (0, 3) with it on the segment.
    cl = table([(0, 0, 0), (200, 212, 200), (100, 100, 100), (200, 200, 200)], [1000, 1000, 10, 1000],
               edge=[10, 10, 10, 10], core=[1000, 1000, 0, 1000], touch={(2, 0): 5, (2, 1): 5, (2, 3): 5})
    C.fold_blends(cl)
    assert cl.owner.tolist() == [0, 1, -1, 3]
    assert cl.mass.tolist() == [1005, 1000, 0, 1005]


def test_the_end_pair_is_chosen_by_offset_relative_to_its_length():
    # Grey 100 is 4 units off a 100-unit segment (4 %) and 6 off a 255-unit one (2.4 %): the long one.
    cl = table([(100, 100, 100), (50, 104, 100), (150, 104, 100), (100, 94, 0), (100, 94, 255)],
               [10, 1000, 1000, 1000, 1000], edge=[10] * 5, core=[0] + [1000] * 4,
               touch={(0, 1): 5, (0, 2): 5, (0, 3): 5, (0, 4): 5})
    C.fold_blends(cl)
    assert cl.mass.tolist() == pytest.approx([0, 1000, 1000, 1000 + 10 * 155 / 255, 1000 + 10 * 100 / 255])


def test_lighter_blends_fold_first_into_ends_that_fold_later():
    # 3 (the lightest) lies halfway between 0 and 2, and 2 halfway between 0 and 1: 3 folds into 0 and 2,
    # then 2, with its share of 3, into 0 and 1.
    cl = table([(0, 0, 0), (200, 200, 200), (100, 100, 100), (50, 50, 50)], [1000, 1000, 30, 20],
               edge=[10, 10, 30, 20], core=[1000, 1000, 0, 0],
               touch={(2, 0): 5, (2, 1): 5, (3, 2): 5, (3, 0): 5})
    C.fold_blends(cl)
    assert cl.owner.tolist() == [0, 1, -1, -1]
    assert cl.mass.tolist() == pytest.approx([1030, 1020, 0, 0])


def test_at_most_24_candidate_ends_the_most_touched_first():
    # The blend (grey 100) lies between black (touched most) and white (touched least); off-axis
    # distractors, all heavier and touched in between, fit no pair. White is tried while it ranks
    # among the first 24 candidates.
    def run(distractors: int) -> bool:
        rgb = [(100, 100, 100), (0, 0, 0), (200, 200, 200)] + [(10 * i, 0, 255) for i in range(distractors)]
        n = len(rgb)
        touch = {(0, 1): 50, (0, 2): 3}
        touch.update({(0, i): 10 for i in range(3, n)})
        cl = table(rgb, [10] + [1000] * (n - 1), edge=[10] * n, core=[0] + [1000] * (n - 1), touch=touch)
        C.fold_blends(cl)
        return cl.owner[0] == -1

    assert run(22)  # white is the 24th
    assert not run(23)  # the 25th
    # The cut keeps the most touched: ends touched 50 times each are kept among 25 candidates.
    rgb = [(100, 100, 100), (0, 0, 0), (200, 200, 200)] + [(10 * i, 0, 255) for i in range(23)]
    touch = {(0, 1): 50, (0, 2): 50}
    touch.update({(0, i): 10 for i in range(3, 26)})
    cl = table(rgb, [10] + [1000] * 25, edge=[10] * 26, core=[0] + [1000] * 25, touch=touch)
    C.fold_blends(cl)
    assert cl.owner[0] == -1


# --------------------------------------------------------------------------------------- continua
def boundary(step, contacts=4, purity=(0.5, 0.5)) -> C.Clusters:
    """Two clusters 50 sRGB units apart sharing `contacts` boundary pairs of mean step `step`."""
    return table([(100, 100, 100), (150, 100, 100)], [100, 100], core=[100 * purity[0], 100 * purity[1]],
                 contacts={(0, 1): contacts}, step={(0, 1): step * contacts})


def test_a_boundary_is_soft_under_30_percent_of_the_colour_distance():
    groups, flat = C.continuum_groups(boundary(14.9))  # 30 % of 50 is 15
    assert groups.tolist() == [[True, True], [True, True]] and flat.tolist() == [False, False]
    cl = boundary(14.9)
    C.continuum_groups(cl)
    assert cl.continuum.tolist() == [True, True]
    for step in (15.0, 15.1):  # exactly 30 %: not soft
        groups, _ = C.continuum_groups(boundary(step))
        assert groups.tolist() == [[True, False], [False, True]], step


def test_a_soft_boundary_needs_4_contacts():
    groups, _ = C.continuum_groups(boundary(5.0, contacts=3))
    assert groups.tolist() == [[True, False], [False, True]]


def test_a_flat_colour_stays_out_of_a_continuum():
    # Purity 85 % and its only boundary hard: flat. Purity 84 %: diffuse.
    cl = boundary(20.0, purity=(0.85, 0.84))
    groups, flat = C.continuum_groups(cl)
    assert flat.tolist() == [True, False]
    # A soft boundary makes half (or more) of its contacts soft: not flat, it is a gradient step.
    groups, flat = C.continuum_groups(boundary(5.0, purity=(0.85, 0.85)))
    assert flat.tolist() == [False, False] and groups[0, 1]


def test_a_flat_colour_has_under_half_of_its_contacts_soft():
    # Cluster 0 (purity 0.9) shares a soft boundary with 1 (4 contacts, steps of 5 for 50 apart) and a
    # hard one with 2: 4 soft of 10 contacts (40 %) is flat and stays apart; 4 of 8 (50 %) is not.
    for hard, flat0 in ((6, True), (4, False)):
        cl = table([(100, 100, 100), (150, 100, 100), (0, 0, 255)], [100, 100, 100], core=[90, 50, 100],
                   contacts={(0, 1): 4, (0, 2): hard}, step={(0, 1): 20, (0, 2): 300 * hard})
        groups, flat = C.continuum_groups(cl)
        assert flat[0] == flat0 and groups[0, 1] == (not flat0), hard


def test_a_chain_of_soft_boundaries_is_one_group():
    cl = table([(100, 100, 100), (150, 100, 100), (200, 100, 100), (0, 0, 255)], [100] * 4, core=[50] * 4,
               contacts={(0, 1): 4, (1, 2): 4, (2, 3): 10}, step={(0, 1): 20, (1, 2): 20, (2, 3): 2000})
    groups, _ = C.continuum_groups(cl)
    assert groups[0].tolist() == [True, True, True, False]
    assert cl.continuum.tolist() == [True, True, True, False]
    assert groups[2, 0] and not groups[3, 0] and groups[3, 3]
