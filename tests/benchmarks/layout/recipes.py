"""Layout page recipes: card grids, forms, lists, nav bars and toolbars, pricing, dashboards, settings,
chip rows, modals, app shells with sidebars, kanban boards, mobile screens, and pages with no UI.

Each recipe (rng, faces, page id, folder) -> (LPage, body HTML) draws its own typography theme and
layout system. `plan()` interleaves the kinds like the typography benchmark's, so any prefix is varied
and a page depends only on the seed and its id.
"""
from __future__ import annotations

import random
from pathlib import Path

from ..typography.theme import theme_for
from .parts import LPage, icon_names, mix, rgba
from .system import make_layout


def _page(rng, faces, pid, folder, kind, *, dark_p=0.4, viewport=(1280, 900), heading="same", **layout_kw):
    th = theme_for(rng, faces, faces.sans, heading, dark=rng.random() < dark_p, base_range=(13, 16))
    L = make_layout(rng, th.dark, th.colors["brand"], **layout_kw)
    return LPage(pid, kind, th, L, rng, folder, viewport)


def _main(p: LPage, inner: str, gap: float | None = None) -> str:
    """The page's content column: page padding, sections stacked with the section gap."""
    L = p.L
    return (f'<main class="col" data-layout="sections" style="gap:{gap if gap is not None else L.section_gap:g}px;'
            f'padding:{L.s(3):g}px {L.page_pad:g}px;max-width:1200px;margin:0 auto">{inner}</main>')


def _head(p: LPage, lead: bool = True) -> str:
    sub = p.t("body", p.w.sentence(p.rng.randint(8, 14)), "p", "muted") if lead else ""
    return f'<div class="col" style="gap:{p.gap_sm:g}px">{p.t("h2", p.w.title(4), "h1")}{sub}</div>'


# ------------------------------------------------------------------ recipes


def cards(rng, faces, pid, folder):
    p = _page(rng, faces, pid, folder, "cards")
    L = p.L
    cols = rng.choice([3, 3, 4])
    media = rng.random() < 0.5
    hover = rng.randrange(cols * 2) if rng.random() < 0.4 else -1
    items = []
    for _ in range(cols * 2):
        img = ""
        pad = f"{p.card_pad:g}px"
        if media:
            img = (f'<img src="{p.photo(rng.choice(["landscape", "blobs"]), 300, 140)}" '
                   f'style="width:100%;height:120px;object-fit:cover;display:block">')
        meta = f'<div class="row" style="gap:{p.gap_xs:g}px;flex-wrap:wrap">{p.chip(p.w.label())}{p.chip(p.w.label())}</div>'
        foot = (f'<div class="row" style="justify-content:space-between">'
                f'<div class="row" style="gap:{p.gap_sm:g}px">{p.avatar(28)}{p.t("small", p.w.name(), "span")}</div>'
                f'{p.btn("Open", rng.choice(["secondary", "soft", "primary"]))}</div>')
        body = (f'<div class="col" style="gap:{p.gap_md:g}px;padding:{pad}">{meta}{p.t("h4", p.w.title(3), "h3")}'
                f'{p.t("small", p.w.sentence(rng.randint(9, 16)), "p", "muted")}{foot}</div>')
        level = 2 if hover == len(items) else 1  # one card hovered (lifted), on some pages
        items.append(f'<div class="col" data-box="card" style="{p.surface(level, pad="0")};overflow:hidden">{img}{body}</div>')
    grid = (f'<div class="grid" style="grid-template-columns:repeat({cols},1fr);gap:{p.gap_lg:g}px">'
            f'{"".join(items)}</div>')
    return p, p.nav_bar(rng.randint(3, 5)) + _main(p, _head(p) + grid) + p.menu(L.page_pad, 60, 0.3) + p.toast()


def form(rng, faces, pid, folder):
    p = _page(rng, faces, pid, folder, "form", heading=rng.choice(["same", "serif"]))
    L = p.L
    two = rng.random() < 0.5
    fields = [p.field(p.w.label(), v, p.w.sentence(6) if rng.random() < 0.25 else "")
              for v in rng.sample(["you@example.com", "Jane Cooper", "••••••••", "+1 555 0100", "Acme Inc.",
                                   "Berlin", "https://"], 4 if two else 3)]
    if two:
        fields = [f'<div class="grid" style="grid-template-columns:1fr 1fr;gap:{p.gap_md:g}px">{fields[0]}{fields[1]}</div>',
                  *fields[2:]]
    check = (f'<div class="row" style="gap:{p.gap_sm:g}px">{p.checkbox(rng.random() < 0.5)}'
             f'{p.t("small", "Remember me", "label")}</div>')
    seg = "".join(p.chip(p.w.label(), active=i == 0, border=False) for i in range(3))
    buttons = (f'<div class="row" style="gap:{p.gap_sm:g}px;justify-content:flex-end">{p.btn("Cancel", "secondary")}'
               f'{p.btn("Continue", rng.choice(["primary", "gradient"]))}</div>')
    width = 560 if two else 420
    card = (f'<div class="col" data-box="card" style="{p.surface(rng.choice([1, 2]), pad=L.s(rng.choice([3, 4])))};'
            f'gap:{p.gap_md:g}px;width:{width}px">'
            f'{p.t("h3", p.w.title(3), "h1")}{p.t("small", p.w.sentence(12), "p", "muted")}'
            f'<div class="row" style="gap:{p.gap_xs:g}px">{seg}</div>{"".join(fields)}{check}{buttons}</div>')
    if rng.random() < 0.4:
        img = p.photo(rng.choice(["landscape", "bokeh"]), 560, 900)
        side = f'<div style="flex:1;height:100%;background:url({img}) center/cover"></div>'
        return p, (f'<div class="row" style="height:100%;align-items:stretch">{side}'
                   f'<div class="row" style="flex:1;justify-content:center">{card}</div></div>')
    return p, f'<div class="row" style="height:100%;justify-content:center">{card}</div>'


