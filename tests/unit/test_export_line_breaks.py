"""A line break or a comment terminator in a project or token name never becomes live code in any export
format (issue 17 item 4): a newline in a name written into SCSS's `//` comment used to start a new,
live line of SCSS."""
from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser

import pytest

from shared.exporters import FORMATS, render
from shared.exporters.sample import sample_bundle

BREAKS = {"LF": "\n", "CR": "\r", "CRLF": "\r\n", "FF": "\f", "VT": "\v", "NEL": "\x85", "LS": "\u2028",
          "PS": "\u2029"}
TERMINATORS = {"block": "*/", "style": "</style>", "script": "</script>", "html-comment": "-->"}
LIVE = "$EVIL: 1; .EVIL{color:red} @import 'EVIL';"
FORMATS_TEXT = ("css", "scss", "tailwind", "ts")


def _payloads():
    for label, br in BREAKS.items():
        yield f"break-{label}", f"Brand{br}{LIVE}"
    for label, term in TERMINATORS.items():
        yield f"end-{label}", f"Brand {term} {LIVE} /*"
    yield "all", f"Brand\r\n\f\u2028*/</style></script>-->{LIVE}"


PAYLOADS = dict(_payloads())


def _bundle(evil: str):
    b = sample_bundle(6)
    tokens = [t.model_copy(update={"name": evil}) if i == 0 else t for i, t in enumerate(b.tokens)]
    return dataclasses.replace(b, project_name=evil, tokens=tokens)


_CODE_SCAN = re.compile(r"/\*.*?\*/"  # block comment
                        r'|"(?:[^"\\\n]|\\.)*"'  # strings
                        r"|'(?:[^'\\\n]|\\.)*'"
                        r"|//[^\n\r\f\u2028\u2029]*",  # line comment: ends at any break CSS or JS knows
                        re.S)


def _strip_comments_and_strings(text: str) -> str:
    """What a CSS/SCSS/TS parser reads as code: comments and quoted strings removed, scanned left to right."""
    return _CODE_SCAN.sub(" ", text)


@pytest.mark.parametrize("fmt", FORMATS_TEXT)
@pytest.mark.parametrize("payload", PAYLOADS, ids=list(PAYLOADS))
def test_names_stay_inside_comments_and_strings(fmt, payload):
    body = render(fmt, _bundle(PAYLOADS[payload])).body.decode("utf-8")
    assert "EVIL" in body  # the name is still there, where comments or strings carry it
    live = _strip_comments_and_strings(body)
    assert "EVIL" not in live, [ln for ln in live.splitlines() if "EVIL" in ln]
    # No line break other than \n anywhere: each is a line break to some tool (CSS: CR, FF; JS: LS, PS).
    assert not set(body) & {"\r", "\f", "\v", "\x85", "\u2028", "\u2029"}


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.raw: list[tuple[str, str]] = []  # (tag, text) inside <style>/<script>
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] in ("style", "script"):
            self.raw.append((self.stack[-1], data))


@pytest.mark.parametrize("payload", PAYLOADS, ids=list(PAYLOADS))
def test_html_preview_keeps_names_out_of_its_style_and_markup(payload):
    body = render("html", _bundle(PAYLOADS[payload])).body.decode("utf-8")
    parser = _Html()
    parser.feed(body)
    assert "script" not in parser.tags
    for _tag, css in parser.raw:
        assert "EVIL" not in _strip_comments_and_strings(css)


@pytest.mark.parametrize("payload", PAYLOADS, ids=list(PAYLOADS))
def test_dtcg_descriptions_are_one_line_without_comment_ends(payload):
    """Tools print DTCG descriptions as comments (Style Dictionary's CSS does, unescaped)."""
    doc = json.loads(render("dtcg", _bundle(PAYLOADS[payload])).body)
    descriptions: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "$description" and isinstance(v, str):
                    descriptions.append(v)
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(doc)
    assert any("EVIL" in d for d in descriptions)
    for d in descriptions:
        assert "*/" not in d and not set(d) & set("".join(BREAKS.values())), d


@pytest.mark.parametrize("payload", PAYLOADS, ids=list(PAYLOADS))
def test_json_export_keeps_names_as_data(payload):
    doc = json.loads(render("json", _bundle(PAYLOADS[payload])).body)
    assert doc["project"]["name"] == PAYLOADS[payload]  # data, not a comment: kept exactly, JSON-escaped


def test_every_format_is_covered():
    assert set(FORMATS) - {"zip"} == set(FORMATS_TEXT) | {"html", "dtcg", "json"}
