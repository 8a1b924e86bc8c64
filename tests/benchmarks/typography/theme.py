"""A page's design system, drawn from its seed: faces, type scale, weights, line heights, tracking, colours.

The generator only *intends* these; the ground truth is read back from the rendered DOM. Weights are
snapped to the weights a face really ships, so Chromium never synthesises a bold that the computed
style would not show (render.mjs refuses such a page anyway).
"""
from __future__ import annotations

import colorsys
import random
from dataclasses import dataclass, field

from .tools import Catalog, Face

ROLES = ("display", "h1", "h2", "h3", "h4", "lead", "body", "small", "caption", "overline",
         "button", "label", "nav", "code", "stat")
MIN_SIZE, MAX_SIZE = 10.0, 72.0
# The faces by use (sans, serif, serif headings, display, mono) come from the font set (fontsets.py):
# the catalog that every recipe is handed carries its lists (faces.sans, …).
TAILWIND = (12, 14, 16, 18, 20, 24, 30, 36, 48, 60, 72)
MATERIAL = (11, 12, 14, 16, 22, 24, 28, 32, 36, 45, 57)


@dataclass
class Style:
    face: Face
    size: float  # CSS px
    weight: int
    line_height: str  # CSS value: unitless ratio, px, or normal
    tracking: float = 0.0  # em
    upper: bool = False
    italic: bool = False
    tabular: bool = False

    def css(self) -> str:
        fallback = {"serif": "serif", "monospace": "monospace"}.get(self.face.cls, "sans-serif")
        size = f"{self.size:g}px"
        family = self.face.family if self.face.system else f'"{self.face.family}",{fallback}'
        parts = [f"font-family:{family}", f"font-size:{size}", f"font-weight:{self.weight}",
                 f"line-height:{self.line_height}", f"letter-spacing:{self.tracking:g}em"]
        if self.upper:
            parts.append("text-transform:uppercase")
        if self.italic:
            parts.append("font-style:italic")
        if self.tabular:
            parts.append("font-variant-numeric:tabular-nums")
        return ";".join(parts)


@dataclass
class Theme:
    styles: dict[str, Style]
    colors: dict[str, str]
    dark: bool
    scale: str  # how the sizes were made, for the index
    faces: list[Face] = field(default_factory=list)

    def __getitem__(self, role: str) -> Style:
        return self.styles[role]


def snap_weight(face: Face, want: int) -> int:
    return min(face.weights, key=lambda w: (abs(w - want), w))


def _round(rng: random.Random, sizes: dict[str, float]) -> dict[str, float]:
    mode = rng.choice(["int", "int", "frac", "half"])  # px sites, rem sites with fractional results
    out = {}
    for role, v in sizes.items():
        v = min(max(v, MIN_SIZE), MAX_SIZE)
        out[role] = round(v) if mode == "int" else round(v * 2) / 2 if mode == "half" else round(v, 2)
    return out


def type_scale(rng: random.Random, base_range: tuple[int, int]) -> tuple[str, dict[str, float]]:
    """Sizes for body, the smaller roles and the heading ladder; kind varies per page."""
    kind = rng.choice(["modular", "modular", "tailwind", "steps", "material", "arbitrary"])
    base = rng.randint(*base_range)
    if kind == "modular":
        r = rng.choice([1.125, 1.2, 1.25, 1.333, 1.414, 1.5, 1.618])
        ladder = [base * r ** k for k in range(1, 9) if base * r ** k <= MAX_SIZE + 0.5]
        while len(ladder) < 5:
            ladder.append(ladder[-1] if ladder else base * r)
        small, caption = base / r, base / r / r
        kind = f"modular {r}"
    elif kind in ("tailwind", "material"):
        steps = TAILWIND if kind == "tailwind" else MATERIAL
        base = min(steps, key=lambda s: abs(s - base))
        above = [s for s in steps if s > base]
        ladder = sorted(rng.sample(above, min(len(above), rng.randint(4, 6))))
        below = [s for s in steps if s < base] or [base - 2]
        small, caption = below[-1], below[max(0, len(below) - 2)]
    elif kind == "steps":
        step = rng.choice([2, 4, 6])
        ladder = [base + step * k for k in (1, 2, 3, 5, 7, 10, 13)]
        small, caption = base - rng.choice([1, 2]), base - rng.choice([3, 4])
        kind = f"steps {step}"
    else:
        ladder = sorted(rng.uniform(base * 1.1, MAX_SIZE) for _ in range(6))
        small, caption = base * rng.uniform(0.8, 0.9), base * rng.uniform(0.65, 0.78)
    ladder = [v for v in ladder if v <= MAX_SIZE + 0.5] or [MAX_SIZE]
    # Small print stays legible, as on real sites: a steep ratio does not push captions to 6 px.
    small = max(small, base * 0.8, 11.0)
    caption = max(min(caption, small - 1), base * 0.68, 10.0)
    pick = lambda i: ladder[min(i, len(ladder) - 1)]  # noqa: E731
    top = len(ladder) - 1
    sizes = {"body": base, "small": small, "caption": caption, "lead": pick(0), "h4": pick(0),
             "h3": pick(1), "h2": pick(min(2, top)), "h1": pick(min(3, top)), "display": ladder[top]}
    return kind, _round(rng, sizes)


