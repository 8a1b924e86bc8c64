"""Color tokens in the library at their edges: the merge at ΔE2000 2.0 (pairs measured by coloraide,
not by our code), which evidence a merge keeps (the larger share's region, the surer AI role), the
contrast to the dominant color, and roles derived when no token has one yet."""
from __future__ import annotations

from coloraide import Color

from shared.domain.models import PaletteColor, Region
from shared.library.colors import assign_library_roles, derive_theme, library_roles
from shared.library.draft import ROLE_LOCK_KEY
from shared.library.plan import plan_merge
from shared.exporters import render
from shared.exporters.bundle import ExportBundle

P = "proj-edges"


def _pc(hex_, share, edge=0.0, **kw):
    return PaletteColor(hex=hex_, share=share, region=Region(edge_ratio=edge), **kw)


def _merge(existing, incoming, job="j1", image="img1"):
    return plan_merge(existing, incoming, project_id=P, job_id=job, image_sha256=image)


def _apply(lib, changed):
    by_id = {t.id: t for t in lib}
    by_id.update({t.id: t for t in changed})
    return list(by_id.values())


def _de(a, b):
    return Color(a).delta_e(Color(b), method="2000")


def test_colors_merge_under_delta_e_2_and_stay_apart_above_it():
    assert _de("#808080", "#7B7B7B") < 2.0 < _de("#808080", "#868686") < 2.5
    lib = _merge([], [_pc("#808080", 0.5)]).upserts
    inside = _merge(lib, [_pc("#7B7B7B", 0.4)], job="j2", image="img2")
    assert inside.created == [] and inside.matches == {"#7B7B7B": lib[0].id}
    outside = _merge(lib, [_pc("#868686", 0.4)], job="j2", image="img2")
    assert len(outside.created) == 1
    # Two greys a design system keeps apart (ΔE ≈ 2.5) are two tokens.
    far = "#878787"
    assert 2.4 < _de("#808080", far) < 2.9
    assert len(_merge(lib, [_pc(far, 0.4)], job="j2", image="img2").created) == 1


def test_one_palette_collapses_its_own_near_duplicates_into_the_larger_share():
    """Under ΔE 0.9 (what the extractor never keeps apart); from 0.9 one image's two colors are two
    tokens even under ΔE 2 (a white card on a grey-50 page: test_color_library.py)."""
    assert _de("#808080", "#7E7E7E") < 0.9 < _de("#808080", "#7B7B7B") < 2.0
    plan = _merge([], [_pc("#7E7E7E", 0.1), _pc("#808080", 0.6)])
    assert len(plan.created) == 1 and plan.upserts[0].hex == "#808080"
    assert plan.matches == {"#7E7E7E": plan.upserts[0].id, "#808080": plan.upserts[0].id}
    assert len(_merge([], [_pc("#7B7B7B", 0.1), _pc("#808080", 0.6)]).created) == 2


def test_a_merge_keeps_the_larger_shares_region_and_the_largest_share_and_confidence():
    first = _merge([], [PaletteColor(hex="#2563EB", share=0.10, confidence=0.6, region=Region(x0=0.1, edge_ratio=0.3))]).upserts
    smaller = _merge(first, [PaletteColor(hex="#2664EB", share=0.05, confidence=0.9, source="claude",
                                          region=Region(x0=0.7, edge_ratio=0.9))], job="j2", image="img2").upserts[0]
    assert smaller.enrichment["evidence"]["region"]["x0"] == 0.1       # the 10 % sighting still speaks
    assert smaller.provenance.share == 0.10 and smaller.provenance.confidence == 0.9
    assert smaller.provenance.sources == ["pixels", "claude"] and smaller.provenance.job_ids == ["j1", "j2"]
    assert smaller.provenance.images == ["img1", "img2"]
    larger = _merge(first, [PaletteColor(hex="#2664EB", share=0.30, region=Region(x0=0.5))], job="j3",
                    image="img3").upserts[0]
    assert larger.enrichment["evidence"]["region"]["x0"] == 0.5 and larger.provenance.share == 0.30


def test_the_surer_ai_role_is_the_evidence_kept():
    lib = _merge([], [_pc("#2563EB", 0.1, source="claude", role="primary", confidence=0.6, name="Brand")]).upserts
    ev = lib[0].enrichment["evidence"]
    assert (ev["aiRole"], ev["aiConfidence"], ev["aiName"]) == ("primary", 0.6, "Brand")
    unsure = _merge(lib, [_pc("#2563EB", 0.1, source="openai", role="accent", confidence=0.5)], job="j2").upserts[0]
    assert unsure.enrichment["evidence"]["aiRole"] == "primary"
    surer = _merge(lib, [_pc("#2563EB", 0.1, source="openai", role="accent", confidence=0.7)], job="j2").upserts[0]
    assert (surer.enrichment["evidence"]["aiRole"], surer.enrichment["evidence"]["aiConfidence"]) == ("accent", 0.7)
    assert surer.enrichment["evidence"]["aiName"] == "Brand"  # no new name given: the old one stays


