"""Page recipes: each draws a theme and lays sections out the way a kind of real site does.

A recipe returns (Page, body HTML). `KINDS` lists them with how many pages of each the full dataset
has; the quick dataset takes the first pages of the same deterministic sequence.
"""
from __future__ import annotations

import random
from pathlib import Path

from . import sections as S
from .sections import ICONS, Page
from .theme import make_theme
from .tools import Face

SANS = ("inter roboto open-sans lato montserrat poppins source-sans-3 work-sans nunito dm-sans ibm-plex-sans "
        "raleway space-grotesk manrope").split()
SERIF = "merriweather lora playfair-display libre-baskerville source-serif-4 eb-garamond pt-serif crimson-pro".split()
SERIF_HEADINGS = SERIF + ["dm-serif-display"]
DISPLAY = "bebas-neue abril-fatface lobster righteous comfortaa pacifico anton oswald".split()
MONO = "jetbrains-mono fira-code ibm-plex-mono source-code-pro roboto-mono space-mono".split()


def _theme(rng: random.Random, faces: dict[str, Face], text_pool: list[str], heading: str = "same", **kw):
    text = rng.choice(text_pool)
    head = {"same": text, "sans": rng.choice(SANS), "serif": rng.choice(SERIF_HEADINGS),
            "display": rng.choice(DISPLAY)}[heading]
    return make_theme(rng, faces, text=text, heading=head, **kw)


def landing(rng, faces, pid, folder):
    heading = rng.choice(["same", "same", "serif", "display", "sans"])
    th = _theme(rng, faces, SANS + SERIF[:2], heading, dark=rng.random() < 0.35)
    p = Page(pid, "landing", th, rng, folder)
    variant = rng.choice(["plain", "gradient", "photo", "split", "gradient-text"])
    on_backdrop = variant in ("gradient", "photo")
    top = S.nav(p, rng.randint(3, 5), on_dark=on_backdrop)
    after = rng.sample([S.logos, S.features, S.stats_section], 2)
    return p, S.hero(p, variant, top) + "".join(f(p) for f in after)


def dashboard(rng, faces, pid, folder):
    th = _theme(rng, faces, SANS, rng.choice(["same", "same", "sans"]), dark=rng.random() < 0.4, base_range=(12, 15))
    p = Page(pid, "dashboard", th, rng, folder)
    title = p.t(rng.choice(["h2", "h3"]), p.w.title(2), "h1")
    topbar = (f'<div class="row" style="justify-content:space-between">{title}<div class="row">'
              f'<div class="input row" style="width:260px;gap:8px">{p.icon("search", 16, p.c["muted"])}'
              f'{p.t("small", "Search " + p.w.label().lower() + "s", "span", "muted", data_role="placeholder")}</div>'
              f'{p.icon("bell", 20, p.c["muted"])}{p.button("New " + p.w.label().lower())}</div></div>')
    card = (f'<div class="card col" style="padding:0;overflow:hidden"><div class="row" style="justify-content:space-between;padding:16px 20px">'
            f'{p.t("h4", p.w.title(2), "h3")}{p.t("small", "View all", "a", "brand")}</div>'
            f'{S.table(p, rng.randint(6, 12), rng.randint(4, 6))}</div>')
    main = (f'<main class="col" style="flex:1;gap:24px;padding:24px 32px;min-width:0">{topbar}'
            f'{S.stats(p, rng.choice([3, 4]))}{card}</main>')
    return p, f'<div class="row" style="align-items:stretch;height:100%;gap:0">{S.sidebar(p)}{main}</div>'


def article(rng, faces, pid, folder):
    text_pool = SERIF if rng.random() < 0.7 else SANS
    th = _theme(rng, faces, text_pool, rng.choice(["same", "serif", "sans"]), dark=rng.random() < 0.2,
                base_range=(16, 21))
    p = Page(pid, "article", th, rng, folder)
    width = rng.choice([640, 680, 720, 760])
    byline = (f'<div class="row" style="gap:12px"><img src="{p.photo("blobs", 40, 40)}" style="width:40px;height:40px;border-radius:50%">'
              f'<div>{p.t("label", p.w.name(), "p")}{p.t("caption", p.w.date() + " · " + str(rng.randint(3, 14)) + " min read", "p", "muted")}</div></div>')
    figure = ""
    if rng.random() < 0.5:
        figure = (f'<figure class="col" style="gap:8px"><img src="{p.photo("landscape", width, 300)}" style="width:100%;height:300px;object-fit:cover">'
                  f'{p.t("caption", p.w.sentence(9), "figcaption", "muted")}</figure>')
    head = (f'{p.t("overline", p.w.label(), "p", "brand")}{p.t("h1", p.w.title(rng.randint(5, 9)), "h1")}'
            f'{p.t("lead", p.w.paragraph(1, (16, 26)), "p", "muted")}')
    body = f'<article class="col" style="gap:20px;max-width:{width}px;margin:24px auto">{head}{byline}{figure}{S.article_body(p, 5)}</article>'
    return p, S.nav(p, 4, cta=rng.random() < 0.5) + body


