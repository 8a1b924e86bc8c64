"""Issue 15 item 5: with keys configured, the model gives the measured layout steps (spacing, radii,
elevations) semantic names in the same call that labels the colors. Pixels measure, AI names: a
value is never changed; a name that says another kind, a repeated name or a step nobody listed is
dropped."""
from __future__ import annotations

from shared.domain.layout import Elevation, LayoutResult, RadiusStep, SpacingStep
from shared.domain.tokens import Dimension, ShadowLayer
from shared.extraction.ai import run_extraction
from shared.extraction.ai.schema import AiStep, validate_payload
from shared.extraction.ai.verify import merge_layout_names
from shared.library.plan import plan_merge
from tests.unit.ai_helpers import make_deps, req
from tests.unit.test_ai_typography import _schema_keys

LAYOUT_TYPES = ("color", "spacing", "radius", "shadow")


def sample_layout() -> LayoutResult:
    px = lambda v: Dimension(value=v)  # noqa: E731
    return LayoutResult(
        spacing=[SpacingStep(value=8, count=5, uses=["gap"]), SpacingStep(value=24, count=9, uses=["padding"])],
        base_unit=8, radii=[RadiusStep(value=12, count=3), RadiusStep(value=16, count=2, pill=True)],
        shadows=[Elevation(layers=[ShadowLayer(color="#000000", alpha=0.15, offset_x=px(0), offset_y=px(4), blur=px(12))],
                           level=1, count=3)])


def _values(layout: LayoutResult) -> list[dict]:
    return [s.model_dump(exclude={"role", "source"}) for s in [*layout.spacing, *layout.radii, *layout.shadows]]


def test_one_call_labels_the_colors_and_names_the_layout_steps(anth, oai, image, palette):
    measured = sample_layout()
    out = run_extraction(image, palette, req(token_types=LAYOUT_TYPES), make_deps(anth, oai), layout=measured)
    assert len(anth.requests) == 1 and _schema_keys(anth.requests[0]) == {"l", "s"}
    prompt = anth.requests[0].body["messages"][0]["content"][1]["text"]
    assert "1 spacing 8px gap ×5" in prompt and "4 radius pill ×2 boxes" in prompt and "5 shadow level 1 y 4px" in prompt
    assert [s.role for s in out.layout.spacing] == ["space-1", "space-2"]
    assert [s.role for s in out.layout.radii] == ["radius-3", "radius-pill"] and out.layout.shadows[0].role == "elevation-5"
    assert {s.source for s in [*out.layout.spacing, *out.layout.radii, *out.layout.shadows]} == {"anthropic"}
    assert _values(out.layout) == _values(measured) and out.layout.base_unit == 8
    assert out.steps_named == 5 and out.steps_dropped == 0 and out.ai_validation_passed is True


def test_an_answer_that_tries_to_change_a_value_cannot(anth, oai, image, palette):
    anth.set_mode("mutating")  # the answer also carries the values it would like
    measured = sample_layout()
    out = run_extraction(image, palette, req(token_types=LAYOUT_TYPES), make_deps(anth, oai), layout=measured)
    assert out.provider == "anthropic" and out.steps_named == 5 and _values(out.layout) == _values(measured)


def test_invented_steps_and_names_of_another_kind_are_dropped(anth, oai, image, palette):
    anth.set_mode("invented_colors")  # a step past the list, the radii named as spacing
    out = run_extraction(image, palette, req(token_types=LAYOUT_TYPES), make_deps(anth, oai), layout=sample_layout())
    assert [s.role for s in out.layout.radii] == [None, None] and out.layout.spacing[0].role == "space-1"
    assert out.steps_dropped == 3 and out.ai_validation_passed is False
    assert any("names another kind" in n for n in out.notes) and any("no such step" in n for n in out.notes)


def test_layout_not_asked_is_not_sent(anth, oai, image, palette):
    out = run_extraction(image, palette, req(token_types=("color",)), make_deps(anth, oai), layout=sample_layout())
    assert _schema_keys(anth.requests[0]) == {"l"} and out.layout is None
    assert "Layout steps" not in anth.requests[0].body["messages"][0]["content"][1]["text"]


def test_rows_are_index_and_a_hyphenated_name_only():
    got = validate_payload({"s": [[1, "Space MD"], [2, ""], [3, "radius_card"]]}, 12, "compact", colors=False,
                           layout=True)
    assert got.steps == [AiStep(index=1, name="space-md"), AiStep(index=3, name="radius-card")]
    for bad in ({"s": [[1, "space-md", 16]]}, {"s": [[1, "16px; color: red"]]}, {"s": [["1", "space-md"]]}):
        try:
            validate_payload(bad, 12, "compact", colors=False, layout=True)
        except ValueError:
            continue
        raise AssertionError(f"accepted {bad}")


def test_a_name_given_twice_to_one_kind_is_kept_once_and_the_library_keeps_it_beside_the_scale_name():
    measured = sample_layout()
    listed = [*measured.spacing, *measured.radii, *measured.shadows]
    v = merge_layout_names([AiStep(index=1, name="space-inset"), AiStep(index=2, name="space-inset"),
                            AiStep(index=3, name="radius-card")], measured, listed, source="openai")
    assert [s.role for s in v.layout.spacing] == ["space-inset", None] and v.dropped == 1 and v.named == 2
    plan = plan_merge([], [], project_id="p", job_id="j", image_sha256="a" * 64, layout_result=v.layout)
    card = next(t for t in plan.upserts if t.enrichment.get("aiName") == "radius-card")
    assert card.value.value == 12 and card.name.startswith("radius-")  # the scale name; the AI's beside it
