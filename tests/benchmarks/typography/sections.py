"""Building blocks of the pages: a Page (its theme, assets and CSS) and the sections real sites are made of.

Every text element carries `class="r-ROLE" data-role="ROLE"`: the class sets the theme's style for the
role, the attribute becomes the ground truth's role hint. Copy is English-like word salad from a fixed
vocabulary, so glyph shapes and word lengths are realistic and everything is reproducible.
"""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from .images import write_photo
from .theme import Theme, font_faces_css

NOUNS = ("team product design system token color layout workflow project update report market customer "
         "revenue growth pipeline release feature account invoice order payment budget schedule meeting "
         "insight dashboard chart library component brand palette garden coffee journey story city river "
         "mountain kitchen recipe season travel museum studio camera engine network server record").split()
VERBS = ("build ship design measure track manage launch explore create share plan review grow discover "
         "automate connect deliver improve simplify organize").split()
ADJS = ("fast simple modern quiet bold clear better daily open honest tiny smart local remote shared "
        "private global quick careful bright warm gentle").split()
SMALL = "the a of to and in for with on at by from your our every more".split()
NAMES = ("Ada Lovelace|Grace Hopper|Alan Turing|Maya Chen|Lucas Silva|Amara Okafor|Jonas Berg|Sofia Rossi|"
         "Noah Kim|Leila Haddad|Omar Farouk|Elena Petrova|Kenji Sato|Priya Nair|Tom Weber").split("|")
COMPANIES = "Northwind Acme Globex Initech Umbrella Stark Wayne Hooli Vandelay Soylent Tyrell Cyberdyne".split()


class Words:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self, n: int) -> str:
        pool = NOUNS + VERBS + ADJS + SMALL * 2
        ws = [self.rng.choice(pool) for _ in range(n)]
        if n > 9 and self.rng.random() < 0.5:
            ws[self.rng.randint(3, n - 4)] += ","
        return " ".join(ws).capitalize() + "."

    def paragraph(self, sentences: int, words: tuple[int, int] = (8, 18)) -> str:
        return " ".join(self.sentence(self.rng.randint(*words)) for _ in range(sentences))

    def title(self, n: int = 4) -> str:
        r = self.rng
        forms = [lambda: [r.choice(VERBS).capitalize(), r.choice(ADJS), r.choice(NOUNS)],
                 lambda: [r.choice(ADJS).capitalize(), r.choice(NOUNS), r.choice(SMALL), r.choice(NOUNS)],
                 lambda: [r.choice(NOUNS).capitalize(), r.choice(["that", "for", "without"]), r.choice(NOUNS)]]
        ws = r.choice(forms)()
        while len(ws) < n:
            ws.append(r.choice(NOUNS + ADJS))
        return " ".join(ws[:n])

    def label(self) -> str:
        return self.rng.choice(NOUNS + VERBS).capitalize()

    def name(self) -> str:
        return self.rng.choice(NAMES)

    def company(self) -> str:
        return self.rng.choice(COMPANIES)

    def number(self, lo: float, hi: float, fmt: str = "{:,.0f}") -> str:
        return fmt.format(self.rng.uniform(lo, hi))

    def date(self) -> str:
        m = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
        return f"{self.rng.choice(m)} {self.rng.randint(1, 28)}, {self.rng.randint(2019, 2026)}"


ICONS = {
    "check": '<path d="M5 12l5 5 9-10" fill="none" stroke="{c}" stroke-width="2.2"/>',
    "arrow": '<path d="M4 12h14M13 6l6 6-6 6" fill="none" stroke="{c}" stroke-width="2"/>',
    "dot": '<circle cx="12" cy="12" r="6" fill="{c}"/>',
    "star": '<path d="M12 3l2.8 5.8 6.2.9-4.5 4.4 1 6.2L12 17.4 6.5 20.3l1-6.2L3 9.7l6.2-.9z" fill="{c}"/>',
    "menu": '<path d="M4 7h16M4 12h16M4 17h16" stroke="{c}" stroke-width="2"/>',
    "search": '<circle cx="11" cy="11" r="6" fill="none" stroke="{c}" stroke-width="2"/><path d="M16 16l4 4" stroke="{c}" stroke-width="2"/>',
    "bell": '<path d="M6 17V11a6 6 0 0112 0v6l2 2H4z" fill="{c}"/>',
    "user": '<circle cx="12" cy="9" r="4" fill="{c}"/><path d="M4 21a8 8 0 0116 0z" fill="{c}"/>',
    "chart": '<path d="M5 20V12M10 20V6M15 20v-9M20 20V4" stroke="{c}" stroke-width="3"/>',
    "home": '<path d="M3 11l9-8 9 8v10h-6v-6H9v6H3z" fill="{c}"/>',
    "gear": '<circle cx="12" cy="12" r="7" fill="none" stroke="{c}" stroke-width="3" stroke-dasharray="3 2"/>',
    "heart": '<path d="M12 21s-8-5-8-11a4.5 4.5 0 018-3 4.5 4.5 0 018 3c0 6-8 11-8 11z" fill="{c}"/>',
}


