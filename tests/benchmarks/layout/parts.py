"""The layout pages' building blocks: a page with a layout system, and the components UIs are made of.

Every component draws its spacing, radius and elevation from the page's Layout (system.py) the way
a design system would (one button padding, one card padding, one chip radius per page), with now
and then an off-scale one-off, as real pages have. `data-box` names what a box is (for information:
the truth is read back from the DOM, not from these names). Text uses the typography benchmark's
themes (faces, sizes, colours), so the pages look like real UIs and the fonts are self-hosted.
"""
from __future__ import annotations

import colorsys
import random
from pathlib import Path

from ..typography.sections import ICONS, Page
from ..typography.theme import Theme, font_faces_css
from .system import Layout


def _rgb(h: str) -> tuple[int, int, int]:
    return int(h[1:3], 16), int(h[3:5], 16), int(h[5:7], 16)


def mix(a: str, b: str, t: float) -> str:
    """a → b by t (sRGB, as a designer's 'ink at 5 %' over the background)."""
    x, y = _rgb(a), _rgb(b)
    return "#%02x%02x%02x" % tuple(round(x[i] + (y[i] - x[i]) * t) for i in range(3))


def rgba(h: str, alpha: float) -> str:
    r, g, b = _rgb(h)
    return f"rgba({r},{g},{b},{alpha:g})"


def hue_shift(h: str, dh: float, light: float | None = None) -> str:
    r, g, b = (v / 255 for v in _rgb(h))
    hh, ll, ss = colorsys.rgb_to_hls(r, g, b)
    r, g, b = colorsys.hls_to_rgb((hh + dh) % 1, ll if light is None else light, ss)
    return "#%02x%02x%02x" % (round(r * 255), round(g * 255), round(b * 255))


