"""Issue 16 #1: a cut-off answer is never used. Anthropic stop_reason max_tokens /
model_context_window_exceeded and OpenAI finish_reason length / content_filter are failed attempts;
a re-ask after max_tokens / length gets room to finish."""
from __future__ import annotations

from shared.extraction.ai import run_extraction
from tests.unit.ai_helpers import make_deps, req


def test_a_claude_answer_cut_off_at_max_tokens_is_a_failed_attempt_and_the_reask_gets_room(anth, oai, image, palette):
    deps = make_deps(anth, oai, max_output_tokens=50)  # 5 rows need ~100 tokens
    out = run_extraction(image, palette, req(strategy="cost"), deps)
    assert [(r.success, r.error_type) for r in out.cost_records] == [(False, "truncated"), (True, None)]
    first, second = (r.body["max_tokens"] for r in anth.requests)
    assert second > first == 50
    assert out.provider == "anthropic" and out.ai_validation_passed is True
    assert sum(c.source == "anthropic" for c in out.colors) == min(len(palette), 6)  # all listed, not what fitted


def test_model_context_window_exceeded_is_a_failed_attempt_not_an_answer(anth, oai, image, palette):
    anth.set_mode("context_exceeded")
    out = run_extraction(image, palette, req(strategy="cost"), make_deps(anth, oai))
    assert len(anth.requests) == 1  # more room would not help: the next provider takes over
    assert [(r.provider, r.success, r.error_type) for r in out.cost_records][0] == ("anthropic", False, "truncated")
    assert out.provider == "openai" and out.fell_back


def test_an_openai_answer_cut_off_at_length_is_asked_again_with_room(anth, oai, image, palette):
    anth.set_mode("500")
    out = run_extraction(image, palette, req(strategy="cost"), make_deps(anth, oai, max_output_tokens=60,
                                                                         max_transient_retries=0))
    openai = [r for r in out.cost_records if r.provider == "openai"]
    assert [(r.success, r.error_type) for r in openai] == [(False, "truncated"), (True, None)]
    first, second = (r.body["max_completion_tokens"] for r in oai.requests)
    assert second > first == 60 and out.provider == "openai"


def test_an_openai_answer_stopped_by_the_content_filter_is_not_used(anth, oai, image, palette):
    anth.set_mode("500")
    oai.set_mode("content_filter")
    out = run_extraction(image, palette, req(strategy="cost"), make_deps(anth, oai, max_transient_retries=0))
    assert out.provider == "pixels" and out.ai_validation_passed is None
    assert [r.error_type for r in out.cost_records if r.provider == "openai"] == ["content_filter"]
    assert len(oai.requests) == 1  # the same question would be filtered again
