"""Per-token enrichment, conversions and naming."""
from __future__ import annotations

import json
import math
import threading

import numpy as np
import pytest
from coloraide import Color

from shared.color import naming
from shared.color.conversions import srgb255_to_oklab
from shared.color.enrichment import contrast, delta_e_2000, enrich_color, oklch


def _walk(v):
    if isinstance(v, dict):
        for k, x in v.items():
            assert isinstance(k, str)
            yield from _walk(x)
    elif isinstance(v, list):
        for x in v:
            yield from _walk(x)
    else:
        yield v


@pytest.mark.parametrize("hex_", ["#3366CC", "#000000", "#FFFFFF", "#808080", "#F97316"])
def test_enrichment_is_json_safe_and_finite(hex_):
    e = enrich_color(hex_, dominant_hex="#FAFAFA")
    json.dumps(e)
    for v in _walk(e):
        assert v is None or isinstance(v, (str, bool, int, float))
        if isinstance(v, float):
            assert math.isfinite(v)


def test_enrichment_values():
    e = enrich_color("#3366cc", dominant_hex="#3366CC")
    assert e["hex"] == "#3366CC"
    assert e["rgb"] == [51, 102, 204]
    assert e["hsl"] == [220.0, 60.0, 50.0]
    assert e["hsv"] == [220.0, 75.0, 80.0]
    assert e["temperature"] == "cool" and not e["isNeutral"]
    assert e["webSafe"] == {"hex": "#3366CC", "deltaE": 0.0}  # 0x33/0x66/0xCC are web-safe
    assert e["cssNamed"]["name"] == "royalblue"
    assert e["deltaEToDominant"] == 0.0
    c = e["contrast"]
    assert c["white"]["aaNormal"] and not c["black"]["aaNormal"] and c["black"]["aaLarge"]
    assert c["onWhite"] == c["white"]["ratio"] and c["aaOnWhite"] is True  # first-version keys
    assert c["apcaOnWhite"] > 0 > c["apcaOnBlack"]
    assert e["name"] and e["nameMatch"]["deltaE"] < 3


def test_tint_shade_tone_move_the_expected_way():
    e = enrich_color("#3366CC")
    l = oklch("#3366CC")[0]
    assert oklch(e["tint"])[0] > l > oklch(e["shade"])[0]
    assert oklch(e["tone"])[1] < oklch("#3366CC")[1]  # toning with grey lowers chroma


def test_levels_and_temperature():
    assert enrich_color("#808080")["temperature"] == "neutral"
    assert enrich_color("#808080")["isNeutral"] is True
    assert enrich_color("#E53935")["temperature"] == "warm"
    assert enrich_color("#111111")["lightnessLevel"] == "very dark"
    assert enrich_color("#FAFAFA")["lightnessLevel"] == "very light"
    assert enrich_color("#FF0000")["saturationLevel"] == "vivid"


def test_dominant_is_optional():
    assert enrich_color("#3366CC")["deltaEToDominant"] is None


def test_first_version_functions_still_work():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert delta_e_2000("#3366CC", "#3366CC") == 0.0
    assert oklch("#FFFFFF")[0] == pytest.approx(1.0, abs=1e-4)


def test_vectorised_oklab_agrees_with_coloraide():
    rng = np.random.default_rng(7)
    rgb = rng.integers(0, 256, size=(200, 3))
    ours = srgb255_to_oklab(rgb)
    ref = np.array([Color("srgb", [v / 255 for v in row]).convert("oklab").coords() for row in rgb])
    assert np.max(np.abs(ours - ref)) < 2e-4


def test_exact_dataset_colors_name_themselves():
    idx = naming.NAMES.get()
    for i in (0, 1000, 20000, len(idx) - 1):
        m = idx.nearest(idx.hexes[i], 1)[0]
        assert m.hex == idx.hexes[i] and m.delta_e == 0.0


def test_name_index_is_the_full_dataset():
    assert len(naming.NAMES.get()) > 30000
    assert len(set(n.casefold() for n in naming.NAMES.get().names)) == len(naming.NAMES.get())


def test_css_named_and_web_safe():
    assert naming.closest_css_named("#FF0000").name == "red"
    assert naming.closest_css_named("#FE0101").name == "red"
    assert "transparent" not in naming.CSS_NAMES.get().names
    assert len(naming.WEB_SAFE.get()) == 216
    assert naming.closest_web_safe("#FE0101").hex == "#FF0000"


def test_names_contradicting_the_color_are_skipped():
    # color-name-list has "Old Gungeon Red" = #0063EC, a blue; a blue must not be called red.
    assert "red" not in naming.descriptive_name("#0063EC").name.lower().split()
    assert naming.descriptive_name("#FF0000").name == "Red"


def test_unique_name_avoids_taken_names_case_insensitively():
    first = naming.unique_name("#3366CC", set())
    second = naming.unique_name("#3366CC", {first.upper()})
    assert second.casefold() != first.casefold()


def test_lazy_index_loads_once_across_threads():
    holder = naming._Lazy(naming._load_web_safe)
    calls = []
    real = holder._loader
    holder._loader = lambda: calls.append(1) or real()
    got = []
    threads = [threading.Thread(target=lambda: got.append(holder.get())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and all(g is got[0] for g in got)
