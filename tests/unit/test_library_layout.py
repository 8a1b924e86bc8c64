"""Layout in the library: spacing steps, radii and elevations → dimension and shadow tokens, merged
within tolerance (values kept, provenance added), named by their place in the library's scales."""
from __future__ import annotations

import json

import pytest

from shared.domain.layout import Elevation, LayoutResult, RadiusStep, SpacingStep
from shared.domain.tokens import Box, Dimension, ShadowLayer, ShadowValue, TokenGroup, TokenType
from shared.exporters import render
from shared.library.draft import NAME_LOCK_KEY
from shared.library.plan import plan_merge
from shared.library.rules import same_shadow
from shared.services.export import bundle_from_tokens

P = "proj-l"
BOX = [Box(x=0, y=0, w=10, h=10)]


def _layer(y=2.0, blur=8.0, spread=0.0, color="#000000", alpha=0.15, x=0.0):
    return ShadowLayer(color=color, alpha=alpha, offset_x=Dimension(value=x), offset_y=Dimension(value=y),
                       blur=Dimension(value=blur), spread=Dimension(value=spread))


def _page(spacing=(4, 8, 16, 24, 32), radii=(4, 8), pill=True, shadows=((2, 8), (8, 24))):
    return LayoutResult(
        spacing=[SpacingStep(value=v, count=3, uses=["gap"], boxes=BOX) for v in spacing],
        radii=[RadiusStep(value=v, count=2, boxes=BOX) for v in radii]
        + ([RadiusStep(value=20, count=4, pill=True, boxes=BOX)] if pill else []),
        shadows=[Elevation(layers=[_layer(y, b)], level=i, count=2, boxes=BOX) for i, (y, b) in enumerate(shadows, 1)],
    )


def _merge(existing, result, job, image="sha-1"):
    return plan_merge(existing, [], project_id=P, job_id=job, image_sha256=image, layout_result=result)


def _apply(lib, changed):
    by_id = {t.id: t for t in lib}
    by_id.update({t.id: t for t in changed})
    return list(by_id.values())


def _names(tokens, group):
    return {t.value.px if t.type is TokenType.DIMENSION else t.id: t.name
            for t in tokens if t.group is group}


def test_one_page_gives_a_named_spacing_scale_radii_and_elevations():
    plan = _merge([], _page(), "j1")
    assert _names(plan.upserts, TokenGroup.SPACING) == {4: "space-xs", 8: "space-sm", 16: "space-md", 24: "space-lg",
                                                         32: "space-xl"}
    radii = _names(plan.upserts, TokenGroup.RADIUS)
    assert radii == {4: "radius-sm", 8: "radius-md", 9999: "radius-full"}
    shadows = sorted((t for t in plan.upserts if t.type is TokenType.SHADOW), key=lambda t: t.name)
    assert [t.name for t in shadows] == ["elevation-1", "elevation-2"]
    assert shadows[0].value.layers[0].offset_y.px == 2 and shadows[1].value.layers[0].blur.px == 24
    assert all(t.provenance.evidence[0].image == "sha-1" for t in plan.upserts)


def test_a_second_page_within_tolerance_lands_on_the_same_tokens_and_a_new_step_renames_the_scale():
    lib = _apply([], _merge([], _page(), "j1").upserts)
    plan = _merge(lib, _page(spacing=(4.4, 12, 16.5)), "j2", image="sha-2")
    spacing = {t.value.px: t for t in _apply(lib, plan.upserts) if t.group is TokenGroup.SPACING}
    assert sorted(spacing) == [4, 8, 12, 16, 24, 32]  # 4.4 → 4 (1 px), 16.5 → 16; 12 is new
    assert spacing[16].provenance.job_ids == ["j1", "j2"] and spacing[16].enrichment["uses"] == 6
    # md stays on the step nearest 16 px; the new 12 takes sm and the smaller steps move down one size.
    assert {v: t.name for v, t in spacing.items()} == {4: "space-2xs", 8: "space-xs", 12: "space-sm",
                                                       16: "space-md", 24: "space-lg", 32: "space-xl"}


