"""Layout in the library at its edges (issue 21), through plan_merge as the enrich step calls it:
`md` on the step nearest 16 px (spacing) or 8 px (radius), a value just either side of halfway;
elevations by how far below the box the deepest layer reaches (offset-y + blur + spread), not by the
image's own level; a step's share of its kind's uses; names unique against every other token; evidence
capped at 8 images and 12 boxes per image (shared/library/typography.py's documented caps)."""
from __future__ import annotations

import pytest

from shared.domain.layout import Elevation, LayoutResult, RadiusStep, SpacingStep
from shared.domain.tokens import Box, Dimension, ShadowLayer, TokenGroup, TokenType
from shared.library.plan import plan_merge

P = "proj-le"


def _box(i: int = 0) -> Box:
    return Box(x=i, y=0, w=10, h=10)


def _merge(existing, result, job="j1", image="sha-1"):
    return plan_merge(existing, [], project_id=P, job_id=job, image_sha256=image, layout_result=result).upserts


def _apply(lib, changed):
    by_id = {t.id: t for t in lib}
    by_id.update({t.id: t for t in changed})
    return list(by_id.values())


def _spacing(*values, count=1, boxes=None):
    return LayoutResult(spacing=[SpacingStep(value=v, count=count, boxes=boxes or [_box()]) for v in values])


def _names(tokens, group):
    return {t.value.px: t.name for t in tokens if t.group is group}


@pytest.mark.parametrize("values,md", [
    ((15, 17.5), 15),   # 1 px below 16 beats 1.5 px above
    ((14.5, 17), 17),   # and the other way round
    ((13, 40), 13),     # nearest even when far
])
def test_spacing_md_is_the_step_nearest_16_px(values, md):
    names = _names(_merge([], _spacing(*values)), TokenGroup.SPACING)
    assert names[md] == "space-md"
    other = next(v for v in values if v != md)
    assert names[other] == ("space-sm" if other < md else "space-lg")


@pytest.mark.parametrize("values,md", [((7, 9.5), 7), ((6.5, 9), 9)])
def test_radius_md_is_the_step_nearest_8_px(values, md):
    result = LayoutResult(radii=[RadiusStep(value=v, count=1, boxes=[_box()]) for v in values])
    names = _names(_merge([], result), TokenGroup.RADIUS)
    other = next(v for v in values if v != md)
    assert names[md] == "radius-md"
    assert names[other] == ("radius-sm" if other < md else "radius-lg")


def test_a_scale_ascends_from_md_and_never_names_two_steps_alike():
    # Seventeen steps (2 … 34 px) are more than the fifteen t-shirt sizes: the scale starts at the
    # smallest size and the steps beyond the largest go on as 9xl, 10xl — never a repeat, never "8xl-2".
    values = tuple(range(2, 36, 2))
    names = _names(_merge([], _spacing(*values)), TokenGroup.SPACING)
    ordered = [names[v] for v in values]
    assert ordered[0] == "space-4xs" and ordered[14:] == ["space-8xl", "space-9xl", "space-10xl"]
    assert len(set(ordered)) == len(values)
    # Three steps above 16 px: the nearest is md and the rest go up.
    assert [n for _, n in sorted(_names(_merge([], _spacing(20, 48, 64)), TokenGroup.SPACING).items())] == [
        "space-md", "space-lg", "space-xl"]


def _layer(y: float, blur: float, spread: float = 0.0) -> ShadowLayer:
    return ShadowLayer(color="#000000", alpha=0.2, offset_x=Dimension(value=0), offset_y=Dimension(value=y),
                       blur=Dimension(value=blur), spread=Dimension(value=spread))


def test_elevations_are_numbered_by_how_far_the_deepest_layer_reaches():
    # Reach = offset-y + blur + spread of the layer reaching furthest: 10 < 11 < 12, whatever the
    # level the image gave each; a two-layer shadow counts its deeper layer.
    shadows = [
        Elevation(layers=[_layer(10, 2)], level=1, count=1, boxes=[_box()]),                 # 12
        Elevation(layers=[_layer(2, 8)], level=2, count=1, boxes=[_box()]),                  # 10
        Elevation(layers=[_layer(1, 1), _layer(0, 4, 7)], level=3, count=1, boxes=[_box()]),  # 2 and 11
    ]
    tokens = [t for t in _merge([], LayoutResult(shadows=shadows)) if t.type is TokenType.SHADOW]
    by_reach = {max(ly.offset_y.px + ly.blur.px + ly.spread.px for ly in t.value.layers): t.name for t in tokens}
    assert by_reach == {10: "elevation-1", 11: "elevation-2", 12: "elevation-3"}


