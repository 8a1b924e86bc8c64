"""The extract step with the AI labelling wired in: real SDKs against the fake provider servers,
in-memory ports for our own storage."""
from __future__ import annotations

import pytest

from shared.domain.errors import Unavailable
from shared.domain.models import JobStatus
from shared.extraction.ai import AiConfig, AiDeps, run_extraction
from shared.extraction.ai.ports import FixedBudgetLedger, InMemoryExtractionCache
from shared.services import extract as extract_svc
from tests.fakes.ai_servers import start_fake_anthropic
from tests.fakes.memory import FakeContainer, MemorySecrets, fail_next_update
from tests.unit.test_pipeline_services import deps, finalize, signed_upload
from tests.support import ui_png


@pytest.fixture
def anthropic():
    fake = start_fake_anthropic(0, api_key="sk-test-anthropic")
    yield fake
    fake.stop()


def _container_with_ai(fake, budget: FixedBudgetLedger | None = None) -> FakeContainer:
    c = FakeContainer(secrets=MemorySecrets({"anthropic-api-key": "sk-test-anthropic"}))
    cfg = AiConfig(anthropic_base_url=fake.base_url, openai_base_url="http://127.0.0.1:9/v1", job_deadline_s=20,
                   backoff_base_s=0.01, backoff_max_s=0.05)
    ai_deps = AiDeps(secrets=c.secrets, cache=InMemoryExtractionCache(), costs=c.costs,
                     budget=budget or FixedBudgetLedger(), clock=c.clock, config=cfg)
    c.ai = lambda image, palette, req, typography=None, layout=None: run_extraction(image, palette, req, ai_deps,
                                                                                   typography, layout)
    return c


def _extract(c: FakeContainer, job_id: str) -> str:
    _, _, ext, _ = deps(c)
    return extract_svc.extract(extract_svc.ExtractDeps(**{**ext.__dict__, "ai": c.ai}), job_id)


def test_ai_labels_the_pixel_colors_and_records_its_call_not_a_pixel_run(anthropic):
    c = _container_with_ai(anthropic)
    ticket = signed_upload(c)
    finalize(c, c.jobs.get(ticket["jobId"]).source.object, ui_png())
    c.queue.take("extract")
    assert _extract(c, ticket["jobId"]) == "extracted"
    job = c.jobs.get(ticket["jobId"])
    assert job.status is JobStatus.ENRICHING and job.provider == "anthropic"
    labelled = [p for p in job.palette if p.source == "anthropic"]
    assert labelled and all(p.name for p in labelled)
    records = list(c.costs.docs.values())
    assert [r.provider for r in records] == ["anthropic"] and records[0].extraction and records[0].usd > 0
    assert job.ai["validationPassed"] is True and len(anthropic.requests) == 1


def test_over_budget_runs_pixels_only_and_says_so(anthropic):
    c = _container_with_ai(anthropic, FixedBudgetLedger(today=100.0))
    ticket = signed_upload(c)
    finalize(c, c.jobs.get(ticket["jobId"]).source.object, ui_png())
    c.queue.take("extract")
    assert _extract(c, ticket["jobId"]) == "extracted"
    job = c.jobs.get(ticket["jobId"])
    assert job.provider == "pixels" and job.ai["budgetLimited"] is True
    assert any("budget" in n for n in job.notes)
    assert [r.provider for r in c.costs.docs.values()] == ["pixels"] and len(anthropic.requests) == 0


def test_pixels_strategy_never_calls_a_provider(anthropic):
    c = _container_with_ai(anthropic)
    from shared.services import upload as upload_svc

    c.own_project("pix")
    req = upload_svc.SignedUploadRequest(projectId="pix", contentType="image/png", size=10,
                                         strategy="pixels")
    ticket = upload_svc.start_signed_upload(deps(c)[0], "alice", req)
    finalize(c, c.jobs.get(ticket["jobId"]).source.object, ui_png())
    c.queue.take("extract")
    _extract(c, ticket["jobId"])
    assert c.jobs.get(ticket["jobId"]).provider == "pixels" and len(anthropic.requests) == 0


