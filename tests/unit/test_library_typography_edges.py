"""Typography in the library at its edges (shared/library/typography.py): weight names by the CSS
font-weight keywords (100 Thin … 900 Black), evidence capped at the first 8 images and 12 boxes
each, and the role claims of later images (the larger share takes the role; an AI role is kept)."""
from __future__ import annotations

import pytest

from shared.domain.tokens import Box, TokenType
from shared.domain.typography import TextStyle, TypographyResult
from shared.library.plan import plan_merge
from shared.library.typography import weight_name

P = "proj-te"


def _style(size, weight=400, lh=1.5, role=None, share=0.1, cls="sans-serif", family=None, boxes=1,
           source="pixels", confidence=None):
    return TextStyle(font_size=size, font_weight=weight, line_height=lh, role=role, share=share, family_class=cls,
                     family=family, lines=boxes, color="#111827", source=source,
                     confidence={"fontSize": 0.9, "fontWeight": 0.8, "family": 0.7} if confidence is None
                     else confidence,
                     boxes=[Box(x=10, y=20 * i, w=300, h=int(size)) for i in range(boxes)])


def _merge(existing, styles, job, image):
    return plan_merge(existing, [], project_id=P, job_id=job, image_sha256=image,
                      typography_result=TypographyResult(styles=styles))


def _apply(lib, changed):
    by_id = {t.id: t for t in lib}
    by_id.update({t.id: t for t in changed})
    return list(by_id.values())


@pytest.mark.parametrize("weight,name", [
    (100, "Thin"), (200, "Extra Light"), (300, "Light"), (400, "Regular"), (500, "Medium"),
    (600, "Semibold"), (700, "Bold"), (800, "Extra Bold"), (900, "Black"), (450, "Weight 450"),
])
def test_a_weight_is_named_by_its_css_keyword(weight, name):
    assert weight_name(weight) == name
    plan = _merge([], [_style(16, weight)], "j1", "img-1")
    [w] = [t for t in plan.upserts if t.type is TokenType.FONT_WEIGHT]
    assert (w.name, w.value.value) == (name, weight)


def _page():
    return _merge([], [_style(16.456, 400, lh=1.23456, role="body", share=0.61234567, confidence={"fontSize": 0.9}),
                       _style(32, 700, lh=None, role="heading-1", share=0.2, family="Inter", source="claude")],
                  "j1", "img-1")


def test_a_style_is_stored_rounded_with_its_id_and_role_claim():
    by_name = {t.name: t for t in _page().upserts}
    body = by_name["Body"]
    # Stored ids: a change to the style key would orphan every user's typography tokens.
    assert body.id == "typ_bd6d8fb489e55880060c" and by_name["Heading 1"].id == "typ_59b49c2d1b8f71729aa7"
    assert (body.value.font_size.px, body.value.line_height) == (16.46, 1.235)  # 0.01 px, 0.001
    assert body.enrichment["evidence"] == {"role": "body", "roleShare": 0.6123}  # pixels: no aiRole
    assert by_name["Heading 1"].enrichment["evidence"] == {"role": "heading-1", "roleShare": 0.2,
                                                           "aiRole": "heading-1"}
    assert body.enrichment["lineHeightMeasured"] and not by_name["Heading 1"].enrichment["lineHeightMeasured"]


def test_a_weight_or_family_without_its_own_confidence_counts_0_5_and_the_surest_wins():
    by_name = {t.name: t for t in _page().upserts}
    assert by_name["Regular"].provenance.confidence == 0.5  # the 16 px style gave no fontWeight confidence
    assert by_name["Bold"].provenance.confidence == 0.8
    sans = by_name["Sans"]
    assert sans.value.families == ["Inter", "ui-sans-serif", "system-ui", "sans-serif"] and sans.value.named
    assert (sans.provenance.confidence, sans.provenance.share) == (0.7, 0.61234567)
    assert sans.provenance.sources == ["pixels", "claude"]
    assert by_name["Heading 1"].provenance.sources == ["claude"]


