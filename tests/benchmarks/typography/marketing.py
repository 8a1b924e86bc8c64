"""Recipes for marketing and reading pages: landing, article, blog index, pricing, shop, poster, email.

Each recipe (rng, faces, page id, folder) -> (Page, body HTML) draws its own theme.
"""
from __future__ import annotations

from . import sections as S
from .sections import Page
from .theme import theme_for


def landing(rng, faces, pid, folder):
    heading = rng.choice(["same", "same", "serif", "display", "sans"])
    th = theme_for(rng, faces, faces.sans + faces.serif[:2], heading, dark=rng.random() < 0.35)
    p = Page(pid, "landing", th, rng, folder)
    variant = rng.choice(["plain", "gradient", "photo", "split", "gradient-text"])
    ink = {"gradient": p.c["on_brand"], "photo": "#ffffff"}.get(variant)
    top = S.nav(p, rng.randint(3, 5), ink=ink)
    after = rng.sample([S.logos, S.features, S.stats_section, S.testimonial], 2)
    if rng.random() < 0.3:  # the end of a page: a call to action and the footer
        after = [S.cta_band, S.footer]
    return p, S.hero(p, variant, top) + "".join(f(p) for f in after)


def article(rng, faces, pid, folder):
    text_pool = faces.serif if rng.random() < 0.7 else faces.sans
    th = theme_for(rng, faces, text_pool, rng.choice(["same", "serif", "sans"]), dark=rng.random() < 0.2,
                   base_range=(16, 21))
    p = Page(pid, "article", th, rng, folder)
    width = rng.choice([640, 680, 720, 760])
    avatar = p.photo("blobs", 40, 40)
    byline = (f'<div class="row" style="gap:12px">'
              f'<img src="{avatar}" style="width:40px;height:40px;border-radius:50%"><div>'
              f'{p.t("label", p.w.name(), "p")}'
              f'{p.t("caption", f"{p.w.date()} · {rng.randint(3, 14)} min read", "p", "muted")}</div></div>')
    figure = ""
    if rng.random() < 0.5:
        figure = (f'<figure class="col" style="gap:8px"><img src="{p.photo("landscape", width, 300)}" '
                  f'style="width:100%;height:300px;object-fit:cover">'
                  f'{p.t("caption", p.w.sentence(9), "figcaption", "muted")}</figure>')
    quote = ""
    if rng.random() < 0.5:
        quote = p.t("lead", p.w.sentence(16), "blockquote", data_role="quote",
                    style=f"{p.italic('lead')}border-left:3px solid {p.c['brand']};padding-left:20px")
    head = (f'{p.t("overline", p.w.label(), "p", "brand")}{p.t("h1", p.w.title(rng.randint(5, 9)), "h1")}'
            f'{p.t("lead", p.w.paragraph(1, (16, 26)), "p", "muted")}')
    body = (f'<article class="col" style="gap:20px;max-width:{width}px;margin:24px auto">'
            f'{head}{byline}{figure}{S.article_body(p, 2)}{quote}{S.article_body(p, 3)}</article>')
    return p, S.nav(p, 4, cta=rng.random() < 0.5) + body


def blog_index(rng, faces, pid, folder):
    th = theme_for(rng, faces, faces.sans + faces.serif, rng.choice(["same", "serif", "sans"]), dark=rng.random() < 0.3)
    p = Page(pid, "blog-index", th, rng, folder)
    featured = (f'<a class="grid" style="grid-template-columns:1.2fr 1fr;gap:32px;align-items:center">'
                f'<img src="{p.photo("landscape", 600, 320)}" style="width:100%;height:320px;object-fit:cover;'
                f'border-radius:12px"><div class="col" style="gap:14px">'
                f'{p.t("overline", p.w.label(), "p", "brand")}{p.t("h1", p.w.title(6), "h2")}'
                f'{p.t("body", p.w.paragraph(2), "p", "muted")}'
                f'{p.t("caption", p.w.name() + " · " + p.w.date(), "p", "muted")}</div></a>')
    cards = "".join(
        f'<a class="col" style="gap:10px"><img src="{p.photo(rng.choice(["blobs", "landscape"]), 340, 190)}" '
        f'style="width:100%;height:190px;object-fit:cover;border-radius:10px">'
        f'{p.t("caption", p.w.label(), "span", "badge", data_role="chip")}{p.t("h3", p.w.title(5), "h3")}'
        f'{p.t("small", p.w.paragraph(1, (12, 20)), "p", "muted")}'
        f'{p.t("caption", p.w.date(), "p", "muted")}</a>' for _ in range(3))
    body = (f'<main class="wrap col" style="gap:40px;padding-top:24px">{featured}'
            f'<div class="grid" style="grid-template-columns:repeat(3,1fr)">{cards}</div></main>')
    return p, S.nav(p, 5, cta=rng.random() < 0.4) + body


