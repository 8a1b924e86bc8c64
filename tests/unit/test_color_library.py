"""Library merge: dedupe, provenance, idempotency, ids, names, roles; reassign; theme."""
from __future__ import annotations

import pytest

from shared.color.conversions import delta_e_2000
from shared.domain.tokens import ColorValue, TokenType
from shared.library.colors import DEDUPE_DELTA_E, derive_schemes, derive_theme
from shared.library.draft import ROLE_LOCK_KEY, token_id
from shared.library.edits import reassign_roles
from shared.library.plan import plan_merge
from shared.color.naming import descriptive_name
from shared.color.scales import STEPS
from shared.domain.models import PaletteColor, Region

P = "proj-1"


def _pc(hex_, share, edge=0.0, **kw):
    return PaletteColor(hex=hex_, share=share, region=Region(edge_ratio=edge), **kw)


IMAGE_A = [_pc("#F8FAFC", 0.7, 0.05), _pc("#111827", 0.08, 0.9), _pc("#2563EB", 0.04, 0.3),
           _pc("#E2E8F0", 0.15, 0.2)]
IMAGE_B = [_pc("#2664EB", 0.1, 0.3, source="claude", role="primary", confidence=0.9),  # ≈ #2563EB
           _pc("#DC2626", 0.02, 0.3), _pc("#FFFFFF", 0.6, 0.05)]


def _merge(existing, incoming, job, image):
    return plan_merge(existing, incoming, project_id=P, job_id=job, image_sha256=image)


def _apply(lib, changed):
    """The library after writing `changed` (a plan's upserts or reassign_roles' result)."""
    by_id = {t.id: t for t in lib}
    by_id.update({t.id: t for t in changed})
    return list(by_id.values())


def test_first_merge_creates_one_token_per_color():
    plan = _merge([], IMAGE_A, "j1", "sha-a")
    assert len(plan.created) == len(IMAGE_A) == len(plan.upserts) and not plan.updated
    assert {t.hex for t in plan.upserts} == {c.hex for c in IMAGE_A}
    assert plan.token_ids == [plan.matches[c.hex] for c in IMAGE_A]
    for t in plan.upserts:
        assert t.project_id == P and t.provenance.job_ids == ["j1"] and t.provenance.images == ["sha-a"]
        assert t.enrichment["hex"] == t.hex and t.oklch
    assert len({t.name.casefold() for t in plan.upserts}) == len(plan.upserts)


def test_merging_the_same_job_twice_changes_nothing():
    lib = _apply([], _merge([], IMAGE_A, "j1", "sha-a").upserts)
    again = _merge(lib, IMAGE_A, "j1", "sha-a")
    assert again.upserts == [] and again.created == [] and again.updated == []
    assert sorted(again.token_ids) == sorted(t.id for t in lib)


def test_near_duplicates_merge_with_provenance():
    lib = _apply([], _merge([], IMAGE_A, "j1", "sha-a").upserts)
    assert delta_e_2000("#2563EB", "#2664EB") < DEDUPE_DELTA_E
    plan = _merge(lib, IMAGE_B, "j2", "sha-b")
    blue = next(t for t in _apply(lib, plan.upserts) if t.hex == "#2563EB")
    assert plan.matches["#2664EB"] == blue.id
    assert blue.provenance.job_ids == ["j1", "j2"] and blue.provenance.images == ["sha-a", "sha-b"]
    assert blue.provenance.share == pytest.approx(0.1)  # the max share seen in one image
    assert blue.provenance.sources == ["pixels", "claude"]
    assert blue.provenance.confidence == pytest.approx(1.0)
    assert blue.enrichment["evidence"]["aiRole"] == "primary"
    assert "#2664EB" not in {t.hex for t in plan.upserts}  # no new token for the near-duplicate
    assert plan.created == [plan.matches["#DC2626"]]
    # #FFFFFF is within ΔE2000 2 of #F8FAFC: it joins the background token.
    assert delta_e_2000("#FFFFFF", "#F8FAFC") < DEDUPE_DELTA_E
    assert plan.matches["#FFFFFF"] == next(t.id for t in lib if t.hex == "#F8FAFC")
    # Then merging B again is a no-op too.
    assert _merge(_apply(lib, plan.upserts), IMAGE_B, "j2", "sha-b").upserts == []