class Page:
    """One page under construction: its theme, where its assets go, its extra CSS."""

    def __init__(self, page_id: str, kind: str, theme: Theme, rng: random.Random, folder: Path,
                 viewport: tuple[int, int] = (1280, 900)) -> None:
        self.id, self.kind, self.theme, self.rng, self.folder = page_id, kind, theme, rng, folder
        self.viewport = viewport
        self.np = np.random.default_rng(rng.getrandbits(32))
        self.w = Words(rng)
        self.css: list[str] = []
        self.photos = 0
        folder.mkdir(parents=True, exist_ok=True)

    @property
    def c(self) -> dict[str, str]:
        return self.theme.colors

    def t(self, role: str, text: str, tag: str = "div", cls: str = "", style: str = "", data_role: str = "") -> str:
        st = f' style="{style}"' if style else ""
        classes = f"r-{role} {cls}".strip()
        return f'<{tag} class="{classes}" data-role="{data_role or role}"{st}>{text}</{tag}>'

    def italic(self, role: str) -> str:
        """Italic only where the role's face ships an italic: a synthesised slant would make the truth lie."""
        return "font-style:italic;" if self.theme[role].face.italic else ""

    def icon(self, name: str, size: int = 20, color: str | None = None) -> str:
        body = ICONS[name].format(c=color or self.c["brand"])
        return f'<svg width="{size}" height="{size}" viewBox="0 0 24 24" aria-hidden="true">{body}</svg>'

    def photo(self, kind: str, w: int, h: int) -> str:
        self.photos += 1
        return write_photo(self.folder / f"photo{self.photos}.jpg", kind, self.np, w, h)

    def button(self, text: str, kind: str = "primary", role: str = "button") -> str:
        return self.t(role, text, "button", f"btn btn-{kind}", data_role="button")

    def html(self, body: str) -> str:
        th = self.theme
        roles = "\n".join(f".r-{r}{{{s.css()}}}" for r, s in th.styles.items())
        c = self.c
        base = f"""*{{box-sizing:border-box;margin:0;padding:0}}
html,body{{width:100%;height:100%}}
body{{background:{c['bg']};color:{c['ink']};{th['body'].css()};overflow:hidden}}
button{{font:inherit;border:0;cursor:pointer;background:none;color:inherit}}
a{{color:inherit;text-decoration:none}}
.muted{{color:{c['muted']}}} .brand{{color:{c['brand']}}}
.btn{{display:inline-flex;align-items:center;gap:8px;padding:.7em 1.3em;border-radius:{self.rng.choice([4, 6, 8, 999])}px}}
.btn-primary{{background:{c['brand']};color:{c['on_brand']}}}
.btn-ghost{{border:1px solid {c['border']};color:{c['ink']}}}
.btn-light{{background:#fff;color:#111}}
.card{{background:{c['surface']};border:1px solid {c['border']};border-radius:{self.rng.choice([6, 10, 14, 18])}px;padding:24px}}
.badge{{display:inline-block;padding:2px 8px;border-radius:999px;background:{c['tint']};color:{c['brand']}}}
.row{{display:flex;align-items:center;gap:16px}} .col{{display:flex;flex-direction:column;gap:12px}}
.grid{{display:grid;gap:24px}} .wrap{{max-width:1120px;margin:0 auto;padding:0 40px}}
.input{{border:1px solid {c['border']};border-radius:8px;padding:10px 12px;background:{c['bg']}}}
"""
        return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{self.id}</title>'
                f"<style>\n{font_faces_css(th)}\n{base}{roles}\n{''.join(self.css)}</style></head>"
                f"<body>{body}</body></html>")


