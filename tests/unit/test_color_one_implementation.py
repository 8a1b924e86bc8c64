"""One OKLCH / luminance / contrast implementation, in shared/color, used by the color science and
the exporters alike (issue 17 item 15): the exporters kept their own copy of the math."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from shared.color import contrast, srgb
from shared.exporters import _model

ROOT = Path(__file__).resolve().parents[2]


def test_exporters_use_shared_color_math():
    assert _model.oklch_of is srgb.oklch_of
    assert _model.relative_luminance is contrast.relative_luminance is srgb.relative_luminance
    assert _model.contrast_ratio is contrast.wcag_contrast is srgb.wcag_contrast


def test_the_oklab_and_luminance_constants_live_in_one_module():
    """Ottosson's first OKLab matrix entry and the WCAG green weight appear once in the color science and
    the exporters (typography's image luminance, on whole pixel arrays, is another job)."""
    for marker in ("0.4122214708", "0.7152"):
        holders = [p.relative_to(ROOT).as_posix() for d in ("color", "exporters")
                   for p in (ROOT / "shared" / d).rglob("*.py") if marker in p.read_text(encoding="utf-8")]
        assert holders == ["shared/color/srgb.py"], (marker, holders)


def test_the_exporters_still_load_no_color_library():
    """The shared math is pure Python: exporting never pays for coloraide or numpy at import."""
    code = "import sys, shared.exporters, shared.color.srgb; print(sorted(m for m in ('coloraide', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_shared_math_agrees_with_coloraide_at_the_edges():
    from coloraide import Color

    for h in ("#000000", "#ffffff", "#ff0000", "#00ff00", "#0000ff", "#777777", "#0a0b0c", "#fefdfc"):
        L, C, H = srgb.oklch_of(h)
        ref = Color(h).convert("oklch")
        assert abs(L - ref["lightness"]) < 1e-4 and abs(C - ref["chroma"]) < 1e-4, h
        if C > 0.002:  # hue in [0, 360), the same angle as coloraide's (blue's atan2 is negative)
            assert 0 <= H < 360 and min(abs(H - ref["hue"]), 360 - abs(H - ref["hue"])) < 0.05, h
        elif h[1:3] == h[3:5] == h[5:7]:
            assert H == 0.0, h  # a grey: no hue
    assert srgb.wcag_contrast("#000000", "#FFFFFF") == 21.0
    assert srgb.wcag_contrast("#777777", "#ffffff") == srgb.wcag_contrast("#fff", "#777777")  # any hex form
