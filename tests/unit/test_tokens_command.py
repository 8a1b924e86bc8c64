"""`copythat tokens`: images in, every export format out, in-process."""
from __future__ import annotations

import json

from shared.cli import main
from shared.exporters import FORMATS
from tests.support import ui_png


def test_tokens_writes_every_format_with_the_images_colors(tmp_path, capsys):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    a.write_bytes(ui_png(("#F7F8FA", "#2563EB", "#111827")))
    b.write_bytes(ui_png(("#F7F8FA", "#DC2626", "#111827")))
    out = tmp_path / "brand"
    assert main(["tokens", str(a), str(b), "-o", str(out)]) == 0
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == len(FORMATS)
    dtcg = json.loads((out / "brand.tokens.json").read_text())
    text = json.dumps(dtcg).lower()
    for hex_ in ("#f7f8fa", "#2563eb", "#dc2626", "#111827"):
        assert hex_ in text
    # The shared background of both images is one token, not two.
    palette_hexes = [t["$value"]["hex"].lower() for t in dtcg["palette"].values() if isinstance(t, dict)
                     and "$value" in t]
    assert palette_hexes.count("#f7f8fa") == 1


def test_tokens_refuses_a_file_that_is_not_an_image(tmp_path, capsys):
    bad = tmp_path / "x.svg"
    bad.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert main(["tokens", str(bad), "-o", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "unsupported_image_type" in err and "Traceback" not in err