# ------------------------------------------------------------------ sections: Page -> HTML


def nav(p: Page, links: int = 5, cta: bool = True, ink: str | None = None) -> str:
    color = ink or p.c["ink"]
    items = "".join(p.t("nav", p.w.label(), "a", style=f"color:{color}") for _ in range(links))
    right = p.button(p.rng.choice(["Sign up", "Get started", "Try it free", "Book a demo"])) if cta else ""
    logo = p.t("h4", p.w.company(), "a", style=f"color:{color}", data_role="logo")
    return (f'<nav class="row" style="justify-content:space-between;padding:20px 40px">'
            f'<div class="row" style="gap:10px">{p.icon("dot", 26)}{logo}</div>'
            f'<div class="row" style="gap:28px">{items}</div><div>{right}</div></nav>')


def hero(p: Page, variant: str, top: str = "") -> str:
    """variant: plain | gradient | photo | split | gradient-text; `top` (a nav) sits on the hero's backdrop."""
    w, c = p.w, p.c
    eyebrow = p.t("overline", w.title(3), "p", "brand") if p.rng.random() < 0.6 else ""
    title = w.title(p.rng.randint(3, 7))
    lead = w.paragraph(1, (14, 26))
    buttons = f'<div class="row">{p.button(w.title(2))}{p.button(w.title(2), "ghost")}</div>'
    if variant == "split":
        img = p.photo(p.rng.choice(["blobs", "landscape"]), 520, 420)
        return (f'{top}<section class="wrap grid" style="grid-template-columns:1.1fr 1fr;align-items:center;padding-top:40px">'
                f'<div class="col" style="gap:20px">{eyebrow}{p.t("display", title, "h1")}'
                f'{p.t("lead", lead, "p", "muted")}{buttons}</div>'
                f'<img src="{img}" style="width:100%;height:420px;object-fit:cover;border-radius:16px"></section>')
    style, ink = "", ""
    if variant == "gradient":
        a, b = c["brand"], c["brand2"]
        style = f"background:linear-gradient({p.rng.randint(0, 180)}deg,{a},{b});color:{c['on_brand']}"
        ink = f"color:{c['on_brand']}"
    elif variant == "photo":
        img = p.photo(p.rng.choice(["landscape", "bokeh", "blobs"]), 1280, 560)
        scrim = p.rng.choice([0.0, 0.25, 0.45])
        style = (f"background:linear-gradient(rgba(0,0,0,{scrim}),rgba(0,0,0,{scrim})),url({img}) center/cover;"
                 "color:#fff")
        ink = "color:#fff"
    head_style = ""
    if variant == "gradient-text":
        head_style = (f"background:linear-gradient(90deg,{c['brand']},{c['accent']});-webkit-background-clip:text;"
                      "background-clip:text;color:transparent")
    align = p.rng.choice(["center", "left"])
    place = "margin:0 auto;align-items:center" if align == "center" else "margin-left:80px"
    return (f'<section style="{style};padding-bottom:80px;text-align:{align}">{top}'
            f'<div class="col" style="gap:22px;max-width:860px;padding-top:64px;{place}">'
            f'{eyebrow.replace("brand", "") if ink else eyebrow}'
            f'{p.t("display", title, "h1", style=head_style or ink)}'
            f'{p.t("lead", lead, "p", "" if ink else "muted", style=ink + (";opacity:.85" if ink else ""))}'
            f'{buttons.replace("btn-ghost", "btn-light") if ink else buttons}</div></section>')


def features(p: Page, n: int = 3, cards: bool = True) -> str:
    items = "".join(
        f'<div class="{"card" if cards else ""} col">{p.icon(p.rng.choice(list(ICONS)), 28)}'
        f'{p.t("h3", p.w.title(3), "h3")}{p.t("body", p.w.paragraph(2, (8, 14)), "p", "muted")}</div>'
        for _ in range(n))
    head = p.t("h2", p.w.title(5), "h2")
    return (f'<section class="wrap col" style="gap:32px;padding-top:56px;padding-bottom:56px">{head}'
            f'<div class="grid" style="grid-template-columns:repeat({n},1fr)">{items}</div></section>')