def test_duplicates_within_one_palette_collapse():
    plan = _merge([], [_pc("#2563EB", 0.2), _pc("#2664EB", 0.1)], "j1", "sha")
    assert len(plan.created) == 1
    assert plan.matches["#2563EB"] == plan.matches["#2664EB"]


@pytest.mark.parametrize("near, apart", [("#FCFBFB", True), ("#FBFCFD", False)])
def test_two_colors_of_one_image_from_delta_e_0_9_are_two_tokens(near, apart):
    """The extractor keeps two painted surfaces apart from ΔE 0.9 (a white card on a grey-50 page);
    the library does not merge what one image reported apart, under DEDUPE_DELTA_E or not."""
    d = delta_e_2000("#FFFFFF", near)
    assert (0.9 <= d < 0.92) if apart else (0.88 < d < 0.9)
    plan = _merge([], [_pc("#FFFFFF", 0.5), _pc(near, 0.4)], "j1", "sha")
    assert len(plan.created) == (2 if apart else 1)
    assert (plan.matches["#FFFFFF"] != plan.matches[near]) == apart


def test_a_same_image_pair_stays_two_tokens_when_the_library_holds_one_of_them():
    lib = _apply([], _merge([], IMAGE_A, "j1", "sha-a").upserts)  # #F8FAFC only
    slate = next(t.id for t in lib if t.hex == "#F8FAFC")
    assert delta_e_2000("#FFFFFF", "#F8FAFC") < DEDUPE_DELTA_E
    plan = _merge(lib, [_pc("#F8FAFC", 0.5), _pc("#FFFFFF", 0.45)], "j2", "sha-c")
    assert plan.matches["#F8FAFC"] == slate and plan.matches["#FFFFFF"] != slate
    assert plan.created == [plan.matches["#FFFFFF"]]
    after = _apply(lib, plan.upserts)
    # Again: a no-op. And another image's lone grey-50 joins the nearest of the two (the ΔE 2 rule).
    assert _merge(after, [_pc("#F8FAFC", 0.5), _pc("#FFFFFF", 0.45)], "j2", "sha-c").upserts == []
    other = _merge(after, [_pc("#F9FAFB", 0.6)], "j3", "sha-d")
    assert other.created == [] and other.matches["#F9FAFB"] == slate


def test_ids_are_deterministic_and_collision_safe():
    a = _merge([], IMAGE_A, "j1", "sha-a")
    b = _merge([], IMAGE_A, "j9", "sha-z")
    assert a.created == b.created
    tid = token_id(P, TokenType.COLOR, "#2563EB")
    assert tid == token_id(P, TokenType.COLOR, "#2563EB") != token_id("other", TokenType.COLOR, "#2563EB")
    assert token_id(P, TokenType.COLOR, "#2563EB", taken={tid}) not in {tid}
    # A token already holding that id with another hex (e.g. edited by hand) is not overwritten.
    lib = _apply([], _merge([], [_pc("#2563EB", 0.5)], "j1", "s").upserts)
    lib = [lib[0].model_copy(update={"value": ColorValue(hex="#00FF00")})]
    plan = _merge(lib, [_pc("#2563EB", 0.5)], "j2", "s2")
    assert plan.created and plan.created[0] != lib[0].id


def test_names_unique_against_existing_library():
    red_name = descriptive_name("#FF0000").name
    lib = _apply([], _merge([], [_pc("#2563EB", 0.5)], "j1", "s").upserts)
    lib = [lib[0].model_copy(update={"name": red_name.upper()})]  # renamed by a user
    plan = _merge(lib, [_pc("#FF0000", 0.5)], "j2", "s2")
    new = next(t for t in plan.upserts if t.id in plan.created)
    assert new.name.casefold() != red_name.casefold()


