"""Issue 14 item 3: with keys configured, the model names the likely font family (with a fallback
stack ending in the measured class's generic family) and labels the text roles, in the same call that
labels the colors. Pixels measure, AI names: a measured number is never changed, and a family the
pixels contradict is dropped."""
from __future__ import annotations

import pytest

from shared.extraction.ai import InMemoryExtractionCache, run_extraction
from shared.extraction.ai.verify import merge_styles
from shared.extraction.ai.schema import AiStyle
from tests.fakes.ai_servers import sample_typography
from tests.unit.ai_helpers import make_deps, req

BOTH = ("color", "typography")
MEASURED = ("font_size", "font_weight", "line_height", "letter_spacing", "family_class", "color", "share", "lines",
            "uppercase", "confidence", "boxes")


def _schema_keys(r) -> set[str]:
    body = r.body
    schema = (body.get("output_config") or {}).get("format", {}).get("schema") \
        or (body.get("response_format") or {}).get("json_schema", {}).get("schema") \
        or body["tools"][0]["input_schema"]
    return set(schema["properties"])


def test_one_call_labels_the_colors_and_names_the_text_styles(anth, oai, image, palette):
    typo = sample_typography(3)  # a 32 px serif heading, 16 px sans body, 13 px monospace code
    out = run_extraction(image, palette, req(token_types=BOTH), make_deps(anth, oai), typography=typo)
    assert len(anth.requests) == 1 and _schema_keys(anth.requests[0]) == {"l", "t"}
    prompt = anth.requests[0].body["messages"][0]["content"][1]["text"]
    assert "1 32px 700 serif 1 line" in prompt and "2 16px 400 sans-serif 14 lines" in prompt and "#" in prompt
    assert out.provider == "anthropic" and all(c.source == "anthropic" for c in out.colors[:5])
    heading, body, code = out.typography.styles
    assert (heading.family, body.family, code.family) == ("Georgia", "Inter", "JetBrains Mono")
    assert heading.fallbacks[-1] == "serif" and body.fallbacks[-1] == "sans-serif" and code.fallbacks[-1] == "monospace"
    assert body.fallbacks[:2] == ["Helvetica Neue", "Arial"] and "Inter" not in body.fallbacks
    assert (heading.role, body.role, code.role) == ("heading-1", "body", "caption")
    assert {s.source for s in out.typography.styles} == {"anthropic"} and out.styles_named == 3
    assert out.ai_validation_passed is True and len(out.cost_records) == 1


def test_an_answer_that_tries_to_change_a_measurement_cannot(anth, oai, image, palette):
    """The fake answers valid rows plus a `styles` list with sizes, weights and line heights, and puts
    CSS in the fallbacks: only names and roles reach the styles; every measured value is as measured."""
    anth.set_mode("mutating")
    typo = sample_typography(5)
    out = run_extraction(image, palette, req(token_types=BOTH), make_deps(anth, oai), typography=typo)
    assert out.provider == "anthropic" and out.styles_named == 5
    for before, after in zip(typo.styles, out.typography.styles):
        assert before.model_dump(include=set(MEASURED)) == after.model_dump(include=set(MEASURED))
        assert after.family and all(":" not in f and "px" not in f for f in after.fallbacks)
    assert (out.typography.lines, out.typography.text_area) == (typo.lines, typo.text_area)


def test_a_family_the_pixels_contradict_is_dropped_and_the_role_kept(anth, oai, image, palette):
    anth.set_mode("wrong_family")  # monospace faces on proportional text, a sans face on monospace text
    typo = sample_typography(3)
    out = run_extraction(image, palette, req(token_types=BOTH), make_deps(anth, oai), typography=typo)
    assert [s.family for s in out.typography.styles] == [None, None, None]
    assert [s.fallbacks for s in out.typography.styles] == [[], [], []]
    assert [s.role for s in out.typography.styles] == ["heading-1", "body", "caption"]  # roles still named
    assert any("'JetBrains Mono'" in n and "monospace face" in n and "sans-serif" in n for n in out.notes)