@pytest.mark.parametrize("share,role", [(0.6123, "label"), (0.6122, "body")])
def test_a_later_image_takes_a_styles_role_with_an_equal_or_larger_share_only(share, role):
    lib = _apply([], _page().upserts)
    body_id = next(t.id for t in lib if t.name == "Body")
    plan = _merge(lib, [_style(16.5, 400, lh=1.23456, role="label", share=share)], "j2", "img-2")
    body = next(t for t in plan.upserts if t.id == body_id)
    assert plan.created == []
    assert body.enrichment["evidence"]["role"] == role and body.role == role
    assert "aiRole" not in body.enrichment["evidence"]


def test_letter_spacing_is_stored_to_a_hundredth_of_a_px_and_families_and_weights_keep_no_boxes():
    plan = _merge([], [TextStyle(font_size=16, font_weight=400, letter_spacing=0.456, share=0.5,
                                 boxes=[Box(x=0, y=0, w=100, h=16)])], "j1", "img-1")
    [style] = [t for t in plan.upserts if t.type is TokenType.TYPOGRAPHY]
    assert style.value.letter_spacing.px == 0.46
    assert [len(e.boxes) for e in style.provenance.evidence] == [1]
    assert all(t.provenance.evidence == [] for t in plan.upserts if t.type is not TokenType.TYPOGRAPHY)


def test_a_style_keeps_the_boxes_of_its_first_8_images_and_lists_every_image():
    lib = []
    for i in range(1, 10):
        lib = _apply(lib, _merge(lib, [_style(16, role="body", share=0.5, boxes=2)], f"j{i}", f"img-{i}").upserts)
    [body] = [t for t in lib if t.type is TokenType.TYPOGRAPHY]
    assert [e.image for e in body.provenance.evidence] == [f"img-{i}" for i in range(1, 9)]
    assert body.provenance.images == [f"img-{i}" for i in range(1, 10)]


def test_two_named_faces_of_one_class_are_two_family_tokens():
    plan = _merge([], [_style(16, family="Inter", source="claude", share=0.5),
                       _style(14, family="Roboto", source="claude", share=0.3)], "j1", "img-1")
    fams = [t for t in plan.upserts if t.type is TokenType.FONT_FAMILY]
    assert [(t.name, t.value.families[0], t.provenance.share) for t in fams] == [("Inter", "Inter", 0.5),
                                                                                 ("Roboto", "Roboto", 0.3)]


def _families(plan):
    return [t for t in plan.upserts if t.type is TokenType.FONT_FAMILY]


def _library_of(*pages):
    """Family tokens made each on its own (as a library edited or merged over time may hold them)."""
    lib = []
    for i, styles in enumerate(pages):
        lib = _apply(lib, _merge([], styles, f"seed{i}", f"seed-img-{i}").upserts)
    return lib


def test_a_named_face_lands_on_its_named_token_before_a_more_used_unnamed_one():
    lib = _library_of([_style(16, share=0.9)], [_style(16, family="Inter", source="claude", share=0.1)])
    plan = _merge(lib, [_style(16, family="Inter", source="claude", share=0.2)], "j3", "img-3")
    [fam] = [t for t in _families(plan) if "j3" in t.provenance.job_ids]
    assert (fam.name, fam.provenance.job_ids) == ("Inter", ["seed1", "j3"])


def test_an_unnamed_face_lands_on_the_most_used_token_of_its_class():
    lib = _library_of([_style(16, family="Inter", source="claude", share=0.1)],
                      [_style(16, family="Roboto", source="claude", share=0.5)])
    [fam] = [t for t in _families(_merge(lib, [_style(16, share=0.2)], "j3", "img-3")) if "j3" in t.provenance.job_ids]
    assert (fam.name, fam.value.families[0]) == ("Roboto", "Roboto")


def test_a_named_token_keeps_its_stack_when_the_face_comes_again_with_other_fallbacks():
    lib = _library_of([_style(16, family="Inter", source="claude", share=0.3)])
    again = _style(16, family="Inter", source="claude", share=0.3).model_copy(update={"fallbacks": ["Arial"]})
    [fam] = [t for t in _families(_merge(lib, [again], "j2", "img-2")) if "j2" in t.provenance.job_ids]
    assert fam.value.families == ["Inter", "ui-sans-serif", "system-ui", "sans-serif"]