def test_new_tokens_measure_their_distance_to_the_dominant_color_of_library_and_image():
    lib = _merge([], [_pc("#FFFFFF", 0.8), _pc("#111827", 0.2)]).upserts
    plan = _merge(lib, [_pc("#2563EB", 0.6)], job="j2", image="img2")
    new = next(t for t in plan.upserts if t.hex == "#2563EB")
    # The library's white (share 0.8) outweighs the new image's blue (0.6): distances are to white.
    assert new.enrichment["deltaEToDominant"] == round(_de("#2563EB", "#FFFFFF"), 2)
    alone = _merge([], [_pc("#2563EB", 0.6), _pc("#DC2626", 0.3)]).upserts
    red = next(t for t in alone if t.hex == "#DC2626")
    assert abs(red.enrichment["deltaEToDominant"] - _de("#DC2626", "#2563EB")) < 0.02
    assert next(t for t in alone if t.hex == "#2563EB").enrichment["deltaEToDominant"] == 0.0


def test_roles_are_derived_when_no_color_token_has_one():
    lib = _apply([], _merge([], [_pc("#FFFFFF", 0.7, 0.05), _pc("#111827", 0.1, 0.9), _pc("#2563EB", 0.05, 0.3)]).upserts)
    stripped = [t.model_copy(update={"role": None}) for t in lib]
    roles = library_roles(stripped)
    assert roles and roles == library_roles(assign_library_roles(stripped))
    assert roles.get("background") == "#FFFFFF"


def test_the_more_prominent_token_holds_a_role():
    lib = _apply([], _merge([], [_pc("#FFFFFF", 0.7, 0.05), _pc("#111827", 0.1, 0.9)]).upserts)
    white = next(t for t in lib if t.hex == "#FFFFFF")
    roles = library_roles([t.model_copy(update={"role": "background"}) if t.id == white.id else t for t in lib])
    assert roles["background"] == "#FFFFFF"


def test_an_equal_share_or_an_equally_sure_role_does_not_replace_the_evidence():
    first = _merge([], [PaletteColor(hex="#2563EB", share=0.10, confidence=0.6, source="claude", role="primary",
                                     region=Region(x0=0.1))]).upserts
    again = _merge(first, [PaletteColor(hex="#2563EB", share=0.10, confidence=0.6, source="openai", role="accent",
                                        region=Region(x0=0.9))], job="j2", image="img2").upserts[0]
    ev = again.enrichment["evidence"]
    assert ev["region"]["x0"] == 0.1 and ev["aiRole"] == "primary"


def test_one_token_per_hex_holds_the_role_the_most_prominent():
    lib = _apply([], _merge([], [_pc("#FFFFFF", 0.7, 0.05), _pc("#111827", 0.1, 0.9), _pc("#2563EB", 0.05, 0.3)]).upserts)
    white = next(t for t in lib if t.hex == "#FFFFFF")
    twin = white.model_copy(update={"id": white.id + "x", "provenance": white.provenance.model_copy(update={"share": 0.2})})
    out = {t.id: t for t in assign_library_roles(lib + [twin])}
    assert out[white.id].role is not None and out[twin.id].role is None


def test_two_tokens_claiming_a_role_the_larger_share_wins():
    lib = _apply([], _merge([], [_pc("#FFFFFF", 0.7, 0.05), _pc("#2563EB", 0.2, 0.3), _pc("#DC2626", 0.1, 0.3)]).upserts)
    both = [t.model_copy(update={"role": "primary"}) if t.hex in ("#2563EB", "#DC2626") else t for t in lib]
    assert library_roles(both)["primary"] == "#2563EB"


def test_other_types_pass_role_assignment_unchanged_and_a_lock_without_role_locks_nothing():
    from shared.exporters.sample import typed_tokens

    others = [t for t in typed_tokens(P) if not t.is_color]
    lib = _apply([], _merge([], [_pc("#FFFFFF", 0.7, 0.05), _pc("#111827", 0.1, 0.9)]).upserts)
    out = assign_library_roles(lib + others)
    assert out[len(lib):] == others
    white = next(t for t in lib if t.hex == "#FFFFFF")
    locked_empty = [t.model_copy(update={"enrichment": {**t.enrichment, ROLE_LOCK_KEY: True}, "role": None})
                    if t.id == white.id else t for t in lib]
    again = {t.id: t for t in assign_library_roles(locked_empty)}
    assert again[white.id].role is None  # locked: left as it is
    assert library_roles(locked_empty) == library_roles(assign_library_roles(locked_empty))