def _hex(h: float, light: float, sat: float) -> str:
    return "#%02x%02x%02x" % tuple(round(255 * c) for c in colorsys.hls_to_rgb(h % 1, light, sat))


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    def lum(c: str) -> float:
        v = [int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        v = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in v]
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def palette(rng: random.Random, dark: bool) -> dict[str, str]:
    """Colours as a designer would pick them: the brand readable on the page (contrast >= 3, as links
    and badges need), button text black or white, whichever reads better; muted text varies from
    comfortable to faint (contrast about 2.3-7), as real sites' secondary text does."""
    hue, sat = rng.random(), rng.uniform(0.55, 0.85)
    if dark:
        c = {"bg": _hex(hue, rng.uniform(0.04, 0.12), rng.uniform(0.0, 0.35)),
             "surface": _hex(hue, rng.uniform(0.13, 0.2), rng.uniform(0.0, 0.25)),
             "ink": _hex(hue, rng.uniform(0.86, 1.0), rng.uniform(0, 0.2)),
             "muted": _hex(hue, rng.uniform(0.4, 0.68), rng.uniform(0, 0.15)),
             "border": _hex(hue, 0.25, 0.1), "accent": _hex(hue + 0.4, 0.6, 0.7), "tint": _hex(hue, 0.2, 0.5)}
    else:
        c = {"bg": _hex(hue, rng.uniform(0.96, 1.0), rng.uniform(0, 0.4)),
             "surface": _hex(hue, rng.uniform(0.92, 0.98), rng.uniform(0, 0.3)),
             "ink": _hex(hue, rng.uniform(0.05, 0.3), rng.uniform(0, 0.3)),
             "muted": _hex(hue, rng.uniform(0.38, 0.62), rng.uniform(0, 0.15)),
             "border": _hex(hue, 0.87, 0.1), "accent": _hex(hue + 0.4, 0.45, 0.7), "tint": _hex(hue, 0.93, 0.6)}
    light = rng.uniform(0.4, 0.55)
    brand = _hex(hue, light, sat)
    while min(contrast(brand, c["bg"]), contrast(brand, c["tint"])) < 3.0 and 0.05 < light < 0.95:
        light += 0.03 if dark else -0.03
        brand = _hex(hue, light, sat)
    c["brand"], c["brand2"] = brand, _hex(hue + rng.choice([-0.12, 0.1, 0.18]), light, sat)
    c["on_brand"] = max(("#ffffff", "#111111"), key=lambda ink: contrast(ink, brand))
    return c


