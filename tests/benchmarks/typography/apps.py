"""Recipes for application screens: dashboard, docs, form, settings, mobile, and scenes with no text.

Each recipe (rng, faces, page id, folder) -> (Page, body HTML) draws its own theme.
"""
from __future__ import annotations

from . import sections as S
from .sections import ICONS, Page
from .theme import theme_for

SPLIT = '<div class="row" style="align-items:stretch;height:100%;gap:0">{}</div>'


def dashboard(rng, faces, pid, folder):
    th = theme_for(rng, faces, faces.sans, rng.choice(["same", "same", "sans"]), dark=rng.random() < 0.4,
                   base_range=(12, 15))
    p = Page(pid, "dashboard", th, rng, folder)
    title = p.t(rng.choice(["h2", "h3"]), p.w.title(2), "h1")
    search = (f'<div class="input row" style="width:260px;gap:8px">{p.icon("search", 16, p.c["muted"])}'
              f'{p.t("small", f"Search {p.w.label().lower()}s", "span", "muted", data_role="placeholder")}</div>')
    topbar = (f'<div class="row" style="justify-content:space-between">{title}<div class="row">{search}'
              f'{p.icon("bell", 20, p.c["muted"])}{p.button("New " + p.w.label().lower())}</div></div>')
    card = (f'<div class="card col" style="padding:0;overflow:hidden">'
            f'<div class="row" style="justify-content:space-between;padding:16px 20px">'
            f'{p.t("h4", p.w.title(2), "h3")}{p.t("small", "View all", "a", "brand")}</div>'
            f'{S.table(p, rng.randint(6, 12), rng.randint(4, 6))}</div>')
    main = (f'<main class="col" style="flex:1;gap:24px;padding:24px 32px;min-width:0">{topbar}'
            f'{S.stats(p, rng.choice([3, 4]))}{card}</main>')
    return p, SPLIT.format(S.sidebar(p) + main)


def docs(rng, faces, pid, folder):
    th = theme_for(rng, faces, faces.sans + [faces.docs_text], rng.choice(["same", "same", "sans"]),
                   mono=rng.choice(faces.mono), dark=rng.random() < 0.3, base_range=(14, 17))
    p = Page(pid, "docs", th, rng, folder)
    crumbs = p.t("small", " / ".join(p.w.label() for _ in range(3)), "p", "muted")
    chip = f"background:{p.c['surface']};padding:1px 5px;border-radius:4px"
    inline = f'Call {p.t("code", p.w.label().lower() + "()", "code", style=chip)} to'
    callout = (f'<div class="card row" style="align-items:flex-start;border-left:4px solid {p.c["brand"]}">'
               f'{p.icon("bell", 18)}{p.t("small", p.w.paragraph(2, (8, 14)), "p")}</div>')
    content = (f'<main class="col" style="flex:1;gap:18px;padding:32px 48px;max-width:820px">{crumbs}'
               f'{p.t("h1", p.w.title(3), "h1")}{p.t("lead", p.w.paragraph(1, (14, 22)), "p", "muted")}'
               f'{p.t("body", inline + " " + p.w.paragraph(2), "p")}{S.code_block(p, rng.randint(5, 10))}'
               f'{p.t("h2", p.w.title(3), "h2")}{p.t("body", p.w.paragraph(3), "p")}{callout}'
               f'{p.t("h3", p.w.title(2), "h3")}{p.t("body", p.w.paragraph(3), "p")}</main>')
    toc = "".join(p.t("small", p.w.title(2), "a", "muted") for _ in range(rng.randint(4, 7)))
    toc = (f'<aside class="col" style="width:200px;gap:8px;padding:32px 16px">'
           f'{p.t("overline", "On this page", "p")}{toc}</aside>')
    return p, SPLIT.format(S.sidebar(p, 4) + content + toc)


