"""Color token names: family (blue-700, OKLCH), role, descriptive; unique, stable, renames win."""
from __future__ import annotations

import pytest

from shared.color.conversions import oklch_coords, oklch_to_hex
from shared.color.family_names import NEUTRAL_CHROMA, family_candidates, family_name
from shared.color.naming import descriptive_name
from shared.color.scales import LIGHTNESS
from shared.config import ConfigError, settings
from shared.domain.models import PaletteColor, Region
from shared.exporters.dtcg import _description
from shared.library.color_names import name_colors
from shared.library.draft import NAME_LOCK_KEY
from shared.library.plan import plan_merge

P = "proj-names"


def _pc(hex_: str, share: float, **kw) -> PaletteColor:
    return PaletteColor(hex=hex_, share=share, region=Region(edge_ratio=0.2), **kw)


def _merge(existing, incoming, job="job-1", image="img-1", style="family"):
    return plan_merge(existing, incoming, project_id=P, job_id=job, image_sha256=image, color_names=style)


@pytest.mark.parametrize("hex_,name", [
    ("#2563EB", "blue-600"), ("#1E3A8A", "blue-800"), ("#DC2626", "red-600"), ("#16A34A", "green-500"),
    ("#7C3AED", "violet-600"), ("#64748B", "slate-600"), ("#78716C", "stone-600"), ("#737373", "neutral-600"),
    ("#FFFFFF", "white"), ("#000000", "black")])
def test_family_names_of_familiar_colours(hex_, name):
    # Families as Tailwind names them; steps are our tonal scales' (Tailwind's green-600 sits at our 500).
    assert family_name(hex_) == name


def test_step_is_the_tonal_scale_step_nearest_in_oklch_lightness():
    # The same hue at each step's lightness target is named with that step.
    for step, l in LIGHTNESS.items():
        hex_ = oklch_to_hex(l, 0.12 if 0.3 < l < 0.95 else 0.05, 260.0)
        assert family_name(hex_).endswith(f"-{step}"), (step, hex_, family_name(hex_))


def test_neutral_below_the_chroma_threshold_chromatic_above():
    # At the 500 step the threshold is NEUTRAL_CHROMA (0.05): just under is a grey family, just over blue.
    under, over = oklch_to_hex(0.63, NEUTRAL_CHROMA - 0.004, 255.0), oklch_to_hex(0.63, NEUTRAL_CHROMA + 0.004, 255.0)
    assert oklch_coords(under)[1] < NEUTRAL_CHROMA < oklch_coords(over)[1]  # still on their sides once in hex
    assert family_name(under) == "slate-500"
    assert family_name(over) == "blue-500"


def test_candidates_go_finer_then_stay_in_family():
    cands = family_candidates("#3B82F6")
    assert cands[0] == "blue-500" and all(c.startswith("blue-") for c in cands) and len(set(cands)) == len(cands)


def test_default_style_names_by_family_and_keeps_the_evocative_name_as_description():
    plan = _merge([], [_pc("#2563EB", 0.1), _pc("#F8FAFC", 0.8)])
    names = {t.hex: t.name for t in plan.upserts}
    assert names == {"#2563EB": "blue-600", "#F8FAFC": family_name("#F8FAFC")}
    blue = next(t for t in plan.upserts if t.hex == "#2563EB")
    assert blue.enrichment["name"] == descriptive_name("#2563EB").name
    assert _description(blue).startswith(descriptive_name("#2563EB").name)