def listing(rng, faces, pid, folder):
    """A list of rows: one card with dividers, or separate row cards with a gap."""
    p = _page(rng, faces, pid, folder, "list")
    L = p.L
    separate = rng.random() < 0.5
    rows = []
    for _ in range(rng.randint(6, 8)):
        right = rng.choice([p.badge(rng.choice(["Paid", "Open", "Late", "Draft"])), p.btn("View", "secondary"),
                            p.t("small", p.w.date(), "span", "muted")])
        inner = (f'<div class="row" style="gap:{p.gap_md:g}px;flex:1;min-width:0">{p.avatar(rng.choice([36, 40]))}'
                 f'<div class="col" style="gap:{p.gap_xs:g}px">{p.t("label", p.w.name(), "p")}'
                 f'{p.t("small", p.w.sentence(7), "p", "muted")}</div></div>{right}')
        if separate:
            rows.append(f'<div class="row" data-box="row-card" style="{p.surface(1, pad=f"{L.s(2):g}px {L.s(3):g}px")};'
                        f'gap:{p.gap_md:g}px">{inner}</div>')
        else:
            rows.append(f'<div class="row" data-box="row" style="gap:{p.gap_md:g}px;padding:{L.s(2):g}px {p.card_pad:g}px;'
                        f'border-top:1px solid {p.line}">{inner}</div>')
    if separate:
        body = f'<div class="col" style="gap:{p.gap_sm:g}px">{"".join(rows)}</div>'
    else:
        head = (f'<div style="padding:{L.s(2):g}px {p.card_pad:g}px">{p.card_head(p.w.title(2))}</div>')
        body = f'<div class="col" data-box="card" style="{p.surface(1, pad="0")};overflow:hidden">{head}{"".join(rows)}</div>'
    tabs = "".join(p.chip(p.w.label(), active=i == 0) for i in range(4))
    return p, (p.nav_bar(3) + _main(p, _head(p, False) + f'<div class="row" style="gap:{p.gap_xs:g}px">{tabs}</div>' + body)
               + p.toast())


def navbars(rng, faces, pid, folder):
    """A marketing page: nav bar, a hero on a gradient or colour band, feature cards, a call-to-action."""
    p = _page(rng, faces, pid, folder, "navbar", heading=rng.choice(["same", "serif", "display"]))
    L, c = p.L, p.c
    band = rng.choice(["gradient", "tint", "plain"])
    bg = {"gradient": f"linear-gradient({rng.randint(90, 180)}deg,{c['brand']},{c['brand2']})",
          "tint": mix(p.bg, c["brand"], 0.1), "plain": "transparent"}[band]
    ink = f"color:{c['on_brand']}" if band == "gradient" else ""
    hero = (f'<section class="col" data-box="hero" style="align-items:center;text-align:center;gap:{L.s(3):g}px;'
            f'padding:{L.s(6):g}px {L.page_pad:g}px;background:{bg};{ink}">'
            f'{p.chip(p.w.title(3))}{p.t("display", p.w.title(4), "h1", style="max-width:800px")}'
            f'{p.t("lead", p.w.sentence(16), "p", style="max-width:640px;opacity:.85")}'
            f'<div class="row" style="gap:{p.gap_md:g}px">{p.btn(p.w.title(2), "primary" if band != "gradient" else "secondary")}'
            f'{p.btn(p.w.title(2), "ghost" if band == "gradient" else "secondary", icon="arrow")}</div></section>')
    feats = "".join(
        f'<div class="col" data-box="card" style="{p.surface(1)};gap:{p.gap_sm:g}px">'
        f'<div class="row" data-box="icon-tile" style="width:40px;height:40px;justify-content:center;border-radius:{L.r(1)};'
        f'background:{mix(p.card_bg, c["brand"], 0.14)}">{p.icon(rng.choice(icon_names()), 20)}</div>'
        f'{p.t("h4", p.w.title(3), "h3")}{p.t("small", p.w.sentence(14), "p", "muted")}</div>' for _ in range(3))
    grid = (f'<section class="grid" style="grid-template-columns:repeat(3,1fr);gap:{p.gap_lg:g}px;'
            f'padding:{L.section_gap:g}px {L.page_pad:g}px">{feats}</section>')
    return p, p.nav_bar(rng.randint(3, 5), search=rng.random() < 0.4) + hero + grid


