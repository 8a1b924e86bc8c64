"""`copythat check`: exit codes at the threshold, the three output formats, the reports it writes, and
one clear line for bad input."""
from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from shared.cli import main
from tests.drift_support import SIZE, TARGET, screenshot, tokens_file

OFF_FILL = "#4F3FE0"  # ΔE ≈ 12 from every token


@pytest.fixture
def files(tmp_path):
    tokens = tmp_path / "brand.tokens.json"
    tokens.write_text(json.dumps(tokens_file()))
    clean, drift = tmp_path / "clean.png", tmp_path / "drift.png"
    clean.write_bytes(screenshot())
    drift.write_bytes(screenshot(target_fill=OFF_FILL))
    return tokens, clean, drift


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["check", *map(str, argv)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_clean_screenshot_passes_and_a_drifted_one_fails_with_what_to_do(files, capsys):
    tokens, clean, drift = files
    code, out, _ = run(capsys, clean, drift, "--tokens", tokens)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{clean}: ok") and any(line.startswith(f"{drift}: FAIL") for line in lines)
    [finding] = [line for line in lines if line.strip().startswith("off")]
    x, y, w, h = TARGET
    assert OFF_FILL in finding and "`--color-" in finding and f"at {x}," in finding
    assert lines[-1].endswith("1 above 0.50% off-token")
    assert run(capsys, clean, "--tokens", tokens)[0] == 0


def test_the_threshold_is_the_off_token_share_just_inside_and_outside(files, capsys):
    tokens, _, drift = files
    code, out, _ = run(capsys, drift, "--tokens", tokens, "--format", "json")
    share = json.loads(out)["images"][0]["report"]["offShare"]
    assert 0.008 < share < 0.012  # the 64×40 block: 1 % of 640×400
    assert run(capsys, drift, "--tokens", tokens, "--fail-above", f"{100 * share - 0.01:.4f}%")[0] == 1
    assert run(capsys, drift, "--tokens", tokens, "--fail-above", f"{100 * share + 0.01:.4f}%")[0] == 0
    assert run(capsys, drift, "--tokens", tokens, "--fail-above", f"{100 * share + 0.01:.4f}")[0] == 0  # % implied


def test_json_and_junit_say_the_same(files, capsys):
    tokens, clean, drift = files
    code, out, _ = run(capsys, clean, drift, "--tokens", tokens, "--format", "json", "--tolerance", "2")
    doc = json.loads(out)
    assert code == 1 and doc["passed"] is False and doc["failAbove"] == 0.005 and doc["tolerance"] == 2
    assert [i["passed"] for i in doc["images"]] == [True, False]
    off = [c for c in doc["images"][1]["report"]["colors"] if c["verdict"] == "off"]
    assert off[0]["hex"] == OFF_FILL and off[0]["nearest"]["cssVar"].startswith("--color-") and off[0]["boxes"]
    code, out, _ = run(capsys, clean, drift, "--tokens", tokens, "--format", "junit")
    suite = ET.fromstring(out)
    assert code == 1 and suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = suite.findall(".//testcase")
    assert cases[0].find("failure") is None and "off-token area" in cases[1].find("failure").get("message")
    assert OFF_FILL in cases[1].find("failure").text


def test_reports_are_written_for_people(files, capsys, tmp_path):
    tokens, _, drift = files
    out_dir = tmp_path / "reports"
    assert run(capsys, drift, "--tokens", tokens, "--report", out_dir)[0] == 1
    html = (out_dir / "drift.png.drift.html").read_text()
    assert OFF_FILL in html and "data:image/png;base64," in html and "<script" not in html
    assert "default-src 'none'" in html and "1 off #4F3FE0" in html
    overlay = Image.open(io.BytesIO((out_dir / "drift.png.drift.png").read_bytes()))
    assert overlay.size == SIZE
    x, y, w, h = TARGET
    assert overlay.getpixel((x - 1, y + h // 2))[:3] == (0xE1, 0x1D, 0x48)  # the red outline around the block


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_text("not json"), "not a DTCG tokens file: not JSON (Expecting value at line 1) (invalid"),
    (lambda p: p.write_text('{"size": {"$type": "dimension", "a": {"$value": {"value": 4, "unit": "px"}}}}'),
     "no color tokens to check against (no_color_tokens)"),
    (lambda p: p.write_text('{"a": {"$value": "{b}"}}'), "points at no token (invalid_tokens_file)"),
    (lambda p: None, "cannot read"),
])
def test_a_bad_tokens_file_is_one_line_and_exit_2(files, capsys, tmp_path, make, words):
    _, clean, _ = files
    bad = tmp_path / "bad.tokens.json"
    make(bad)
    code, out, err = run(capsys, clean, "--tokens", bad)
    assert code == 2 and out == "" and words in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("content, words", [(b"GIF89a broken", "corrupt_image"), (b"<svg/>", "unsupported_image_type"),
                                            (None, "cannot read")])
def test_an_unreadable_image_is_one_line_and_exit_2(files, capsys, tmp_path, content, words):
    tokens, clean, _ = files
    bad = tmp_path / "bad.png"
    if content is not None:
        bad.write_bytes(content)
    code, out, err = run(capsys, clean, bad, "--tokens", tokens)
    assert code == 2 and out == "" and words in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("flag, value", [("--tolerance", "0"), ("--tolerance", "x"), ("--fail-above", "101%"),
                                         ("--format", "xml")])
def test_bad_options_are_refused(files, capsys, flag, value):
    tokens, clean, _ = files
    with pytest.raises(SystemExit) as exc:
        main(["check", str(clean), "--tokens", str(tokens), flag, value])
    assert exc.value.code == 2
