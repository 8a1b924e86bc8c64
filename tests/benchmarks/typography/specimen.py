"""Specimen pages (calibration set only): rows of short single lines, each one combination of face, size
(9-80 px), weight, letter-spacing and text transform, so that glyph heights and stroke widths can be
related to CSS size and weight for every face of the set.

Coverage is planned across all specimen pages at once: a stream deals every face in turn, cycling
through every weight it ships, and each (face, weight) draws its sizes from strata of the 9-80 px range
(log scale) so that they spread over it. Page n takes the next items of that stream that fit, so any
prefix of the pages is already balanced, and a page depends only on the seed, the font set and n.
Widths and heights are estimated conservatively (no font metrics here): rows may end short of the right
edge, and nothing should run off the page; the ground truth is read back from the DOM as for any page.

The text is real-looking: mixed-case sentences, title-case phrases, all-caps labels, prices, figures
and dates, short words; on light, dark, muted, brand and tinted backgrounds.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from pathlib import Path

from .sections import ADJS, COMPANIES, NAMES, NOUNS, SMALL, VERBS, Page, Words
from .theme import Style, Theme, _hex, contrast, palette
from .tools import Catalog, Face

SIZE_MIN, SIZE_MAX = 9.0, 80.0
# Size bands that each (face, weight) cycles through: denser where UI text is (9-25 px), and still
# reaching 80 px. Within a band the size is log-uniform.
STRATA = (9.0, 11.5, 14.5, 18.5, 25.0, 38.0, 80.0)
VIEWPORT = (1280, 900)
LABELS = ("Sign in|Get started|Learn more|Add to cart|Checkout|Free shipping|New arrivals|Best seller|Read more|"
          "Subscribe|Download|Pricing|Features|Contact us|About|Quick view|Sold out|Limited edition|Back to top|"
          "Log out|Next|Previous|Save changes|Cancel|Settings|Notifications|Profile|Dashboard|Overview|Analytics|"
          "Export|Import|Join now|Explore|Size guide|Wishlist|Out of stock|Only 3 left|Just in|Weekly digest|"
          "Show all|Filter|Sort by|Apply|Reset password|Terms of use|Privacy|Help center|Jobs|Quiz night|"
          "Zoom in|Sync now|Invite|Upgrade|View details|Track order|Gift cards|Your account|Search").split("|")
WORDS = ("Home|Shop|Blog|Menu|Next|Done|Edit|Share|Open|Close|Jazz|Quartz|Fix|Sync|Vox|Kit|Yes|No|Buy|Map|Help|"
         "Work|Play|Join|Save|Pay|Back|More|Beta|Pro|Max|Zen|Flux|Grid|Wave|Echo|Nova|Bold|Type|Glyph").split("|")


def _figure(rng: random.Random) -> str:
    r = rng
    forms = [
        lambda: f"${r.uniform(1, 999):,.2f}", lambda: f"${r.randint(1, 99) * 100 + r.choice([0, 49, 99]):,}",
        lambda: f"€{r.randint(5, 480)}", lambda: f"£{r.uniform(2, 90):.2f}",
        lambda: f"-{r.choice([10, 15, 20, 25, 30, 50])}%", lambda: f"+{r.uniform(0.1, 40):.1f}%",
        lambda: f"{r.uniform(3.5, 5):.1f}/5", lambda: f"{r.randint(1, 12)}:{r.randint(0, 59):02d} {r.choice(['AM', 'PM'])}",
        lambda: str(r.randint(1990, 2030)), lambda: f"v{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 9)}",
        lambda: f"{r.randint(2, 25)} min read", lambda: f"{r.choice([16, 32, 64, 128, 256, 512])} GB",
        lambda: f"{r.randint(1000, 99999):,}", lambda: f"Q{r.randint(1, 4)} {r.randint(2019, 2027)}",
        lambda: f"{r.randint(1, 12):02d}/{r.randint(1, 28):02d}/{r.randint(2020, 2027)}",
        lambda: f"{r.randint(10, 99)}+", lambda: f"No. {r.randint(1, 99)}", lambda: "24/7",
        lambda: f"{r.randint(2, 90)}k users", lambda: f"{r.randint(0, 100)}°F", lambda: f"#{r.randint(1, 9999):04d}",
        lambda: f"{r.uniform(0.5, 9.9):.1f} km",
    ]
    return r.choice(forms)()


def _text(rng: random.Random, kind: str, words: int) -> str:
    w = Words(rng)
    if kind == "sentence":
        return w.sentence(max(3, words))[:-1] if rng.random() < 0.4 else w.sentence(max(3, words))
    if kind == "title":
        return w.title(max(2, min(words, 5))) if rng.random() < 0.6 else " ".join(
            rng.choice([*NOUNS, *ADJS, *VERBS, *COMPANIES]).capitalize() for _ in range(max(2, min(words, 4))))
    if kind == "label":
        return rng.choice(LABELS).upper()
    if kind == "ui":
        return rng.choice(LABELS)
    if kind == "figure":
        return _figure(rng)
    if kind == "name":
        return rng.choice(NAMES) if rng.random() < 0.7 else rng.choice(COMPANIES) + " Inc."
    word = rng.choice([*WORDS, *NOUNS, *SMALL])
    return word if rng.random() < 0.4 else word.capitalize()


def _advance(ch: str, mono: bool) -> float:
    """A generous advance width in em (no font metrics here): wide enough for most faces' glyphs."""
    if mono:
        return 0.62
    if ch == " ":
        return 0.3
    if ch in "MW@%":
        return 1.0
    if ch.isupper():
        return 0.74
    if ch.isdigit():
        return 0.64
    if ch in "mw":
        return 0.9
    if ch.islower():
        return 0.58
    return 0.4