def make_theme(rng: random.Random, faces: Catalog, *, text: str, heading: str | None = None,
               mono: str | None = None, dark: bool = False, base_range: tuple[int, int] = (14, 18)) -> Theme:
    """`text`/`heading`/`mono` are fontsource ids. The heading face defaults to the text face."""
    tf, hf = faces[text], faces[heading or text]
    mf = faces[mono or rng.choice(faces.mono)]
    sf = hf if hf.cls != "display" else tf  # big numbers are never set in a display face
    kind, s = type_scale(rng, base_range)
    hw = rng.choice([500, 600, 700, 700, 800, 800])
    body_lh = rng.choice(["1.4", "1.45", "1.5", "1.5", "1.55", "1.6", "1.65", "1.7", "1.75", "1.8",
                          f"{round(s['body'] * rng.uniform(1.4, 1.75))}px"])
    heading_lh = lambda: rng.choice(["1.1", "1.15", "1.2", "1.25", "1.3"])  # noqa: E731
    tight = round(rng.choice([0, 0, -0.01, -0.02, -0.015]), 3)
    st = {
        "display": Style(hf, s["display"], snap_weight(hf, rng.choice([300, 600, 700, 800, hw])),
                         rng.choice(["1.05", "1.1", "1.15"]), tight),
        "h1": Style(hf, s["h1"], snap_weight(hf, hw), heading_lh(), tight),
        "h2": Style(hf, s["h2"], snap_weight(hf, hw), heading_lh(), tight),
        "h3": Style(hf, s["h3"], snap_weight(hf, rng.choice([hw, 600, 500])), heading_lh()),
        "h4": Style(hf, s["h4"], snap_weight(hf, rng.choice([600, 500, 700])), heading_lh()),
        "lead": Style(tf, s["lead"], snap_weight(tf, rng.choice([300, 400, 400])), rng.choice(["1.5", "1.6", "1.4"])),
        "body": Style(tf, s["body"], snap_weight(tf, rng.choice([400, 400, 400, 300])), body_lh,
                      rng.choice([0, 0, 0, 0.01])),
        "small": Style(tf, s["small"], snap_weight(tf, 400), rng.choice(["1.4", "1.5", "1.3", "normal"])),
        "caption": Style(tf, s["caption"], snap_weight(tf, rng.choice([400, 500])), rng.choice(["1.3", "1.4", "normal"])),
        "overline": Style(tf, max(10.0, s["caption"]), snap_weight(tf, rng.choice([500, 600, 700])), "normal",
                          rng.choice([0.05, 0.06, 0.08, 0.1]), upper=True),
        "button": Style(tf, rng.choice([s["body"], s["small"]]), snap_weight(tf, rng.choice([500, 600, 700])),
                        rng.choice(["normal", "1", "1.25", "1.5"]), rng.choice([0, 0, 0.02, 0.05])),
        "label": Style(tf, s["small"], snap_weight(tf, rng.choice([500, 600, 400])), rng.choice(["normal", "1.4"])),
        "nav": Style(tf, rng.choice([s["body"], s["small"]]), snap_weight(tf, rng.choice([400, 500, 600])), "normal")
        if rng.random() < 0.8 else Style(tf, s["caption"], snap_weight(tf, 600), "normal", 0.08, upper=True),
        "code": Style(mf, round(min(s["body"], max(11, s["body"] * rng.choice([0.85, 0.875, 0.9]))), 1),
                      snap_weight(mf, 400), rng.choice(["1.5", "1.6", "1.7"])),
        "stat": Style(sf, s["h2"], snap_weight(sf, rng.choice([600, 700, 300])), "1.1", tight, tabular=True),
    }
    # Editorial touches: an italic display line or lead, where the face ships an italic.
    for role, chance in (("display", 0.12), ("h1", 0.08), ("lead", 0.15)):
        if st[role].face.italic and rng.random() < chance:
            st[role].italic = True
    used = list({f.id: f for f in (tf, hf, mf)}.values())
    return Theme(st, palette(rng, dark), dark, kind, used)


def font_faces_css(theme: Theme) -> str:
    """@font-face for every weight and style the used faces ship (as a site importing fontsource would)."""
    rules = []
    for f in theme.faces:
        if f.system:  # installed faces: nothing to load
            continue
        for w in f.weights:
            for style in ("normal", "italic") if f.italic else ("normal",):
                rules.append(f'@font-face{{font-family:"{f.family}";font-style:{style};font-weight:{w};'
                             f'font-display:block;src:url(/fonts/{f.id}/files/{f.id}-latin-{w}-{style}.woff2)'
                             ' format("woff2")}')
    return "\n".join(rules)


def theme_for(rng: random.Random, faces: Catalog, text_pool: list[str], heading: str = "same",
              **kw) -> Theme:
    """A theme whose text face comes from `text_pool` and whose headings are the same face, or another
    sans, serif or display face of the font set."""
    text = rng.choice(text_pool)
    head = {"same": text, "sans": rng.choice(faces.sans), "serif": rng.choice(faces.serif_headings),
            "display": rng.choice(faces.display)}[heading]
    return make_theme(rng, faces, text=text, heading=head, **kw)