def pricing(rng, faces, pid, folder):
    th = theme_for(rng, faces, faces.sans, rng.choice(["same", "same", "sans", "serif"]), dark=rng.random() < 0.4)
    p = Page(pid, "pricing", th, rng, folder)
    head = (f'<div class="col" style="align-items:center;text-align:center;gap:14px;padding:24px 0 36px">'
            f'{p.t("overline", "Pricing", "p", "brand")}{p.t("h1", p.w.title(5), "h1")}'
            f'{p.t("lead", p.w.sentence(14), "p", "muted", style="max-width:640px")}</div>')
    tiers = []
    featured = rng.randint(0, 2)
    for i, name in enumerate(rng.sample(["Starter", "Team", "Pro", "Business", "Scale", "Hobby"], 3)):
        hot = i == featured
        price = rng.choice([0, 9, 12, 19, 29, 49, 79, 99, 149]) * (1 + i)
        style = f"background:{p.c['brand']};color:{p.c['on_brand']};border:0" if hot and rng.random() < 0.5 else ""
        badge = p.t("caption", "Most popular", "span", "badge", data_role="badge") if hot else ""
        items = "".join(f'<li class="row" style="gap:10px">{p.icon("check", 16)}'
                        f'{p.t(rng.choice(["body", "small"]), p.w.title(rng.randint(2, 4)), "span")}</li>'
                        for _ in range(rng.randint(4, 6)))
        tiers.append(
            f'<div class="card col" style="gap:18px;{style}"><div class="row" style="justify-content:space-between">'
            f'{p.t("h4", name, "h3")}{badge}</div><div class="row" style="gap:6px;align-items:baseline">'
            f'{p.t("stat", f"${price}", "span", data_role="price")}'
            f'{p.t("small", "/month", "span", "muted" if not style else "")}</div>'
            f'{p.t("small", p.w.sentence(10), "p", "muted" if not style else "")}'
            f'{p.button("Choose " + name, "primary" if not style else "light")}'
            f'<ul class="col" style="list-style:none;gap:10px">{items}</ul></div>')
    grid = f'<div class="grid" style="grid-template-columns:repeat(3,1fr)">{"".join(tiers)}</div>'
    return p, S.nav(p, 4) + f'<main class="wrap">{head}{grid}</main>'


def shop(rng, faces, pid, folder):
    th = theme_for(rng, faces, faces.sans + faces.serif[:3], rng.choice(["same", "serif", "display", "sans"]),
                   dark=rng.random() < 0.25, base_range=(13, 16))
    p = Page(pid, "shop", th, rng, folder)
    chips = "".join(p.t("small", p.w.label(), "span", "badge", data_role="chip") for _ in range(rng.randint(4, 7)))
    cards = []
    for _ in range(8):
        price = rng.uniform(9, 400)
        old = (p.t("small", f"${price * 1.25:.2f}", "s", "muted", data_role="price") if rng.random() < 0.4 else "")
        stars = "".join(p.icon("star", 14, "#f5a623") for _ in range(5))
        tag = p.t("overline", rng.choice(["New", "Sale", "-20%", "Limited"]), "span", data_role="badge",
                  style=f"position:absolute;top:10px;left:10px;background:{p.c['bg']};padding:3px 8px;"
                        "border-radius:4px") if rng.random() < 0.4 else ""
        cards.append(
            f'<div class="col" style="gap:8px"><div style="position:relative">'
            f'<img src="{p.photo("blobs", 260, 260)}" style="width:100%;height:230px;object-fit:cover;'
            f'border-radius:8px">{tag}</div>{p.t("body", p.w.title(rng.randint(2, 4)), "h3")}'
            f'<div class="row" style="gap:4px">{stars}{p.t("caption", f"({rng.randint(3, 980)})", "span", "muted")}'
            f'</div><div class="row" style="gap:8px">{p.t("h4", f"${price:.2f}", "span", data_role="price")}'
            f'{old}</div></div>')
    grid = f'<div class="grid" style="grid-template-columns:repeat(4,1fr)">{"".join(cards)}</div>'
    head = (f'<div class="row" style="justify-content:space-between;align-items:flex-end">'
            f'<div class="col" style="gap:6px">{p.t("h2", p.w.title(2), "h1")}'
            f'{p.t("small", f"{rng.randint(24, 480)} products", "p", "muted")}</div>'
            f'<div class="row" style="gap:8px">{chips}</div></div>')
    return p, S.nav(p, 5, cta=False) + f'<main class="wrap col" style="gap:24px">{head}{grid}</main>'