def test_a_steps_share_is_its_count_over_its_kinds_uses_and_keeps_the_larger():
    result = LayoutResult(spacing=[SpacingStep(value=8, count=1, boxes=[_box()]),
                                   SpacingStep(value=16, count=2, boxes=[_box()])],
                          radii=[RadiusStep(value=4, count=5, boxes=[_box()])])
    lib = _merge([], result)
    share = {(t.group, t.value.px): t.provenance.share for t in lib}
    assert share == {(TokenGroup.SPACING, 8): 0.3333, (TokenGroup.SPACING, 16): 0.6667, (TokenGroup.RADIUS, 4): 1.0}
    # A second image where 8 px is one use of four: its share stays the larger, 0.3333.
    later = _apply(lib, _merge(lib, _spacing(8, 16, 24, 32), job="j2", image="sha-2"))
    eight = next(t for t in later if t.group is TokenGroup.SPACING and t.value.px == 8)
    assert eight.provenance.share == 0.3333 and eight.provenance.job_ids == ["j1", "j2"]
    assert eight.enrichment["uses"] == 2


def test_a_derived_name_steps_aside_for_a_name_the_user_gave():
    lib = _apply([], _merge([], _spacing(8, 16, 40)))
    forty = next(t for t in lib if t.group is TokenGroup.SPACING and t.value.px == 40)
    lib = _apply(lib, [forty.model_copy(update={"name": "SPACE-XL", "enrichment": {**forty.enrichment,
                                                                                 "nameLocked": True}})])
    names = _names(_apply(lib, _merge(lib, _spacing(24, 32), job="j2", image="sha-2")), TokenGroup.SPACING)
    # 32 px is now the xl step, but a user's name is taken whatever its case: 32 gets the next one.
    assert names == {8: "space-sm", 16: "space-md", 24: "space-lg", 32: "space-xl-2", 40: "SPACE-XL"}


def test_evidence_keeps_the_first_8_images_and_12_boxes_each():
    lib = _apply([], _merge([], _spacing(16, boxes=[_box(i) for i in range(13)]), image="img-0"))
    token = next(t for t in lib if t.group is TokenGroup.SPACING)
    assert [len(e.boxes) for e in token.provenance.evidence] == [12]
    for n in range(1, 9):
        lib = _apply(lib, _merge(lib, _spacing(16), job=f"k{n}", image=f"img-{n}"))
    token = next(t for t in lib if t.group is TokenGroup.SPACING)
    assert [e.image for e in token.provenance.evidence] == [f"img-{n}" for n in range(8)]
    assert len(token.provenance.images) == 9  # provenance still lists every image
    # The same image again adds no second evidence entry.
    again = _apply(lib, _merge(lib, _spacing(16), job="k9", image="img-0"))
    assert [e.image for e in next(t for t in again if t.group is TokenGroup.SPACING).provenance.evidence] == [
        f"img-{n}" for n in range(8)]


def _plan(existing, result, job="j1", image="sha-1"):
    return plan_merge(existing, [], project_id=P, job_id=job, image_sha256=image, layout_result=result)


def test_a_new_token_carries_its_first_images_confidence_share_and_uses():
    # Created from nothing: the first image's own figures, not a floor of 0 or 1 raised by max().
    result = LayoutResult(spacing=[SpacingStep(value=16, count=3, confidence=0.6, boxes=[_box()])],
                          radii=[RadiusStep(value=4, count=1, confidence=0.4, boxes=[_box()])],
                          shadows=[Elevation(layers=[_layer(2, 8)], level=1, count=2, confidence=0.7, boxes=[_box()])])
    got = {t.group: (t.provenance.confidence, t.provenance.share, t.enrichment["uses"]) for t in _merge([], result)}
    assert got == {TokenGroup.SPACING: (0.6, 1.0, 3), TokenGroup.RADIUS: (0.4, 1.0, 1), TokenGroup.SHADOW: (0.7, 1.0, 2)}


