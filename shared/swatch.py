"""True-color terminal swatches (24-bit ANSI), plain text when stdout is not a terminal."""
from __future__ import annotations

import os
import sys


def swatch_line(hex_: str, label: str = "", *, color: bool | None = None) -> str:
    if color is None:
        color = sys.stdout.isatty() and os.environ.get("NO_COLOR") is None
    if not color:
        return f"{hex_}  {label}".rstrip()
    r, g, b = (int(hex_[i:i + 2], 16) for i in (1, 3, 5))
    return f"\x1b[48;2;{r};{g};{b}m      \x1b[0m {hex_}  {label}".rstrip()
