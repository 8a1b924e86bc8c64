"""SecretManagerStore's answers when Secret Manager does not answer: a missing secret is "not
configured", an outage is not (stale value if one is known, else a retryable error)."""
from __future__ import annotations

import json
import logging

import pytest
from google.api_core import exceptions as gexc

from shared.adapters.secret_manager import SecretManagerStore
from shared.domain.errors import AppError
from shared.logs import JsonFormatter

KEY = "sk-ant-SECRET-rotating-1"


class _Payload:
    def __init__(self, value: str) -> None:
        self.payload = type("P", (), {"data": value.encode()})()


class _Client:
    """access_secret_version answers from a queue: a str is a value, an exception is raised."""

    def __init__(self, *answers) -> None:
        self.answers = list(answers)

    def access_secret_version(self, name: str):
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return _Payload(answer)


def test_a_failed_refresh_serves_the_cached_value_and_logs_no_secret(caplog):
    caplog.set_level(logging.WARNING, logger="copythat.secrets")
    store = SecretManagerStore(_Client(KEY, gexc.ServiceUnavailable("down"), gexc.PermissionDenied("iam"), "sk-new"),
                               "p", ttl_s=0)
    assert store.get("anthropic-api-key") == KEY
    assert store.get("anthropic-api-key") == KEY  # transient outage
    assert store.get("anthropic-api-key") == KEY  # any other failure to refresh
    assert store.get("anthropic-api-key") == "sk-new"  # the next refresh that works wins
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    assert [x["error"] for x in lines] == ["ServiceUnavailable", "PermissionDenied"]
    assert all(x["secret"] == "anthropic-api-key" for x in lines) and KEY not in json.dumps(lines)


def test_without_a_cached_value_an_outage_is_retryable_and_a_missing_secret_is_none():
    store = SecretManagerStore(_Client(gexc.ServiceUnavailable("down"), gexc.NotFound("no such secret")), "p")
    with pytest.raises(AppError) as ei:
        store.get("openai-api-key")
    assert ei.value.retryable and ei.value.code == "backend_unavailable"
    assert store.get("openai-api-key") is None


def test_a_deleted_secret_stops_being_served():
    store = SecretManagerStore(_Client(KEY, gexc.NotFound("deleted")), "p", ttl_s=0)
    assert store.get("anthropic-api-key") == KEY
    assert store.get("anthropic-api-key") is None
