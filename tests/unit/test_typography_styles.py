"""Lines → styles (typography/styles.py) and the body role (roles.py)."""
import numpy as np
import pytest

from shared.extraction.typography.lines import TextLine
from shared.extraction.typography.roles import StyleFacts, assign_roles
from shared.extraction.typography.classify import weight_of
from shared.extraction.typography.styles import SIZE_BANDWIDTH, cluster_lines, merge_weak, size_basins, weight_interval


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


# ---- weight classes within a size: one style when the stroke evidence cannot tell them apart

_CLASSES = (100, 200, 300, 400, 500, 600, 700, 800, 900)


def _learned(p: dict, glyphs: int, size: float = 24.0, y: int = 0, caps: bool = False) -> TextLine:
    """A line whose learned weight estimate is `p` (class → probability; the rest share 1e-4 each)."""
    v = np.full(9, 1e-4)
    for w, x in p.items():
        v[_CLASSES.index(w)] = x
    ln = TextLine(0, y, 10 * glyphs, y + 12, glyphs=glyphs, x_height=None if caps else 6.0, ascent=9.0)
    ln.size, ln.fn_weight = size, np.log(v / v.sum())
    ln.fn_family = np.log(np.array([0.97, 0.01, 0.01, 0.01]))
    return ln


def _body(size: float = 16.0) -> list:
    """A paragraph: the size of the most glyphs, so the page's body."""
    return [_learned({400: 0.98, 500: 0.02}, 60, size=size, y=400 + 20 * i) for i in range(4)]


def _weights(clusters, size: float = 24.0) -> list:
    return sorted(weight_of(c.lines) for c in clusters if abs(c.size - size) < 0.5)


@pytest.mark.parametrize(("p", "interval"), [
    ({400: 0.29, 500: 0.71}, (500, 500)),  # 29 % below: inside the 30 % tail
    ({400: 0.31, 500: 0.69}, (400, 500)),  # 31 % below: 400 is allowed
    ({500: 0.71, 600: 0.29}, (500, 500)),
    ({500: 0.69, 600: 0.31}, (500, 600)),
])
def test_weight_interval_is_the_central_forty_percent(p, interval):
    assert weight_interval([_learned(p, 12)]) == interval


def test_weight_interval_widens_with_fewer_stems():
    # The same estimate from a 3-glyph word and from a 12-glyph line: the word allows more classes.
    p = {500: 0.75, 600: 0.2, 700: 0.05}
    assert weight_interval([_learned(p, 12)]) == (500, 500)
    assert weight_interval([_learned(p, 3)]) == (500, 600)


def _headings(pro_glyphs: int, size: float = 24.0) -> list:
    """"Hobby", "Enterprise" and "Pro": one heading style, each word's weight read loosely."""
    return [_learned({500: 0.3, 600: 0.4, 700: 0.3}, 5, size=size, y=0),
            _learned({500: 0.3, 600: 0.4, 700: 0.3}, 5, size=size, y=40),
            _learned({500: 0.75, 600: 0.2, 700: 0.05}, pro_glyphs, size=size, y=80)]


def test_a_short_heading_read_one_class_lighter_joins_its_style():
    clusters = cluster_lines(_body() + _headings(3))  # "Pro": three glyphs
    assert len(_weights(clusters)) == 1
    assert sum(len(c.lines) for c in clusters if abs(c.size - 24.0) < 0.5) == 3


def test_the_same_reading_from_a_long_line_stays_its_own_style():
    clusters = cluster_lines(_body() + _headings(12))  # 12 glyphs of 500: its interval is 500 alone
    assert _weights(clusters) == [500, 600]


def test_at_the_body_size_loose_weights_stay_apart():
    # The same three words at the body's size: labels and buttons there carry weights of their own.
    clusters = cluster_lines(_body(24.0) + _headings(3))
    assert _weights(clusters) == [400, 500, 600]


def test_a_well_measured_group_keeps_a_loose_one_class_neighbour_apart():
    # A 400 group that excludes 500 beside a loose 500 that allows 400: one-sided, so two styles.
    sub = [_learned({400: 0.98, 500: 0.02}, 30, y=20 * i) for i in range(2)]
    label = _learned({400: 0.3, 500: 0.4, 600: 0.3}, 6, y=200)
    assert _weights(cluster_lines(_body() + sub + [label])) == [400, 500]


def test_two_classes_apart_never_merge_however_loose():
    # Each allows the other's class (400–600), but 400 and 600 are two classes apart: a text and its bold.
    regular = _learned({400: 0.36, 500: 0.30, 600: 0.34}, 12, y=0)
    bold = _learned({400: 0.34, 500: 0.30, 600: 0.36}, 12, y=40)
    assert weight_interval([regular]) == (400, 600) and weight_interval([bold]) == (400, 600)
    assert _weights(cluster_lines(_body() + [regular, bold])) == [400, 600]


def test_all_capitals_and_mixed_case_of_one_size_and_weight_are_one_style():
    price = _learned({700: 0.95, 600: 0.05}, 3, size=36.0, y=0, caps=True)  # "$29": no x-height band
    title = _learned({700: 0.95, 600: 0.05}, 24, size=36.0, y=60)
    assert len(cluster_lines([price, title])) == 1