def form(rng, faces, pid, folder):
    th = theme_for(rng, faces, faces.sans, rng.choice(["same", "serif", "display"]), dark=rng.random() < 0.3)
    p = Page(pid, "form", th, rng, folder)
    fields = "".join(S.fake_input(p, p.w.label(), rng.choice(["you@example.com", "Jane Cooper", "••••••••",
                                                              p.w.title(2)]),
                                  p.w.sentence(6) if rng.random() < 0.3 else "") for _ in range(rng.randint(2, 4)))
    box = f"width:16px;height:16px;border:1px solid {p.c['border']};border-radius:4px"
    check = f'<div class="row" style="gap:8px"><span style="{box}"></span>{p.t("small", "Remember me", "label")}</div>'
    legal = p.t("caption", "By continuing you agree to our <a class='brand'>Terms</a> and "
                           "<a class='brand'>Privacy Policy</a>.", "p", "muted")
    card = (f'<div class="col" style="gap:18px;width:400px">{p.t("h2", p.w.title(3), "h1")}'
            f'{p.t("body", p.w.sentence(12), "p", "muted")}{fields}{check}'
            f'{p.t("button", "Continue", "button", "btn btn-primary", style="justify-content:center")}'
            f'{legal}</div>')
    if rng.random() < 0.5:
        quote = (f'<div class="col" style="position:absolute;left:48px;bottom:56px;right:48px;gap:12px;color:#fff">'
                 f'{p.t("h3", "“" + p.w.sentence(12)[:-1] + "”", "blockquote", data_role="quote")}'
                 f'{p.t("label", p.w.name(), "p")}</div>')
        img = p.photo(rng.choice(["landscape", "bokeh"]), 640, 900)
        side = (f'<div style="flex:1;height:100%;position:relative;background:url({img}) center/cover">'
                f'{quote if rng.random() < 0.7 else ""}</div>')
        return p, SPLIT.format(side + f'<div class="row" style="flex:1;justify-content:center">{card}</div>')
    bg = f"linear-gradient(135deg,{p.c['tint']},{p.c['bg']})"
    return p, (f'<div class="row" style="height:100%;justify-content:center;background:{bg}">'
               f'<div class="card">{card}</div></div>')


def settings(rng, faces, pid, folder):
    """Settings screens: dense rows of a label, a muted description and a control."""
    th = theme_for(rng, faces, faces.sans, "same", dark=rng.random() < 0.4, base_range=(13, 15))
    p = Page(pid, "settings", th, rng, folder)

    def toggle(on: bool) -> str:
        knob = "right:2px" if on else "left:2px"
        return (f'<span style="position:relative;width:40px;height:22px;border-radius:11px;flex:none;'
                f'background:{p.c["brand"] if on else p.c["border"]}"><span style="position:absolute;top:2px;'
                f'{knob};width:18px;height:18px;border-radius:50%;background:#fff"></span></span>')

    def control() -> str:
        kind = rng.choice(["toggle", "toggle", "select", "value"])
        if kind == "toggle":
            return toggle(rng.random() < 0.5)
        if kind == "select":
            return (f'<div class="input row" style="width:180px;justify-content:space-between">'
                    f'{p.t("small", p.w.label(), "span")}{p.icon("arrow", 14, p.c["muted"])}</div>')
        return p.t("small", rng.choice(["English (US)", "UTC+01:00", "Enabled", "2 devices"]), "span", "muted")

    groups = []
    for _ in range(rng.randint(2, 3)):
        rows = "".join(
            f'<div class="row" style="justify-content:space-between;padding:14px 0;'
            f'border-top:1px solid {p.c["border"]}"><div class="col" style="gap:3px">'
            f'{p.t("label", p.w.title(rng.randint(2, 3)), "p")}{p.t("small", p.w.sentence(rng.randint(7, 12)), "p", "muted")}'
            f'</div>{control()}</div>' for _ in range(rng.randint(3, 4)))
        groups.append(f'<section class="col" style="gap:4px">{p.t("h4", p.w.title(2), "h2")}'
                      f'{p.t("small", p.w.sentence(12), "p", "muted", style="margin-bottom:8px")}{rows}</section>')
    main = (f'<main class="col" style="flex:1;gap:32px;padding:32px 48px;max-width:860px">'
            f'{p.t("h2", "Settings", "h1")}{"".join(groups)}</main>')
    return p, SPLIT.format(S.sidebar(p, 2, 220) + main)


