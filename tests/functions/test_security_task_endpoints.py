"""The task/scheduler endpoints (extract, enrich, cost_rollup, sweeper) with production verification: real
RS256 OIDC tokens minted against a local key set, through the functions-framework app.

On the local stack these endpoints run in the explicit relaxed mode, so their authorization matrix
is proven here, with a production-configured container."""
from __future__ import annotations

import pytest

from shared import bootstrap
from shared.adapters.task_auth import OidcTaskAuth
from tests.fakes.memory import FakeContainer
from tests.fakes.memory import test_settings as make_settings
from tests.functions.test_http_functions import assert_error
from tests.unit.test_security_task_auth import AUDIENCE, TASKS_SA, CertsTransport, KeySet, token_cases

ENRICH_AUD = "https://enrich.example.run.app"
ROLLUP_AUD = "https://cost-rollup.example.run.app"
SWEEPER_AUD = "https://sweeper.example.run.app"
SCHEDULER_SA = "scheduler@demo-prod.iam.gserviceaccount.com"
PROD = dict(env="production", tasks_service_account=TASKS_SA, scheduler_service_account=SCHEDULER_SA,
            task_audience_extract=AUDIENCE, task_audience_enrich=ENRICH_AUD, task_audience_rollup=ROLLUP_AUD,
            task_audience_sweeper=SWEEPER_AUD)
ENDPOINTS = {"extract": (AUDIENCE, TASKS_SA, {"jobId": "missing-job"}),
             "enrich": (ENRICH_AUD, TASKS_SA, {"jobId": "missing-job"}),
             "cost_rollup": (ROLLUP_AUD, SCHEDULER_SA, {}),
             "sweeper": (SWEEPER_AUD, SCHEDULER_SA, {})}
CLOUD_TASKS_HEADERS = {"X-CloudTasks-QueueName": "extract", "X-CloudTasks-TaskName": "t-1",
                       "X-CloudTasks-TaskRetryCount": "0", "X-CloudTasks-TaskExecutionCount": "0",
                       "X-CloudScheduler": "true", "X-Forwarded-For": "127.0.0.1", "User-Agent": "Google-Cloud-Tasks"}


@pytest.fixture(scope="module")
def keys():
    return KeySet("k1", "k2"), KeySet("k1", "k9")


@pytest.fixture
def prod_fake(keys):
    c = FakeContainer(settings=make_settings(**PROD),
                      task_auth=OidcTaskAuth(relaxed=False, request=CertsTransport(keys[0])))
    bootstrap.override(c)
    yield c
    bootstrap.override(None)


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_task_endpoint_token_matrix(prod_fake, client_for, keys, endpoint):
    google, stranger = keys
    aud, sa, body = ENDPOINTS[endpoint]
    client = client_for(endpoint)
    matrix = {}
    for case, (header, status, code) in token_cases(google, stranger, aud, sa).items():
        headers = {**CLOUD_TASKS_HEADERS, **({"Authorization": header} if header else {})}
        resp = client.post("/", json=body, headers=headers)
        matrix[case] = resp.status_code
        if status == 200:
            assert resp.status_code == 200, (case, resp.data)
        else:
            assert_error(resp, status, code)
    # The other endpoints' tokens are refused too: each endpoint has its own audience and caller.
    for other, (o_aud, o_sa, _) in ENDPOINTS.items():
        if other == endpoint:
            continue
        resp = client.post("/", json=body, headers={"Authorization": f"Bearer {google.mint('k1', aud=o_aud, email=o_sa)}"})
        matrix[f"token for {other}"] = resp.status_code
        assert resp.status_code in (401, 403), (other, resp.data)
    print(f"\n[task-auth matrix] {endpoint}: " + ", ".join(f"{k}={v}" for k, v in matrix.items()))


def test_production_container_refuses_task_calls_without_a_token_whatever_the_headers(client_for):
    """The real composition root, production settings: Cloud Tasks/Scheduler headers are not credentials."""
    real = bootstrap.Container(make_settings(**PROD))
    assert real.task_auth._relaxed is False
    bootstrap.override(real)
    try:
        for endpoint, (_, _, body) in ENDPOINTS.items():
            resp = client_for(endpoint).post("/", json=body, headers=CLOUD_TASKS_HEADERS)
            assert_error(resp, 401, "missing_token")
            assert resp.headers["WWW-Authenticate"].startswith("Bearer")
            resp = client_for(endpoint).post("/", json=body, headers={**CLOUD_TASKS_HEADERS,
                                                                     "Authorization": "Bearer local-stack"})
            assert_error(resp, 401, "invalid_token")  # refused before any certificate fetch
    finally:
        bootstrap.override(None)


@pytest.mark.parametrize("endpoint", ["extract", "enrich"])
def test_a_bad_token_is_refused_before_a_bad_payload_is_acknowledged(prod_fake, client_for, keys, endpoint):
    """Unreadable payloads are answered 200 (so Cloud Tasks drops them) only for the real caller."""
    google, stranger = keys
    aud, sa, _ = ENDPOINTS[endpoint]
    client = client_for(endpoint)
    for header, status, code in [(None, 401, "missing_token"),
                                 (f"Bearer {stranger.mint('k1', aud=aud, email=sa)}", 401, "invalid_token")]:
        assert_error(client.post("/", data="nope", headers={"Content-Type": "application/json",
                                                            **({"Authorization": header} if header else {})}),
                     status, code)
    ok = client.post("/", data="nope", headers={"Content-Type": "application/json",
                                                "Authorization": f"Bearer {google.mint('k1', aud=aud, email=sa)}"})
    assert ok.status_code == 200 and ok.get_json()["outcome"] == "dropped-invalid-payload"