def test_same_step_colours_get_distinct_finer_names_and_keep_them_as_the_library_grows():
    a, b = "#2563EB", "#3B6FE0"  # both blue-600, ΔE2000 4.2 apart (two tokens)
    assert family_name(a) == family_name(b)
    lib = _merge([], [_pc(a, 0.2), _pc(b, 0.1)]).upserts
    first = {t.hex: t.name for t in lib}
    assert first[a] == "blue-600" and first[b] != "blue-600" and first[b].startswith("blue-")
    # A later, more prominent colour of the same step does not take a name already given.
    c = "#2F5FD0"  # blue-600 too, ΔE 3.5 from a
    plan = _merge(lib, [_pc(c, 0.9)], job="job-2", image="img-2")
    after = {t.id: t for t in lib} | {t.id: t for t in plan.upserts}
    names = {t.hex: t.name for t in after.values()}
    assert names[a] == first[a] and names[b] == first[b]
    assert len({n.casefold() for n in names.values()}) == len(names)


def test_same_input_same_names():
    incoming = [_pc("#2563EB", 0.1), _pc("#DC2626", 0.05), _pc("#111827", 0.1), _pc("#F8FAFC", 0.7)]
    once = sorted((t.id, t.name) for t in _merge([], incoming).upserts)
    again = sorted((t.id, t.name) for t in _merge([], incoming).upserts)
    assert once == again


def test_a_rename_through_library_wins_in_every_style():
    lib = _merge([], [_pc("#2563EB", 0.1), _pc("#F8FAFC", 0.8)]).upserts
    blue = next(t for t in lib if t.hex == "#2563EB")
    renamed = blue.model_copy(update={"name": "brand", "enrichment": {**blue.enrichment, NAME_LOCK_KEY: True}})
    lib = [renamed if t.id == blue.id else t for t in lib]
    for style in ("family", "role", "descriptive"):
        out = {t.id: t.name for t in name_colors(lib, style)}
        assert out[blue.id] == "brand"


def test_role_style_uses_the_role_where_known_and_family_elsewhere():
    plan = _merge([], [_pc("#2563EB", 0.1, role="primary", confidence=0.95, source="claude"),
                       _pc("#F8FAFC", 0.8), _pc("#7C3AED", 0.01)], style="role")
    by_hex = {t.hex: t for t in plan.upserts}
    assert by_hex["#2563EB"].role == "primary" and by_hex["#2563EB"].name == "primary"
    for t in plan.upserts:
        assert t.name == t.role or t.name.split("-")[0] in family_name(t.hex)


def test_descriptive_style_is_todays_evocative_name():
    plan = _merge([], [_pc("#2563EB", 0.1)], style="descriptive")
    assert plan.upserts[0].name == descriptive_name("#2563EB").name


def test_unknown_style_is_refused(monkeypatch):
    with pytest.raises(ValueError):
        name_colors([], "pantone")
    # Production settings, whatever the test session's stack put in the environment.
    for var in ("COPYTHAT_ENV", "FIREBASE_AUTH_EMULATOR_HOST", "FIRESTORE_EMULATOR_HOST", "STORAGE_EMULATOR_HOST",
                "PUBSUB_EMULATOR_HOST", "K_SERVICE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COPYTHAT_COLOR_NAMES", "pantone")
    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "p")
    settings.cache_clear()
    try:
        with pytest.raises(ConfigError):
            settings()
        monkeypatch.setenv("COPYTHAT_COLOR_NAMES", "role")
        settings.cache_clear()
        assert settings().color_names == "role"
    finally:
        settings.cache_clear()


def test_a_family_named_token_takes_its_role_name_once_the_role_is_known():
    lib = _merge([], [_pc("#2563EB", 0.1), _pc("#F8FAFC", 0.8)]).upserts
    blue = next(t for t in lib if t.hex == "#2563EB")
    assert blue.name == "blue-600"
    lib = [t.model_copy(update={"role": "primary"}) if t.id == blue.id else t for t in lib]
    assert {t.id: t.name for t in name_colors(lib, "role")}[blue.id] == "primary"
    # And back to the family name when it has no role (a finer name is not kept while the step is free).
    finer = [t.model_copy(update={"name": "blue-610", "role": None}) if t.id == blue.id else t for t in lib]
    assert {t.id: t.name for t in name_colors(finer, "family")}[blue.id] == "blue-600"