def mobile(rng, faces, pid, folder):
    th = theme_for(rng, faces, faces.sans, rng.choice(["same", "same", "serif"]), dark=rng.random() < 0.4,
                   base_range=(14, 17))
    p = Page(pid, "mobile", th, rng, folder, viewport=(390, 844))
    variant = rng.choice(["feed", "chat", "settings", "product"])
    bar = (f'<div class="row" style="justify-content:space-between;padding:14px 18px">'
           f'{p.icon("menu", 22, p.c["ink"])}{p.t("h4", p.w.title(2), "h1")}{p.icon("user", 24, p.c["muted"])}</div>')
    tabs = "".join(f'<div class="col" style="align-items:center;gap:2px">{p.icon(i, 22, p.c["muted"])}'
                   f'{p.t("caption", p.w.label(), "span", "muted", data_role="tab")}</div>'
                   for i in ("home", "search", "heart", "user"))
    tabbar = (f'<nav class="row" style="position:absolute;bottom:0;left:0;right:0;justify-content:space-around;'
              f'padding:10px 0 24px;background:{p.c["surface"]};border-top:1px solid {p.c["border"]}">{tabs}</nav>')
    content = {"feed": _mobile_feed, "chat": _mobile_chat, "settings": _mobile_settings,
               "product": _mobile_product}[variant](p)
    return p, f'<div style="position:relative;height:100%">{bar}{content}{tabbar if variant != "product" else ""}</div>'


def _mobile_feed(p: Page) -> str:
    chips = "".join(p.t("caption", p.w.label(), "span", "badge", data_role="chip") for _ in range(4))
    rows = "".join(
        f'<div class="row" style="gap:12px;padding:12px 18px;border-bottom:1px solid {p.c["border"]}">'
        f'<img src="{p.photo("blobs", 56, 56)}" style="width:56px;height:56px;border-radius:12px;flex:none">'
        f'<div class="col" style="gap:2px;min-width:0">{p.t("label", p.w.title(3), "p")}'
        f'{p.t("small", p.w.sentence(8), "p", "muted", style="white-space:nowrap;overflow:hidden;text-overflow:ellipsis")}'
        f'</div>{p.t("caption", p.w.number(1, 59, "{:.0f}m"), "span", "muted")}</div>'
        for _ in range(p.rng.randint(4, 6)))
    hero = ""
    if p.rng.random() < 0.5:
        hero = (f'<div style="margin:6px 18px 14px;padding:22px;border-radius:18px;color:#fff;'
                f'background:url({p.photo("landscape", 354, 170)}) center/cover">{p.t("overline", p.w.label(), "p")}'
                f'{p.t("h2", p.w.title(3), "h2")}</div>')
    return f'{hero}<div class="row" style="gap:8px;padding:4px 18px 10px">{chips}</div>{rows}'


def _mobile_chat(p: Page) -> str:
    out = []
    for i in range(p.rng.randint(5, 8)):
        mine = p.rng.random() < 0.5
        style = (f"align-self:flex-end;background:{p.c['brand']};color:{p.c['on_brand']}" if mine
                 else f"align-self:flex-start;background:{p.c['surface']}")
        out.append(f'<div class="col" style="gap:3px;max-width:78%;{"align-self:flex-end" if mine else ""}">'
                   f'{p.t("body", p.w.sentence(p.rng.randint(3, 16)), "p", style=style + ";padding:10px 14px;border-radius:16px")}'
                   f'{p.t("caption", f"{p.rng.randint(8, 11)}:{p.rng.randint(10, 59)}", "span", "muted")}</div>')
    return f'<div class="col" style="gap:10px;padding:8px 16px">{"".join(out)}</div>'