def toolbar(rng, faces, pid, folder):
    """An editor: a toolbar of icon-button groups, a canvas with an elevated floating panel and a popover."""
    p = _page(rng, faces, pid, folder, "toolbar", dark_p=0.4)
    L, c = p.L, p.c
    groups = []
    for g in range(rng.randint(3, 4)):
        btns = "".join(p.icon_btn(rng.choice(icon_names()), 32, round_=False, filled=(g == 0 and i == 0))
                       for i in range(rng.randint(2, 4)))
        groups.append(f'<div class="row" style="gap:{p.gap_xs:g}px">{btns}</div>')
    sep = f'<div style="width:1px;height:24px;background:{p.line}"></div>'
    bar = (f'<div class="row" data-box="toolbar" style="gap:{p.gap_md:g}px;padding:{L.s(1):g}px {L.s(2):g}px;'
           f'background:{p.card_bg};border-bottom:1px solid {p.line}">{sep.join(groups)}'
           f'<div style="flex:1"></div>{p.btn("Share", "secondary")}{p.btn("Publish")}</div>')
    panel_rows = "".join(
        f'<div class="row" style="justify-content:space-between;gap:{p.gap_md:g}px">{p.t("small", p.w.label(), "span", "muted")}'
        f'<div data-box="input" style="width:90px;padding:{L.s(0):g}px {L.s(1):g}px;border:1px solid {p.line};'
        f'border-radius:{p.input_r}">{p.t("small", str(rng.randint(0, 400)), "span")}</div></div>' for _ in range(5))
    panel = (f'<div class="col" data-box="panel" style="position:absolute;right:{L.s(3):g}px;top:{L.s(3):g}px;width:260px;'
             f'{p.surface(2, surface="shadow" if L.shadows else "border", radius=L.r(2))};gap:{p.gap_sm:g}px">'
             f'{p.t("overline", "Properties", "p", "muted")}{panel_rows}</div>')
    menu = "".join(f'<div class="row" data-box="menu-item" style="gap:{p.gap_sm:g}px;padding:{L.s(0):g}px {L.s(1):g}px;'
                   f'border-radius:{L.r(0)};{"background:" + mix(p.card_bg, c["brand"], 0.12) if i == 1 else ""}">'
                   f'{p.icon(rng.choice(icon_names()), 14, c["muted"])}{p.t("small", p.w.title(2), "span")}</div>'
                   for i in range(5))
    pop = (f'<div class="col" data-box="popover" style="position:absolute;left:{rng.randint(60, 300)}px;top:{L.s(1):g}px;'
           f'width:200px;{p.surface(3 if len(L.shadows) >= 3 else 2, surface="border-shadow" if L.shadows else "border", pad=L.s(0) if L.s(0) >= 4 else 4, radius=L.r(1))};'
           f'gap:{p.tight:g}px">{menu}</div>')
    art = (f'<div data-box="artboard" style="position:absolute;left:50%;top:80px;margin-left:-300px;width:520px;height:560px;'
           f'background:#fff;box-shadow:{L.shadow(1) if L.shadows else "none"};border-radius:{L.r(0)}">'
           f'<div style="margin:{L.s(4):g}px;height:200px;border-radius:{L.r(2)};background:linear-gradient(135deg,'
           f'{c["brand"]},{c["accent"]})" data-box="shape"></div></div>')
    canvas_bg = mix(p.bg, c["ink"], 0.06)
    canvas = f'<div style="position:relative;flex:1;background:{canvas_bg}">{art}{panel}{pop}</div>'
    return p, f'<div class="col" style="height:100%">{bar}{canvas}</div>'


def pricing(rng, faces, pid, folder):
    p = _page(rng, faces, pid, folder, "pricing", dark_p=0.35)
    L, c = p.L, p.c
    n = rng.choice([3, 3, 4])
    hot = rng.randrange(n)
    tiers = []
    for i, name in enumerate(rng.sample(["Starter", "Team", "Pro", "Business", "Scale", "Hobby"], n)):
        feats = "".join(f'<li class="row" style="gap:{p.gap_sm:g}px">{p.icon("check", 16)}'
                        f'{p.t("small", p.w.title(rng.randint(2, 4)), "span")}</li>' for _ in range(rng.randint(4, 6)))
        badge = p.chip("Most popular", active=True) if i == hot else ""
        level = 2 if i == hot else 1
        extra = f";border:2px solid {c['brand']}" if i == hot and rng.random() < 0.5 else ""
        tiers.append(
            f'<div class="col" data-box="card" style="{p.surface(level)}{extra};gap:{p.gap_md:g}px">'
            f'<div class="row" style="justify-content:space-between;gap:{p.gap_sm:g}px">{p.t("h4", name, "h3")}{badge}</div>'
            f'<div class="row" style="gap:{p.gap_xs:g}px;align-items:baseline">'
            f'{p.t("stat", "$" + str(rng.choice([0, 9, 19, 29, 49, 99]) * (i + 1)), "span")}'
            f'{p.t("small", "/month", "span", "muted")}</div>{p.t("small", p.w.sentence(10), "p", "muted")}'
            f'{p.btn("Choose " + name, "primary" if i == hot else "secondary")}'
            f'<ul class="col" style="gap:{p.gap_sm:g}px">{feats}</ul></div>')
    toggle = (f'<div class="row" data-box="segmented" style="gap:{p.tight:g}px;padding:{p.tight or L.s(0):g}px;'
              f'border-radius:{p.btn_r};background:{mix(p.bg, c["ink"], 0.07)}">'
              + "".join(f'<div data-box="segment" style="padding:{L.s(0):g}px {L.s(2):g}px;border-radius:{p.btn_r};'
                        f'{"background:" + p.card_bg + ";box-shadow:" + (L.shadow(1) if L.shadows else "none") if i == 0 else ""}">'
                        f'{p.t("small", t, "span")}</div>' for i, t in enumerate(["Monthly", "Yearly"])) + "</div>")
    head = (f'<div class="col" style="align-items:center;text-align:center;gap:{p.gap_md:g}px">'
            f'{p.t("h1", p.w.title(4), "h1")}{p.t("body", p.w.sentence(14), "p", "muted")}{toggle}</div>')
    grid = (f'<div class="grid" style="grid-template-columns:repeat({n},1fr);gap:{p.gap_lg:g}px;align-items:start">'
            f'{"".join(tiers)}</div>')
    return p, p.nav_bar(4, search=False) + _main(p, head + grid, gap=L.s(4))


