"""run_extraction end to end: the real anthropic/openai SDKs against the fake HTTP servers."""
from __future__ import annotations

import base64
import io
import json

import pytest
from PIL import Image

from shared.domain.errors import Unavailable
from shared.extraction.ai import (AiConfig, AiUnavailable, BudgetExceeded, FixedBudgetLedger, InMemoryExtractionCache, run_extraction)
from shared.extraction.ai.config import LUNA, Candidate
from shared.extraction.ai.routing import plan
from shared.extraction.ai.schema import ROLES, TOOL_NAME, compact_json_schema as json_schema
from shared.extraction.pixels import extract_palette
from tests.fakes.ai_servers import fake_name, sample_typography, sample_ui_image
from tests.unit.ai_helpers import A_KEY, O_KEY, make_deps, req, request_text


# ---- valid ---------------------------------------------------------------------------------------

def test_valid_claude_labels_pixel_values_with_one_record(anth, oai, image, palette):
    deps = make_deps(anth, oai)
    out = run_extraction(image, palette, req(), deps)
    assert out.provider == "anthropic" and out.model == "claude-sonnet-5-5"
    assert not out.fell_back and not out.cached and out.ai_validation_passed is True
    assert [c.hex for c in out.colors] == [p.hex for p in palette]  # values are the pixel values
    assert all(c.source == "anthropic" and c.name and c.role in ROLES for c in out.colors)
    assert out.colors[0].role == "background" and out.colors[0].name == fake_name(1)
    assert [c.share for c in out.colors] == [p.share for p in palette]
    assert len(out.cost_records) == 1
    rec = out.cost_records[0]
    assert rec.success and rec.provider == "anthropic" and rec.model == "claude-sonnet-5-5"
    assert rec.input_tokens > 0 and rec.output_tokens > 0 and rec.usd > 0
    assert rec.day == "2026-11-25" and rec.uid == "u1" and rec.project_id == "p1" and rec.job_id == "job1"
    assert rec.id in deps.costs.records and out.usd == rec.usd
    assert len(anth.requests) == 1 and len(oai.requests) == 0


def test_request_carries_schema_tool_key_downscaled_image_and_pixel_hexes(anth, oai, palette):
    big = sample_ui_image(1600, 1000)
    routes = {"cost": [Candidate(provider="anthropic", model="claude-haiku-4-5"), LUNA]}  # Haiku 4.5: forced tool
    deps = make_deps(anth, oai, image_long_edge=384, routes=routes)
    run_extraction(big, extract_palette(big, 12), req(strategy="cost"), deps)
    r = anth.last_request
    assert r.headers.get("authorization") == f"Bearer {A_KEY}" or r.headers.get("x-api-key") == A_KEY
    assert r.body["tools"][0]["name"] == TOOL_NAME
    assert r.body["tools"][0]["input_schema"] == json_schema()
    assert r.body["tool_choice"]["type"] == "tool" and r.body["tool_choice"]["name"] == TOOL_NAME
    content = r.body["messages"][0]["content"]
    img_block = next(b for b in content if b["type"] == "image")
    sent = Image.open(io.BytesIO(base64.b64decode(img_block["source"]["data"])))
    assert max(sent.size) == 384 and img_block["source"]["media_type"] in ("image/png", "image/webp")
    assert sent.format == img_block["source"]["media_type"].split("/")[1].upper()
    text = next(b["text"] for b in content if b["type"] == "text")
    for p in extract_palette(big, 12):
        assert p.hex in text
    assert "convert" not in text.lower() and "contrast" not in text.lower()  # labels only