def test_a_renamed_step_keeps_its_name():
    lib = _apply([], _merge([], _page(), "j1").upserts)
    sixteen = next(t for t in lib if t.group is TokenGroup.SPACING and t.value.px == 16)
    lib = _apply(lib, [sixteen.model_copy(update={"name": "gutter",
                                                  "enrichment": {**sixteen.enrichment, NAME_LOCK_KEY: True}})])
    plan = _merge(lib, _page(spacing=(12,)), "j2", image="sha-2")
    after = {t.value.px: t.name for t in _apply(lib, plan.upserts) if t.group is TokenGroup.SPACING}
    assert after[16] == "gutter"


def test_no_layout_no_tokens():
    assert _merge([], LayoutResult(), "j1").upserts == []
    assert _merge([], None, "j1").upserts == []


@pytest.mark.parametrize("other,same", [
    (_layer(y=3.0), True),            # 1 px: inside max(1 px, 5 %)
    (_layer(y=3.1), False),
    (_layer(blur=8.4), True),         # 0.4 px
    (_layer(blur=9.1), False),        # 1.1 px > max(1, 5 % of 9.1 = 0.455)
    (_layer(alpha=0.20), True),       # opacity within 0.05
    (_layer(alpha=0.21), False),
    (_layer(color="#020202"), True),  # ΔE2000 under 2
    (_layer(color="#1E3A8A"), False),
])
def test_shadows_match_when_every_layer_part_is_within_its_tolerance(other, same):
    a, b = ShadowValue(layers=[_layer()]), ShadowValue(layers=[other])
    assert same_shadow(a, b) is same and same_shadow(b, a) is same


def test_a_layered_shadow_is_not_its_single_layer():
    assert not same_shadow(ShadowValue(layers=[_layer()]), ShadowValue(layers=[_layer(), _layer(y=1, blur=2)]))


def test_exports_read_the_scale_without_the_group_word():
    lib = _apply([], _merge([], _page(), "j1").upserts)
    css = render("css", bundle_from_tokens(P, "Layout", lib)).body.decode()
    assert "--spacing-md: 16px;" in css and "--radius-full: 9999px;" in css and "--shadow-elevation-2:" in css
    assert "--spacing-space-md" not in css


@pytest.mark.parametrize("uses,unit", [
    ([(4, 1), (8, 1), (12, 1), (16, 1), (20, 1), (24, 1), (32, 1), (40, 1), (48, 1), (6, 1)], 4),  # 90 % on 4 px
    ([(4, 1), (8, 1), (12, 1), (16, 1), (20, 1), (24, 1), (32, 1), (6, 1), (10, 1), (14, 1)], 4),  # 70 % on 4: 4
    ([(4, 1), (8, 1), (12, 1), (16, 1), (20, 1), (24, 1), (6, 1), (10, 1), (14, 1), (18, 1)], 2),  # 60 % on 4: 2
    ([(16, 7), (14, 3), (24, 1)], 8),        # by uses: 8 of 11 on 8 px (73 %)
    ([(16, 6), (14, 3), (24, 1)], 8),        # 7 of 10: exactly 70 %
    ([(16, 5), (14, 4), (24, 1)], 2),        # 6 of 10 on 8 px: under 70 %; 6 on 4 too; all on 2
    ([(16, 10), (24, 9), (12, 2)], 8),       # 2 of 21 uses on 4 but off 8 (under 10 %): 8
    ([(16, 9), (24, 9), (12, 2)], 4),        # 2 of 20 (10 %): a 4 px system
    ([(8, 1), (16, 1), (24, 1), (32, 1), (48, 1)], 8),
    ([(5, 1), (10, 1), (15, 1), (25, 1)], None),
    ([(4, 1), (8, 1)], None),                # two steps say nothing about a base
])
def test_the_exported_base_unit_is_the_largest_of_8_4_2_that_70_percent_of_the_uses_are_multiples_of(uses, unit):
    result = LayoutResult(spacing=[SpacingStep(value=v, count=c) for v, c in uses])
    lib = _apply([], _merge([], result, "j1").upserts)
    doc = json.loads(render("dtcg", bundle_from_tokens(P, "Layout", lib)).body)
    css = render("tailwind", bundle_from_tokens(P, "Layout", lib)).body.decode()
    assert doc["spacing"].get("$extensions", {}).get("app.copythat", {}).get("baseUnit") == unit
    assert (f"--spacing: {unit}px;" in css) is (unit is not None)