def dashboard(rng, faces, pid, folder):
    p = _page(rng, faces, pid, folder, "dashboard", dark_p=0.4)
    L, c = p.L, p.c
    stats = "".join(
        f'<div class="col" data-box="card" style="{p.surface(1)};gap:{p.gap_xs:g}px">'
        f'<div class="row" style="justify-content:space-between">{p.t("caption", p.w.title(2), "p", "muted")}'
        f'{p.badge("+" + p.w.number(1, 30, "{:.1f}%"), "#16a34a")}</div>'
        f'{p.t("stat", p.w.number(100, 99999), "p")}</div>' for _ in range(4))
    bars = "".join(f'<div data-box="bar" style="flex:1;height:{rng.randint(20, 160)}px;border-radius:{L.r(0)} {L.r(0)} 0 0;'
                   f'background:{c["brand"] if i % 3 else mix(p.card_bg, c["brand"], 0.4)}"></div>' for i in range(12))
    chart = (f'<div class="col" data-box="card" style="{p.surface(1)};gap:{p.gap_md:g}px;grid-column:span 2">'
             f'{p.card_head(p.w.title(2))}<div class="row" style="align-items:flex-end;gap:{p.gap_sm:g}px;height:170px">{bars}</div></div>')
    people = "".join(f'<div class="row" style="gap:{p.gap_sm:g}px">{p.avatar(32)}<div class="col" style="flex:1">'
                     f'{p.t("small", p.w.name(), "p")}{p.t("caption", p.w.label(), "p", "muted")}</div>'
                     f'{p.t("small", p.w.number(10, 999, "${:,.0f}"), "span")}</div>' for _ in range(4))
    side = (f'<div class="col" data-box="card" style="{p.surface(1)};gap:{p.gap_md:g}px">{p.card_head(p.w.title(2), False)}'
            f'{people}</div>')
    top = (f'<div class="row" style="justify-content:space-between;gap:{p.gap_md:g}px">{p.t("h3", p.w.title(2), "h1")}'
           f'<div class="row" style="gap:{p.gap_sm:g}px">{p.field("", "Last 30 days", width="160px").replace("<label", "<label hidden")}'
           f'{p.btn("Export", "secondary", icon="arrow")}{p.btn("New " + p.w.label().lower())}</div></div>')
    main = (f'<main class="col" style="flex:1;gap:{p.gap_lg:g}px;padding:{L.s(3):g}px {L.s(4):g}px;min-width:0">{top}'
            f'<div class="grid" style="grid-template-columns:repeat(4,1fr);gap:{p.gap_md:g}px">{stats}</div>'
            f'<div class="grid" style="grid-template-columns:repeat(3,1fr);gap:{p.gap_md:g}px">{chart}{side}</div></main>')
    return p, (f'<div class="row" style="height:100%;align-items:stretch">{p.side_nav()}{main}</div>'
               f'{p.menu(L.s(4), 96)}{p.toast()}')


def settings(rng, faces, pid, folder):
    p = _page(rng, faces, pid, folder, "settings", dark_p=0.4)
    L, c = p.L, p.c
    tabs = "".join(f'<a data-box="tab" style="padding:{L.s(1):g}px {L.s(2):g}px;'
                   f'{"border-bottom:2px solid " + c["brand"] + ";color:" + c["brand"] if i == 0 else ""}">'
                   f'{p.t("nav", p.w.label(), "span")}</a>' for i in range(5))
    tabbar = f'<div class="row" style="gap:{p.gap_xs:g}px;border-bottom:1px solid {p.line}">{tabs}</div>'
    groups = []
    for _ in range(2):
        rows = []
        for _ in range(rng.randint(3, 4)):
            ctl = rng.choice([p.toggle(rng.random() < 0.5), p.btn("Edit", "secondary"),
                              p.field("", p.w.label(), width="180px").replace("<label", "<label hidden")])
            rows.append(f'<div class="row" style="justify-content:space-between;gap:{L.s(4):g}px;padding:{L.s(2):g}px 0;'
                        f'border-top:1px solid {p.line}"><div class="col" style="gap:{p.gap_xs:g}px">'
                        f'{p.t("label", p.w.title(3), "p")}{p.t("small", p.w.sentence(rng.randint(7, 11)), "p", "muted")}'
                        f'</div>{ctl}</div>')
        groups.append(f'<section class="col" data-box="card" style="{p.surface(1)};gap:{p.gap_sm:g}px">'
                      f'{p.t("h4", p.w.title(2), "h2")}{p.t("small", p.w.sentence(12), "p", "muted")}{"".join(rows)}</section>')
    danger = (f'<section class="row" data-box="card" style="{p.surface(0, surface="border")};border-color:#dc2626;'
              f'justify-content:space-between;gap:{p.gap_md:g}px">{p.t("label", "Delete account", "p")}'
              f'{p.btn("Delete", "danger")}</section>')
    main = (f'<main class="col" style="flex:1;gap:{L.s(4):g}px;padding:{L.s(4):g}px {L.s(5):g}px;max-width:900px">'
            f'{p.t("h2", "Settings", "h1")}{tabbar}{"".join(groups)}{danger}</main>')
    return p, (f'<div class="row" style="height:100%;align-items:stretch">{p.side_nav(216, 2)}{main}</div>'
               f'{p.menu(rng.randint(120, 400), rng.randint(200, 420), 0.4)}{p.toast()}')