def docs(rng, faces, pid, folder):
    th = _theme(rng, faces, SANS + ["source-serif-4"], rng.choice(["same", "same", "sans"]),
                mono=rng.choice(MONO), dark=rng.random() < 0.3, base_range=(14, 17))
    p = Page(pid, "docs", th, rng, folder)
    crumbs = p.t("small", " / ".join(p.w.label() for _ in range(3)), "p", "muted")
    chip = f"background:{p.c['surface']};padding:1px 5px;border-radius:4px"
    inline = f'Call {p.t("code", p.w.label().lower() + "()", "code", style=chip)} to'
    callout = (f'<div class="card row" style="align-items:flex-start;border-left:4px solid {p.c["brand"]}">{p.icon("bell", 18)}'
               f'{p.t("small", p.w.paragraph(2, (8, 14)), "p")}</div>')
    content = (f'<main class="col" style="flex:1;gap:18px;padding:32px 48px;max-width:820px">{crumbs}'
               f'{p.t("h1", p.w.title(3), "h1")}{p.t("lead", p.w.paragraph(1, (14, 22)), "p", "muted")}'
               f'{p.t("body", inline + " " + p.w.paragraph(2), "p")}{S.code_block(p, rng.randint(5, 10))}'
               f'{p.t("h2", p.w.title(3), "h2")}{p.t("body", p.w.paragraph(3), "p")}{callout}'
               f'{p.t("h3", p.w.title(2), "h3")}{p.t("body", p.w.paragraph(3), "p")}</main>')
    toc = "".join(p.t("small", p.w.title(2), "a", "muted") for _ in range(rng.randint(4, 7)))
    toc = f'<aside class="col" style="width:200px;gap:8px;padding:32px 16px">{p.t("overline", "On this page", "p")}{toc}</aside>'
    return p, f'<div class="row" style="align-items:stretch;height:100%;gap:0">{S.sidebar(p, 4)}{content}{toc}</div>'


def form(rng, faces, pid, folder):
    th = _theme(rng, faces, SANS, rng.choice(["same", "serif", "display"]), dark=rng.random() < 0.3)
    p = Page(pid, "form", th, rng, folder)
    fields = "".join(S.fake_input(p, p.w.label(), rng.choice(["you@example.com", "Jane Cooper", "••••••••", p.w.title(2)]),
                                  p.w.sentence(6) if rng.random() < 0.3 else "") for _ in range(rng.randint(2, 4)))
    check = (f'<div class="row" style="gap:8px"><span style="width:16px;height:16px;border:1px solid {p.c["border"]};border-radius:4px"></span>'
             f'{p.t("small", "Remember me for 30 days", "label")}</div>')
    legal = p.t("caption", "By continuing you agree to our <a class='brand'>Terms</a> and <a class='brand'>Privacy Policy</a>.", "p", "muted")
    card = (f'<div class="col" style="gap:18px;width:400px">{p.t("h2", p.w.title(3), "h1")}'
            f'{p.t("body", p.w.sentence(12), "p", "muted")}{fields}{check}'
            f'{p.t("button", "Continue", "button", "btn btn-primary", style="justify-content:center")}{legal}</div>')
    if rng.random() < 0.5:
        quote = (f'<div class="col" style="position:absolute;left:48px;bottom:56px;right:48px;gap:12px;color:#fff">'
                 f'{p.t("h3", "“" + p.w.sentence(12)[:-1] + "”", "blockquote")}{p.t("label", p.w.name(), "p")}</div>')
        side = (f'<div style="flex:1;height:100%;position:relative;background:url({p.photo(rng.choice(["landscape", "bokeh"]), 640, 900)}) center/cover">'
                f'{quote if rng.random() < 0.7 else ""}</div>')
        return p, f'<div class="row" style="height:100%;gap:0">{side}<div class="row" style="flex:1;justify-content:center">{card}</div></div>'
    bg = f"linear-gradient(135deg,{p.c['tint']},{p.c['bg']})"
    return p, (f'<div class="row" style="height:100%;justify-content:center;background:{bg}">'
               f'<div class="card">{card}</div></div>')


