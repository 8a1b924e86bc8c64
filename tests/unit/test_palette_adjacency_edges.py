"""Adjacency of a label image at its smallest cases (shared/extraction/palette/adjacency.py): a single
boundary pair is counted (touch and contact, with its sRGB step), pairs two pixels apart touch but are
not contacts, and a boundary along either axis marks both of its pixels as edge pixels."""
from __future__ import annotations

import numpy as np

from shared.extraction.palette.adjacency import adjacency


def test_one_boundary_pair_is_one_contact_with_its_step():
    for shape in ((1, 2), (2, 1)):
        labels = np.array([0, 1], dtype=np.int32).reshape(shape)
        rgb = np.array([(0, 0, 0), (3, 4, 12)], dtype=np.uint8).reshape(*shape, 3)
        adj = adjacency(labels, rgb, 3)
        one = [[0, 1, 0], [1, 0, 0], [0, 0, 0]]
        assert adj.touch.tolist() == one and adj.contacts.tolist() == one, shape
        # The step is sqrt(9 + 16 + 144) = 13.
        assert adj.step_sum.tolist() == [[0.0, 13.0, 0.0], [13.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
        assert adj.edge_pixels.tolist() == [1, 1, 0]


def test_pixels_two_apart_touch_without_contact():
    for shape in ((1, 3), (3, 1)):
        labels = np.array([0, 1, 2], dtype=np.int32).reshape(shape)
        rgb = np.zeros((*shape, 3), dtype=np.uint8)
        adj = adjacency(labels, rgb, 3)
        assert adj.touch.tolist() == [[0, 1, 1], [1, 0, 1], [1, 1, 0]], shape
        assert adj.contacts.tolist() == [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
        assert adj.edge_pixels.tolist() == [1, 1, 1]


def test_one_label_has_no_adjacency():
    adj = adjacency(np.zeros((3, 4), dtype=np.int32), np.zeros((3, 4, 3), dtype=np.uint8), 2)
    assert not adj.touch.any() and not adj.contacts.any() and not adj.step_sum.any()
    assert adj.edge_pixels.tolist() == [0, 0]