def _mobile_settings(p: Page) -> str:
    out = []
    for _ in range(p.rng.randint(2, 3)):
        out.append(p.t("overline", p.w.title(2), "p", "muted", style="padding:18px 18px 6px"))
        for _ in range(p.rng.randint(3, 4)):
            out.append(f'<div class="row" style="justify-content:space-between;padding:13px 18px;'
                       f'background:{p.c["surface"]};border-bottom:1px solid {p.c["border"]}">'
                       f'<div class="row" style="gap:12px">{p.icon(p.rng.choice(list(ICONS)), 20)}'
                       f'{p.t("body", p.w.title(2), "span")}</div>'
                       f'{p.t("small", p.rng.choice(["On", "Off", "Daily", "3 items", ""]) or "›", "span", "muted")}</div>')
    return "".join(out)


def _mobile_product(p: Page) -> str:
    price = p.rng.uniform(12, 300)
    return (f'<img src="{p.photo("blobs", 390, 330)}" style="width:100%;height:330px;object-fit:cover;display:block">'
            f'<div class="col" style="gap:10px;padding:18px">{p.t("overline", p.w.label(), "p", "brand")}'
            f'{p.t("h2", p.w.title(3), "h1")}{p.t("stat", f"${price:.2f}", "p", data_role="price")}'
            f'{p.t("body", p.w.paragraph(2, (8, 14)), "p", "muted")}'
            f'{p.t("button", "Add to cart", "button", "btn btn-primary", style="justify-content:center")}</div>')


def no_text(rng, faces, pid, folder):
    """Scenes with no text at all: a photo, an illustration, or UI chrome with empty controls."""
    th = theme_for(rng, faces, faces.sans, dark=rng.random() < 0.5)
    variant = rng.choice(["photo", "illustration", "chrome"])
    p = Page(pid, f"no-text-{variant}", th, rng, folder, viewport=rng.choice([(1280, 900), (1280, 900), (390, 844)]))
    vw, vh = p.viewport
    if variant == "photo":
        img = p.photo(rng.choice(["landscape", "blobs", "bokeh"]), vw, vh)
        return p, f'<img src="{img}" style="width:100%;height:100%;display:block">'
    if variant == "illustration":
        shapes = []
        for _ in range(rng.randint(8, 20)):
            x, y, r = rng.randint(0, vw), rng.randint(0, vh), rng.randint(20, 220)
            color = rng.choice([p.c["brand"], p.c["accent"], p.c["tint"], p.c["ink"], p.c["surface"]])
            shapes.append(rng.choice([f'<circle cx="{x}" cy="{y}" r="{r}" fill="{color}" opacity=".8"/>',
                                      f'<rect x="{x}" y="{y}" width="{r * 2}" height="{r}" rx="{r // 4}" fill="{color}"/>',
                                      f'<path d="M{x} {y}l{r} {r // 2}l{-r // 3} {r}z" fill="{color}"/>']))
        return p, (f'<svg width="{vw}" height="{vh}" style="display:block;'
                   f'background:linear-gradient({p.c["bg"]},{p.c["tint"]})">{"".join(shapes)}</svg>')

    def bar(w: int, h: int = 10) -> str:  # a skeleton line where text would be
        return f'<div style="width:{w}px;height:{h}px;border-radius:6px;background:{p.c["border"]}"></div>'

    cards = "".join(f'<div class="card col">{p.icon(rng.choice(list(ICONS)), 28)}{bar(rng.randint(120, 220), 14)}'
                    f'{bar(rng.randint(160, 260))}{bar(rng.randint(100, 200))}'
                    f'<div class="btn btn-primary" style="width:110px;height:36px"></div></div>' for _ in range(6))
    rail = "".join(p.icon(i, 28, p.c["muted"]) for i in ("home", "chart", "user", "gear", "bell"))
    cols = 3 if vw > 500 else 1
    return p, SPLIT.format(f'<div class="col" style="width:72px;background:{p.c["surface"]};padding:20px">{rail}</div>'
                           f'<div class="grid" style="flex:1;padding:32px;grid-template-columns:repeat({cols},1fr)">'
                           f'{cards}</div>')