# Faces much wider than the estimate's typical face, and a few much narrower.
WIDE = {"archivo-black": 1.3, "alfa-slab-one": 1.3, "russo-one": 1.25, "cinzel": 1.25, "permanent-marker": 1.2,
        "lexend": 1.15, "sora": 1.15, "exo-2": 1.1, "outfit": 1.05, "urbanist": 1.05, "system-ui": 1.1,
        "teko": 0.75, "fjalla-one": 0.9, "bangers": 0.95}


@dataclass
class Item:
    face: Face
    size: float
    weight: int
    italic: bool
    transform: str  # none | uppercase | capitalize | lowercase
    tracking: str  # CSS letter-spacing
    line_height: str  # CSS line-height
    kind: str
    text: str = ""

    def tracking_px(self) -> float:
        t = self.tracking
        return float(t[:-2]) * self.size if t.endswith("em") else float(t[:-2]) if t.endswith("px") else 0.0

    def width(self, text: str | None = None) -> float:
        text = self.text if text is None else text
        shown = text.upper() if self.transform in ("uppercase", "capitalize") else text
        em = sum(_advance(ch, self.face.cls == "monospace") for ch in shown)
        bold = 1 + max(0, self.weight - 400) / 3000
        return em * self.size * WIDE.get(self.face.id, 1.08) * bold + len(shown) * max(0.0, self.tracking_px())

    def height(self) -> float:
        """The line box, generously: `normal` is taken as 1.5 em (most faces are 1.1-1.4, Mukta 1.66)."""
        lh = self.line_height
        if lh.endswith("px"):
            box = float(lh[:-2])
        else:
            box = self.size * (1.5 if lh == "normal" else float(lh))
        return max(box, self.size * 1.25)  # neighbouring rows' glyphs must not touch

    def css(self) -> str:
        fallback = {"serif": "serif", "monospace": "monospace"}.get(self.face.cls, "sans-serif")
        family = self.face.family if self.face.system else f'"{self.face.family}",{fallback}'
        parts = [f"font-family:{family}", f"font-size:{self.size:g}px", f"font-weight:{self.weight}",
                 f"line-height:{self.line_height}", f"letter-spacing:{self.tracking}", "white-space:nowrap"]
        if self.italic:
            parts.append("font-style:italic")
        if self.transform != "none":
            parts.append(f"text-transform:{self.transform}")
        return ";".join(parts)


