"""Names people type (projects, tokens): one cleaning rule for all, and the one-line form every
export's comment writer uses.

A line break in a name must never reach generated code: a newline inside SCSS's `//` comment
starts a live line, and each tool has its own breaks (CSS: CR, LF, FF; JavaScript: also U+2028
and U+2029; Python's str.splitlines: also VT, NEL, the file/group/record separators).
"""
from __future__ import annotations

import re

# Everything str.split() treats as whitespace is collapsed to one space (every line break included);
# what remains must be printable.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def clean_name(name: str, max_len: int) -> str | None:
    """Whitespace (line breaks included) collapsed to single spaces; None when the result is empty,
    longer than `max_len`, or holds a control character."""
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > max_len or _CONTROL.search(cleaned):
        return None
    return cleaned


def one_line(text: str) -> str:
    """Any text as one line: line breaks and control characters become spaces, runs collapse."""
    return " ".join(_CONTROL.sub(" ", text).split())
