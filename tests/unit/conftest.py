"""Fixtures of the AI tests: the fake Anthropic/OpenAI servers (once per module, reset per test), a
flat UI image and its pixel palette."""
from __future__ import annotations

import pytest

from shared.extraction.pixels import extract_palette
from tests.fakes.ai_servers import fake_pair, sample_ui_image
from tests.unit.ai_helpers import A_KEY, O_KEY


@pytest.fixture(scope="module")
def fakes():
    yield from fake_pair(A_KEY, O_KEY)


@pytest.fixture
def anth(fakes):
    a, _ = fakes
    a.reset()
    return a


@pytest.fixture
def oai(fakes):
    _, o = fakes
    o.reset()
    return o


@pytest.fixture
def image():
    return sample_ui_image()


@pytest.fixture
def palette(image):
    return extract_palette(image, 12)
