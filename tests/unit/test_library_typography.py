"""Typography in the library: text styles → fontFamily, fontWeight and typography tokens; merges
across images never change a measured value and never lose provenance; roles per type."""
from __future__ import annotations

import pytest

from shared.domain.tokens import Box, TokenType
from shared.domain.typography import TextStyle, TypographyResult
from shared.library.draft import ROLE_LOCK_KEY
from shared.library.edits import reassign_roles
from shared.library.plan import plan_merge

P = "proj-t"


def _style(size, weight=400, lh=1.5, role=None, share=0.1, cls="sans-serif", family=None, boxes=1, source="pixels"):
    return TextStyle(font_size=size, font_weight=weight, line_height=lh, role=role, share=share, family_class=cls,
                     family=family, lines=boxes, color="#111827", source=source,
                     confidence={"fontSize": 0.9, "fontWeight": 0.8, "family": 0.7},
                     boxes=[Box(x=10, y=20 * i, w=300, h=int(size)) for i in range(boxes)])


PAGE = TypographyResult(styles=[
    _style(16, role="body", share=0.6, boxes=20),
    _style(32, 700, lh=1.2, role="heading-1", share=0.15),
    _style(14, 600, lh=None, role="label", share=0.1),
    _style(13, cls="monospace", role="code", share=0.05),
])


def _merge(existing, typo, job, image="sha-1", palette=()):
    return plan_merge(existing, list(palette), project_id=P, job_id=job, image_sha256=image, typography_result=typo)


def _apply(lib, changed):
    by_id = {t.id: t for t in lib}
    by_id.update({t.id: t for t in changed})
    return list(by_id.values())


def _by_type(tokens, kind):
    return [t for t in tokens if t.type is kind]


def test_one_image_gives_families_weights_and_one_typography_token_per_style():
    plan = _merge([], PAGE, "j1")
    fams = _by_type(plan.upserts, TokenType.FONT_FAMILY)
    assert sorted(t.value.family_class for t in fams) == ["monospace", "sans-serif"]
    assert {t.role for t in fams} == {"sans", "mono"}
    assert sorted(t.value.value for t in _by_type(plan.upserts, TokenType.FONT_WEIGHT)) == [400, 600, 700]
    styles = {t.role: t for t in _by_type(plan.upserts, TokenType.TYPOGRAPHY)}
    assert set(styles) == {"body", "heading-1", "label", "code"}
    body = styles["body"]
    assert body.name == "Body" and body.value.font_size.px == 16 and body.value.line_height == 1.5
    assert body.enrichment["color"] == "#111827" and body.provenance.evidence[0].image == "sha-1"
    assert len(body.provenance.evidence[0].boxes) == 12  # capped: documents stay small
    assert styles["label"].value.line_height is None and not styles["label"].enrichment["lineHeightMeasured"]
    assert len(set(plan.token_ids)) == len(plan.upserts)


def test_a_second_image_within_tolerance_lands_on_the_same_tokens_without_changing_their_values():
    lib = _apply([], _merge([], PAGE, "j1").upserts)
    second = TypographyResult(styles=[_style(16.6, lh=24.6 / 16.6, role="body", share=0.5),  # 0.6 px, 0.6 px
                                      _style(14, 600, lh=1.4, role="label", share=0.2)])  # now with a line height
    plan = _merge(lib, second, "j2", image="sha-2")
    assert plan.created == []
    body = next(t for t in plan.upserts if t.role == "body")
    assert body.value.font_size.px == 16 and body.value.line_height == 1.5  # measured first: kept
    assert body.provenance.job_ids == ["j1", "j2"] and [e.image for e in body.provenance.evidence] == ["sha-1", "sha-2"]
    label = next(t for t in plan.upserts if t.role == "label")
    assert label.value.line_height == 1.4 and label.enrichment["lineHeightMeasured"]  # gained, not changed


def test_a_style_outside_tolerance_is_a_new_token():
    lib = _apply([], _merge([], PAGE, "j1").upserts)
    plan = _merge(lib, TypographyResult(styles=[_style(17.2, lh=1.5, share=0.5)]), "j2", image="sha-2")
    (new,) = _by_type([t for t in plan.upserts if t.id in plan.created], TokenType.TYPOGRAPHY)
    assert new.value.font_size.px == 17.2 and new.name == "Text 17.2 Regular"