def test_two_faces_with_equal_shares_and_a_weights_share_is_the_sum_of_its_styles():
    plan = _merge([], [_style(16, family="Roboto", source="claude", share=0.3),
                       _style(14, family="Inter", source="claude", share=0.3)], "j1", "img-1")
    assert sorted(t.name for t in _families(plan)) == ["Inter", "Roboto"]
    [w] = [t for t in plan.upserts if t.type is TokenType.FONT_WEIGHT]
    assert w.provenance.share == 0.6


def test_a_named_style_keeps_its_stack_when_the_face_comes_again_with_other_fallbacks():
    lib = _library_of([_style(16, family="Inter", source="claude", share=0.3)])
    again = _style(16, family="Inter", source="claude", share=0.3).model_copy(update={"fallbacks": ["Arial"]})
    plan = _merge(lib, [again], "j2", "img-2")
    [style] = [t for t in plan.upserts if t.type is TokenType.TYPOGRAPHY]
    assert plan.created == []
    assert style.value.font_family == ["Inter", "ui-sans-serif", "system-ui", "sans-serif"]


def test_a_style_as_near_to_two_tokens_lands_on_the_more_used():
    lib = _apply([], _merge([], [_style(15.5, share=0.1), _style(16.5, share=0.4)], "j1", "img-1").upserts)
    plan = _merge(lib, [_style(16, share=0.2)], "j2", "img-2")
    [style] = [t for t in plan.upserts if t.type is TokenType.TYPOGRAPHY and "j2" in t.provenance.job_ids]
    assert plan.created == [] and style.value.font_size.px == 16.5


def test_a_replayed_job_without_text_matches_only_its_colors():
    from shared.domain.models import PaletteColor

    pal = [PaletteColor(hex="#2563EB", share=0.5)]
    lib = _apply([], plan_merge([], pal, project_id=P, job_id="j1", image_sha256="img-1",
                                typography_result=TypographyResult(styles=[_style(16)])).upserts)
    again = plan_merge(lib, pal, project_id=P, job_id="j1", image_sha256="img-1", typography_result=None)
    assert again.upserts == [] and list(again.matches) == ["#2563EB"]


def test_a_family_without_its_own_confidence_counts_0_5():
    plan = _merge([], [_style(16, confidence={"fontSize": 0.9})], "j1", "img-1")
    [fam] = _families(plan)
    assert fam.provenance.confidence == 0.5


@pytest.mark.parametrize("lines, kept", [(12, 12), (13, 12)])
def test_a_style_keeps_at_most_12_boxes_of_an_image_the_first_ones(lines, kept):
    plan = _merge([], [_style(16, role="body", share=0.5, boxes=lines)], "j1", "img-1")
    [style] = [t for t in plan.upserts if t.type is TokenType.TYPOGRAPHY]
    [ev] = style.provenance.evidence
    assert [b.y for b in ev.boxes] == [20 * i for i in range(kept)]


def test_a_line_height_first_seen_later_is_gained_and_marked_measured_but_never_changed():
    lib = _apply([], _merge([], [_style(16, lh=None, role="body", share=0.5)], "j1", "img-1").upserts)
    [style] = [t for t in lib if t.type is TokenType.TYPOGRAPHY]
    assert style.value.line_height is None and style.enrichment["lineHeightMeasured"] is False
    lib = _apply(lib, _merge(lib, [_style(16, lh=1.5, role="body", share=0.5)], "j2", "img-2").upserts)
    [style] = [t for t in lib if t.type is TokenType.TYPOGRAPHY]
    assert style.value.line_height == 1.5 and style.enrichment["lineHeightMeasured"] is True
    lib = _apply(lib, _merge(lib, [_style(16, lh=1.55, role="body", share=0.5)], "j3", "img-3").upserts)
    [style] = [t for t in lib if t.type is TokenType.TYPOGRAPHY]
    assert style.value.line_height == 1.5 and style.provenance.job_ids == ["j1", "j2", "j3"]