def _size(rng: random.Random, stratum: int) -> float:
    v = math.exp(rng.uniform(math.log(STRATA[stratum]), math.log(STRATA[stratum + 1])))
    mode = rng.random()
    if mode < 0.65:  # px sites
        v = round(v)
    elif mode < 0.8:
        v = round(v * 2) / 2
    else:  # rem sites: 0.8125rem = 13px, 1.3rem = 20.8px, …
        v = round(round(v / 16 * 80) / 80 * 16, 2)
    return min(max(v, SIZE_MIN), SIZE_MAX)


def _item(rng: random.Random, face: Face, weight: int, size: float) -> Item:
    big = size >= 28
    kind = rng.choices(["sentence", "title", "label", "ui", "figure", "name", "word"],
                       [2, 3, 2, 2, 3, 1, 2] if big else [5, 3, 3, 3, 3, 1, 1])[0]
    transform = "none"
    r = rng.random()
    if kind in ("title", "ui", "word", "name") and r < 0.25:
        transform = "uppercase"
    elif kind == "sentence" and r < 0.06:
        transform = "uppercase"
    elif kind in ("sentence", "title") and r < 0.12:
        transform = "capitalize"
    elif kind in ("title", "ui", "word") and r < 0.3:
        transform = "lowercase"
    caps = kind == "label" or transform == "uppercase"
    r = rng.random()
    if caps and r < 0.7:
        tracking = rng.choice([f"{rng.choice([0.02, 0.04, 0.05, 0.06, 0.08, 0.1, 0.12, 0.15])}em",
                               f"{rng.choice([0.5, 1, 1.5, 2])}px"])
    elif big and r < 0.35:
        tracking = f"{rng.choice([-0.01, -0.015, -0.02, -0.025, -0.03, -0.04])}em"
    elif r < 0.15:
        tracking = rng.choice(["0.01em", "0.02em", "0.3px", "0.5px", "-0.2px"])
    else:
        tracking = "0em"
    line_height = rng.choice(["normal", "normal", "1", "1.1", "1.2", "1.25", "1.3", "1.4", "1.5", "1.6",
                              f"{round(size * rng.uniform(1.1, 1.6))}px"])
    italic = face.italic and rng.random() < 0.1
    return Item(face, size, weight, italic, transform, tracking, line_height, kind)


def _stream(rng: random.Random, faces: list[Face]):
    """Items forever: each round deals every face (in a fresh order) 0.6 items per weight it ships (at
    least 2), cycling through its weights; each (face, weight) cycles through the size strata."""
    weight_decks: dict[str, list[int]] = {}
    size_decks: dict[tuple[str, int], list[int]] = {}

    def deal(deck: list, fill: list):
        if not deck:
            deck.extend(rng.sample(fill, len(fill)))
        return deck.pop()

    while True:
        for face in rng.sample(faces, len(faces)):
            for _ in range(max(2, round(len(face.weights) * 0.6))):
                w = deal(weight_decks.setdefault(face.id, []), list(face.weights))
                s = deal(size_decks.setdefault((face.id, w), []), list(range(len(STRATA) - 1)))
                yield _item(rng, face, w, _size(rng, s))


@dataclass
class Row:
    items: list[Item]
    gap: int
    justify: str

    def height(self) -> float:  # baseline alignment of unlike line boxes can make a row taller
        return 1.04 * max(it.height() for it in self.items)

    def width(self) -> float:
        return sum(it.width() for it in self.items) + self.gap * (len(self.items) - 1)


@dataclass
class Band:
    rows: list[Row]
    pad: tuple[int, int]  # vertical, horizontal
    card: bool  # inset with a margin and rounded corners, or full width
    row_gap: int
    scheme: str = ""
    colors: dict[str, str] = field(default_factory=dict)

    def height(self) -> float:
        rows = self.rows
        return (sum(r.height() for r in rows) + self.row_gap * max(0, len(rows) - 1) + 2 * self.pad[0]
                + (24 if self.card else 0))