def test_openai_request_uses_strict_json_schema_and_bearer_key(anth, oai, image, palette):
    deps = make_deps(anth, oai, secrets={"openai-api-key": O_KEY})
    out = run_extraction(image, palette, req(), deps)
    assert out.provider == "openai" and out.model == "gpt-6.1-terra"
    r = oai.last_request
    assert r.headers["authorization"] == f"Bearer {O_KEY}"
    rf = r.body["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["strict"] is True
    assert rf["json_schema"]["schema"] == json_schema()
    assert r.body["reasoning_effort"] == "none"  # reasoning tokens bill as output: none for labels
    parts = r.body["messages"][1]["content"]
    assert any(p["type"] == "image_url" and p["image_url"]["url"].startswith("data:image/") for p in parts)
    assert out.cost_records[0].provider == "openai" and out.cost_records[0].success


def test_sonnet_uses_structured_output_low_effort_no_thinking(anth, oai, image, palette):
    out = run_extraction(image, palette, req(strategy="quality"), make_deps(anth, oai))
    assert out.provider == "anthropic" and out.ai_validation_passed
    body = anth.last_request.body
    assert "tools" not in body and "tool_choice" not in body
    assert body["output_config"] == {"effort": "low", "format": {"type": "json_schema", "schema": json_schema()}}
    assert body["thinking"] == {"type": "between_tools"}


def test_a_route_can_ask_haiku_4_5_through_structured_output(anth, oai, image, palette):
    routes = {"cost": [Candidate(provider="anthropic", model="claude-haiku-4-5", output="json_schema"), LUNA]}
    out = run_extraction(image, palette, req(strategy="cost"), make_deps(anth, oai, routes=routes))
    assert out.provider == "anthropic" and out.ai_validation_passed
    body = anth.last_request.body
    assert "tools" not in body and body["output_config"]["format"]["type"] == "json_schema"
    assert "thinking" not in body and "effort" not in body["output_config"]  # Haiku 4.5 takes neither


def test_haiku_5_5_is_asked_with_thinking_off_at_low_effort(anth, oai, image, palette):
    out = run_extraction(image, palette, req(strategy="cost"), make_deps(anth, oai))
    body = anth.last_request.body
    assert out.provider == "anthropic" and body["model"] == "claude-haiku-5-5"
    assert body["thinking"] == {"type": "disabled"} and body["output_config"]["effort"] == "low"
    assert "tools" not in body and body["output_config"]["format"]["type"] == "json_schema"


# ---- 429 / 5xx / timeout ---------------------------------------------------------------------------

def test_429_then_valid_honours_retry_after_two_records(anth, oai, image, palette):
    anth.set_mode("429_then_valid", retry_after="3")
    deps = make_deps(anth, oai)
    out = run_extraction(image, palette, req(), deps)
    assert out.provider == "anthropic" and not out.fell_back
    assert [(r.success, r.error_type) for r in out.cost_records] == [(False, "rate_limit"), (True, None)]
    assert out.cost_records[0].usd == 0.0
    assert deps.sleep == [3.0]  # backoff base is 0.01 s: the 3 s came from retry-after
    assert len({r.id for r in out.cost_records}) == 2
    assert [r.status for r in anth.requests] == [429, 200]


def test_500_falls_back_to_openai(anth, oai, image, palette):
    anth.set_mode("500")
    deps = make_deps(anth, oai)
    out = run_extraction(image, palette, req(), deps)
    assert out.provider == "openai" and out.fell_back and out.ai_validation_passed
    errs = [(r.provider, r.error_type) for r in out.cost_records]
    assert errs == [("anthropic", "server_error"), ("anthropic", "server_error"), ("openai", None)]
    assert len(deps.sleep) == 1  # one retry (max_transient_retries=1) before falling back
    assert any("server_error" in n for n in out.notes)


def test_both_failing_gives_pixels_with_notes(anth, oai, image, palette):
    anth.set_mode("500")
    oai.set_mode("500")
    deps = make_deps(anth, oai)
    out = run_extraction(image, palette, req(), deps)
    assert out.provider == "pixels" and out.fell_back and out.model is None
    assert [c.hex for c in out.colors] == [p.hex for p in palette]
    assert all(c.source == "pixels" and c.name is None for c in out.colors)
    assert out.ai_validation_passed is None
    assert len(out.cost_records) == 4 and not any(r.success for r in out.cost_records)
    assert any("all AI providers failed" in n for n in out.notes)
    with pytest.raises(AiUnavailable) as ei:
        run_extraction(image, palette, req(job="job2", require_ai=True), make_deps(anth, oai))
    assert ei.value.code == "ai_failed" and ei.value.retryable
    assert ei.value.details["cost_record_ids"] and any("server_error" in n for n in ei.value.details["notes"])


def test_timeout_falls_back(anth, oai, image, palette):
    anth.set_mode("timeout", hang_s=5)
    deps = make_deps(anth, oai, request_timeout_s=0.3)
    out = run_extraction(image, palette, req(), deps)
    assert out.provider == "openai" and out.fell_back
    assert [(r.provider, r.error_type) for r in out.cost_records] == [("anthropic", "timeout"), ("openai", None)]
    assert any("timed out" in n for n in out.notes)


def test_retry_after_beyond_deadline_gives_up_without_sleeping(anth, oai, image, palette):
    # Retry-After 120 s against a 60 s job: waiting would pass the deadline. (The deadline was 8 s: on a
    # loaded machine the first attempt alone took 4.4 s and left no time for the second provider.)
    anth.set_mode("429_then_valid", retry_after="120")
    deps = make_deps(anth, oai, job_deadline_s=60)
    out = run_extraction(image, palette, req(), deps)
    assert out.provider == "openai" and deps.sleep == []
    assert any("deadline" in n for n in out.notes)


def test_wrong_key_is_auth_failure_without_retry(anth, oai, image, palette):
    deps = make_deps(anth, oai, secrets={"anthropic-api-key": "wrong", "openai-api-key": O_KEY})
    out = run_extraction(image, palette, req(), deps)
    assert out.provider == "openai"
    assert out.cost_records[0].error_type == "auth" and len(anth.requests) == 1


# ---- invalid answers -----------------------------------------------------------------------------

@pytest.mark.parametrize("mode,needle", [("malformed_json", "not valid JSON"), ("schema_violation", "role")])
def test_invalid_answer_retried_once_with_error_then_failure(anth, oai, image, palette, mode, needle):
    anth.set_mode(mode)
    deps = make_deps(anth, oai)
    out = run_extraction(image, palette, req(), deps)
    assert len(anth.requests) == 2
    first, second = (request_text(r) for r in anth.requests)
    assert "previous answer was rejected" not in first
    assert "previous answer was rejected" in second and needle in second
    assert [(r.provider, r.error_type) for r in out.cost_records] == [
        ("anthropic", "invalid_response"), ("anthropic", "invalid_response"), ("openai", None)]
    assert out.cost_records[0].usd > 0  # tokens of an invalid answer are still billed
    assert out.provider == "openai" and out.fell_back


@pytest.mark.parametrize("mode", ["malformed_json", "schema_violation"])
def test_openai_invalid_answer_retried_once_then_pixels(anth, oai, image, palette, mode):
    oai.set_mode(mode)
    deps = make_deps(anth, oai, secrets={"openai-api-key": O_KEY})
    out = run_extraction(image, palette, req(), deps)
    assert len(oai.requests) == 2 and "previous answer was rejected" in request_text(oai.requests[1])
    assert out.provider == "pixels" and [r.error_type for r in out.cost_records] == ["invalid_response"] * 2


def test_malformed_then_valid_succeeds_on_the_retry(anth, oai, image, palette):
    anth.set_mode("malformed_then_valid")
    deps = make_deps(anth, oai)
    out = run_extraction(image, palette, req(), deps)
    assert out.provider == "anthropic" and not out.fell_back
    assert [(r.success, r.error_type) for r in out.cost_records] == [(False, "invalid_response"), (True, None)]


def test_invented_colors_are_snapped_or_dropped(anth, oai, image, palette):
    anth.set_mode("invented_colors")
    deps = make_deps(anth, oai, answer_format="full")  # the palette-v1 format echoes hexes: ΔE snap/drop
    out = run_extraction(image, palette, req(), deps)
    pixel_hexes = {p.hex for p in palette}
    assert {c.hex for c in out.colors} == pixel_hexes  # only pixel values are stored
    n_ai = len(palette) + 1  # the fake nudges even positions, inverts odd ones, adds #FF00FF
    assert out.snapped >= 1 and out.dropped >= 1 and out.snapped + out.dropped <= n_ai
    assert out.ai_validation_passed is False
    assert any("dropped: not in the image" in n for n in out.notes)
    assert any("snapped to pixel color" in n for n in out.notes)
    labelled = [c for c in out.colors if c.source == "anthropic"]
    assert len(labelled) == out.snapped + sum(1 for n in out.notes if False)  # no exact hexes in this mode
    assert all(c.source in ("anthropic", "pixels") for c in out.colors)


def test_compact_invented_indices_are_dropped_and_values_stay_pixel(anth, oai, image, palette):
    anth.set_mode("invented_colors")
    out = run_extraction(image, palette, req(), make_deps(anth, oai))
    assert "l" in anth.last_request.body["output_config"]["format"]["schema"]["properties"]
    assert [c.hex for c in out.colors] == [p.hex for p in palette]
    n = len(palette)
    # the fake keeps odd numbers, moves even ones past the list, adds n + 1
    assert out.dropped == n // 2 + 1 and out.snapped == 0 and out.ai_validation_passed is False
    assert sum(c.source == "anthropic" for c in out.colors) == n - n // 2
    assert any("no such color" in note for note in out.notes)
    assert all(out.colors[i].source == ("anthropic" if i % 2 == 0 else "pixels") for i in range(n))


def test_compact_labels_only_top_n_rest_stay_pixel(anth, oai, image, palette):
    assert len(palette) >= 4
    out = run_extraction(image, palette, req(), make_deps(anth, oai, label_top_n=3))
    text = next(b["text"] for b in anth.last_request.body["messages"][0]["content"] if b["type"] == "text")
    assert [p.hex in text for p in palette] == [True] * 3 + [False] * (len(palette) - 3)
    assert [c.source for c in out.colors] == ["anthropic"] * 3 + ["pixels"] * (len(palette) - 3)
    assert out.colors[0].name == fake_name(1) and out.colors[0].role == "background"
    assert out.colors[0].usage == "page background" and out.colors[0].confidence == 0.9
    assert all(c.name is None and c.role is None for c in out.colors[3:])
    assert [c.hex for c in out.colors] == [p.hex for p in palette] and out.ai_validation_passed is True


def test_full_format_still_works_end_to_end(anth, oai, image, palette):
    out = run_extraction(image, palette, req(), make_deps(anth, oai, answer_format="full"))
    assert "colors" in anth.last_request.body["output_config"]["format"]["schema"]["properties"]
    assert out.ai_validation_passed is True and all(c.source == "anthropic" for c in out.colors)


# ---- refusals ------------------------------------------------------------------------------------

def test_anthropic_refusal_is_its_own_failure_and_falls_back(anth, oai, image, palette):
    anth.set_mode("refusal")
    out = run_extraction(image, palette, req(), make_deps(anth, oai))
    assert len(anth.requests) == 1  # a refusal is not retried
    assert [(r.provider, r.error_type) for r in out.cost_records] == [("anthropic", "refusal"), ("openai", None)]
    assert out.provider == "openai"


def test_openai_refusal(anth, oai, image, palette):
    oai.set_mode("refusal")
    out = run_extraction(image, palette, req(), make_deps(anth, oai, secrets={"openai-api-key": O_KEY}))
    assert out.provider == "pixels" and out.cost_records[0].error_type == "refusal"
    assert len(oai.requests) == 1


# ---- cache ---------------------------------------------------------------------------------------

def test_cache_hit_makes_no_call_and_records_saving(anth, oai, image, palette):
    cache = InMemoryExtractionCache()
    first = run_extraction(image, palette, req("job1"), make_deps(anth, oai, cache=cache))
    calls = len(anth.requests) + len(oai.requests)
    deps2 = make_deps(anth, oai, cache=cache)
    second = run_extraction(image, palette, req("job2"), deps2)
    assert len(anth.requests) + len(oai.requests) == calls
    assert second.cached and second.provider == "anthropic" and second.colors == first.colors
    assert len(second.cost_records) == 1
    rec = second.cost_records[0]
    assert rec.cached and rec.usd == 0 and rec.saved_usd == pytest.approx(first.cost_records[0].usd)
    assert rec.job_id == "job2"


def test_cache_key_separates_strategy_max_colors_and_prompt_version(anth, oai, image, palette):
    cache = InMemoryExtractionCache()
    run_extraction(image, palette, req("a"), make_deps(anth, oai, cache=cache))
    run_extraction(image, palette, req("b", max_colors=3), make_deps(anth, oai, cache=cache))
    run_extraction(image, palette, req("c", strategy="cost"), make_deps(anth, oai, cache=cache))
    run_extraction(image, palette, req("d"), make_deps(anth, oai, cache=cache, prompt_version="palette-v9"))
    run_extraction(image, palette, req("e"), make_deps(anth, oai, cache=cache, label_top_n=2))
    run_extraction(image, palette, req("f"), make_deps(anth, oai, cache=cache, answer_format="full"))
    assert len(anth.requests) == 6 and len(cache) == 6


def test_fallback_answer_is_cached_and_hit_without_calling_claude(anth, oai, image, palette):
    cache = InMemoryExtractionCache()
    anth.set_mode("500")
    run_extraction(image, palette, req("a"), make_deps(anth, oai, cache=cache))
    anth.reset()
    out = run_extraction(image, palette, req("b"), make_deps(anth, oai, cache=cache))
    assert out.cached and out.provider == "openai" and len(anth.requests) == 0


# ---- budgets ---------------------------------------------------------------------------------------

def test_budget_exceeded_runs_pixel_only(anth, oai, image, palette):
    deps = make_deps(anth, oai, budget=FixedBudgetLedger(today=0.4999), user_daily_usd=0.50)
    out = run_extraction(image, palette, req(), deps)
    assert out.provider == "pixels" and out.budget_limited and out.fell_back
    assert any("budget" in n and "per-user daily" in n for n in out.notes)
    assert out.cost_records == [] and len(anth.requests) == 0


@pytest.mark.parametrize("ledger,cap", [(FixedBudgetLedger(month=5.0), "per-user monthly"),
                                        (FixedBudgetLedger(global_today=50.0), "global daily")])
def test_budget_exceeded_with_require_ai_raises(anth, oai, image, palette, ledger, cap):
    deps = make_deps(anth, oai, budget=ledger)
    with pytest.raises(BudgetExceeded) as ei:
        run_extraction(image, palette, req(require_ai=True), deps)
    assert ei.value.code == "budget_exceeded" and ei.value.status == 402 and not ei.value.retryable
    assert ei.value.details["cap"] == cap
    assert len(anth.requests) == 0


def test_cache_hit_needs_no_budget(anth, oai, image, palette):
    cache = InMemoryExtractionCache()
    run_extraction(image, palette, req("a"), make_deps(anth, oai, cache=cache))
    out = run_extraction(image, palette, req("b"), make_deps(anth, oai, cache=cache,
                                                             budget=FixedBudgetLedger(today=100)))
    assert out.cached and not out.budget_limited


# ---- secrets / routing -----------------------------------------------------------------------------

def test_missing_anthropic_secret_skips_claude(anth, oai, image, palette):
    out = run_extraction(image, palette, req(), make_deps(anth, oai, secrets={"openai-api-key": O_KEY}))
    assert out.provider == "openai" and out.fell_back
    assert len(anth.requests) == 0 and any("anthropic skipped" in n for n in out.notes)
    assert [r.provider for r in out.cost_records] == ["openai"]


def test_no_secret_at_all_gives_pixels_or_raises(anth, oai, image, palette):
    out = run_extraction(image, palette, req(), make_deps(anth, oai, secrets={}))
    assert out.provider == "pixels" and out.cost_records == [] and out.fell_back
    with pytest.raises(AiUnavailable) as ei:
        run_extraction(image, palette, req(require_ai=True), make_deps(anth, oai, secrets={}))
    assert ei.value.code == "ai_not_configured" and not ei.value.retryable


def test_pixels_strategy_makes_no_call(anth, oai, image, palette):
    out = run_extraction(image, palette, req(strategy="pixels"), make_deps(anth, oai))
    assert out.provider == "pixels" and not out.fell_back and out.cost_records == []
    assert len(anth.requests) + len(oai.requests) == 0


@pytest.mark.parametrize("strategy,claude,gpt", [("quality", "claude-sonnet-5-5", "gpt-6.1-terra"),
                                                 ("cost", "claude-haiku-5-5", "gpt-6-luna"),
                                                 ("fast", "claude-haiku-5-5", "gpt-6-luna")])
def test_strategies_choose_documented_models(anth, oai, image, palette, strategy, claude, gpt):
    run_extraction(image, palette, req(strategy=strategy), make_deps(anth, oai))
    assert anth.last_request.body["model"] == claude
    anth.set_mode("500")
    run_extraction(image, palette, req("j2", strategy=strategy), make_deps(anth, oai))
    assert oai.last_request.body["model"] == gpt


def test_optimal_picks_within_target(anth, oai, image, palette):
    cfg = AiConfig()
    chain = plan("optimal", cfg, lambda c: {"claude-sonnet-5-5": 0.004, "claude-haiku-5-5": 0.0012,
                                            "gpt-6.1-terra": 0.0015, "gpt-6-luna": 0.0003}[c.model])
    assert [(c.provider, c.model) for c in chain] == [("anthropic", "claude-haiku-5-5"), ("openai", "gpt-6.1-terra")]
    chain = plan("optimal", cfg.model_copy(update={"optimal_target_usd": 0.01}), lambda c: 0.004)
    assert [c.model for c in chain] == ["claude-sonnet-5-5", "gpt-6.1-terra"]
    # 5 colors (the sample's first five; its #F1F3F4 panel on #FAFAFA is a sixth since surfaces stay
    # apart from ΔE 0.9): Sonnet 5.5's estimate (~$0.0019, with the Claude 5 tokenizer) is within $0.002
    run_extraction(image, palette[:5], req(strategy="optimal"), make_deps(anth, oai))
    assert anth.last_request.body["model"] == "claude-sonnet-5-5"
    # five text styles to name as well (~$0.0034): above it → Haiku 5.5
    run_extraction(image, palette, req("j2", strategy="optimal", token_types=("color", "typography")),
                   make_deps(anth, oai), typography=sample_typography(5))
    assert anth.last_request.body["model"] == "claude-haiku-5-5"


# ---- cost records --------------------------------------------------------------------------------

def test_record_ids_are_deterministic_per_claim_so_a_replay_does_not_double_record(anth, oai, image, palette):
    anth.set_mode("429_then_valid", retry_after="0")
    deps = make_deps(anth, oai)
    out1 = run_extraction(image, palette, req("jobX", claim=1), deps)
    anth.set_mode("429_then_valid", retry_after="0")
    deps.cache = InMemoryExtractionCache()  # the replay misses the cache, calls again
    out2 = run_extraction(image, palette, req("jobX", claim=1), deps)
    assert [r.id for r in out1.cost_records] == [r.id for r in out2.cost_records]
    assert len(deps.costs.records) == 2
    assert out1.cost_records[0].id.endswith("_c1_anthropic_claude-sonnet-5-5_1")
    assert out1.cost_records[1].id.endswith("_2")


def test_another_claim_of_the_job_records_its_own_calls_and_no_second_extraction(anth, oai, image, palette):
    deps = make_deps(anth, oai)
    first = run_extraction(image, palette, req("jobY", claim=1), deps)
    deps.cache = InMemoryExtractionCache()  # e.g. the cache write failed: the next claim calls again
    second = run_extraction(image, palette, req("jobY", claim=2), deps)
    assert first.cost_records[0].id != second.cost_records[0].id and len(anth.requests) == 2
    stored = deps.costs.records
    assert len(stored) == 2 and sum(r.usd for r in stored.values()) == pytest.approx(first.usd + second.usd)
    assert [stored[r.id].extraction for r in (first.cost_records[0], second.cost_records[0])] == [True, False]


def test_empty_pixel_palette_makes_no_call(anth, oai, image):
    out = run_extraction(image, [], req(), make_deps(anth, oai))
    assert out.provider == "pixels" and out.colors == [] and len(anth.requests) == 0


def test_unexpected_provider_exception_counts_as_failure(anth, oai, image, palette):
    class Boom:
        name = "anthropic"

        def call(self, req):
            raise RuntimeError("boom " + req.api_key)

    from shared.extraction.ai.openai_provider import OpenAIProvider
    deps = make_deps(anth, oai)
    deps.providers = {"anthropic": Boom(), "openai": OpenAIProvider()}
    out = run_extraction(image, palette, req(), deps)
    assert out.provider == "openai"
    assert out.cost_records[0].error_type == "provider_error" and A_KEY not in out.model_dump_json()


def test_attempt_log_lines_carry_their_fields_in_the_json(anth, oai, image, palette, caplog):
    import logging

    from shared.logs import JsonFormatter

    caplog.set_level(logging.INFO, logger="shared.extraction.ai.attempts")
    anth.set_mode("429_then_valid", retry_after="0")
    run_extraction(image, palette, req("jobLog"), make_deps(anth, oai))
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records
             if r.name == "shared.extraction.ai.attempts"]
    failed = next(x for x in lines if x["message"] == "ai attempt failed")
    ok = next(x for x in lines if x["message"] == "ai attempt succeeded")
    who = ("jobId", "provider", "model", "attempt")
    assert {k: failed.get(k) for k in (*who, "errorType")} == {
        "jobId": "jobLog", "provider": "anthropic", "model": "claude-sonnet-5-5", "attempt": 1, "errorType": "rate_limit"}
    assert {k: ok.get(k) for k in who} == {"jobId": "jobLog", "provider": "anthropic", "model": "claude-sonnet-5-5",
                                          "attempt": 2}
    assert ok["usd"] > 0 and ok["inputTokens"] > 0
    assert A_KEY not in json.dumps(lines)


