"""Shared pieces of the AI tests: the keys the fakes expect, a fixed clock, deps against the fakes,
and the fixtures (tests/unit/conftest.py) that start the fake providers once per module."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from shared.extraction.ai import (AiConfig, AiDeps, DictSecretStore, ExtractionRequest, FixedBudgetLedger,
                                  InMemoryCostSink, InMemoryExtractionCache)

A_KEY = "sk-ant-test-KEY-aaaa1111"
O_KEY = "sk-proj-test-KEY-bbbb2222"


class FixedClock:
    def now(self) -> datetime:
        return datetime(2026, 11, 25, 21, 0, tzinfo=timezone.utc)


class Sleeps(list):
    def __call__(self, s: float) -> None:
        self.append(s)


def make_deps(anth, oai, *, secrets=None, budget=None, cache=None, **cfg):
    # job_deadline_s: far above any path's need; one fake attempt took 16 s at load 30 (the first SDK
    # import), and a 20 s deadline cut a fallback chain short. Tests of the deadline set their own.
    defaults = dict(anthropic_base_url=anth.base_url, openai_base_url=oai.base_url, backoff_jitter=0.0,
                    backoff_base_s=0.01, request_timeout_s=2.0, job_deadline_s=60.0, max_transient_retries=1)
    defaults.update(cfg)
    sink = InMemoryCostSink()
    return AiDeps(
        secrets=DictSecretStore({"anthropic-api-key": A_KEY, "openai-api-key": O_KEY} if secrets is None else secrets),
        cache=cache if cache is not None else InMemoryExtractionCache(), costs=sink,
        budget=budget if budget is not None else FixedBudgetLedger(), clock=FixedClock(),
        config=AiConfig(**defaults), sleep=Sleeps())


def req(job="job1", strategy="quality", **kw):
    return ExtractionRequest(uid="u1", project_id="p1", job_id=job, strategy=strategy, **kw)


def request_text(r) -> str:
    return json.dumps(r.body)