def test_unknown_faces_pass_with_the_measured_class_and_generic_names_are_not_faces():
    typo = sample_typography(3)
    got = merge_styles([AiStyle(index=1, family="Acme Grotesk", fallbacks="Menlo, Georgia, Times"),
                        AiStyle(index=2, family="sans-serif", role="lead"),
                        AiStyle(index=3, family="Fira Code", fallbacks="sans-serif")], typo, source="openai")
    heading, body, code = got.typography.styles
    assert heading.family == "Acme Grotesk" and heading.fallbacks == ["Georgia", "Times", "ui-serif", "serif"]
    assert body.family is None and body.role == "lead"  # a CSS generic family is not a face's name
    # a sans-serif fallback under a monospace face contradicts the pixels too: only the class's stack follows
    assert code.family == "Fira Code" and code.fallbacks == ["ui-monospace", "SFMono-Regular", "Menlo", "monospace"]
    assert heading.source == "openai" and body.source == "openai"


def test_typography_alone_labels_the_styles_only(anth, oai, image, palette):
    out = run_extraction(image, palette, req(token_types=("typography",)), make_deps(anth, oai),
                         typography=sample_typography(2))
    assert _schema_keys(anth.requests[0]) == {"t"}
    prompt = anth.requests[0].body["messages"][0]["content"][1]["text"]
    assert "#" not in prompt and "Colors of this image" not in prompt
    assert out.colors == [] and out.typography.styles[0].family == "Georgia"


def test_no_text_found_labels_the_colors_only(anth, oai, image, palette):
    from shared.domain.typography import TypographyResult

    out = run_extraction(image, palette, req(token_types=BOTH), make_deps(anth, oai), typography=TypographyResult())
    assert _schema_keys(anth.requests[0]) == {"l"} and out.provider == "anthropic"
    assert out.typography == TypographyResult()


def test_nothing_to_label_makes_no_call(anth, oai, image, palette):
    from shared.domain.typography import TypographyResult

    out = run_extraction(image, palette, req(token_types=("typography",)), make_deps(anth, oai),
                         typography=TypographyResult())
    assert out.provider == "pixels" and len(anth.requests) + len(oai.requests) == 0 and not out.cost_records


def test_openai_takes_the_same_two_list_schema_in_strict_mode(anth, oai, image, palette):
    anth.set_mode("500")
    out = run_extraction(image, palette, req(token_types=BOTH), make_deps(anth, oai, max_transient_retries=0),
                         typography=sample_typography(3))
    assert out.provider == "openai" and _schema_keys(oai.requests[0]) == {"l", "t"}
    assert [s.family for s in out.typography.styles] == ["Georgia", "Inter", "JetBrains Mono"]


def test_the_cache_key_includes_the_token_types_asked_for(anth, oai, image, palette):
    from shared.domain.typography import TypographyResult

    cache = InMemoryExtractionCache()
    run_extraction(image, palette, req("a"), make_deps(anth, oai, cache=cache))
    # the same request body (no text found), but typography was asked: another question
    run_extraction(image, palette, req("b", token_types=BOTH), make_deps(anth, oai, cache=cache),
                   typography=TypographyResult())
    run_extraction(image, palette, req("c", token_types=BOTH), make_deps(anth, oai, cache=cache),
                   typography=sample_typography(3))
    hit = run_extraction(image, palette, req("d", token_types=BOTH), make_deps(anth, oai, cache=cache),
                         typography=sample_typography(3))
    assert len(anth.requests) == 3 and hit.cached
    assert [s.family for s in hit.typography.styles] == ["Georgia", "Inter", "JetBrains Mono"]


def test_invented_style_numbers_are_dropped(anth, oai, image, palette):
    anth.set_mode("invented_colors")
    out = run_extraction(image, palette, req(token_types=BOTH), make_deps(anth, oai), typography=sample_typography(3))
    assert out.styles_dropped >= 2 and out.ai_validation_passed is False
    assert out.typography.styles[0].family == "Georgia" and out.typography.styles[1].family is None


@pytest.mark.parametrize("mode", ["schema_violation"])
def test_a_style_row_with_more_than_the_four_items_is_refused_and_asked_again(anth, oai, image, palette, mode):
    anth.set_mode(mode)
    out = run_extraction(image, palette, req(token_types=("typography",)), make_deps(anth, oai),
                         typography=sample_typography(2))
    assert len(anth.requests) == 2 and "4 items expected" in anth.requests[1].text()
    assert out.provider == "openai"  # the re-ask failed the same way: OpenAI answered


def test_control_and_bidi_characters_are_stripped_from_family_names(anth, oai, image, palette):
    anth.set_mode("hostile_names")
    out = run_extraction(image, palette, req(token_types=BOTH), make_deps(anth, oai), typography=sample_typography(3))
    assert [s.family for s in out.typography.styles] == ["Georgia", "Inter", "JetBrains Mono"]