def logos(p: Page) -> str:
    names = "".join(p.t("h4", p.w.company(), "span", "muted", data_role="logo") for _ in range(6))
    return (f'<section class="wrap col" style="align-items:center;padding:28px 40px">'
            f'{p.t("caption", "Trusted by teams at", "p", "muted")}'
            f'<div class="row" style="gap:48px;opacity:.8">{names}</div></section>')


def stats(p: Page, n: int = 4, cards: bool = True) -> str:
    items = "".join(
        f'<div class="{"card" if cards else ""} col" style="gap:6px">'
        f'{p.t("caption", p.w.title(2), "p", "muted")}'
        f'{p.t("stat", p.w.number(10, 99999, p.rng.choice(["{:,.0f}", "${:,.2f}", "{:.1f}%"])), "div")}'
        f'{p.t("small", "+" + p.w.number(0.1, 24, "{:.1f}%") + " from last month", "p", "brand")}</div>'
        for _ in range(n))
    return f'<div class="grid" style="grid-template-columns:repeat({n},1fr)">{items}</div>'


def testimonial(p: Page) -> str:
    photo = p.photo("blobs", 56, 56)
    slant = p.italic("h3") if p.rng.random() < 0.5 else ""
    return (f'<section class="wrap col" style="align-items:center;text-align:center;gap:20px;padding:56px 40px">'
            f'{p.t("h3", "“" + p.w.sentence(p.rng.randint(14, 24))[:-1] + ".”", "blockquote", data_role="quote", style=slant)}'
            f'<div class="row" style="gap:12px"><img src="{photo}" style="width:48px;height:48px;border-radius:50%">'
            f'<div style="text-align:left">{p.t("label", p.w.name(), "p")}'
            f'{p.t("small", p.w.title(2) + " at " + p.w.company(), "p", "muted")}</div></div></section>')


def stats_section(p: Page) -> str:
    return (f'<section class="wrap col" style="gap:28px;padding-top:48px;padding-bottom:48px">'
            f'{p.t("h2", p.w.title(4), "h2")}{stats(p, p.rng.choice([3, 4]), cards=p.rng.random() < 0.5)}</section>')


def table(p: Page, rows: int = 8, cols: int = 5) -> str:
    head = "".join(p.t(p.rng.choice(["overline", "label"]), p.w.label(), "th",
                       style="text-align:left;padding:10px 12px") for _ in range(cols))
    status = ["Paid", "Pending", "Failed", "Draft", "Active"]

    def cell(j: int) -> str:
        if j == 0:
            return p.t("body", p.w.name(), "td", style="padding:10px 12px")
        if j == cols - 1:
            return f'<td style="padding:10px 12px">{p.t("caption", p.rng.choice(status), "span", "badge", data_role="badge")}</td>'
        if j == 1:
            return p.t("small", p.w.date(), "td", "muted", style="padding:10px 12px")
        return p.t("small", p.w.number(1, 9999, "${:,.2f}"), "td", style="padding:10px 12px;font-variant-numeric:tabular-nums")

    body = "".join(f'<tr style="border-top:1px solid {p.c["border"]}">' + "".join(cell(j) for j in range(cols)) + "</tr>"
                   for _ in range(rows))
    return f'<table style="width:100%;border-collapse:collapse"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def sidebar(p: Page, groups: int = 3, width: int = 240) -> str:
    out = [f'<div class="row" style="gap:10px;padding:4px 8px 18px">{p.icon("dot", 24)}'
           f'{p.t("h4", p.w.company(), "span", data_role="logo")}</div>']
    for g in range(groups):
        out.append(p.t("overline", p.w.title(2), "p", "muted", style="padding:14px 8px 6px"))
        for i in range(p.rng.randint(3, 5)):
            active = g == 0 and i == 1
            bg = f"background:{p.c['tint']};color:{p.c['brand']};" if active else ""
            out.append(f'<a class="row" style="gap:10px;padding:7px 8px;border-radius:6px;{bg}">'
                       f'{p.icon(p.rng.choice(["home", "chart", "user", "gear", "bell"]), 16, p.c["muted"])}'
                       f'{p.t("nav", p.w.title(2), "span")}</a>')
    return (f'<aside style="width:{width}px;flex:none;height:100%;padding:20px 14px;background:{p.c["surface"]};'
            f'border-right:1px solid {p.c["border"]}"><nav>{"".join(out)}</nav></aside>')