class _Down:
    """A secret store / budget ledger whose backend is down (what the adapters raise then)."""

    def _fail(self, *args):
        raise Unavailable("a Google Cloud service is unavailable", code="backend_unavailable")

    get = spent_today = spent_month = spent_today_global = _fail


def test_an_unreadable_secret_store_is_retryable_not_unconfigured(anth, oai, image, palette):
    deps = make_deps(anth, oai)
    deps.secrets = _Down()
    with pytest.raises(AiUnavailable) as ei:
        run_extraction(image, palette, req(require_ai=True), deps)
    assert ei.value.code == "secrets_unavailable" and ei.value.retryable
    out = run_extraction(image, palette, req(), deps)  # AI optional: pixels, and the note says why
    assert out.provider == "pixels" and any("secret store error" in n for n in out.notes)
    assert len(anth.requests) + len(oai.requests) == 0


def test_an_unreadable_budget_ledger_is_retryable_not_over_budget(anth, oai, image, palette):
    deps = make_deps(anth, oai, budget=_Down())
    with pytest.raises(AiUnavailable) as ei:
        run_extraction(image, palette, req(require_ai=True), deps)
    assert ei.value.code == "budget_unavailable" and ei.value.retryable
    out = run_extraction(image, palette, req(), deps)  # AI optional: no spend while spend is unknown
    assert out.provider == "pixels" and out.budget_limited
    assert len(anth.requests) + len(oai.requests) == 0