def chips(rng, faces, pid, folder):
    """Filter chips, tags and a tag input above a product grid."""
    p = _page(rng, faces, pid, folder, "chips")
    L, c = p.L, p.c
    filters = "".join(p.chip(p.w.label(), active=i < 2) for i in range(rng.randint(6, 9)))
    tag_input = (f'<div class="row" data-box="input" style="flex-wrap:wrap;gap:{p.gap_xs:g}px;padding:{L.s(0):g}px {L.s(1):g}px;'
                 f'border:1px solid {p.line};border-radius:{p.input_r};background:{p.card_bg};width:420px">'
                 + "".join(p.chip(p.w.label(), border=True) for _ in range(3))
                 + p.t("small", "Add tag…", "span", "muted") + "</div>")
    prods = []
    for _ in range(8):
        tags = "".join(p.chip(p.w.label()) for _ in range(rng.randint(1, 2)))
        prods.append(f'<div class="col" data-box="card" style="{p.surface(1, pad=L.s(1))};gap:{p.gap_sm:g}px">'
                     f'<img src="{p.photo("blobs", 260, 160)}" style="width:100%;height:130px;object-fit:cover;'
                     f'border-radius:{L.r(0)}"><div class="row" style="gap:{p.gap_xs:g}px">{tags}</div>'
                     f'{p.t("label", p.w.title(3), "h3")}<div class="row" style="justify-content:space-between">'
                     f'{p.t("h4", "$" + p.w.number(9, 300, "{:.2f}"), "span")}{p.icon_btn("heart", 32, round_=True)}</div></div>')
    grid = f'<div class="grid" style="grid-template-columns:repeat(4,1fr);gap:{p.gap_md:g}px">{"".join(prods)}</div>'
    bar = (f'<div class="row" style="justify-content:space-between;gap:{p.gap_md:g}px">'
           f'<div class="row" style="gap:{p.gap_xs:g}px;flex-wrap:wrap">{filters}</div>{tag_input}</div>')
    return p, (p.nav_bar(4) + _main(p, _head(p, False) + bar + grid, gap=L.s(3)) + p.menu(L.page_pad, 150, 0.4)
               + p.toast())


def modal(rng, faces, pid, folder):
    """A page behind a scrim and a dialog on top (elevation 3), or a dropdown menu open on a page."""
    p = _page(rng, faces, pid, folder, "modal", dark_p=0.3)
    L, c = p.L, p.c
    behind = "".join(f'<div class="col" data-box="card" style="{p.surface(1)};gap:{p.gap_sm:g}px">'
                     f'{p.t("h4", p.w.title(3), "h3")}{p.t("small", p.w.sentence(14), "p", "muted")}</div>' for _ in range(6))
    page = p.nav_bar(4) + _main(p, _head(p) + f'<div class="grid" style="grid-template-columns:repeat(3,1fr);'
                                              f'gap:{p.gap_lg:g}px">{behind}</div>')
    level = len(L.shadows) or 1
    if rng.random() < 0.65:
        fields = "".join(p.field(p.w.label(), p.w.title(2)) for _ in range(2))
        dialog = (f'<div class="col" data-box="modal" style="width:{rng.choice([440, 480, 520])}px;'
                  f'{p.surface(level, surface="shadow" if L.shadows else "border", pad="0", radius=L.r(rng.choice([2, 3])))};'
                  f'background:{p.card_bg if not p.theme.dark else mix(p.bg, c["ink"], 0.1)}">'
                  f'<div class="row" style="justify-content:space-between;padding:{L.s(3):g}px {L.s(3):g}px 0">'
                  f'{p.t("h3", p.w.title(3), "h2")}{p.icon_btn("menu", 32, filled=False)}</div>'
                  f'<div class="col" style="gap:{p.gap_md:g}px;padding:{L.s(3):g}px">{p.t("small", p.w.sentence(18), "p", "muted")}{fields}</div>'
                  f'<div class="row" style="justify-content:flex-end;gap:{p.gap_sm:g}px;padding:{L.s(2):g}px {L.s(3):g}px;'
                  f'border-top:1px solid {p.line}">{p.btn("Cancel", "secondary")}{p.btn("Save")}</div></div>')
        scrim = rgba("#000000", rng.choice([0.3, 0.45, 0.6]))
        overlay = (f'<div class="row" data-box="scrim" style="position:fixed;inset:0;justify-content:center;'
                   f'background:{scrim};z-index:10">{dialog}</div>')
    else:
        items = "".join(f'<div class="row" data-box="menu-item" style="gap:{p.gap_sm:g}px;padding:{L.s(1):g}px {L.s(1):g}px;'
                        f'border-radius:{L.r(0)};{"background:" + mix(p.card_bg, c["brand"], 0.12) if i == 0 else ""}">'
                        f'{p.icon(rng.choice(icon_names()), 16, c["muted"])}{p.t("small", p.w.title(2), "span")}</div>'
                        for i in range(6))
        overlay = (f'<div class="col" data-box="dropdown" style="position:fixed;right:{L.page_pad:g}px;top:64px;width:220px;'
                   f'{p.surface(min(2, level), surface="border-shadow" if L.shadows else "border", pad=L.s(0) if L.s(0) >= 4 else 4, radius=L.r(1))};'
                   f'gap:{p.tight:g}px;z-index:10">{items}</div>')
    return p, page + overlay