def test_no_color_tokens_no_theme():
    assert derive_theme([]) == ({}, {})


def test_white_and_black_get_no_tonal_scale_and_the_colours_just_past_them_do():
    """White (OKLCH L ≥ 0.995) and black (L ≤ 0.08), chroma under 0.01, are `white` / `black` by name;
    their scale would be a grey ramp named after them (`--color-white-900`, a dark grey). The colours
    just past those lines are greys of the neutral family and keep their scales."""
    hexes = {"#FFFFFF": False, "#FEFEFE": False, "#FDFDFD": True,  # L 1.0, 0.997, 0.994
             "#000000": False, "#020202": True, "#2563EB": True}  # L 0.0, 0.085; a blue
    for h in hexes:
        L, C = Color(h).convert("oklch")["lightness"], Color(h).convert("oklch")["chroma"]
        assert C < 0.01 or h == "#2563EB"
        assert (L >= 0.995 or L <= 0.08) is (not hexes[h]) or h == "#2563EB", (h, L)
    for h, has_scale in hexes.items():  # one library each: the merge would fold these near pairs
        lib = _apply([], _merge([], [_pc(h, 0.5), _pc("#DC2626", 0.2)]).upserts)
        scales, schemes = derive_theme(lib)
        assert {t.hex: t.id in scales for t in lib} == {h: has_scale, "#DC2626": True}, h
        assert schemes  # the schemes still see every colour
    lib = _apply([], _merge([], [_pc("#FFFFFF", 0.5), _pc("#000000", 0.2)]).upserts)
    scales, schemes = derive_theme(lib)
    exported = render("css", ExportBundle(P, "Edges", lib, scales=scales, schemes=schemes)).body.decode()
    assert "--color-white:" in exported and "--color-white-900" not in exported and "--color-white-50" not in exported


def test_the_role_view_keeps_each_hex_once_from_its_most_prominent_token_most_prominent_first():
    from shared.library.colors import _palette_view

    lib = _apply([], _merge([], [_pc("#FFFFFF", 0.7, 0.05), _pc("#111827", 0.1, 0.9), _pc("#2563EB", 0.3, 0.3)]).upserts)
    white = next(t for t in lib if t.hex == "#FFFFFF")
    # A second, less prominent token of the same hex, with other evidence: the view reads the first.
    twin = white.model_copy(update={"id": "col_0twin", "provenance": white.provenance.model_copy(update={"share": 0.2}),
                                    "enrichment": {**white.enrichment, "evidence": {"region": {"edge_ratio": 0.9}}}})
    palette, locked = _palette_view(lib + [twin])
    assert [(p.hex, p.share) for p in palette] == [("#FFFFFF", 0.7), ("#2563EB", 0.3), ("#111827", 0.1)]
    assert palette[0].region.edge_ratio == 0.05 and locked == {}


def test_the_role_view_holds_shares_to_0_1_and_a_stored_share_outside_breaks_nothing():
    """Provenance.share is a plain float (a stored token may predate the rule); a palette color's share
    is 0–1, so the view clamps: 1.3 → 1.0, -0.2 → 0.0, 0.45 as it is."""
    from shared.library.colors import _palette_view

    lib = _apply([], _merge([], [_pc("#FFFFFF", 0.7, 0.05), _pc("#111827", 0.1, 0.9), _pc("#2563EB", 0.3, 0.3)]).upserts)
    shares = {"#FFFFFF": 1.3, "#111827": -0.2, "#2563EB": 0.45}
    odd = [t.model_copy(update={"provenance": t.provenance.model_copy(update={"share": shares[t.hex]})}) for t in lib]
    palette, _ = _palette_view(odd)
    assert {p.hex: p.share for p in palette} == {"#FFFFFF": 1.0, "#111827": 0.0, "#2563EB": 0.45}
    assert len(assign_library_roles(odd)) == 3


def test_a_role_without_the_lock_is_derived_again():
    lib = _apply([], _merge([], [_pc("#FFFFFF", 0.7, 0.05), _pc("#111827", 0.1, 0.9)]).upserts)
    derived = {t.hex: t.role for t in assign_library_roles(lib)}
    assert derived["#FFFFFF"] == "background"
    stale = [t.model_copy(update={"role": "accent"}) if t.hex == "#FFFFFF" else t for t in lib]  # no roleLocked
    again = {t.hex: t.role for t in assign_library_roles(stale)}
    assert again == derived
    locked = [t.model_copy(update={"role": "accent", "enrichment": {**t.enrichment, ROLE_LOCK_KEY: True}})
              if t.hex == "#FFFFFF" else t for t in lib]
    assert {t.hex: t.role for t in assign_library_roles(locked)}["#FFFFFF"] == "accent"
