"""Lines → styles (typography/styles.py) and the body role (roles.py)."""
import numpy as np
import pytest

from shared.extraction.typography.lines import TextLine
from shared.extraction.typography.roles import StyleFacts, assign_roles
from shared.extraction.typography.styles import SIZE_BANDWIDTH, cluster_lines, merge_weak, size_basins


def _line(size: float, glyphs: int = 20, weight: int = 400, y: int = 0) -> TextLine:
    ln = TextLine(0, y, 10 * glyphs, y + 12, glyphs=glyphs, x_height=6.0, ascent=9.0)
    ln.size, ln.weight = size, weight
    return ln


def test_sizes_a_few_percent_apart_are_one_size():
    labels = size_basins([15.0, 15.4, 14.6, 15.2], [10, 10, 10, 10])
    assert len(set(labels)) == 1


def test_sizes_seven_percent_apart_stay_apart():
    labels = size_basins([14.0, 14.0, 15.0, 15.0], [10, 10, 10, 10])
    assert labels[0] == labels[1] != labels[2] == labels[3]


@pytest.mark.parametrize("apart,sizes", [(1.045, 1), (1.06, 2)])
def test_sizes_six_percent_apart_are_two_sizes(apart, sizes):
    # The size match is within 6 %: a page's 16 and 17 px are two sizes; 4.5 % apart is one line's noise.
    labels = size_basins([16.0, 16.0, 16.0 * apart, 16.0 * apart], [10, 10, 10, 10])
    assert len(set(labels)) == sizes


def test_basins_split_just_beyond_two_bandwidths():
    # two equal peaks merge into one mode below 2σ apart and part above it
    d = 2 * SIZE_BANDWIDTH
    near = size_basins([10.0, 10.0 * np.exp(0.9 * d)], [1, 1])
    far = size_basins([10.0, 10.0 * np.exp(1.2 * d)], [1, 1])
    assert len(set(near)) == 1 and len(set(far)) == 2


def test_a_light_label_close_to_the_body_joins_its_size():
    lines = [_line(16.0, 60, y=10 * i) for i in range(5)] + [_line(16.6, 3, weight=700, y=100)]
    clusters = cluster_lines(lines)
    assert {round(c.size, 2) for c in clusters} == {16.0}  # one size, two styles (400 and 700)
    assert len(clusters) == 2


def _facts(size, glyphs, share, multiline=True):
    return StyleFacts(size=size, weight=400, family_class="sans-serif", share=share, lines=4,
                      multiline=multiline, mean_len=30, uppercase=False, tracking=0.0, top=0.5, glyphs=glyphs)


def test_body_is_the_reading_size_with_the_most_glyphs_not_the_most_area():
    roles = assign_roles([_facts(22.0, 120, 0.6), _facts(14.0, 400, 0.3)])
    assert roles[1] == "body"


def _merged(extra_sizes, extra_glyphs=8):
    sizes = [16.0] * 5 + list(extra_sizes)
    weights = [20.0] * 5 + [extra_glyphs] * len(extra_sizes)
    basins = np.array([0] * 5 + [1] * len(extra_sizes))
    return merge_weak(basins, sizes, weights)


def test_one_short_label_within_eight_percent_of_a_strong_size_joins_it():
    assert set(_merged([16.0 * 1.079])) == {0}


def test_a_short_label_beyond_eight_percent_keeps_its_own_size():
    assert set(_merged([16.0 * 1.081])) == {0, 1}


def test_three_labels_or_a_long_line_at_a_close_size_are_a_size_of_their_own():
    assert set(_merged([17.0, 17.0, 17.0])) == {0, 1}
    assert set(_merged([17.0], extra_glyphs=25)) == {0, 1}