def code_block(p: Page, lines: int = 8) -> str:
    kw = ["const", "return", "import", "def", "await", "export", "if", "for"]
    rows = []
    for _ in range(lines):
        indent = "&nbsp;" * (2 * p.rng.randint(0, 3))
        rows.append(f'{indent}<span style="color:{p.c["accent"]}">{p.rng.choice(kw)}</span> '
                    f'{p.rng.choice(NOUNS)}{p.rng.choice(["()", " = ", ".", "(" + p.rng.choice(NOUNS) + ")"])}'
                    f'{p.rng.choice(NOUNS)};')
    bg = p.rng.choice(["#0f172a", "#1e1e1e", "#f6f8fa", p.c["surface"]])
    ink = "#e2e8f0" if bg in ("#0f172a", "#1e1e1e") else p.c["ink"]
    return (f'<pre class="r-code" data-role="code" style="background:{bg};color:{ink};padding:16px 20px;'
            f'border-radius:10px;white-space:pre">' + "<br>".join(rows) + "</pre>")


def article_body(p: Page, paragraphs: int = 4) -> str:
    out = []
    for i in range(paragraphs):
        text = p.w.paragraph(p.rng.randint(3, 5))
        if p.rng.random() < 0.5:  # a bold or italic run inside the body text
            words = text.split(" ")
            k = p.rng.randint(2, max(3, len(words) - 4))
            tag = p.rng.choice(["strong", "em", "a"] if p.theme["body"].face.italic else ["strong", "a"])
            extra = ' style="text-decoration:underline"' if tag == "a" else ""
            words[k] = f"<{tag}{extra}>{words[k]} {words[k + 1]}</{tag}>"
            del words[k + 1]
            text = " ".join(words)
        out.append(p.t("body", text, "p"))
        if i == 1 and p.rng.random() < 0.6:
            out.append(p.t("h2", p.w.title(4), "h2", style="margin-top:12px"))
    return "".join(out)


def fake_input(p: Page, label: str, placeholder: str, help_text: str = "") -> str:
    """Inputs are drawn as boxes with a text span: real <input> text lives in a user-agent shadow tree
    that a text-node walk cannot see, so its ground truth would be missing."""
    helper = p.t("caption", help_text, "p", "muted") if help_text else ""
    return (f'<div class="col" style="gap:6px">{p.t("label", label, "label")}'
            f'<div class="input">{p.t("body", placeholder, "span", "muted", data_role="placeholder")}</div>{helper}</div>')


def cta_band(p: Page) -> str:
    """A call-to-action strip on the brand colour, with a newsletter box."""
    c = p.c
    field = (f'<div class="input" style="width:280px;background:#fff">'
             f'{p.t("small", "you@company.com", "span", data_role="placeholder", style="color:#6b7280")}</div>')
    return (f'<section class="row" style="justify-content:space-between;gap:40px;margin:40px;padding:40px 48px;'
            f'border-radius:16px;background:{c["brand"]};color:{c["on_brand"]}">'
            f'<div class="col" style="gap:10px;max-width:560px">{p.t("h2", p.w.title(5), "h2")}'
            f'{p.t("body", p.w.sentence(16), "p", style="opacity:.9")}</div>'
            f'<div class="row" style="gap:10px">{field}{p.button("Subscribe", "light")}</div></section>')


def footer(p: Page, cols: int = 4) -> str:
    columns = "".join(
        f'<div class="col" style="gap:8px">{p.t(p.rng.choice(["overline", "label"]), p.w.label(), "p")}'
        + "".join(p.t("small", p.w.title(2), "a", "muted") for _ in range(4)) + "</div>" for _ in range(cols))
    return (f'<footer style="border-top:1px solid {p.c["border"]};padding:40px">'
            f'<div class="grid" style="grid-template-columns:repeat({cols},1fr)">{columns}</div>'
            f'{p.t("caption", "© 2026 " + p.w.company() + " Inc. All rights reserved.", "p", "muted", style="margin-top:32px")}'
            "</footer>")