def mobile(rng, faces, pid, folder):
    th = _theme(rng, faces, SANS, rng.choice(["same", "same", "serif"]), dark=rng.random() < 0.4, base_range=(14, 17))
    p = Page(pid, "mobile", th, rng, folder, viewport=(390, 844))
    bar = (f'<div class="row" style="justify-content:space-between;padding:14px 18px">{p.icon("menu", 22, p.c["ink"])}'
           f'{p.t("h4", p.w.title(2), "h1")}{p.icon("user", 24, p.c["muted"])}</div>')
    chips = "".join(p.t("caption", p.w.label(), "span", "badge", data_role="chip") for _ in range(4))
    rows = []
    for _ in range(rng.randint(4, 6)):
        rows.append(f'<div class="row" style="gap:12px;padding:12px 18px;border-bottom:1px solid {p.c["border"]}">'
                    f'<img src="{p.photo("blobs", 56, 56)}" style="width:56px;height:56px;border-radius:12px;flex:none">'
                    f'<div class="col" style="gap:2px;min-width:0">{p.t("label", p.w.title(3), "p")}'
                    f'{p.t("small", p.w.sentence(8), "p", "muted", style="white-space:nowrap;overflow:hidden;text-overflow:ellipsis")}</div>'
                    f'{p.t("caption", p.w.number(1, 59, "{:.0f}m"), "span", "muted")}</div>')
    tabs = "".join(f'<div class="col" style="align-items:center;gap:2px">{p.icon(i, 22, p.c["muted"])}'
                   f'{p.t("caption", p.w.label(), "span", "muted", data_role="tab")}</div>'
                   for i in ("home", "search", "heart", "user"))
    tabbar = (f'<nav class="row" style="position:absolute;bottom:0;left:0;right:0;justify-content:space-around;'
              f'padding:10px 0 24px;background:{p.c["surface"]};border-top:1px solid {p.c["border"]}">{tabs}</nav>')
    hero = ""
    if rng.random() < 0.5:
        hero = (f'<div style="margin:6px 18px 14px;padding:22px;border-radius:18px;color:#fff;'
                f'background:url({p.photo("landscape", 354, 170)}) center/cover">{p.t("overline", p.w.label(), "p")}'
                f'{p.t("h2", p.w.title(3), "h2")}</div>')
    return p, (f'<div style="position:relative;height:100%">{bar}{hero}<div class="row" style="gap:8px;padding:4px 18px 10px">{chips}</div>'
               f'{"".join(rows)}{tabbar}</div>')


def no_text(rng, faces, pid, folder):
    """Scenes with no text at all: a photo, an illustration, or UI chrome with empty controls."""
    th = _theme(rng, faces, SANS, dark=rng.random() < 0.5)
    variant = rng.choice(["photo", "illustration", "chrome"])
    p = Page(pid, f"no-text-{variant}", th, rng, folder, viewport=rng.choice([(1280, 900), (1280, 900), (390, 844)]))
    vw, vh = p.viewport
    if variant == "photo":
        return p, f'<img src="{p.photo(rng.choice(["landscape", "blobs", "bokeh"]), vw, vh)}" style="width:100%;height:100%;display:block">'
    if variant == "illustration":
        shapes = []
        for _ in range(rng.randint(8, 20)):
            x, y, r = rng.randint(0, vw), rng.randint(0, vh), rng.randint(20, 220)
            color = rng.choice([p.c["brand"], p.c["accent"], p.c["tint"], p.c["ink"], p.c["surface"]])
            shapes.append(rng.choice([f'<circle cx="{x}" cy="{y}" r="{r}" fill="{color}" opacity=".8"/>',
                                      f'<rect x="{x}" y="{y}" width="{r * 2}" height="{r}" rx="{r // 4}" fill="{color}"/>',
                                      f'<path d="M{x} {y}l{r} {r // 2}l{-r // 3} {r}z" fill="{color}"/>']))
        return p, (f'<svg width="{vw}" height="{vh}" style="display:block;background:linear-gradient({p.c["bg"]},{p.c["tint"]})">'
                   f'{"".join(shapes)}</svg>')
    bar = lambda w, h=10: f'<div style="width:{w}px;height:{h}px;border-radius:6px;background:{p.c["border"]}"></div>'  # noqa: E731
    cards = "".join(f'<div class="card col">{p.icon(rng.choice(list(ICONS)), 28)}{bar(rng.randint(120, 220), 14)}'
                    f'{bar(rng.randint(160, 260))}{bar(rng.randint(100, 200))}<div class="btn btn-primary" style="width:110px;height:36px"></div></div>'
                    for _ in range(6))
    return p, (f'<div class="row" style="align-items:stretch;height:100%"><div style="width:72px;background:{p.c["surface"]};padding:20px" class="col">'
               + "".join(p.icon(i, 28, p.c["muted"]) for i in ("home", "chart", "user", "gear", "bell"))
               + f'</div><div class="grid" style="flex:1;padding:32px;grid-template-columns:repeat({3 if vw > 500 else 1},1fr)">{cards}</div></div>')


# kind -> (recipe, pages in the full dataset)
KINDS = {"landing": (landing, 12), "dashboard": (dashboard, 10), "article": (article, 8), "docs": (docs, 8),
         "form": (form, 6), "mobile": (mobile, 10), "no-text": (no_text, 7)}


def plan(total: int | None) -> list[tuple[str, int]]:
    """Interleaved (kind, n) so any prefix of the sequence is already varied."""
    queues = {k: list(range(n)) for k, (_, n) in KINDS.items()}
    order = []
    while any(queues.values()):
        for k, q in queues.items():
            if q:
                order.append((k, q.pop(0)))
    return order[:total] if total else order


def build(kind: str, n: int, seed: int, faces: dict[str, Face], root: Path) -> Page:
    pid = f"{kind}-{n:02d}"
    rng = random.Random(f"{seed}:{pid}")
    folder = root / "pages" / pid
    page, body = KINDS[kind][0](rng, faces, pid, folder)
    (folder / "index.html").write_text(page.html(body))
    return page