def poster(rng, faces, pid, folder):
    """Event / portfolio pages: a display face, big, over a photo; little text, some of it tiny."""
    th = theme_for(rng, faces, faces.sans + faces.serif[:4], rng.choice(["display", "display", "serif"]), dark=True)
    p = Page(pid, "poster", th, rng, folder, viewport=rng.choice([(1280, 900), (1280, 900), (390, 844)]))
    img = p.photo(rng.choice(["bokeh", "landscape", "blobs"]), *p.viewport)
    shadow = "text-shadow:0 2px 12px rgba(0,0,0,.5);" if rng.random() < 0.5 else ""
    align = rng.choice(["flex-start", "center"])
    title = "<br>".join(p.w.title(2) for _ in range(rng.randint(1, 3)))
    details = "".join(f'<div class="col" style="gap:2px">{p.t("overline", p.w.label(), "p", style="opacity:.8")}'
                      f'{p.t("body", rng.choice([p.w.date(), p.w.company() + " Hall", "8 PM"]), "p")}</div>'
                      for _ in range(rng.randint(2, 3)))
    return p, (f'<div class="col" style="height:100%;justify-content:flex-end;align-items:{align};gap:24px;'
               f'padding:{"48px" if p.viewport[0] > 500 else "24px"};color:#fff;{shadow}'
               f'background:linear-gradient(transparent 30%,rgba(0,0,0,.55)),url({img}) center/cover">'
               f'{p.t("overline", p.w.title(3), "p")}{p.t("display", title, "h1", style="color:#fff")}'
               f'<div class="row" style="gap:40px;flex-wrap:wrap">{details}</div>'
               f'{p.button(rng.choice(["Get tickets", "View work", "RSVP"]), "light")}</div>')


def email(rng, faces, pid, folder):
    th = theme_for(rng, faces, faces.sans + faces.serif, rng.choice(["same", "serif"]), base_range=(14, 17))
    p = Page(pid, "email", th, rng, folder)
    band = (f'<div class="row" style="justify-content:center;padding:22px;background:{p.c["brand"]};'
            f'color:{p.c["on_brand"]}">{p.t("h4", p.w.company(), "div", data_role="logo")}</div>')
    body = (f'<div class="col" style="gap:18px;padding:36px 40px">{p.t("h1", p.w.title(5), "h1")}'
            f'{p.t("body", "Hi " + p.w.name().split()[0] + ",", "p")}{p.t("body", p.w.paragraph(3), "p")}'
            f'{p.button(p.w.title(2))}{p.t("body", p.w.paragraph(2), "p")}'
            f'{p.t("body", "— The " + p.w.company() + " team", "p", "muted")}</div>')
    foot = (f'<div class="col" style="gap:6px;padding:20px 40px;text-align:center">'
            f'{p.t("caption", p.w.sentence(14), "p", "muted")}'
            f'{p.t("caption", "Unsubscribe · Preferences · View in browser", "p", "muted", style="text-decoration:underline")}'
            "</div>")
    return p, (f'<div style="background:{p.c["surface"]};height:100%;padding:32px 0">'
               f'<div style="width:600px;margin:0 auto;background:{p.c["bg"]};border-radius:8px;overflow:hidden">'
               f'{band}{body}{foot}</div></div>')
