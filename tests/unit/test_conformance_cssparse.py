"""The conformance tests' CSS reader (tests/conformance/cssparse.py) on what CSS allows in strings and
url() (issue 17 item 15: the hand-written scanner broke on them; it is tinycss2 now)."""
from __future__ import annotations

from tests.conformance import cssparse

CSS = r"""
/* a comment with { and ; */
:root {
  --font-a: "Semi;colon", 'Brace { Sans }', "Quote \" Mono", serif;
  --bg: url(data:image/png;base64,AAAA);
  --odd: url(img{1}.png);
  --keep: url(/*not-a-comment*/a.png);
  --color-x: #112233 !important;
  --after: 1px;
}
@media (prefers-color-scheme: dark) {
  [data-theme="a;b{c}"] { --color-x: #445566; }
}
@layer theme { :root { --z: var(--after, 2px); } }
"""


def test_strings_and_urls_do_not_end_rules_or_declarations():
    rules = cssparse.parse(CSS)
    root = cssparse.decls(rules, ":root")
    assert cssparse.font_families(root["--font-a"]) == ("Semi;colon", "Brace { Sans }", 'Quote " Mono', "serif")
    assert root["--bg"] == "url(data:image/png;base64,AAAA)"
    assert root["--odd"] == "url(img{1}.png)"
    assert root["--keep"] == "url(/*not-a-comment*/a.png)"
    assert root["--after"] == "1px"
    assert cssparse.hex6(root["--color-x"].removesuffix(" !important")) == "#112233"
    dark = cssparse.decls(rules, '[data-theme="a;b{c}"]', ("@media (prefers-color-scheme: dark)",))
    assert dark == {"--color-x": "#445566"}
    layer = cssparse.decls(rules, ":root", ("@layer theme",))
    assert cssparse.substitute(layer["--z"], root) == "1px"


def test_values_split_outside_strings_and_functions():
    assert cssparse.font_families("'A, B', \"C\\\"D\", system-ui") == ("A, B", 'C"D', "system-ui")
    layers = cssparse.shadows("0 1px 2px rgb(0 0 0 / 10%), inset 0 0 0 1px #00000080")
    assert [(la["inset"], la["y"], la["alpha"]) for la in layers] == [(False, 1.0, 0.1), (True, 0.0, 0.502)]