def test_a_replayed_job_matches_its_typed_tokens_in_a_stable_order():
    from shared.domain.models import PaletteColor

    pal = [PaletteColor(hex="#2563EB", share=0.5)]
    styles = [_style(16, role="body", share=0.5), _style(24, 700, role="heading-1", share=0.2, family="Inter",
                                                         source="claude")]
    first = plan_merge([], pal, project_id=P, job_id="j1", image_sha256="img-1",
                       typography_result=TypographyResult(styles=styles))
    lib = _apply([], first.upserts)
    typed = sorted((t for t in lib if t.type is not TokenType.COLOR), key=lambda t: (t.type.value, t.id))
    order = {TokenType.FONT_FAMILY: 0, TokenType.FONT_WEIGHT: 1, TokenType.TYPOGRAPHY: 2}
    expected = [f"{t.type.value}:{t.id}" for t in sorted(typed, key=lambda t: (order[t.type], t.id))]
    for replay in (TypographyResult(styles=styles), TypographyResult(styles=[])):
        again = plan_merge(lib, pal, project_id=P, job_id="j1", image_sha256="img-1", typography_result=replay)
        assert again.upserts == []
        assert list(again.matches) == ["#2563EB", *expected]
        assert [again.matches[k] for k in expected] == [k.split(":", 1)[1] for k in expected]


def _typography(lib):
    return sorted((t for t in lib if t.type is TokenType.TYPOGRAPHY), key=lambda t: t.value.font_size.px)


def _with_evidence(t, **ev):
    return t.model_copy(update={"enrichment": {**t.enrichment, "evidence": ev}})


def test_equal_claims_on_a_role_go_to_the_smaller_id_and_each_token_holds_one_role():
    from shared.library.typography import assign_text_roles

    lib = _apply([], _merge([], [_style(14, share=0.3), _style(18, share=0.3)], "j1", "img-1").upserts)
    a, b = _typography(lib)
    claims = [_with_evidence(a, role="body", roleShare=0.3), _with_evidence(b, role="body", roleShare=0.3)]
    first = min(claims, key=lambda t: t.id)
    assert [(t.id, t.role) for t in assign_text_roles(claims) if t.role] == [(first.id, "body")]
    # The larger claim wins whatever the ids; the other token is left without a role.
    bigger = [_with_evidence(a, role="body", roleShare=0.31), _with_evidence(b, role="body", roleShare=0.3)]
    assert [(t.id, t.role) for t in assign_text_roles(bigger) if t.role] == [(a.id, "body")]


def test_an_ai_role_outranks_the_pixels_role_and_a_claim_without_its_share_counts_the_tokens():
    from shared.library.typography import assign_text_roles

    lib = _apply([], _merge([], [_style(14, share=0.3), _style(18, share=0.2)], "j1", "img-1").upserts)
    a, b = _typography(lib)
    # a: the pixels said "label", the AI "caption"; b claims "label" with a smaller share.
    out = {t.id: t.role for t in assign_text_roles([_with_evidence(a, role="label", aiRole="caption", roleShare=0.3),
                                                     _with_evidence(b, role="label", roleShare=0.2)])}
    assert out == {a.id: "caption", b.id: "label"}
    # No roleShare recorded (documents from before it): the token's own share (0.3 vs 0.2) decides.
    out = {t.id: t.role for t in assign_text_roles([_with_evidence(a, role="body"), _with_evidence(b, role="body")])}
    assert out == {a.id: "body", b.id: None}


def test_a_locked_token_keeps_its_role_claims_nothing_else_and_its_role_is_nobody_elses():
    from shared.library.draft import ROLE_LOCK_KEY
    from shared.library.typography import assign_text_roles

    lib = _apply([], _merge([], [_style(14, share=0.3), _style(18, share=0.2), _style(24, share=0.1)],
                            "j1", "img-1").upserts)
    a, b, c = _typography(lib)
    locked = _with_evidence(b, role="body", roleShare=0.9).model_copy(
        update={"role": "caption", "enrichment": {**b.enrichment, "evidence": {"role": "body", "roleShare": 0.9},
                                                  ROLE_LOCK_KEY: True}})
    out = assign_text_roles([_with_evidence(a, role="caption", roleShare=0.5), locked,
                             _with_evidence(c, role="body", roleShare=0.1)])
    roles = {t.id: t.role for t in out}
    # The locked token keeps "caption" (its own claim on "body" is ignored), "caption" goes to nobody
    # else, and "body" goes to the only other claim.
    assert roles == {a.id: None, b.id: "caption", c.id: "body"}
    assert next(t for t in out if t.id == b.id) is locked
