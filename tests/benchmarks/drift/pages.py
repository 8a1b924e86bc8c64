"""The drift benchmark's pages: per seed a small design system (its tokens, written as another tool
would write a DTCG 2025.10 file) and a 1280×900 page that paints only those tokens, with three target
elements whose fill the benchmark recolours: 0.2 %, 1 % and 5 % of the viewport, and a text target
(`#tx`, the hero's lead paragraph in the muted text color) whose text it recolours.

Nothing here is the product's: colours are picked in OKLCH with coloraide, the page is plain HTML/CSS,
and the tokens file uses what other tools write (nested groups, curly-brace aliases, a `$ref`, colours
as sRGB and OKLCH objects, a group `$type` inherited by its tokens).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from coloraide import Color

from tests.benchmarks.typography.tools import Catalog, Face

VIEWPORT = (1280, 900)
# Target id -> (CSS width, height): 64×36 = 0.2 %, 160×72 = 1 %, 320×180 = 5 % of 1280×900.
TARGETS = {"0.2%": (64, 36), "1%": (160, 72), "5%": (320, 180)}
TARGET_IDS = {"0.2%": "t02", "1%": "t1", "5%": "t5"}
TEXT_TARGET, TEXT_COLOR = "tx", "neutral.muted"
SANS = ("inter", "roboto", "open-sans", "lato", "work-sans", "dm-sans", "ibm-plex-sans", "manrope",
        "source-sans-3", "nunito", "poppins", "space-grotesk")
SERIF = ("merriweather", "lora", "playfair-display", "source-serif-4", "pt-serif")


def hex_of(c: Color) -> str:
    return c.convert("srgb").fit("srgb", method="oklch-chroma").to_string(hex=True).lower()


def oklch(l: float, c: float, h: float) -> str:
    return hex_of(Color("oklch", [l, c, h % 360]))


@dataclass
class Theme:
    colors: dict[str, str]  # token path (dot-separated, under color.) -> #rrggbb
    dark: bool
    sans: Face
    heading: Face
    sizes: dict[str, int]  # font.size.<name> -> CSS px
    radius: dict[str, int]
    spacing: dict[str, int]
    shadow: str | None  # one CSS box-shadow (the cards'), or None
    target_fill: dict[str, str] = field(default_factory=dict)  # target -> color path


def theme(rng: random.Random, faces: Catalog) -> Theme:
    dark = rng.random() < 0.25
    hue = rng.uniform(0, 360)
    n = lambda l, c=0.012: oklch(l, c, hue)  # noqa: E731 — tinted neutrals
    if dark:
        neutral = {"bg": n(rng.uniform(0.16, 0.22)), "surface": n(rng.uniform(0.26, 0.3)), "border": n(0.38),
                   "text": n(rng.uniform(0.93, 0.97), 0.005), "muted": n(rng.uniform(0.7, 0.78))}
    else:
        neutral = {"bg": n(rng.uniform(0.985, 1.0), 0.004), "surface": n(rng.uniform(0.94, 0.965), 0.008),
                   "border": n(rng.uniform(0.86, 0.9)), "text": n(rng.uniform(0.2, 0.3), 0.02),
                   "muted": n(rng.uniform(0.5, 0.58))}
    l = rng.uniform(0.52, 0.62) if not dark else rng.uniform(0.65, 0.72)
    brand = {"primary": oklch(l, rng.uniform(0.14, 0.2), hue),
             "secondary": oklch(l + rng.uniform(-0.06, 0.06), rng.uniform(0.1, 0.16), hue + rng.choice([-150, 120, 180])),
             "accent": oklch(rng.uniform(0.7, 0.8), rng.uniform(0.14, 0.18), hue + rng.choice([-60, 60, 90]))}
    status = {"success": oklch(0.6, 0.15, 150), "warning": oklch(0.78, 0.16, 75), "danger": oklch(0.58, 0.2, 27)}
    on = {"primary": "#ffffff" if Color(brand["primary"]).contrast("#ffffff") >= 3 else "#111111"}
    colors = {**{f"neutral.{k}": v for k, v in neutral.items()}, **{f"brand.{k}": v for k, v in brand.items()},
              **{f"status.{k}": v for k, v in status.items()}, "on.primary": on["primary"]}
    base = rng.choice([14, 15, 16])
    ratio = rng.choice([1.2, 1.25, 1.333])
    sizes = {"sm": base - 2, "base": base, "lg": round(base * ratio), "xl": round(base * ratio ** 2),
             "2xl": round(base * ratio ** 3), "3xl": round(base * ratio ** 4)}
    sans = faces[rng.choice(SANS)]
    heading = faces[rng.choice(SERIF)] if rng.random() < 0.3 else sans
    r = rng.choice([0, 4, 6, 8, 12])
    shadow = rng.choice([None, "0 1px 3px rgba(0,0,0,.12)", "0 4px 12px rgba(15,23,42,.10)"])
    t = Theme(colors, dark, sans, heading, sizes, {"sm": min(r, 4), "md": r, "full": 9999},
              {"xs": 4, "sm": 8, "md": 16, "lg": 24, "xl": 40}, shadow)
    fills = ["brand.primary", "brand.secondary", "brand.accent", "status.success", "status.danger"]
    rng.shuffle(fills)
    t.target_fill = dict(zip(TARGETS, fills))
    return t


def _weight(face: Face, want: int) -> int:
    return min(face.weights, key=lambda w: (abs(w - want), w))


def font_faces_css(faces: list[Face]) -> str:
    rules = []
    for f in {x.id: x for x in faces}.values():
        for w in f.weights:
            rules.append(f'@font-face{{font-family:"{f.family}";font-style:normal;font-weight:{w};'
                         f'font-display:block;src:url(/fonts/{f.id}/files/{f.id}-latin-{w}-normal.woff2) format("woff2")}}')
    return "\n".join(rules)


WORDS = ("design system tokens color brand product launch review team update release plan build ship "
         "insight metric report dashboard account billing invoice customer support guide start free trial "
         "pricing feature workflow secure fast simple modern integrate analytics growth story").split()


def words(rng: random.Random, n: int) -> str:
    s = " ".join(rng.choice(WORDS) for _ in range(n))
    return s[0].upper() + s[1:]


def page_html(rng: random.Random, t: Theme) -> str:
    c = {k.replace(".", "-"): v for k, v in t.colors.items()}
    s, sp, rad = t.sizes, t.spacing, t.radius
    fam = lambda f: f'"{f.family}",{"serif" if f.cls == "serif" else "sans-serif"}'  # noqa: E731
    hw, bw = _weight(t.heading, 700), _weight(t.sans, 400)
    mw = _weight(t.sans, 600)
    shadow = f"box-shadow:{t.shadow};" if t.shadow else ""
    tgt = {k: c[v.replace(".", "-")] for k, v in t.target_fill.items()}
    on = lambda fill: "#ffffff" if Color(fill).contrast("#ffffff") >= Color(fill).contrast(c["neutral-text"]) else c["neutral-text"]  # noqa: E731
    on5, on1 = on(tgt["5%"]), on(tgt["1%"])
    cards = "".join(
        f'<div class="card"><div class="badge" style="background:{c[b]}">{rng.choice(["New", "Beta", "Pro", "Live"])}</div>'
        f'<h3>{words(rng, 3)}</h3><p>{words(rng, 14)}.</p></div>'
        for b in rng.sample(["status-success", "status-warning", "brand-accent", "brand-secondary"], 3))
    links = "".join(f"<a>{w.capitalize()}</a>" for w in rng.sample(WORDS, 4))
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
{font_faces_css([t.sans, t.heading])}
*{{box-sizing:border-box;margin:0;padding:0}}
html,body{{width:{VIEWPORT[0]}px;height:{VIEWPORT[1]}px;overflow:hidden}}
body{{background:{c['neutral-bg']};color:{c['neutral-text']};font-family:{fam(t.sans)};font-size:{s['base']}px;
  font-weight:{bw};line-height:1.5}}
nav{{height:64px;display:flex;align-items:center;gap:{sp['lg']}px;padding:0 {sp['xl']}px;background:{c['neutral-surface']};
  border-bottom:1px solid {c['neutral-border']}}}
nav .logo{{font-family:{fam(t.heading)};font-weight:{hw};font-size:{s['xl']}px;color:{c['brand-primary']};margin-right:auto}}
nav a{{color:{c['neutral-muted']};font-size:{s['sm']}px}}
.btn{{display:inline-block;padding:{sp['sm']}px {sp['md']}px;border-radius:{rad['md']}px;font-weight:{mw};font-size:{s['base']}px}}
.btn.primary{{background:{c['brand-primary']};color:{c['on-primary']}}}
.btn.ghost{{border:1px solid {c['neutral-border']};color:{c['neutral-text']}}}
main{{padding:{sp['xl']}px {sp['xl']}px 0}}
.hero{{display:flex;gap:{sp['xl']}px;align-items:flex-start;height:220px}}
.hero .copy{{flex:1}}
h1{{font-family:{fam(t.heading)};font-size:{s['3xl']}px;font-weight:{hw};line-height:1.15;margin-bottom:{sp['md']}px}}
.lead{{color:{c['neutral-muted']};font-size:{s['lg']}px;margin-bottom:{sp['lg']}px;max-width:640px}}
.hero .btn{{margin-right:{sp['sm']}px}}
#t5{{width:320px;height:180px;background:{tgt['5%']};color:{on5};padding:{sp['md']}px;border-radius:{rad['sm']}px;
  font-weight:{mw};font-size:{s['lg']}px}}
.cards{{display:flex;gap:{sp['lg']}px;margin-top:{sp['lg']}px}}
.card{{flex:1;height:200px;background:{c['neutral-surface']};border:1px solid {c['neutral-border']};border-radius:{rad['md']}px;
  padding:{sp['lg']}px;{shadow}}}
.card h3{{font-family:{fam(t.heading)};font-size:{s['xl']}px;font-weight:{hw};margin:{sp['sm']}px 0}}
.card p{{color:{c['neutral-muted']}}}
.badge{{display:inline-block;padding:2px {sp['sm']}px;border-radius:{rad['full']}px;font-size:{s['sm']}px;font-weight:{mw};color:#ffffff}}
.strip{{display:flex;gap:{sp['lg']}px;align-items:center;margin-top:{sp['xl']}px}}
#t1{{width:160px;height:72px;background:{tgt['1%']};color:{on1};border-radius:{rad['sm']}px;display:flex;align-items:center;
  justify-content:center;font-weight:{mw}}}
#t02{{width:64px;height:36px;background:{tgt['0.2%']};border-radius:{rad['sm']}px}}
.strip p{{flex:1;color:{c['neutral-muted']}}}
footer{{position:absolute;left:0;right:0;bottom:0;height:56px;border-top:1px solid {c['neutral-border']};display:flex;
  align-items:center;padding:0 {sp['xl']}px;color:{c['neutral-muted']};font-size:{s['sm']}px}}
</style></head><body>
<nav><span class="logo">{words(rng, 1)}</span>{links}<span class="btn primary">{words(rng, 1)}</span></nav>
<main>
<section class="hero"><div class="copy"><h1>{words(rng, 5)}</h1><p class="lead" id="tx">{words(rng, 18)}.</p>
<span class="btn primary">{words(rng, 2)}</span><span class="btn ghost">{words(rng, 2)}</span></div>
<div id="t5">{words(rng, 2)}</div></section>
<section class="cards">{cards}</section>
<section class="strip"><div id="t1">{words(rng, 1)}</div><div id="t02"></div><p>{words(rng, 24)}.</p></section>
</main>
<footer>© {words(rng, 3)}</footer>
</body></html>
"""


