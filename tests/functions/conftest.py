from __future__ import annotations

from pathlib import Path

import pytest
from functions_framework import create_app

from shared import bootstrap
from tests.fakes.memory import FakeContainer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake() -> FakeContainer:
    c = FakeContainer()
    bootstrap.override(c)
    yield c
    bootstrap.override(None)


@pytest.fixture
def client_for():
    def _make(name: str):
        app = create_app(name, str(ROOT / "functions" / name / "main.py"))
        return app.test_client()

    return _make
