"""The page sequence: which recipes, how many pages of each, and building one page from the seed.

`plan()` interleaves the kinds, so any prefix of the sequence (--pages N) is already varied, and a
page's content depends only on the seed and its id: growing the dataset does not change earlier pages.
"""
from __future__ import annotations

import random
from pathlib import Path

from . import apps, marketing, specimen
from .fontsets import BENCHMARK, FontSet
from .sections import Page
from .tools import Catalog

# kind -> (recipe, pages in the full dataset)
KINDS = {
    "landing": (marketing.landing, 10), "dashboard": (apps.dashboard, 8), "article": (marketing.article, 6),
    "docs": (apps.docs, 6), "mobile": (apps.mobile, 10), "no-text": (apps.no_text, 8),
    "form": (apps.form, 5), "pricing": (marketing.pricing, 5), "shop": (marketing.shop, 5),
    "blog-index": (marketing.blog_index, 5), "poster": (marketing.poster, 5), "settings": (apps.settings, 4),
    "email": (marketing.email, 3),
}


def kinds(font_set: FontSet = BENCHMARK) -> dict:
    """The kinds of a font set's dataset: the benchmark's, and specimen pages where the set asks for them."""
    if not font_set.specimen_pages:
        return KINDS
    return {**KINDS, "specimen": (specimen.specimen, font_set.specimen_pages)}


def plan(total: int | None = None, font_set: FontSet = BENCHMARK) -> list[tuple[str, int]]:
    """(kind, n) pairs, round-robin over the kinds."""
    queues = {k: list(range(n)) for k, (_, n) in kinds(font_set).items()}
    order = []
    while any(queues.values()):
        for k, q in queues.items():
            if q:
                order.append((k, q.pop(0)))
    return order[:total] if total else order


def build(kind: str, n: int, seed: int, faces: Catalog, root: Path, prefix: str = "") -> Page:
    """`prefix` starts the page id (and so its random stream): a set's pages never share an id with the
    benchmark's."""
    pid = f"{prefix}{kind}-{n:02d}"
    rng = random.Random(f"{seed}:{pid}")
    folder = root / "pages" / pid
    if kind == "specimen":  # planned across all specimen pages of the seed (specimen.py)
        page, body = specimen.specimen(rng, faces, pid, folder, seed=seed, n=n)
    else:
        page, body = KINDS[kind][0](rng, faces, pid, folder)
    (folder / "index.html").write_text(page.html(body))
    return page