def _queued_job(c: FakeContainer, **options) -> str:
    from shared.services import upload as upload_svc

    c.own_project("retry")
    req = upload_svc.SignedUploadRequest(projectId="retry", contentType="image/png", size=10,
                                         strategy="cost", **options)
    ticket = upload_svc.start_signed_upload(deps(c)[0], "alice", req)
    finalize(c, c.jobs.get(ticket["jobId"]).source.object, ui_png())
    c.queue.take("extract")
    return ticket["jobId"]


def test_each_delivery_of_a_failing_job_keeps_the_records_of_its_own_billed_calls(anthropic):
    c = _container_with_ai(anthropic)
    job_id = _queued_job(c, requireAi=True)
    anthropic.set_mode("500")  # every call reaches the provider (and may bill), then fails retryably
    for delivery in (1, 2):
        with pytest.raises(Exception) as err:
            _extract(c, job_id)
        assert err.value.code == "ai_failed" and err.value.retryable
        assert c.jobs.get(job_id).status is JobStatus.QUEUED
        assert len(c.costs.docs) == len(anthropic.requests) == 3 * delivery  # 1 call + 2 retries each
    assert not any(r.extraction for r in c.costs.docs.values())
    anthropic.set_mode("valid")
    assert _extract(c, job_id) == "extracted"
    assert len(c.costs.docs) == 7 and sum(r.extraction for r in c.costs.docs.values()) == 1


def test_a_redelivery_after_a_failed_job_update_does_not_count_a_second_extraction(anthropic):
    c = _container_with_ai(anthropic)
    job_id = _queued_job(c)
    fail_next_update(c.jobs, JobStatus.ENRICHING)
    with pytest.raises(RuntimeError):
        _extract(c, job_id)  # the AI call succeeded and was recorded; the palette was not saved
    c.clock.advance(seconds=c.settings.lease_s + 1)  # whether or not the lease was given back
    assert _extract(c, job_id) == "extracted"  # the redelivery: a cache hit this time
    records = sorted(c.costs.docs.values(), key=lambda r: r.cached)
    assert [(r.provider, r.cached) for r in records] == [("anthropic", False), ("anthropic", True)]
    assert sum(r.extraction for r in records) == 1 and len(anthropic.requests) == 1
    t = c.costs.totals_for_day(records[0].day)
    assert (t["calls"], t["extractions"], t["cacheHits"]) == (2, 1, 1)


def test_a_secret_store_outage_retries_a_require_ai_job_instead_of_failing_it(anthropic):
    c = _container_with_ai(anthropic)
    job_id = _queued_job(c, requireAi=True)
    real = c.secrets.get

    def down(name):
        raise Unavailable("a Google Cloud service is unavailable", code="backend_unavailable")

    c.secrets.get = down
    with pytest.raises(Exception) as err:
        _extract(c, job_id)
    assert err.value.code == "secrets_unavailable" and err.value.retryable
    assert c.jobs.get(job_id).status is JobStatus.QUEUED  # given back for the retry, not failed
    c.secrets.get = real
    assert _extract(c, job_id) == "extracted" and c.jobs.get(job_id).provider == "anthropic"


def test_a_require_ai_job_fails_clearly_where_no_ai_step_is_wired():
    c = FakeContainer()
    job_id = _queued_job(c, requireAi=True)
    assert extract_svc.extract(deps(c)[2], job_id) == "failed-ai_not_configured"
    job = c.jobs.get(job_id)
    assert job.status is JobStatus.FAILED and job.error.code == "ai_not_configured"
    assert not c.costs.docs  # nothing ran, nothing is counted
    c = FakeContainer()
    ok = _queued_job(c)  # without requireAi the same wiring gives the pixel palette
    assert extract_svc.extract(deps(c)[2], ok) == "extracted" and c.jobs.get(ok).provider == "pixels"


