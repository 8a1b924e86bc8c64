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


def token_line(token, *, color: bool | None = None) -> str:
    """One terminal line for a token of any type (a swatch for a color, the measures otherwise)."""
    from shared.domain.tokens import TokenType

    v, role = token.value, f" ({token.role})" if token.role else ""
    if token.type is TokenType.COLOR:
        return swatch_line(token.hex, f"{token.name:<24} {token.role or ''}", color=color)
    if token.type is TokenType.TYPOGRAPHY:
        lh = f"/{v.line_height:g}" if v.line_height else ""
        spacing = f" tracking {v.letter_spacing.px:g}px" if v.letter_spacing.px else ""
        return (f"Aa      {token.name}{role}: {v.font_size.px:g}px{lh} weight {v.font_weight} "
                f"{v.font_family[0]} ({v.family_class}){spacing}")
    if token.type is TokenType.FONT_FAMILY:
        return f"font    {token.name}{role}: {', '.join(v.families)}"
    if token.type is TokenType.FONT_WEIGHT:
        return f"weight  {token.name}: {v.value}"
    if token.type is TokenType.DIMENSION:
        uses = f" ({token.enrichment['uses']} uses)" if token.enrichment.get("uses") else ""
        value = "full (pill)" if token.enrichment.get("pill") else f"{v.value:g}{v.unit}"
        return f"{token.group.value:<7} {token.name}{role}: {value}{uses}"
    if token.type is TokenType.SHADOW:
        layers = ", ".join(" ".join(f"{d.px + 0.0:g}px" for d in (ly.offset_x, ly.offset_y, ly.blur, ly.spread))
                           + f" {ly.color} {ly.alpha:.0%}" for ly in v.layers)  # + 0.0: no "-0px"
        return f"shadow  {token.name}{role}: {layers}"
    return f"{token.type.value:<7} {token.name}{role}"