class LPage(Page):
    """A page with a layout system and the component conventions drawn from it."""

    def __init__(self, page_id: str, kind: str, theme: Theme, layout: Layout, rng: random.Random, folder: Path,
                 viewport: tuple[int, int] = (1280, 900)) -> None:
        super().__init__(page_id, kind, theme, rng, folder, viewport)
        self.L = L = layout
        c = self.c
        dark = theme.dark
        # The canvas: the palette's background, a light grey one (white cards on it) or a soft gradient.
        self.canvas_kind = rng.choice(["plain", "plain", "grey", "gradient"] if not dark else ["plain", "plain", "gradient"])
        self.bg = c["bg"] if self.canvas_kind != "grey" else mix(c["bg"], c["ink"], rng.uniform(0.04, 0.07))
        self.canvas = self.bg
        if self.canvas_kind == "gradient":
            self.canvas = (f"linear-gradient({rng.randint(0, 180)}deg,{self.bg},"
                           f"{mix(self.bg, c['brand'], rng.uniform(0.06, 0.16))})")
        # Cards: white on a grey canvas, a tinted fill, or the page colour (then only a border or a shadow shows).
        if L.surface == "fill":
            self.card_bg = mix(self.bg, c["ink"], rng.uniform(0.05, 0.1)) if self.canvas_kind != "grey" else "#ffffff"
        elif dark:
            self.card_bg = mix(self.bg, c["ink"], rng.uniform(0.04, 0.1))
        else:
            self.card_bg = "#ffffff" if self.canvas_kind == "grey" or rng.random() < 0.6 else self.bg
        self.line = c["border"] if not dark else mix(self.bg, c["ink"], 0.18)
        # Component conventions, once per page.
        a = rng.choice([0, 1])
        self.btn_pad = (L.s(a), L.s(a + rng.choice([1, 2])))
        self.btn_r = "999px" if L.pill else L.r(rng.choice([0, 1]))
        self.chip_pad = (L.s(0) if L.s(0) <= 8 else 4, L.s(rng.choice([0, 1])))
        # The tightest gap (menu items, stacked labels): the scale's smallest step when it is small, else none.
        self.tight = L.s(0) if L.s(0) <= 5 else 0
        self.chip_r = "999px" if L.pill or rng.random() < 0.5 else L.r(0)
        self.input_pad = (L.s(1), L.s(rng.choice([1, 2])))
        self.input_r = L.r(rng.choice([0, 1]))
        self.card_pad = L.s(rng.choice([2, 3, 3, 4]))
        self.card_r = L.r(rng.choice([1, 2, 2, 3]))
        self.gap_xs, self.gap_sm, self.gap_md = L.s(0), L.s(1), L.s(2)
        self.gap_lg = L.s(rng.choice([3, 4]))
        # An off-scale one-off somewhere (a designer's 13 px), as real pages have.
        self.odd = rng.choice([None, None, 13, 14, 15, 22, 26, 30, 36, 7])

    # ---------------------------------------------------------------- styles

    def surface(self, level: int = 1, radius: str | None = None, pad: float | str | None = None,
                bg: str | None = None, surface: str | None = None) -> str:
        """The style of a card-like box under the page's surface convention."""
        L = self.L
        kind = surface or L.surface
        parts = [f"background:{bg or self.card_bg}", f"border-radius:{radius if radius is not None else self.card_r}"]
        if kind in ("border", "border-shadow"):
            parts.append(f"border:1px solid {self.line}")
        if kind in ("shadow", "border-shadow") and L.shadow(level) != "none":
            parts.append(f"box-shadow:{L.shadow(level)}")
        pad = self.card_pad if pad is None else pad
        parts.append(f"padding:{pad if isinstance(pad, str) else f'{pad:g}px'}")
        return ";".join(parts)

    def html(self, body: str) -> str:
        th = self.theme
        roles = "\n".join(f".r-{r}{{{s.css()}}}" for r, s in th.styles.items())
        c = self.c
        base = f"""*{{box-sizing:border-box;margin:0;padding:0}}
html,body{{width:100%;height:100%}}
body{{background:{self.canvas};color:{c['ink']};{th['body'].css()};overflow:hidden}}
button{{font:inherit;border:0;background:none;color:inherit}}
a{{color:inherit;text-decoration:none}} ul{{list-style:none}}
.muted{{color:{c['muted']}}} .brand{{color:{c['brand']}}}
.row{{display:flex;align-items:center}} .col{{display:flex;flex-direction:column}}
.grid{{display:grid}} svg{{flex:none;display:block}}
"""
        return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{self.id}</title>'
                f"<style>\n{font_faces_css(th)}\n{base}{roles}\n{''.join(self.css)}</style></head>"
                f"<body>{body}</body></html>")

    # ---------------------------------------------------------------- components

    def btn(self, text: str, kind: str = "primary", role: str = "button", icon: str | None = None) -> str:
        c = self.c
        v, h = self.btn_pad
        style = {"primary": f"background:{c['brand']};color:{c['on_brand']}",
                 "secondary": f"background:{self.card_bg};border:1px solid {self.line}",
                 "soft": f"background:{mix(self.bg, c['brand'], 0.14)};color:{c['brand']}",
                 "ghost": "background:transparent",
                 "gradient": f"background:linear-gradient(90deg,{c['brand']},{c['brand2']});color:{c['on_brand']}",
                 "danger": "background:#dc2626;color:#fff"}[kind]
        ic = self.icon(icon, 16, "currentColor") if icon else ""
        gap = f"gap:{self.gap_sm:g}px;" if icon else ""
        return (f'<button class="row" data-box="button" style="{gap}padding:{v:g}px {h:g}px;border-radius:{self.btn_r};'
                f'{style}">{ic}{self.t(role, text, "span", data_role="button")}</button>')

    def chip(self, text: str, active: bool = False, border: bool | None = None) -> str:
        c = self.c
        v, h = self.chip_pad
        border = self.rng.random() < 0.3 if border is None else border
        bg = c["brand"] if active else mix(self.bg, c["brand"], 0.12)
        ink = c["on_brand"] if active else c["brand"]
        b = f"border:1px solid {mix(self.bg, c['brand'], 0.35)};" if border and not active else ""
        return (f'<span class="row" data-box="chip" style="display:inline-flex;padding:{v:g}px {h:g}px;'
                f'border-radius:{self.chip_r};background:{bg};color:{ink};{b}">'
                f'{self.t("caption", text, "span", data_role="chip")}</span>')

    def field(self, label: str, value: str, help_text: str = "", width: str = "100%") -> str:
        v, h = self.input_pad
        inset = ";box-shadow:inset 0 1px 2px rgba(0,0,0,.08)" if self.rng.random() < 0.15 else ""
        box = (f'<div data-box="input" style="width:{width};padding:{v:g}px {h:g}px;border:1px solid {self.line};'
               f'border-radius:{self.input_r};background:{self.card_bg if self.L.surface != "fill" else self.bg}{inset}">'
               f'{self.t("body", value, "span", "muted", data_role="placeholder")}</div>')
        helper = self.t("caption", help_text, "p", "muted") if help_text else ""
        return (f'<div class="col" style="gap:{self.gap_xs:g}px">{self.t("label", label, "label")}{box}{helper}</div>')

    def avatar(self, size: int, photo: bool | None = None, square: bool = False) -> str:
        r = self.L.r(1) if square else "50%"
        if photo if photo is not None else self.rng.random() < 0.5:
            return (f'<img data-box="avatar" src="{self.photo("blobs", size, size)}" '
                    f'style="width:{size}px;height:{size}px;border-radius:{r};flex:none;object-fit:cover">')
        hue_c = hue_shift(self.c["brand"], self.rng.uniform(-0.3, 0.3))
        initials = "".join(part[0] for part in self.w.name().split()[:2])
        return (f'<div class="row" data-box="avatar" style="width:{size}px;height:{size}px;border-radius:{r};flex:none;'
                f'justify-content:center;background:{hue_c};color:#fff">'
                f'{self.t("caption", initials, "span", data_role="avatar")}</div>')

    def icon_btn(self, name: str, size: int = 36, round_: bool | None = None, filled: bool = True) -> str:
        r = "50%" if (round_ if round_ is not None else self.rng.random() < 0.4) else self.L.r(0)
        bg = mix(self.bg, self.c["ink"], 0.07) if filled else "transparent"
        return (f'<div class="row" data-box="icon-button" style="width:{size}px;height:{size}px;border-radius:{r};'
                f'justify-content:center;background:{bg};flex:none">{self.icon(name, size // 2, self.c["muted"])}</div>')

    def toggle(self, on: bool) -> str:
        knob = "margin-left:auto" if on else ""
        bg = self.c["brand"] if on else mix(self.bg, self.c["ink"], 0.2)
        pad = 4 if self.L.s(0) % 4 == 0 else 2
        return (f'<div class="row" data-box="toggle" style="width:{36 + 2 * pad}px;height:{18 + 2 * pad}px;padding:{pad}px;'
                f'border-radius:999px;flex:none;background:{bg}"><div data-box="knob" style="width:18px;height:18px;border-radius:50%;'
                f'background:#fff;{knob};box-shadow:0 1px 2px rgba(0,0,0,.3)"></div></div>')

    def checkbox(self, on: bool) -> str:
        bg = self.c["brand"] if on else "transparent"
        mark = self.icon("check", 12, self.c["on_brand"]) if on else ""
        return (f'<div class="row" data-box="checkbox" style="width:18px;height:18px;border-radius:{min(4, self.L.radii[0]):g}px;'
                f'justify-content:center;flex:none;background:{bg};border:1px solid {self.c["brand"] if on else self.line}">'
                f'{mark}</div>')

    def badge(self, text: str, color: str | None = None) -> str:
        col = color or self.rng.choice(["#16a34a", "#d97706", "#dc2626", self.c["brand"]])
        return (f'<span data-box="badge" style="display:inline-block;padding:{self.chip_pad[0]:g}px {self.L.s(0) if self.L.s(0) >= 4 else 6:g}px;'
                f'border-radius:{self.chip_r};background:{rgba(col, 0.14)};color:{col}">'
                f'{self.t("caption", text, "span", data_role="badge")}</span>')

    def divider(self) -> str:
        return f'<div style="height:1px;background:{self.line};flex:none"></div>'

    def logo(self) -> str:
        return (f'<div class="row" style="gap:{self.gap_sm:g}px">{self.icon("dot", 24)}'
                f'{self.t("h4", self.w.company(), "span", data_role="logo")}</div>')

    def nav_bar(self, links: int = 4, search: bool = True, elevated: bool | None = None) -> str:
        """A top bar: logo, links (one active), a search box, buttons and an avatar."""
        L, c = self.L, self.c
        pad_v, pad_h = L.s(self.rng.choice([1, 2])), self.odd if self.odd and self.rng.random() < 0.5 else L.page_pad
        items = []
        for i in range(links):
            active = i == 0
            st = (f"padding:{L.s(0):g}px {L.s(1):g}px;border-radius:{self.btn_r};background:{mix(self.bg, c['brand'], 0.12)};"
                  f"color:{c['brand']}" if active else "")
            items.append(self.t("nav", self.w.label(), "a", style=st))
        sb = ""
        if search:
            v, h = self.input_pad
            sb = (f'<div class="row" data-box="search" style="gap:{self.gap_sm:g}px;width:240px;padding:{v:g}px {h:g}px;'
                  f'border-radius:{self.input_r};background:{mix(self.bg, c["ink"], 0.05)}">'
                  f'{self.icon("search", 16, c["muted"])}{self.t("small", "Search", "span", "muted")}</div>')
        style = f"border-bottom:1px solid {self.line}"
        if elevated if elevated is not None else (L.shadows and self.rng.random() < 0.4):
            style = f"box-shadow:{L.shadow(1)}"
        bg = self.card_bg if self.rng.random() < 0.6 else self.bg
        return (f'<header class="row" data-box="navbar" style="justify-content:space-between;padding:{pad_v:g}px {pad_h:g}px;'
                f'background:{bg};{style};position:relative;z-index:2">'
                f'<div class="row" style="gap:{L.s(4):g}px">{self.logo()}'
                f'<nav class="row" style="gap:{self.gap_sm:g}px">{"".join(items)}</nav></div>'
                f'<div class="row" style="gap:{self.gap_md:g}px">{sb}{self.btn(self.w.title(2))}{self.avatar(32)}</div></header>')

    def side_nav(self, width: int = 232, groups: int = 2) -> str:
        L, c = self.L, self.c
        out = [f'<div style="padding:{L.s(1):g}px {L.s(1):g}px {L.s(3):g}px">{self.logo()}</div>']
        item_r = self.L.r(0) if not L.pill else "999px"
        for g in range(groups):
            out.append(self.t("overline", self.w.title(2), "p", "muted", style=f"padding:{L.s(2):g}px {L.s(1):g}px {L.s(0):g}px"))
            for i in range(self.rng.randint(3, 5)):
                active = g == 0 and i == 1
                bg = f"background:{mix(self.card_bg, c['brand'], 0.12)};color:{c['brand']};" if active else ""
                count = self.chip(str(self.rng.randint(1, 40))) if self.rng.random() < 0.2 else ""
                out.append(f'<a class="row" data-box="nav-item" style="gap:{self.gap_sm:g}px;padding:{L.s(1):g}px {L.s(1):g}px;'
                           f'border-radius:{item_r};{bg}">{self.icon(self.rng.choice(["home", "chart", "user", "gear", "bell"]), 16, c["muted"])}'
                           f'{self.t("nav", self.w.title(2), "span", style="flex:1")}{count}</a>')
        side_bg = self.card_bg if self.rng.random() < 0.6 else mix(self.bg, c["ink"], 0.04)
        return (f'<aside class="col" data-box="sidebar" style="width:{width}px;flex:none;height:100%;gap:{self.tight:g}px;'
                f'padding:{L.s(2):g}px {L.s(1):g}px;background:{side_bg};border-right:1px solid {self.line}">{"".join(out)}</aside>')

    def menu(self, right: float, top: float, chance: float = 0.5) -> str:
        """An open dropdown menu floating at elevation 2 (some pages; none without shadows)."""
        L, c = self.L, self.c
        if len(L.shadows) < 2 or self.rng.random() >= chance:
            return ""
        items = "".join(f'<div class="row" data-box="menu-item" style="gap:{self.gap_sm:g}px;padding:{L.s(1):g}px {L.s(2):g}px;'
                        f'border-radius:{L.r(0)};{"background:" + mix(self.card_bg, c["brand"], 0.12) if i == 0 else ""}">'
                        f'{self.icon(self.rng.choice(icon_names()), 16, c["muted"])}{self.t("small", self.w.title(2), "span")}</div>'
                        for i in range(self.rng.randint(3, 5)))
        pad = L.s(0) if L.s(0) >= 4 else 4
        return (f'<div class="col" data-box="dropdown" style="position:fixed;right:{right:g}px;top:{top:g}px;width:200px;'
                f'{self.surface(2, surface=self.rng.choice(["shadow", "border-shadow"]), pad=pad, radius=L.r(1))};'
                f'gap:{self.tight:g}px;z-index:15">{items}</div>')

    def toast(self) -> str:
        """A notification floating bottom right at the set's top elevation (some pages; none without shadows)."""
        L, c = self.L, self.c
        if not L.shadows or self.rng.random() < 0.4:
            return ""
        right = L.s(3) if self.viewport[0] > 500 else L.s(2)
        return (f'<div class="row" data-box="toast" style="position:fixed;right:{right:g}px;bottom:{right:g}px;'
                f'gap:{self.gap_md:g}px;{self.surface(len(L.shadows), surface="shadow", pad=f"{L.s(2):g}px {L.s(3):g}px")};'
                f'z-index:20">{self.icon("bell", 18)}<div class="col" style="gap:{self.tight:g}px">'
                f'{self.t("label", self.w.title(3), "p")}{self.t("caption", self.w.sentence(6), "p", "muted")}</div>'
                f'{self.btn("Undo", "soft")}</div>')

    def card_head(self, title: str, action: bool = True) -> str:
        act = self.t("small", "View all", "a", "brand") if action and self.rng.random() < 0.6 else (
            self.icon_btn("menu", 28, filled=False) if action else "")
        return (f'<div class="row" style="justify-content:space-between;gap:{self.gap_md:g}px">'
                f'{self.t("h4", title, "h3")}{act}</div>')


def icon_names() -> list[str]:
    return list(ICONS)