def app_shell(rng, faces, pid, folder):
    """A mail / chat app: sidebar, a message list with an active row, a reading pane with bubbles."""
    p = _page(rng, faces, pid, folder, "sidebar", dark_p=0.4)
    L, c = p.L, p.c
    msgs = []
    for i in range(rng.randint(6, 8)):
        bg = f"background:{mix(p.card_bg, c['brand'], 0.1)};" if i == 1 else ""
        msgs.append(f'<div class="row" data-box="message" style="gap:{p.gap_sm:g}px;padding:{L.s(1):g}px {L.s(2):g}px;'
                    f'border-radius:{L.r(1)};{bg}align-items:flex-start">{p.avatar(36)}<div class="col" style="gap:{p.tight:g}px;min-width:0;flex:1">'
                    f'<div class="row" style="justify-content:space-between">{p.t("label", p.w.name(), "p")}'
                    f'{p.t("caption", p.w.number(1, 59, "{:.0f}m"), "span", "muted")}</div>'
                    f'{p.t("small", p.w.sentence(6), "p", "muted", style="white-space:nowrap;overflow:hidden;text-overflow:ellipsis")}</div></div>')
    lst = (f'<div class="col" style="width:320px;flex:none;gap:{p.tight:g}px;padding:{L.s(1):g}px;border-right:1px solid {p.line}">'
           f'{p.field("", "Search", width="100%").replace("<label", "<label hidden")}{"".join(msgs)}</div>')
    bubbles = []
    for i in range(rng.randint(4, 6)):
        mine = rng.random() < 0.5
        r = L.r(rng.choice([2, 3]))
        corner = "border-bottom-right-radius" if mine else "border-bottom-left-radius"
        st = (f"align-self:flex-end;background:{c['brand']};color:{c['on_brand']}" if mine
              else f"align-self:flex-start;background:{mix(p.bg, c['ink'], 0.07)}")
        bubbles.append(f'<div data-box="bubble" style="{st};max-width:70%;padding:{L.s(1):g}px {L.s(2):g}px;'
                       f'border-radius:{r};{corner}:{L.r(0) if L.radii[0] else "2px"}">'
                       f'{p.t("body", p.w.sentence(rng.randint(4, 16)), "p")}</div>')
    compose = (f'<div class="row" data-box="composer" style="gap:{p.gap_sm:g}px;{p.surface(1, pad=L.s(1), radius=p.btn_r)}">'
               f'{p.t("small", "Write a message…", "span", "muted", style="flex:1;padding-left:8px")}{p.btn("Send", icon="arrow")}</div>')
    pane = (f'<div class="col" style="flex:1;gap:{p.gap_md:g}px;padding:{L.s(3):g}px;min-width:0">'
            f'<div class="col" style="flex:1;gap:{p.gap_sm:g}px">{"".join(bubbles)}</div>{compose}</div>')
    return p, f'<div class="row" style="height:100%;align-items:stretch">{p.side_nav(220, 2)}{lst}{pane}</div>'


def kanban(rng, faces, pid, folder):
    p = _page(rng, faces, pid, folder, "kanban", dark_p=0.3)
    L, c = p.L, p.c
    cols = []
    for _ in range(4):
        tasks = []
        for _ in range(rng.randint(2, 4)):
            avatars = "".join(f'<div style="margin-left:{-8 if j else 0}px">{p.avatar(24, photo=False)}</div>'
                              for j in range(rng.randint(1, 3)))
            tasks.append(f'<div class="col" data-box="task" style="{p.surface(1, pad=L.s(2), surface=rng.choice(["shadow", "border-shadow"]) if L.shadows else "border")};'
                         f'gap:{p.gap_sm:g}px"><div class="row" style="gap:{p.gap_xs:g}px">{p.chip(p.w.label())}</div>'
                         f'{p.t("small", p.w.sentence(rng.randint(5, 10)), "p")}<div class="row" style="justify-content:space-between">'
                         f'<div class="row">{avatars}</div>{p.t("caption", p.w.date(), "span", "muted")}</div></div>')
        col_bg = mix(p.bg, c["ink"], 0.05)
        cols.append(f'<div class="col" data-box="column" style="background:{col_bg};border-radius:{L.r(2)};padding:{L.s(1):g}px;'
                    f'gap:{p.gap_sm:g}px;align-self:flex-start"><div class="row" style="justify-content:space-between;padding:{L.s(0):g}px">'
                    f'{p.t("label", p.w.title(2), "h3")}{p.badge(str(len(tasks)), c["brand"])}</div>{"".join(tasks)}</div>')
    board = f'<div class="grid" style="grid-template-columns:repeat(4,1fr);gap:{p.gap_md:g}px;align-items:start">{"".join(cols)}</div>'
    return p, p.nav_bar(4) + _main(p, _head(p, False) + board, gap=L.s(3)) + p.toast()