def test_replaying_a_job_plans_nothing():
    lib = _apply([], _merge([], PAGE, "j1").upserts)
    again = _merge(lib, PAGE, "j1")
    assert again.upserts == [] and sorted(again.token_ids) == sorted(t.id for t in lib)


def test_no_text_gives_no_typed_tokens():
    assert _merge([], TypographyResult(styles=[]), "j1").upserts == []
    assert _merge([], None, "j1").upserts == []


def test_a_named_face_upgrades_the_measured_family_of_its_class():
    lib = _apply([], _merge([], PAGE, "j1").upserts)
    named = TypographyResult(styles=[_style(16, role="body", family="Inter", source="claude", share=0.5)])
    plan = _merge(lib, named, "j2", image="sha-2")
    sans = next(t for t in plan.upserts if t.type is TokenType.FONT_FAMILY and t.value.family_class == "sans-serif")
    assert sans.value.named and sans.value.families[0] == "Inter" and sans.value.families[-1] == "sans-serif"
    body = next(t for t in plan.upserts if t.role == "body")
    assert body.value.font_family[0] == "Inter" and body.value.font_size.px == 16


def test_the_largest_claim_holds_a_text_role_and_a_locked_role_stays():
    lib = _apply([], _merge([], PAGE, "j1").upserts)
    # Another page whose body text (14 px) covers more: it takes "body" from the 16 px style.
    plan = _merge(lib, TypographyResult(styles=[_style(14, role="body", share=0.9)]), "j2", image="sha-2")
    lib = _apply(lib, plan.upserts)
    holders = [t for t in lib if t.role == "body"]
    assert len(holders) == 1 and holders[0].value.font_size.px == 14
    sixteen = next(t for t in lib if t.type is TokenType.TYPOGRAPHY and t.value.font_size.px == 16)
    lib = _apply(lib, reassign_roles(lib, {sixteen.id: "body"}))
    plan = _merge(lib, TypographyResult(styles=[_style(15, role="body", share=1.0)]), "j3", image="sha-3")
    lib = _apply(lib, plan.upserts)
    assert [t.id for t in lib if t.role == "body"] == [sixteen.id]  # a bigger claim does not move a locked role
    assert next(t for t in lib if t.id == sixteen.id).enrichment[ROLE_LOCK_KEY]


def test_roles_belong_to_their_type():
    lib = _apply([], _merge([], PAGE, "j1").upserts)
    body = next(t for t in lib if t.role == "body")
    with pytest.raises(ValueError):
        reassign_roles(lib, {body.id: "primary"})  # a color role
    weight = _by_type(lib, TokenType.FONT_WEIGHT)[0]
    with pytest.raises(ValueError):
        reassign_roles(lib, {weight.id: "body"})  # weights hold no role
    h1 = next(t for t in lib if t.role == "heading-1")
    changed = {t.id: t for t in reassign_roles(lib, {h1.id: "body"})}
    assert changed[h1.id].role == "body" and changed[body.id].role is None


def test_ids_and_names_are_unique_across_types():
    plan = _merge([], PAGE, "j1")
    assert len({t.id for t in plan.upserts}) == len(plan.upserts)
    assert len({t.name.casefold() for t in plan.upserts}) == len(plan.upserts)
    prefixes = {t.type: t.id[:4] for t in plan.upserts}
    assert prefixes == {TokenType.FONT_FAMILY: "fam_", TokenType.FONT_WEIGHT: "fwt_", TokenType.TYPOGRAPHY: "typ_"}


def test_styles_one_image_tells_apart_stay_apart_even_within_tolerance():
    # 12 and 13 px captions of one screenshot are two styles; a later image's 12.5 px lands on one of them.
    page = TypographyResult(styles=[_style(12, share=0.2), _style(13, share=0.1)])
    plan = _merge([], page, "j1")
    assert sorted(t.value.font_size.px for t in _by_type(plan.upserts, TokenType.TYPOGRAPHY)) == [12, 13]
    lib = _apply([], plan.upserts)
    again = _merge(lib, TypographyResult(styles=[_style(12.5, share=0.3)]), "j2", image="sha-2")
    assert again.created == [] or all(t.type is not TokenType.TYPOGRAPHY for t in again.upserts
                                       if t.id in again.created)