def _pack(rng: random.Random, items: list[Item], inner: float, gap: int, justify_choices: list[str]) -> list[Row]:
    """Rows of similar sizes: largest first, each item into the first row it fits beside."""
    rows: list[Row] = []
    for it in sorted(items, key=lambda i: -i.size):
        for row in rows:
            if row.width() + gap + it.width() <= inner and it.size >= row.items[0].size * 0.6:
                row.items.append(it)
                break
        else:
            rows.append(Row([it], gap, rng.choice(justify_choices)))
    for row in rows:
        rng.shuffle(row.items)
    rng.shuffle(rows)
    return rows


def _layout(rng: random.Random, items: list[Item], bands: int) -> list[Band]:
    vw, vh = VIEWPORT
    out = []
    card = rng.random() < 0.35
    pad = (rng.choice([12, 16, 24]), rng.choice([32, 40, 56]))
    inner = vw - 2 * pad[1] - (48 if card else 0)
    gap = rng.choice([24, 32, 40, 48])
    rows = _pack(rng, items, inner, gap, ["flex-start", "flex-start", "flex-start", "center", "space-between"])
    per = max(1, math.ceil(len(rows) / bands))
    for k in range(0, len(rows), per):
        out.append(Band(rows[k:k + per], pad, card, rng.choice([10, 14, 18])))
    return out


def _fits(bands: list[Band]) -> bool:
    return sum(b.height() for b in bands) <= VIEWPORT[1] - 8


_SCHEDULES: dict[tuple, list[list[Band]]] = {}


def schedule(seed: int, faces: Catalog, count: int) -> list[list[Band]]:
    """The first `count` specimen pages' bands of rows of items, dealt from one stream."""
    key = (seed, faces.font_set.name, tuple(faces.font_set.ids()))
    pages = _SCHEDULES.setdefault(key, [])
    if len(pages) >= count:
        return pages[:count]
    rng = random.Random(f"{seed}:specimen-stream")
    stream = _stream(rng, [faces[fid] for fid in faces.font_set.ids()])
    pages.clear()
    pending: list[Item] = []
    while len(pages) < count:
        lay = random.Random(f"{seed}:specimen-layout:{len(pages)}")
        bands = rng.choice([1, 1, 2, 2, 3])
        items: list[Item] = []
        best = None
        while True:
            it = pending.pop(0) if pending else next(stream)
            if not it.text:
                _fill_text(rng, it)
            trial = _layout(random.Random(lay.random()), items + [it], bands)
            if not _fits(trial):
                pending.insert(0, it)
                break
            items.append(it)
            best = trial
        pages.append(best or [])
    return pages[:count]


# Characters a face lacks (its text would fall back to a system face, and the run would fail).
GLYPH_GAPS = {"arvo": "€"}