def mobile(rng, faces, pid, folder):
    p = _page(rng, faces, pid, folder, "mobile", dark_p=0.4, viewport=(390, 844))
    L, c = p.L, p.c
    variant = rng.choice(["feed", "profile", "grouped", "shop"])
    pad = L.s(rng.choice([2, 3]))
    bar = (f'<div class="row" style="justify-content:space-between;padding:{L.s(1):g}px {pad:g}px">'
           f'{p.icon_btn("menu", 36, filled=False)}{p.t("h4", p.w.title(2), "h1")}{p.avatar(32)}</div>')
    if variant == "feed":
        chips_ = "".join(p.chip(p.w.label(), active=i == 0) for i in range(4))
        items = "".join(
            f'<div class="col" data-box="card" style="{p.surface(1, pad=L.s(2))};gap:{p.gap_sm:g}px">'
            f'<div class="row" style="gap:{p.gap_sm:g}px">{p.avatar(36)}<div class="col">{p.t("label", p.w.name(), "p")}'
            f'{p.t("caption", p.w.date(), "p", "muted")}</div></div>{p.t("small", p.w.sentence(rng.randint(10, 18)), "p")}'
            f'<img src="{p.photo("landscape", 340, 150)}" style="width:100%;height:130px;object-fit:cover;border-radius:{L.r(1)}"></div>'
            for _ in range(3))
        content = (f'<div class="row" style="gap:{p.gap_xs:g}px;padding:0 {pad:g}px;overflow:hidden">{chips_}</div>'
                   f'<div class="col" style="gap:{p.gap_md:g}px;padding:{p.gap_md:g}px {pad:g}px">{items}</div>')
    elif variant == "profile":
        stats = "".join(f'<div class="col" style="align-items:center">{p.t("h4", p.w.number(10, 9999), "p")}'
                        f'{p.t("caption", p.w.label(), "p", "muted")}</div>' for _ in range(3))
        tiles = "".join(f'<img src="{p.photo("blobs", 120, 120)}" style="width:100%;aspect-ratio:1;object-fit:cover;'
                        f'border-radius:{L.r(0)};display:block">' for _ in range(6))
        content = (f'<div class="col" style="align-items:center;gap:{p.gap_md:g}px;padding:{pad:g}px">{p.avatar(88, photo=True)}'
                   f'{p.t("h3", p.w.name(), "h2")}{p.t("small", p.w.sentence(10), "p", "muted", style="text-align:center")}'
                   f'<div class="row" style="gap:{L.s(4):g}px">{stats}</div><div class="row" style="gap:{p.gap_sm:g}px">'
                   f'{p.btn("Follow")}{p.btn("Message", "secondary")}</div></div>'
                   f'<div class="grid" style="grid-template-columns:repeat(3,1fr);gap:{p.gap_xs:g}px;padding:0 {pad:g}px">{tiles}</div>')
    elif variant == "grouped":
        groups = []
        for _ in range(rng.randint(2, 3)):
            rows = "".join(f'<div class="row" style="gap:{p.gap_md:g}px;padding:{L.s(1):g}px {L.s(2):g}px;'
                           f'{"border-top:1px solid " + p.line if j else ""}"><div class="row" data-box="icon-tile" '
                           f'style="width:28px;height:28px;justify-content:center;border-radius:{L.r(0)};'
                           f'background:{rng.choice([c["brand"], "#16a34a", "#f59e0b", "#6366f1"])}">{p.icon(rng.choice(icon_names()), 16, "#fff")}</div>'
                           f'{p.t("body", p.w.title(2), "span", style="flex:1")}{p.toggle(rng.random() < 0.5) if rng.random() < 0.4 else p.t("small", "›", "span", "muted")}</div>'
                           for j in range(rng.randint(2, 4)))
            groups.append(f'{p.t("overline", p.w.title(2), "p", "muted", style=f"padding:0 {L.s(2):g}px")}'
                          f'<div class="col" data-box="group" style="{p.surface(1, pad="0", radius=L.r(2))};overflow:hidden">{rows}</div>')
        content = f'<div class="col" style="gap:{p.gap_sm:g}px;padding:{p.gap_sm:g}px {pad:g}px">{"".join(groups)}</div>'
    else:
        sizes = "".join(p.chip(s, active=i == 1, border=True) for i, s in enumerate(["S", "M", "L", "XL"]))
        content = (f'<div style="padding:0 {pad:g}px"><img src="{p.photo("blobs", 360, 300)}" style="width:100%;height:300px;'
                   f'object-fit:cover;border-radius:{L.r(2)};display:block"></div>'
                   f'<div class="col" style="gap:{p.gap_md:g}px;padding:{pad:g}px">{p.t("h3", p.w.title(3), "h1")}'
                   f'{p.t("stat", "$" + p.w.number(12, 300, "{:.2f}"), "p")}<div class="row" style="gap:{p.gap_sm:g}px">{sizes}</div>'
                   f'{p.t("small", p.w.sentence(18), "p", "muted")}{p.btn("Add to cart")}</div>')
    fab = ""
    if L.shadows and rng.random() < 0.5:
        fab = (f'<div class="row" data-box="fab" style="position:absolute;right:{pad:g}px;bottom:96px;width:56px;height:56px;'
               f'border-radius:{"50%" if rng.random() < 0.7 else L.r(2)};justify-content:center;background:{c["brand"]};'
               f'box-shadow:{L.shadow(len(L.shadows))}">{p.icon("star", 24, c["on_brand"])}</div>')
    tabs = "".join(f'<div class="col" style="align-items:center;gap:{p.tight:g}px">{p.icon(i, 22, c["brand"] if k == 0 else c["muted"])}'
                   f'{p.t("caption", p.w.label(), "span", "muted")}</div>' for k, i in enumerate(("home", "search", "heart", "user")))
    tabbar = (f'<nav class="row" data-box="tabbar" style="position:absolute;bottom:0;left:0;right:0;justify-content:space-around;'
              f'padding:{L.s(1):g}px 0 {L.s(3):g}px;background:{p.card_bg};border-top:1px solid {p.line}">{tabs}</nav>')
    return p, f'<div style="position:relative;height:100%">{bar}{content}{fab}{tabbar}</div>'


