"""The relaxed local modes come only from configuration and cannot be switched on in production."""
from __future__ import annotations

import pytest

from shared import bootstrap
from shared.config import ConfigError, settings


EMULATOR_VARS = ("FIRESTORE_EMULATOR_HOST", "STORAGE_EMULATOR_HOST", "PUBSUB_EMULATOR_HOST")


@pytest.fixture
def env(monkeypatch):
    for name in ("COPYTHAT_ENV", "K_SERVICE", "FIREBASE_AUTH_EMULATOR_HOST", "COPYTHAT_SECRET_MANAGER_ENDPOINT",
                 "COPYTHAT_TASKS_ENDPOINT") + EMULATOR_VARS:
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


# --- Strict parsing (issue 17 item 14): one model, a bad value refused at start with its variable's name,
# security settings fail closed.

@pytest.mark.parametrize("value", ["1", "yes", "on", "TRUE", "True", "true"])
def test_every_spelling_of_yes_keeps_revocation_checks_on(env, value):
    env.setenv("COPYTHAT_CHECK_REVOKED", value)
    assert settings().check_revoked is True


@pytest.mark.parametrize("value", ["0", "no", "off", "false"])
def test_revocation_checks_are_off_only_when_said_so(env, value):
    env.setenv("COPYTHAT_CHECK_REVOKED", value)
    assert settings().check_revoked is False


@pytest.mark.parametrize("value", ["maybe", "ture", "2", "enabled"])
def test_an_unreadable_security_switch_is_refused_not_read_as_off(env, value):
    env.setenv("COPYTHAT_CHECK_REVOKED", value)
    with pytest.raises(ConfigError, match="COPYTHAT_CHECK_REVOKED"):
        settings()


@pytest.mark.parametrize(("name", "value"), [
    ("COPYTHAT_MAX_PIXELS", "ten"), ("COPYTHAT_MAX_UPLOAD_BYTES", "2.5"), ("COPYTHAT_RATE_UPLOAD_PER_MIN", "-1"),
    ("COPYTHAT_LEASE_S", "0"), ("COPYTHAT_DAILY_SPEND_ALERT_USD", "lots"), ("COPYTHAT_MAX_REDRIVES", "3x"),
])
def test_a_bad_number_is_refused_with_its_variable_name(env, name, value):
    env.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        settings()


def test_numbers_at_their_edges(env):
    env.setenv("COPYTHAT_RATE_UPLOAD_PER_MIN", "0")  # 0 = off is allowed for rate limits
    env.setenv("COPYTHAT_LEASE_S", "1")
    env.setenv("COPYTHAT_DAILY_SPEND_ALERT_USD", "off")
    s = settings()
    assert (s.rate_upload_per_min, s.lease_s, s.daily_spend_alert_usd) == (0, 1, None)


def test_an_unreadable_ai_config_names_its_variable(env):
    env.setenv("COPYTHAT_AI_CONFIG", "{not json")
    from shared.extraction.ai import AiConfig

    with pytest.raises(ConfigError, match="COPYTHAT_AI_CONFIG"):
        bootstrap.ai_config_from_env(AiConfig, local=False)


# --- Emulators are never reachable from Cloud Functions (issue 17 item 8) ---------------------------

@pytest.mark.parametrize("name", EMULATOR_VARS + ("FIREBASE_AUTH_EMULATOR_HOST", "COPYTHAT_SECRET_MANAGER_ENDPOINT",
                                                  "COPYTHAT_TASKS_ENDPOINT"))
def test_emulator_endpoints_are_refused_on_cloud_functions(env, name):
    """The Google clients obey *_EMULATOR_HOST by themselves (no credentials, plain HTTP): on Cloud Functions
    one stray variable would send every read and write to another host."""
    env.setenv("K_SERVICE", "upload")
    env.setenv(name, "127.0.0.1:8080")
    with pytest.raises(ConfigError, match=name):
        settings()


@pytest.mark.parametrize("name", EMULATOR_VARS)
def test_emulator_endpoints_are_refused_in_production_mode(env, name):
    env.setenv(name, "127.0.0.1:8080")
    with pytest.raises(ConfigError, match=name):
        settings()


def test_emulators_are_allowed_on_the_local_stack(env):
    env.setenv("COPYTHAT_ENV", "local")
    for name in EMULATOR_VARS:
        env.setenv(name, "127.0.0.1:8080")
    env.setenv("COPYTHAT_TASKS_ENDPOINT", "127.0.0.1:2")
    s = settings()
    assert s.local and s.tasks_endpoint == "127.0.0.1:2"


def test_cloud_functions_without_emulators_start(env):
    env.setenv("K_SERVICE", "upload")
    assert settings().env == "production"


@pytest.mark.parametrize(("value", "ok"), [
    ("(default)", True), ("copythat-ratelimits", True),
    ("abcd", True), ("abc", False),  # Firestore's database ids: 4 to 63 characters
    ("a" * 63, True), ("a" * 64, False),
    ("Rate-limits", False), ("1limits", False), ("limits-", False), ("rate_limits", False),
])
def test_the_rate_limit_database_is_a_firestore_database_id(env, value, ok):
    """A name Firestore would refuse fails at start with its variable, not at the first request."""
    env.setenv("COPYTHAT_RATE_LIMIT_DATABASE", value)
    if ok:
        assert settings().rate_limit_database == value
    else:
        with pytest.raises(ConfigError, match="COPYTHAT_RATE_LIMIT_DATABASE"):
            settings()