def _fill_text(rng: random.Random, it: Item) -> None:
    """Text for the item that fits the page width, shorter for bigger sizes."""
    limit = VIEWPORT[0] - 2 * 56 - 48
    budget = max(1, int(limit * rng.uniform(0.12, 0.6) / (it.size * 0.62)))  # characters, roughly
    gaps = GLYPH_GAPS.get(it.face.id, "")
    for _ in range(12):
        words = max(1, min(9, budget // 6))
        text = _text(rng, it.kind, rng.randint(max(1, words // 2), words))
        if it.width(text) <= limit and not any(ch in gaps for ch in text):
            it.text = text
            return
        if it.kind in ("sentence", "title") and it.size > 40:
            it.kind = "word"
    it.text = rng.choice(WORDS)


SCHEMES = ("light", "light", "light-muted", "dark", "dark", "dark-muted", "brand", "tint", "gradient")


def _scheme(rng: random.Random, name: str, base: dict[str, str]) -> dict[str, str]:
    """Background and text colours of a band: {"bg": css background, "ink", "muted"}."""
    if name == "light":
        bg = rng.choice(["#ffffff", "#fafaf9", "#f8fafc", base["bg"]])
        return {"bg": bg, "ink": rng.choice(["#111827", "#000000", "#1f2937", "#333333", base["ink"]]),
                "muted": rng.choice(["#4b5563", "#6b7280", "#71717a"])}
    if name == "light-muted":  # secondary text, down to faint
        bg = rng.choice(["#ffffff", "#f9fafb", "#f4f4f5"])
        return {"bg": bg, "ink": rng.choice(["#6b7280", "#9ca3af", "#a1a1aa", "#78716c"]),
                "muted": rng.choice(["#9ca3af", "#b4b4bb"])}
    if name == "dark":
        return {"bg": rng.choice(["#0f172a", "#111111", "#18181b", "#1e1e1e", "#0b1020"]),
                "ink": rng.choice(["#f8fafc", "#ffffff", "#e5e7eb", "#fafafa"]),
                "muted": rng.choice(["#94a3b8", "#a1a1aa", "#9ca3af"])}
    if name == "dark-muted":
        return {"bg": rng.choice(["#0f172a", "#111827", "#1c1917"]),
                "ink": rng.choice(["#94a3b8", "#64748b", "#a8a29e"]), "muted": rng.choice(["#64748b", "#57534e"])}
    hue, light = rng.random(), rng.uniform(0.35, 0.55)
    brand = _hex(hue, light, rng.uniform(0.55, 0.85))
    if name == "brand":
        ink = max(("#ffffff", "#111111"), key=lambda c: contrast(c, brand))
        return {"bg": brand, "ink": ink, "muted": ink}
    if name == "tint":
        tint = _hex(hue, rng.uniform(0.9, 0.96), rng.uniform(0.4, 0.8))
        dark = _hex(hue, rng.uniform(0.18, 0.3), rng.uniform(0.5, 0.8))
        return {"bg": tint, "ink": dark, "muted": _hex(hue, 0.4, 0.5)}
    other = _hex(hue + rng.choice([0.1, 0.2, -0.15]), light, 0.7)
    ink = max(("#ffffff", "#111111"), key=lambda c: min(contrast(c, brand), contrast(c, other)))
    return {"bg": f"linear-gradient({rng.randint(0, 180)}deg,{brand},{other})", "ink": ink, "muted": ink}


def specimen(rng: random.Random, faces: Catalog, pid: str, folder: Path, *, seed: int, n: int):
    bands = schedule(seed, faces, max(n + 1, faces.font_set.specimen_pages))[n]
    items = [it for b in bands for r in b.rows for it in r.items]
    used = list({it.face.id: it.face for it in items}.values())
    base = palette(rng, dark=False)
    body = Style(used[0], 16, used[0].weights[0] if 400 not in used[0].weights else 400, "1.5")
    theme = Theme({"body": body}, base, False, "specimen", used)
    p = Page(pid, "specimen", theme, rng, folder, viewport=VIEWPORT)
    out, k = [], 0
    for i, band in enumerate(bands):
        band.scheme = rng.choice(SCHEMES)
        band.colors = c = _scheme(rng, band.scheme, base)
        rows = []
        for row in band.rows:
            cells = []
            for it in row.items:
                color = c["muted"] if rng.random() < 0.25 else c["ink"]
                p.css.append(f".s{k}{{{it.css()};color:{color}}}\n")
                cells.append(f'<span class="s{k}" data-role="specimen">{it.text}</span>')
                k += 1
            rows.append(f'<div class="row" style="gap:{row.gap}px;align-items:baseline;flex-wrap:wrap;'
                        f'justify-content:{row.justify}">{"".join(cells)}</div>')
        box = (f"margin:12px 24px;border-radius:{rng.choice([8, 12, 16])}px" if band.card
               else "flex:1" if i == len(bands) - 1 else "")  # the last full-width band fills the page
        out.append(f'<section class="col" style="gap:{band.row_gap}px;padding:{band.pad[0]}px {band.pad[1]}px;'
                   f'background:{c["bg"]};{box}">{"".join(rows)}</section>')
    page_bg = rng.choice(["#ffffff", "#f4f4f5", "#e5e7eb", "#0f172a", base["bg"]])
    p.css.append(f"body{{background:{page_bg}}}\n")
    return p, f'<div class="col" style="gap:0;height:100%">{"".join(out)}</div>'

