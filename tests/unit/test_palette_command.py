"""`copythat palette IMAGE [--max N] [--json]` through add_parser/run, as the console script calls it."""
from __future__ import annotations

import argparse
import json
import re

import pytest
from PIL import Image, ImageDraw

from shared.extraction.palette_command import add_parser, run


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="copythat")
    subparsers = parser.add_subparsers(dest="command", required=True)
    add_parser(subparsers)
    return parser.parse_args(argv)


@pytest.fixture()
def ui_png(tmp_path):
    img = Image.new("RGB", (300, 200), "#FFFFFF")
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, 300, 40], fill="#0F172A")
    d.rectangle([40, 80, 140, 120], fill="#2563EB")
    d.rectangle([180, 80, 280, 180], fill="#F59E0B")
    path = tmp_path / "ui.png"
    img.save(path)
    return path


def test_json_output_shape_is_exact(ui_png, capsys):
    assert run(parse(["palette", str(ui_png), "--json"])) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert err == ""
    assert isinstance(data, list) and len(data) == 4
    for item in data:
        assert set(item) == {"hex", "share"}
        assert re.fullmatch(r"#[0-9A-F]{6}", item["hex"])
        assert isinstance(item["share"], float) and 0 < item["share"] <= 1
    assert {d["hex"] for d in data} == {"#FFFFFF", "#0F172A", "#2563EB", "#F59E0B"}
    assert sum(d["share"] for d in data) == pytest.approx(1.0, abs=0.01)


def test_max_is_honoured(ui_png, capsys):
    assert run(parse(["palette", str(ui_png), "--json", "--max", "2"])) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_plain_output_without_terminal_has_no_escape_codes(ui_png, capsys):
    assert run(parse(["palette", str(ui_png)])) == 0
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert len(lines) == 4
    assert "\x1b[" not in out  # stdout is not a terminal under capsys
    assert all(re.match(r"#[0-9A-F]{6}\s+\d+\.\d%", line) for line in lines)


def test_terminal_output_has_true_colour_swatches(ui_png, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert run(parse(["palette", str(ui_png), "--max", "1"])) == 0
    out = capsys.readouterr().out
    assert re.search(r"\x1b\[48;2;\d+;\d+;\d+m", out)


@pytest.mark.parametrize("content", [b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"plain text", b"\x89PNG\r\n\x1a\ntrunc"])
def test_bad_file_exits_2_with_message_and_no_traceback(tmp_path, capsys, content):
    path = tmp_path / "bad.png"
    path.write_bytes(content)
    assert run(parse(["palette", str(path), "--json"])) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "copythat palette:" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_missing_file_exits_2(tmp_path, capsys):
    assert run(parse(["palette", str(tmp_path / "nope.png")])) == 2
    out, err = capsys.readouterr()
    assert out == "" and "cannot read" in err


def test_max_must_be_positive(ui_png):
    with pytest.raises(SystemExit) as exit_:
        parse(["palette", str(ui_png), "--max", "0"])
    assert exit_.value.code == 2


def test_the_console_script_dispatches_palette(tmp_path, capsys):
    """`copythat palette` goes through the product's one console script, not only the module."""
    import json

    from shared.cli import main
    from tests.support import ui_png

    path = tmp_path / "ui.png"
    path.write_bytes(ui_png(("#F7F8FA", "#2563EB", "#111827")))
    assert main(["palette", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {c["hex"] for c in out} >= {"#F7F8FA", "#2563EB", "#111827"}
    assert all(set(c) == {"hex", "share"} for c in out)


def test_a_shadow_line_never_prints_minus_zero():
    """A measured offset of -0.04 px rounds to -0.0: the terminal summary said `-0px`."""
    from shared.domain.tokens import Dimension, ShadowLayer, ShadowValue, Token, TokenType
    from shared.swatch import token_line

    layer = ShadowLayer(color="#000000", alpha=0.25, offset_x=Dimension(value=-0.0), offset_y=Dimension(value=2),
                        blur=Dimension(value=4), spread=Dimension(value=-0.0))
    token = Token(id="shd_1", project_id="p", type=TokenType.SHADOW, name="elevation-1",
                  value=ShadowValue(layers=[layer]))
    assert token_line(token, color=False) == "shadow  elevation-1: 0px 2px 4px 0px #000000 25%"