def test_a_later_image_keeps_the_higher_confidence_and_lands_a_shadow_on_the_same_token():
    shadow = [Elevation(layers=[_layer(2, 8)], level=1, count=1, confidence=0.8, boxes=[_box()])]
    lib = _apply([], _merge([], LayoutResult(spacing=[SpacingStep(value=16, count=1, confidence=0.3)],
                                             shadows=shadow)))
    shadow2 = [Elevation(layers=[_layer(2, 8.5)], level=1, count=1, confidence=0.5, boxes=[_box()]),
               Elevation(layers=[_layer(12, 30)], level=2, count=3, confidence=0.5, boxes=[_box()])]
    lib = _apply(lib, _merge(lib, LayoutResult(spacing=[SpacingStep(value=16, count=1, confidence=0.9)],
                                               shadows=shadow2), job="j2", image="sha-2"))
    spacing = next(t for t in lib if t.group is TokenGroup.SPACING)
    shadows = sorted((t for t in lib if t.type is TokenType.SHADOW), key=lambda t: t.name)
    assert spacing.provenance.confidence == 0.9
    assert len(shadows) == 2 and shadows[0].provenance.job_ids == ["j1", "j2"]
    assert shadows[0].provenance.confidence == 0.8 and shadows[0].value.layers[0].blur.px == 8  # first value kept
    assert shadows[1].provenance.share == 0.75  # 3 of the image's 4 shadowed boxes


def test_a_value_within_tolerance_of_two_tokens_lands_on_the_nearer():
    lib = _apply([], _merge([], _spacing(16, 17)))  # one image: both kept
    lib = _apply(lib, _merge(lib, _spacing(16.8), job="j2", image="sha-2"))
    hit = [t.value.px for t in lib if t.group is TokenGroup.SPACING and "j2" in t.provenance.job_ids]
    assert hit == [17]


def test_measured_values_are_kept_to_a_hundredth_of_a_px():
    result = LayoutResult(spacing=[SpacingStep(value=12.345678, count=1)], radii=[RadiusStep(value=3.14159, count=1)])
    assert sorted(t.value.px for t in _merge([], result)) == [3.14, 12.35]


@pytest.mark.parametrize("source,ai_name", [("pixels", None), ("claude", "gutter"), ("openai", "gutter")])
def test_only_an_ai_source_gives_a_step_its_ai_name(source, ai_name):
    result = LayoutResult(spacing=[SpacingStep(value=16, count=1, role="gutter", source=source)])
    (token,) = _merge([], result)
    assert token.enrichment.get("aiName") == ai_name and token.name == "space-md"


def test_a_replayed_job_returns_its_layout_tokens_and_nothing_else():
    first = _plan([], LayoutResult(spacing=[SpacingStep(value=16, count=1)], radii=[RadiusStep(value=4, count=1)],
                                   shadows=[Elevation(layers=[_layer(2, 8)], level=1, count=1)]))
    lib = _apply([], first.upserts)
    other = lib[0].model_copy(update={"id": "zz-other", "group": None, "type": TokenType.DIMENSION})
    replay = _plan([*lib, other], LayoutResult(), job="j1")
    assert replay.upserts == []
    assert replay.matches == {f"{t.group.value}:{t.id}": t.id for t in sorted(lib, key=lambda t: t.id)}
    assert _plan([*lib, other], None, job="j1").matches == {}


def test_a_long_scale_above_16_px_slides_down_rather_than_past_8xl():
    # Twelve steps from 16 px up: md on 16 would need names past 8xl, so the scale starts lower
    # (xs) and every step keeps a t-shirt name.
    values = tuple(range(16, 64, 4))
    names = _names(_merge([], _spacing(*values)), TokenGroup.SPACING)
    assert [names[v] for v in values] == [
        "space-xs", "space-sm", "space-md", "space-lg", "space-xl", "space-2xl", "space-3xl", "space-4xl",
        "space-5xl", "space-6xl", "space-7xl", "space-8xl"]
