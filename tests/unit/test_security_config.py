"""The relaxed local modes come only from configuration and cannot be switched on in production."""
from __future__ import annotations

import pytest

from shared import bootstrap
from shared.config import ConfigError, settings


@pytest.fixture
def env(monkeypatch):
    for name in ("COPYTHAT_ENV", "K_SERVICE", "FIREBASE_AUTH_EMULATOR_HOST", "COPYTHAT_SECRET_MANAGER_ENDPOINT",
                 "COPYTHAT_TASKS_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "demo-prod")
    settings.cache_clear()
    yield monkeypatch
    settings.cache_clear()


def test_local_mode_is_refused_on_cloud_functions(env):
    env.setenv("COPYTHAT_ENV", "local")
    env.setenv("K_SERVICE", "extract")
    with pytest.raises(ConfigError):
        settings()


def test_production_refuses_an_auth_emulator(env):
    env.setenv("FIREBASE_AUTH_EMULATOR_HOST", "127.0.0.1:9099")
    with pytest.raises(ConfigError):
        settings()


def test_production_is_the_default_and_ignores_local_endpoints(env):
    env.setenv("COPYTHAT_SECRET_MANAGER_ENDPOINT", "127.0.0.1:1")
    env.setenv("COPYTHAT_TASKS_ENDPOINT", "127.0.0.1:2")
    s = settings()
    assert s.env == "production" and not s.local
    assert s.secret_manager_endpoint is None and s.tasks_endpoint is None
    assert bootstrap.Container(s).task_auth._relaxed is False
    assert (s.rate_upload_per_min, s.rate_upload_per_hour, s.rate_export_per_min) == (10, 100, 60)
    assert (s.rate_library_per_min, s.rate_usage_per_min) == (60, 60)


def test_rate_limits_are_configurable(env):
    env.setenv("COPYTHAT_RATE_UPLOAD_PER_MIN", "3")
    env.setenv("COPYTHAT_RATE_EXPORT_PER_MIN", "0")
    env.setenv("COPYTHAT_RATE_LIBRARY_PER_MIN", "7")
    env.setenv("COPYTHAT_RATE_USAGE_PER_MIN", "0")
    s = settings()
    assert s.rate_upload_per_min == 3 and s.rate_export_per_min == 0
    assert s.rate_library_per_min == 7 and s.rate_usage_per_min == 0


@pytest.mark.parametrize("value", ["LOCAL", "dev", "local "])
def test_unknown_environments_are_refused(env, value):
    env.setenv("COPYTHAT_ENV", value)
    with pytest.raises(ConfigError):
        settings()