def test_roles_reassigned_across_library_but_locked_role_kept():
    lib = _apply([], _merge([], IMAGE_A, "j1", "sha-a").upserts)
    roles = {t.hex: t.role for t in lib}
    assert roles["#F8FAFC"] == "background" and roles["#111827"] == "text"
    grey = next(t for t in lib if t.hex == "#E2E8F0")
    lib = _apply(lib, reassign_roles(lib, {grey.id: "primary"}))
    plan = _merge(lib, IMAGE_B, "j2", "sha-b")
    final = {t.hex: t for t in _apply(lib, plan.upserts)}
    assert final["#E2E8F0"].role == "primary" and final["#E2E8F0"].enrichment[ROLE_LOCK_KEY] is True
    assert final["#2563EB"].role != "primary"  # AI said primary, but the user's lock wins


def test_reassign_roles_moves_the_role_and_returns_changed_tokens_only():
    lib = _apply([], _merge([], IMAGE_A, "j1", "sha-a").upserts)
    text = next(t for t in lib if t.role == "text")
    other = next(t for t in lib if t.hex == "#2563EB")
    changed = reassign_roles(lib, {other.id: "text"})
    by_id = {t.id: t for t in changed}
    assert set(by_id) == {text.id, other.id}
    assert by_id[other.id].role == "text" and by_id[other.id].enrichment[ROLE_LOCK_KEY]
    assert by_id[text.id].role is None
    assert reassign_roles(_apply(lib, changed), {other.id: "text"}) == []
    with pytest.raises(ValueError):
        reassign_roles(lib, {other.id: "hero"})
    with pytest.raises(KeyError):
        reassign_roles(lib, {"nope": "text"})


def test_derive_theme_for_export_bundle():
    lib = _apply([], _merge([], IMAGE_A + IMAGE_B[1:], "j1", "sha-a").upserts)
    scales, schemes = derive_theme(lib)
    # One image's #FFFFFF and #F8FAFC are two tokens (ΔE 1.62 ≥ 0.9); white has no tonal scale.
    assert {t.hex for t in lib} >= {"#FFFFFF", "#F8FAFC"}
    assert set(scales) == {t.id for t in lib if t.hex != "#FFFFFF"}
    assert all(list(s) == list(STEPS) for s in scales.values())
    assert set(schemes) == {"light", "dark"}
    assert schemes["light"]["background"] == "#F8FAFC"
    for s in derive_schemes(lib).values():
        assert all(p.passes for p in s.pairs)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_colors = st.lists(
    st.tuples(st.integers(0, 0xFFFFFF).map(lambda v: "#%06X" % v), st.floats(0.001, 1.0)),
    min_size=1, max_size=8,
)


@settings(max_examples=20, deadline=None)
@given(_colors, _colors)
def test_merge_properties_on_random_palettes(first, second):
    lib = _apply([], _merge([], [_pc(h, s) for h, s in first], "j1", "a").upserts)
    incoming = [_pc(h, s) for h, s in second]
    plan = _merge(lib, incoming, "j2", "b")
    after = {t.id: t for t in _apply(lib, plan.upserts)}
    # Every incoming color lands in a token within the dedupe distance that records this job.
    for c in incoming:
        t = after[plan.matches[c.hex]]
        assert delta_e_2000(c.hex, t.hex) < DEDUPE_DELTA_E
        assert "j2" in t.provenance.job_ids and "b" in t.provenance.images
        assert t.provenance.share >= c.share
    # Deterministic, idempotent, names unique, one token per role.
    assert _merge(lib, incoming, "j2", "b") == plan
    assert _merge(list(after.values()), incoming, "j2", "b").upserts == []
    names = [t.name.casefold() for t in after.values()]
    assert len(names) == len(set(names))
    roles = [t.role for t in after.values() if t.role]
    assert len(roles) == len(set(roles))
