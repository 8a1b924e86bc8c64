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


# The API keys the test stack's Secret Manager holds for the fake providers; a test scans logs for them.
TEST_SECRETS = {"anthropic-api-key": "sk-ant-test-6f1d0c2e", "openai-api-key": "sk-openai-test-93be11a4"}


@pytest.fixture(scope="session")
def fake_ai():
    """Fake Anthropic and OpenAI servers (their real wire formats, driven through the real SDKs)."""
    from tests.fakes.ai_servers import start_fake_anthropic, start_fake_openai

    anthropic = start_fake_anthropic(0, api_key=TEST_SECRETS["anthropic-api-key"])
    openai = start_fake_openai(0, api_key=TEST_SECRETS["openai-api-key"])
    yield {"anthropic": anthropic, "openai": openai}
    anthropic.stop()
    openai.stop()


@pytest.fixture(scope="session")
def stack(fake_ai):
    import json

    from shared.localstack.stack import LocalStack

    layout = Layout(base_port=int(os.environ.get("COPYTHAT_TEST_PORT_BASE", 8800)),
                    state_dir=REPO_ROOT / ".stack", project="demo-copythat-test",
                    bucket="demo-copythat-test-uploads")
    ai_config = {"anthropic_base_url": fake_ai["anthropic"].base_url, "openai_base_url": fake_ai["openai"].base_url,
                 "request_timeout_s": 5, "job_deadline_s": 20, "backoff_base_s": 0.05, "backoff_max_s": 0.5}
    # Short leases and staleness so fault tests can watch the sweeper recover a job in seconds; the
    # tests call the sweeper themselves (no background scheduler: nothing moves behind their back).
    env = {"COPYTHAT_AI_CONFIG": json.dumps(ai_config), "COPYTHAT_LEASE_S": "6", "COPYTHAT_STALE_AFTER_S": "3"}
    s = LocalStack(layout, quiet=False, extra_function_env=env, with_scheduler=False)
    with s:
        for name, value in TEST_SECRETS.items():
            s.put_secret(name, value)
        yield s


@pytest.fixture(scope="session")
def google_env(stack):
    """The test process talks to the stack through the official clients."""
    return stack.layout.client_env()
