"""Test session set-up: the local stack is started once, only when a collected test needs it
(marker `stack`), on its own ports (base 8800, or COPYTHAT_TEST_PORT_BASE) so a demo stack can
run beside it, and stopped at the end whatever happened."""
from __future__ import annotations

import os

import pytest

from shared.localstack.layout import REPO_ROOT, Layout


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = str(item.fspath)
        if "/tests/integration/" in path or "/tests/e2e/" in path:
            item.add_marker(pytest.mark.stack)


@pytest.fixture(scope="session")
def stack():
    from shared.localstack.stack import LocalStack

    layout = Layout(base_port=int(os.environ.get("COPYTHAT_TEST_PORT_BASE", 8800)),
                    state_dir=REPO_ROOT / ".stack", project="demo-copythat-test",
                    bucket="demo-copythat-test-uploads")
    s = LocalStack(layout, quiet=False)
    with s:
        yield s


@pytest.fixture(scope="session")
def google_env(stack):
    """The test process talks to the stack through the official clients."""
    return stack.layout.client_env()
