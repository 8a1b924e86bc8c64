"""API keys never leak: provoke every failure mode and look for the key everywhere."""
from __future__ import annotations

import logging

import pytest

from shared.extraction.ai import (AiConfig, AiDeps, AiUnavailable, BudgetExceeded, DictSecretStore,
                                  ExtractionRequest, FixedBudgetLedger, InMemoryCostSink,
                                  InMemoryExtractionCache, run_extraction)
from shared.extraction.pixels import extract_palette
from tests.fakes.ai_servers import fake_pair, MODES, sample_ui_image

A_KEY = "sk-ant-SECRET-5f3c9e1d7a"
O_KEY = "sk-proj-SECRET-8b2e4f6a0c"
BAD = "sk-ant-WRONG-SECRET-42"


@pytest.fixture(scope="module")
def fakes():
    yield from fake_pair(A_KEY, O_KEY)


def _deps(a, o, secrets, **cfg):
    sink = InMemoryCostSink()
    conf = dict(anthropic_base_url=a.base_url, openai_base_url=o.base_url, backoff_jitter=0, backoff_base_s=0.0,
                request_timeout_s=0.2, job_deadline_s=10, max_transient_retries=1)
    conf.update(cfg)
    return AiDeps(secrets=DictSecretStore(secrets), cache=InMemoryExtractionCache(), costs=sink, budget=sink,
                  config=AiConfig(**conf), sleep=lambda s: None)


def test_no_key_in_outcome_notes_errors_or_logs(fakes, caplog):
    a, o = fakes
    caplog.set_level(logging.DEBUG)  # every logger, SDKs and httpx included
    for name in ("anthropic", "openai", "httpx2", "httpx", "httpcore", "shared"):
        caplog.set_level(logging.DEBUG, logger=name)
    img = sample_ui_image(128, 80)  # small: SDK debug logs carry the base64 image
    pal = extract_palette(img, 8)
    texts: list[str] = []
    keys = {"anthropic-api-key": A_KEY, "openai-api-key": O_KEY}
    scenarios = [(m, keys) for m in MODES] + [("valid", {"anthropic-api-key": BAD, "openai-api-key": BAD})]
    for i, (mode, secrets) in enumerate(scenarios):
        a.set_mode(mode, hang_s=2)
        o.set_mode(mode, hang_s=2)
        for strategy in ("quality", "cost"):
            for require_ai in (False, True):
                r = ExtractionRequest(uid="u", project_id="p", job_id=f"j{i}-{strategy}-{require_ai}",
                                      strategy=strategy, require_ai=require_ai)
                try:
                    out = run_extraction(img, pal, r, _deps(a, o, secrets))
                    texts.append(out.model_dump_json())
                    texts.extend(out.notes)
                except (AiUnavailable, BudgetExceeded) as exc:
                    texts += [str(exc), repr(exc), str(exc.to_dict())]
    # budget error path too
    try:
        run_extraction(img, pal, ExtractionRequest(uid="u", project_id="p", job_id="b", strategy="quality",
                                                   require_ai=True),
                       AiDeps(secrets=DictSecretStore(keys), cache=InMemoryExtractionCache(), costs=InMemoryCostSink(),
                              budget=FixedBudgetLedger(today=99), config=AiConfig()))
    except BudgetExceeded as exc:
        texts += [str(exc), str(exc.to_dict())]
    blob = "\n".join(texts) + "\n" + caplog.text + "\n" + "\n".join(str(r.__dict__) for r in caplog.records)
    assert len(texts) > 40
    assert "HTTP Request" in caplog.text or "Request options" in caplog.text  # SDK debug logs were captured
    for secret in (A_KEY, O_KEY, BAD, "SECRET"):
        assert secret not in blob
    a.set_mode("valid")
    o.set_mode("valid")