def _color_value(hex_: str, rng: random.Random) -> dict:
    """An sRGB object most of the time, sometimes OKLCH (what the Color Module allows), with the hex."""
    c = Color(hex_)
    if rng.random() < 0.3:
        l, ch, h = c.convert("oklch").coords(nans=False)
        return {"colorSpace": "oklch", "components": [round(l, 6), round(ch, 6), round(h, 4)], "hex": hex_}
    return {"colorSpace": "srgb", "components": [round(v, 6) for v in c.coords()], "alpha": 1, "hex": hex_}


def tokens_file(rng: random.Random, t: Theme) -> dict:
    """The page's tokens as another tool would write them (DTCG 2025.10)."""
    color: dict = {"$type": "color"}
    for path, hex_ in t.colors.items():
        group, name = path.split(".")
        color.setdefault(group, {})[name] = {"$value": _color_value(hex_, rng)}
    color["action"] = {"primary": {"$value": "{color.brand.primary}"},
                       "link": {"$ref": "#/color/brand/primary"}}  # the 2025.10 JSON Pointer form
    px = lambda v: {"value": v, "unit": "px"}  # noqa: E731
    doc = {
        "$description": "Drift benchmark design system",
        "color": color,
        "font": {"family": {"$type": "fontFamily", "sans": {"$value": [t.sans.family, "sans-serif"]},
                            "heading": {"$value": [t.heading.family, "serif" if t.heading.cls == "serif" else "sans-serif"]}},
                 "size": {"$type": "dimension", **{k: {"$value": px(v)} for k, v in t.sizes.items()}}},
        "spacing": {"$type": "dimension", **{k: {"$value": px(v)} for k, v in t.spacing.items()}},
        "radius": {"$type": "dimension", **{k: {"$value": px(v)} for k, v in t.radius.items()}},
        "typography": {"$type": "typography", **{k: {"$value": {
            "fontFamily": "{font.family.heading}" if k in ("xl", "2xl", "3xl") else "{font.family.sans}",
            "fontSize": f"{{font.size.{k}}}", "fontWeight": 400, "lineHeight": 1.5,
            "letterSpacing": px(0)}} for k in t.sizes}},
    }
    if t.shadow:
        y, blur, alpha = (1, 3, 0.12) if "1px" in t.shadow else (4, 12, 0.10)
        base = "#000000" if alpha == 0.12 else "#0f172a"
        doc["shadow"] = {"$type": "shadow", "card": {"$value": {
            "color": {**_color_value(base, rng), "alpha": alpha}, "offsetX": px(0), "offsetY": px(y),
            "blur": px(blur), "spread": px(0)}}}
    return doc
