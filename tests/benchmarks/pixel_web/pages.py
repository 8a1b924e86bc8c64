"""Generated UI pages for the palette's web split: the design colours are the styles this module sets.

A page draws a design palette (roles: canvas, surface, ink, muted, brand, on-brand, accent, line and
sometimes band, heading, brand-2, panel), pairwise ΔE2000 ≥ 8 apart except its deliberate
near-duplicate pair (ΔE2000 2.5–4.5: the two greys or two blues a design system keeps apart), and
composes a page from parts that real screenshots have: text in two faces at 12–48 px on the canvas
and on coloured bands, 1 px borders and dividers, layered box shadows, linear and radial gradients,
generated photos (some under a dark overlay, like a landing page's hero), an SVG illustration of
flat shapes in colours outside the palette. Every photo, gradient and illustration is marked
`data-imagery` so the scoring knows where imagery is.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from pixel_dataset import de2000, oklch_rgb  # noqa: E402  (tests/benchmarks on sys.path)
from pixel_web.photos import STYLES, make_photo
from pixel_web.systems import system_palette

RGB = tuple[int, int, int]
VIEWPORT = (800, 560)
MIN_DE = 8.0
NEAR_DE = (2.5, 4.5)
WORDS = ("design tokens colour layout system button surface review export project library team "
         "update share launch pricing plan report insight weekly growth search profile settings "
         "account billing message history upload import preview theme brand motion detail").split()
PAIR_KINDS = ("surface", "ink", "brand", "panel")


def hexc(c: RGB) -> str:
    return f"#{c[0]:02x}{c[1]:02x}{c[2]:02x}"


def words(rng: np.random.Generator, n: int, cap: bool = True) -> str:
    s = " ".join(str(rng.choice(WORDS)) for _ in range(n))
    return html.escape(s[:1].upper() + s[1:] if cap else s)


@dataclass
class Page:
    id: str
    folder: Path
    dark: bool
    roles: dict[str, RGB]
    pair: tuple[str, str]
    faces: list[str]
    system: str = "drawn"  # "drawn" (pages.palette) or the design system the roles come from (systems.py)
    html: str = ""
    photos: list[str] = field(default_factory=list)

    @property
    def palette(self) -> dict[RGB, list[str]]:
        """Distinct design colours with the roles that use them."""
        out: dict[RGB, list[str]] = {}
        for role, c in self.roles.items():
            out.setdefault(c, []).append(role)
        return out


class _Colors:
    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.used: list[RGB] = []

    def take(self, lightness: tuple[float, float], chroma: tuple[float, float], hue: float | None = None) -> RGB:
        for _ in range(400):
            c = oklch_rgb(self.rng.uniform(*lightness), self.rng.uniform(*chroma),
                          self.rng.uniform(0, 360) if hue is None else hue + self.rng.uniform(-12, 12))
            if all(de2000(c, u) >= MIN_DE for u in self.used):
                self.used.append(c)
                return c
        raise RuntimeError("no colour fits")

    def near(self, base: RGB) -> RGB:
        """A colour ΔE2000 2.5–4.5 from `base` (lightness first, a little hue), ≥ MIN_DE from the rest."""
        from coloraide import Color
        l, c, h = Color("srgb", [v / 255 for v in base]).convert("oklch").coords()
        h = 0.0 if h != h else h
        for _ in range(400):
            sign = 1 if (l < 0.5) == (self.rng.random() < 0.8) else -1
            cand = oklch_rgb(min(max(l + sign * self.rng.uniform(0.01, 0.05), 0.0), 1.0),
                             max(c + self.rng.uniform(-0.01, 0.02), 0.0), h + self.rng.uniform(-6, 6))
            if NEAR_DE[0] <= de2000(cand, base) <= NEAR_DE[1] and \
                    all(de2000(cand, u) >= MIN_DE for u in self.used if u != base):
                self.used.append(cand)
                return cand
        raise RuntimeError("no near duplicate fits")


def palette(rng: np.random.Generator, dark: bool) -> tuple[dict[str, RGB], tuple[str, str]]:
    k = _Colors(rng)
    r: dict[str, RGB] = {}
    if dark:
        r["canvas"] = k.take((0.14, 0.22), (0.0, 0.03))
        r["surface"] = k.take((0.27, 0.34), (0.0, 0.03))
        r["ink"] = k.take((0.93, 0.99), (0.0, 0.02))
        r["muted"] = k.take((0.68, 0.78), (0.0, 0.04))
        r["line"] = k.take((0.40, 0.48), (0.0, 0.03))
    else:
        white = (255, 255, 255)
        k.used.append(white)
        if rng.random() < 0.5:  # white page, grey cards; or grey page, white cards
            r["canvas"], r["surface"] = white, k.take((0.9, 0.94), (0.0, 0.015))
        else:
            r["canvas"], r["surface"] = k.take((0.89, 0.93), (0.0, 0.015)), white
        r["ink"] = k.take((0.16, 0.3), (0.0, 0.04))
        r["muted"] = k.take((0.48, 0.6), (0.0, 0.04))
        r["line"] = k.take((0.82, 0.9), (0.0, 0.025))
    r["brand"] = k.take((0.5, 0.68), (0.12, 0.2))
    r["on-brand"] = r["ink"] if dark else r["surface"]  # text on the brand colour
    r["accent"] = k.take((0.55, 0.8), (0.1, 0.18))
    if rng.random() < 0.6:
        r["band"] = k.take((0.2, 0.3), (0.02, 0.07)) if not dark else k.take((0.38, 0.5), (0.05, 0.12))
    kind = PAIR_KINDS[int(rng.integers(len(PAIR_KINDS)))]
    if kind == "surface":
        k.used.remove(r["surface"])
        r["surface"] = k.near(r["canvas"])
        r["on-brand"] = r["ink"] if dark else r["surface"]
        pair = ("canvas", "surface")
    elif kind == "ink":
        r["heading"] = k.near(r["ink"])
        pair = ("ink", "heading")
    elif kind == "brand":
        r["brand-2"] = k.near(r["brand"])
        pair = ("brand", "brand-2")
    else:
        r["panel"] = k.near(r["surface"])
        pair = ("surface", "panel")
    return r, pair


# ---------------------------------------------------------------- parts
def _shadow(rng: np.random.Generator, dark: bool) -> str:
    a = 0.35 if dark else 0.08
    return rng.choice([f"0 1px 3px rgba(0,0,0,{a + 0.04:.2f}), 0 1px 2px rgba(0,0,0,{a:.2f})",
                       f"0 4px 6px -1px rgba(0,0,0,{a + 0.02:.2f}), 0 10px 24px rgba(0,0,0,{a:.2f})",
                       f"0 2px 8px rgba(15,23,42,{a + 0.06:.2f})", "none"])


class Composer:
    def __init__(self, page: Page, rng: np.random.Generator) -> None:
        self.p, self.rng, self.r = page, rng, page.roles
        self.n_photo = 0

    def c(self, role: str) -> str:
        return hexc(self.r.get(role) or self.r[{"heading": "ink", "brand-2": "brand", "panel": "surface",
                                                   "band": "ink"}[role]])

    def photo(self, w: int, h: int, style: str | None = None) -> str:
        style = style or str(self.rng.choice(list(STYLES)))
        name = f"photo{self.n_photo}.jpg"
        self.n_photo += 1
        make_photo(self.rng, style, w * 2, h * 2).save(self.p.folder / name, "JPEG", quality=90)
        self.p.photos.append(style)
        return name

    def button(self, label: str, role: str = "brand") -> str:
        rad = int(self.rng.choice([4, 6, 8, 999]))
        return (f'<span class="btn" style="background:{self.c(role)};color:{self.c("on-brand")};'
                f'border-radius:{rad}px">{html.escape(label)}</span>')

    def nav(self) -> str:
        bg = str(self.rng.choice(["surface", "band"] if "band" in self.r else ["surface", "canvas"]))
        fg = "on-brand" if bg == "band" and not self.p.dark else "ink"
        links = "".join(f'<span style="color:{self.c("muted") if bg != "band" else self.c(fg)};margin-right:22px;'
                        f'font-size:14px">{words(self.rng, 1)}</span>' for _ in range(4))
        border = f"border-bottom:1px solid {self.c('line')};" if bg != "band" else ""
        return (f'<div style="display:flex;align-items:center;height:56px;padding:0 28px;background:{self.c(bg)};{border}">'
                f'<b style="color:{self.c(fg)};font-family:var(--head);font-size:20px;margin-right:40px">{words(self.rng, 1)}</b>'
                f'{links}<span style="flex:1"></span>{self.button("Sign up")}</div>')

    def hero(self) -> str:
        kind = str(self.rng.choice(["photo-overlay", "gradient", "illustration", "split-photo", "plain"]))
        h = int(self.rng.integers(170, 215))
        head_size = int(self.rng.choice([28, 32, 36, 40]))
        buttons = self.button("Get started") + (self.button("Learn more", "brand-2") if "brand-2" in self.r else "")
        if kind == "photo-overlay":
            img = self.photo(800, h, str(self.rng.choice(["texture", "still-life", "landscape"])))
            tint = self.rng.choice(["20,12,6", "10,14,28", "0,0,0"])
            return (f'<div data-imagery="photo" style="position:relative;height:{h}px;overflow:hidden;background:url({img}) center/cover">'
                    f'<div style="position:absolute;inset:0;background:rgba({tint},{self.rng.uniform(0.35, 0.6):.2f})"></div>'
                    f'<div style="position:relative;padding:40px 48px"><div style="color:{self.c("on-brand") if not self.p.dark else self.c("ink")};font-family:var(--head);'
                    f'font-size:{head_size}px;font-weight:700;margin-bottom:18px;white-space:nowrap">{words(self.rng, 3)}</div>{buttons}</div></div>')
        head = (f'<div style="color:{self.c("heading")};font-family:var(--head);font-size:{head_size}px;font-weight:700;'
                f'margin-bottom:12px;white-space:nowrap">{words(self.rng, 3)}</div><p style="color:{self.c("muted")};font-size:16px;'
                f'margin:0 0 18px;max-width:420px">{words(self.rng, 9)}</p>{buttons}')
        if kind == "gradient":
            g = (f"linear-gradient({int(self.rng.integers(0, 180))}deg, {self.c('brand')}, {self.c('accent')})"
                 if self.rng.random() < 0.6 else f"radial-gradient(circle at 30% 40%, {self.c('accent')}, {self.c('band')})")
            return (f'<div style="display:flex;height:{h}px;overflow:hidden;padding:28px 48px;gap:32px;background:{self.c("canvas")}">'
                    f'<div style="flex:1">{head}</div><div data-imagery="gradient" style="width:260px;border-radius:16px;'
                    f'background:{g}"></div></div>')
        if kind == "illustration":
            return (f'<div style="display:flex;height:{h}px;overflow:hidden;padding:28px 48px;gap:32px;background:{self.c("canvas")}">'
                    f'<div style="flex:1">{head}</div>{self.illustration(260, h - 64)}</div>')
        if kind == "split-photo":
            img = self.photo(300, h - 64)
            return (f'<div style="display:flex;height:{h}px;overflow:hidden;padding:28px 48px;gap:32px;background:{self.c("canvas")}">'
                    f'<div style="flex:1">{head}</div><img data-imagery="photo" src="{img}" style="width:300px;'
                    f'height:{h - 64}px;border-radius:12px;object-fit:cover"></div>')
        return f'<div style="height:{h}px;overflow:hidden;padding:36px 48px;background:{self.c("canvas")}">{head}</div>'

    def illustration(self, w: int, h: int) -> str:
        shapes = []
        for _ in range(int(self.rng.integers(6, 12))):
            col = hexc(oklch_rgb(self.rng.uniform(0.45, 0.9), self.rng.uniform(0.05, 0.2), self.rng.uniform(0, 360)))
            x, y, s = self.rng.uniform(0, w), self.rng.uniform(0, h), self.rng.uniform(15, 70)
            shapes.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{s:.0f}" fill="{col}"/>' if self.rng.random() < 0.5 else
                          f'<rect x="{x:.0f}" y="{y:.0f}" width="{s * 1.6:.0f}" height="{s:.0f}" rx="8" fill="{col}" '
                          f'transform="rotate({self.rng.uniform(-30, 30):.0f} {x:.0f} {y:.0f})"/>')
        return (f'<svg data-imagery="illustration" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
                f'style="flex:none;border-radius:12px">{"".join(shapes)}</svg>')

    def cards(self) -> str:
        n = int(self.rng.integers(2, 4))
        shadow = _shadow(self.rng, self.p.dark)
        border = f"1px solid {self.c('line')}" if self.rng.random() < 0.7 or shadow == "none" else "none"
        thumb = self.rng.random() < 0.5
        out = []
        for i in range(n):
            img = (f'<img data-imagery="photo" src="{self.photo(220, 70)}" style="width:100%;height:70px;'
                   f'object-fit:cover;border-radius:6px;margin-bottom:8px">' if thumb else "")
            badge = (f'<span style="background:{self.c("accent")};color:{self.c("ink") if not self.p.dark else self.c("canvas")};'
                     f'font-size:11px;font-weight:600;padding:2px 8px;border-radius:999px">{words(self.rng, 1)}</span>'
                     if i == 0 else "")
            out.append(f'<div style="flex:1;background:{self.c("surface")};border:{border};border-radius:10px;'
                       f'box-shadow:{shadow};padding:14px">{img}<div style="color:{self.c("heading")};font-family:var(--head);'
                       f'font-size:17px;font-weight:600;margin-bottom:6px">{words(self.rng, 3)} {badge}</div>'
                       f'<div style="color:{self.c("muted")};font-size:{int(self.rng.choice([12, 13, 14]))}px;line-height:1.5">'
                       f'{words(self.rng, 16)}</div><div style="color:{self.c("brand")};font-size:13px;font-weight:600;'
                       f'margin-top:8px">{words(self.rng, 2)} →</div></div>')
        return f'<div style="display:flex;gap:16px;padding:20px 48px;background:{self.c("canvas")}">{"".join(out)}</div>'

    def table(self) -> str:
        rows = []
        for i in range(int(self.rng.integers(3, 6))):
            stripe = self.c("panel") if i % 2 and "panel" in self.r else self.c("surface")
            rows.append(f'<div style="display:flex;padding:9px 16px;background:{stripe};border-top:1px solid {self.c("line")};'
                        f'font-size:{int(self.rng.choice([13, 14, 15]))}px"><span style="flex:2;color:{self.c("ink")}">'
                        f'{words(self.rng, 3)}</span><span style="flex:1;color:{self.c("muted")}">{words(self.rng, 1)}</span>'
                        f'<span style="color:{self.c("accent") if not self.p.dark else self.c("brand")};font-weight:600">'
                        f'{int(self.rng.integers(10, 999))}</span></div>')
        return (f'<div style="margin:16px 48px;background:{self.c("surface")};border:1px solid {self.c("line")};'
                f'border-radius:8px;overflow:hidden"><div style="padding:10px 16px;color:{self.c("heading")};'
                f'font-family:var(--head);font-weight:700;font-size:15px">{words(self.rng, 2)}</div>{"".join(rows)}</div>')

    def banner(self) -> str:
        bg = "band" if "band" in self.r else "brand"
        fg = "on-brand" if not self.p.dark else "ink"
        return (f'<div style="padding:22px 48px;background:{self.c(bg)};display:flex;align-items:center;gap:24px">'
                f'<div style="flex:1"><div style="color:{self.c(fg)};font-family:var(--head);font-size:22px;font-weight:700">'
                f'{words(self.rng, 5)}</div><div style="color:{self.c(fg)};opacity:1;font-size:14px;margin-top:4px">'
                f'{words(self.rng, 10)}</div></div>{self.button("Start free trial", "brand" if bg == "band" else "accent")}</div>')

    def article(self) -> str:
        body = "".join(f'<p style="margin:0 0 10px;color:{self.c("ink")};font-size:{int(self.rng.choice([14, 15, 16]))}px;'
                       f'line-height:1.6">{words(self.rng, 30)}</p>' for _ in range(2))
        quote = (f'<div style="border-left:3px solid {self.c("brand")};padding:8px 16px;background:{self.c("surface")};'
                 f'color:{self.c("muted")};font-style:italic;font-size:15px">{words(self.rng, 14)}</div>')
        return f'<div style="padding:16px 48px;background:{self.c("canvas")}">{body}{quote}</div>'

    def compose(self) -> str:
        parts = [self.nav(), self.hero()]
        extra = [self.cards, self.table, self.banner, self.article]
        self.rng.shuffle(extra)
        parts += [f() for f in extra[:3]]
        faces = self.p.faces
        css = (f'*{{box-sizing:border-box}} body{{margin:0;width:{VIEWPORT[0]}px;height:{VIEWPORT[1]}px;overflow:hidden;'
               f'background:{self.c("canvas")};font-family:"{faces[0]}",sans-serif;--head:"{faces[1]}",sans-serif}}'
               '.btn{display:inline-block;padding:9px 18px;font-size:14px;font-weight:600;margin-right:10px}')
        return (f'<!doctype html><html><head><meta charset="utf-8"><style>{FONT_CSS}{css}</style></head>'
                f'<body>{"".join(parts)}</body></html>')


FONT_CSS = ""  # set by the dataset: @font-face rules for the faces in use


def build(rng: np.random.Generator, idx: int, folder: Path, faces: list[tuple[str, str]],
          palettes: str = "drawn") -> Page:
    """Page `idx`: a palette, two faces (text, headings) and a composition, written to folder/index.html.
    `palettes`: "drawn" (palette(): roles ≥ ΔE 8 apart but one pair) or "systems" (systems.py)."""
    dark = rng.random() < 0.25
    system = "drawn"
    if palettes == "systems":
        roles, pair, system = system_palette(rng, dark, de2000)
        if rng.random() < 0.4:
            roles.pop("band")  # not every page has a dark band
    else:
        for _ in range(50):
            try:
                roles, pair = palette(rng, dark)
                break
            except RuntimeError:  # a draw with no room for its near-duplicate: draw again
                continue
    folder.mkdir(parents=True, exist_ok=True)
    text_face, head_face = (faces[int(i)] for i in rng.choice(len(faces), 2, replace=False))
    page = Page(id=f"web{idx:03d}", folder=folder, dark=dark, roles=roles, pair=pair,
                faces=[text_face[0], head_face[0]], system=system)
    page.html = Composer(page, rng).compose()
    (folder / "index.html").write_text(page.html)
    return page