def no_ui(rng, faces, pid, folder):
    """No UI at all: a photo, a logo on white, or an illustration (rounded shapes that are not boxes)."""
    variant = ("photo", "logo", "illustration")[int(pid.rsplit("-", 1)[1]) % 3]
    p = _page(rng, faces, pid, folder, f"no-ui-{variant}", dark_p=0.0,
              viewport=rng.choice([(1280, 900), (1280, 900), (390, 844)]))
    vw, vh = p.viewport
    c = p.c
    if variant == "photo":
        img = p.photo(rng.choice(["landscape", "blobs", "bokeh"]), vw, vh)
        return p, f'<img src="{img}" style="width:100%;height:100%;display:block">'
    if variant == "logo":
        s = rng.randint(120, 260)
        mark = rng.choice([f'<circle cx="50" cy="50" r="44" fill="{c["brand"]}"/><circle cx="50" cy="50" r="20" fill="#fff"/>',
                           f'<rect x="8" y="8" width="84" height="84" rx="22" fill="{c["brand"]}"/>'
                           f'<path d="M30 66L50 30L70 66z" fill="#fff"/>',
                           f'<path d="M10 80L50 12L90 80z" fill="{c["brand"]}"/><circle cx="50" cy="62" r="12" fill="{c["accent"]}"/>'])
        word = p.t("display", p.w.company(), "div", style=f"color:{c['ink']}") if rng.random() < 0.7 else ""
        return p, (f'<div class="col" style="height:100%;justify-content:center;align-items:center;gap:24px;background:#fff">'
                   f'<svg width="{s}" height="{s}" viewBox="0 0 100 100">{mark}</svg>{word}</div>')
    shapes = []
    for _ in range(rng.randint(8, 20)):
        x, y, r = rng.randint(0, vw), rng.randint(0, vh), rng.randint(20, 200)
        color = rng.choice([c["brand"], c["accent"], c["tint"], c["ink"], c["surface"]])
        shapes.append(rng.choice([f'<circle cx="{x}" cy="{y}" r="{r}" fill="{color}" opacity=".85"/>',
                                  f'<rect x="{x}" y="{y}" width="{r * 2}" height="{r}" rx="{r // 5}" fill="{color}"/>',
                                  f'<path d="M{x} {y}l{r} {r // 2}l{-r // 3} {r}z" fill="{color}"/>']))
    return p, (f'<svg width="{vw}" height="{vh}" style="display:block;'
               f'background:linear-gradient({c["bg"]},{c["tint"]})">{"".join(shapes)}</svg>')


# kind -> (recipe, pages in the full dataset)
KINDS = {
    "cards": (cards, 8), "form": (form, 6), "list": (listing, 6), "navbar": (navbars, 5), "toolbar": (toolbar, 4),
    "pricing": (pricing, 6), "dashboard": (dashboard, 6), "settings": (settings, 5), "chips": (chips, 4),
    "modal": (modal, 6), "sidebar": (app_shell, 5), "kanban": (kanban, 3), "mobile": (mobile, 8), "no-ui": (no_ui, 8),
}


def plan(total: int | None = None) -> list[tuple[str, int]]:
    queues = {k: list(range(n)) for k, (_, n) in KINDS.items()}
    order = []
    while any(queues.values()):
        for k, q in queues.items():
            if q:
                order.append((k, q.pop(0)))
    return order[:total] if total else order


def build(kind: str, n: int, seed: int, faces, root: Path) -> LPage:
    pid = f"{kind}-{n:02d}"
    rng = random.Random(f"layout:{seed}:{pid}")
    folder = root / "pages" / pid
    page, body = KINDS[kind][0](rng, faces, pid, folder)
    (folder / "index.html").write_text(page.html(body))
    return page