def test_whether_someone_else_asked_first_stays_off_what_the_user_can_read(anthropic):
    """Issue 16 #3: the shared cache may answer a second user's job, but nothing that user can read
    (the job document, its notes, their own roll-ups and usage) says so."""
    from shared.services import cost_rollup

    c = _container_with_ai(anthropic)
    first = _queued_job(c)
    assert _extract(c, first) == "extracted"
    from shared.services import upload as upload_svc

    c.own_project("other", uid="bob")
    req = upload_svc.SignedUploadRequest(projectId="other", contentType="image/png", size=10,
                                         strategy="cost")
    ticket = upload_svc.start_signed_upload(deps(c)[0], "bob", req)
    finalize(c, c.jobs.get(ticket["jobId"]).source.object, ui_png(), event_id="ev-bob")
    c.queue.take("extract")
    assert _extract(c, ticket["jobId"]) == "extracted"
    assert len(anthropic.requests) == 1  # bob's job was answered from the cache
    mine, theirs = c.jobs.get(first).doc(), c.jobs.get(ticket["jobId"]).doc()
    assert "cached" not in theirs["ai"] and set(theirs["ai"]) == set(mine["ai"])
    assert theirs["ai"]["usd"] == mine["ai"]["usd"]  # the answer's cost, whoever paid it
    assert not any("cache" in n.lower() for n in theirs.get("notes", []))
    day = next(iter(c.costs.docs.values())).day
    rollups = cost_rollup.RollupDeps(costs=c.costs, clock=c.clock, rollups=c.rollups)
    cost_rollup.rollup_day(rollups, day)
    bob = [r for r in c.rollups.dimension_rollups(day) if r.dimension == "user" and r.value == "bob"]
    assert bob and bob[0].doc().get("cacheHits", 0) == 0 and bob[0].doc().get("savedUsd", 0) == 0
    usage = cost_rollup.usage(cost_rollup.UsageDeps(rollups=c.rollups, clock=c.clock), "bob").doc()
    assert not usage.get("todayCacheHits") and not usage.get("todaySavedUsd")


@pytest.fixture
def text_detector(monkeypatch):
    """Stands in for the typography extractor (shared.extraction.typography, built on its own branch):
    it 'measures' a serif heading, a sans body and monospace code on any image."""
    import sys
    import types

    from tests.fakes.ai_servers import sample_typography

    from shared.domain.layout import LayoutResult

    measured = {"result": sample_typography(3)}
    module = types.ModuleType("shared.extraction.typography")
    module.extract_typography = lambda image, device_pixel_ratio=None: measured["result"]
    module.measure_image = lambda image: None  # the lines, measured once for typography and layout
    module.styles_of = lambda m, device_pixel_ratio=None, started=None: measured["result"]
    monkeypatch.setitem(sys.modules, "shared.extraction.typography", module)
    layout = types.ModuleType("shared.extraction.layout")  # built on the typography: no layout found
    layout.extract_layout = lambda image, text=None, device_pixel_ratio=None: LayoutResult()
    monkeypatch.setitem(sys.modules, "shared.extraction.layout", layout)
    return measured


def test_the_job_gets_the_measured_styles_named_by_the_same_call_that_labels_its_colors(anthropic, text_detector):
    c = _container_with_ai(anthropic)
    job_id = _queued_job(c)  # default token types: color and typography
    assert _extract(c, job_id) == "extracted"
    job = c.jobs.get(job_id)
    assert len(anthropic.requests) == 1 and job.provider == "anthropic"
    assert [s.family for s in job.typography.styles] == ["Georgia", "Inter", "JetBrains Mono"]
    assert [s.font_size for s in job.typography.styles] == [s.font_size for s in text_detector["result"].styles]
    assert any(p.source == "anthropic" for p in job.palette) and job.ai["stylesNamed"] == 3
    assert "cached" not in job.doc()["ai"]


def test_no_text_means_a_note_and_labelled_colors_only(anthropic, text_detector):
    from shared.domain.typography import TypographyResult

    text_detector["result"] = TypographyResult()
    c = _container_with_ai(anthropic)
    job_id = _queued_job(c)
    assert _extract(c, job_id) == "extracted"
    job = c.jobs.get(job_id)
    assert job.typography.styles == [] and any("no text found" in n for n in job.notes)
    schema = anthropic.requests[0].body["output_config"]["format"]["schema"]
    assert list(schema["properties"]) == ["l"]  # the colors' list only
    assert job.provider == "anthropic" and job.ai["stylesNamed"] == 0
