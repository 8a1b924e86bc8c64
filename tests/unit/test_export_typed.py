"""Typed tokens in the export view: entries, order, the family / weight a text style uses, and the
slug rules that keep Tailwind utilities apart (no format renders them yet)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.domain.tokens import (
    Dimension,
    DimensionValue,
    FontFamilyValue,
    FontWeightValue,
    Token,
    TokenGroup,
    TokenType,
    TypographyValue,
)
from shared.exporters._model import build_view
from shared.exporters._names import TAILWIND_COLORS, TAILWIND_WEIGHTS, Namespace, unique_slugs
from shared.exporters.bundle import ExportBundle

P = "p1"


def _bundle(*tokens: Token) -> ExportBundle:
    return ExportBundle(P, "Typed", list(tokens))


def family(tid: str, name: str, families: list[str], *, named: bool = True, role: str | None = None) -> Token:
    return Token(id=tid, project_id=P, type=TokenType.FONT_FAMILY, name=name, role=role,
                 value=FontFamilyValue(families=families, named=named))


def weight(tid: str, name: str, value: int) -> Token:
    return Token(id=tid, project_id=P, type=TokenType.FONT_WEIGHT, name=name, value=FontWeightValue(value=value))


def style(tid: str, name: str, families: list[str], px: float = 16, w: int = 400, lh: float | None = 1.5,
          ls: float = 0) -> Token:
    return Token(id=tid, project_id=P, type=TokenType.TYPOGRAPHY, name=name,
                 value=TypographyValue(font_family=families, font_size=Dimension(value=px), font_weight=w,
                                       line_height=lh, letter_spacing=Dimension(value=ls)))


def dimension(tid: str, name: str, group: TokenGroup, v: float, unit: str = "px") -> Token:
    return Token(id=tid, project_id=P, type=TokenType.DIMENSION, group=group, name=name,
                 value=DimensionValue(value=v, unit=unit))


INTER = ["Inter", "ui-sans-serif", "system-ui", "sans-serif"]


# --- the view ------------------------------------------------------------------------------------


def test_view_links_text_styles_to_the_family_and_weight_tokens_they_use():
    b = _bundle(family("f1", "Inter", INTER), weight("w1", "Regular", 400),
                style("t1", "Body", INTER), style("t2", "Quote", ["Georgia", "serif"], w=450))
    ty = build_view(b).typed
    body, quote = sorted(ty.text, key=lambda e: e.slug)
    assert (body.slug, body.family.slug, body.weight_ref.slug) == ("body", "inter", "regular")
    assert (quote.slug, quote.family, quote.weight_ref) == ("quote", None, None)  # no such tokens: literals


def test_view_orders_each_kind_naturally_but_names_by_importance():
    b = _bundle(style("t1", "Body", INTER, px=16), style("t2", "Body", INTER, px=32),
                weight("w1", "Bold", 700), weight("w2", "Light", 300),
                dimension("d1", "Big", TokenGroup.SPACING, 2, "rem"), dimension("d2", "Small", TokenGroup.SPACING, 4))
    ty = build_view(b).typed
    assert [(e.slug, e.font_size.value) for e in ty.text] == [("body-2", 32), ("body", 16)]  # largest first
    assert [w.slug for w in ty.weights] == ["light", "bold"]
    assert [d.slug for d in ty.spacing] == ["small", "big"]  # 4px < 2rem


def test_an_unnamed_family_is_known_by_its_role():
    b = _bundle(family("f1", "Sans", ["ui-sans-serif", "sans-serif"], named=False, role="sans"),
                family("f2", "Monospace stack", ["ui-monospace", "monospace"], named=False, role="mono"),
                family("f3", "Inter", INTER, role="serif"))
    assert [f.slug for f in build_view(b).typed.families] == ["sans", "mono", "inter"]


# --- names and clashes --------------------------------------------------------------------------


def test_a_family_never_takes_a_weight_utility_name():
    """font-<x> is a family when --font-<x> exists, else a weight: a family named "Light" must not
    turn Tailwind's font-light (a weight, whether or not the library has one) into a family."""
    b = _bundle(family("f1", "Light", ["Light", "serif"]), family("f2", "Medium", ["Medium", "serif"]),
                weight("w1", "Medium", 500))
    assert [f.slug for f in build_view(b).typed.families] == ["light-2", "medium-2"]


def test_namespace_prefix_and_suffix_rules():
    ns = Namespace("font", "family", ("weight",))
    assert unique_slugs(["Weight", "Weight Bold", "Weightless", "Bold", "bold"], ns, {"bold"}) == [
        "family-weight", "family-weight-bold", "weightless", "bold-2", "bold-3"]
    assert unique_slugs(["", "!!"], ns) == ["font", "font-2"]


# Random names, and the names the rules are about.
names = st.lists(st.one_of(st.text(max_size=20), st.sampled_from([
    "Bold", "Light", "Normal", "Weight Bold", "Size 2", "Stretch", "Families", "Center", "Pretty", "Primary",
    "Red 500", "Black", "Shadow Sm", "Color X", "Indent", "Sans", "Mono", "Serif"])), max_size=12)


@given(names, names, names)
@settings(max_examples=150, deadline=None)
def test_slugs_are_unique_safe_and_never_shadow_a_tailwind_utility(fams, weights, texts):
    tokens = [family(f"f{i}", n or "x", [n or "x", "serif"]) for i, n in enumerate(fams)]
    tokens += [weight(f"w{i}", n, 100 + i) for i, n in enumerate(weights)]
    tokens += [style(f"t{i}", n, INTER) for i, n in enumerate(texts)]
    view = build_view(_bundle(*tokens, dimension("d0", "Gap", TokenGroup.SPACING, 4)))
    ty = view.typed
    f, w, t = ([e.slug for e in x] for x in (ty.families, ty.weights, ty.text))
    for group in (f, w, t):
        assert len(group) == len(set(group))
        assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in group)
    assert not set(f) & (set(w) | set(TAILWIND_WEIGHTS) | {"families", "weights"})  # font-<x>: family first
    assert not any(s in ("weight", "size", "stretch") or s.startswith(("weight-", "size-", "stretch-")) for s in f)
    assert not set(t) & (TAILWIND_COLORS | {"center", "left", "right", "pretty"})  # text-<x>: color first
    assert not any(s in ("shadow", "color", "indent") or s.startswith(("shadow-", "color-")) for s in t)
    assert not {"sans", "serif", "mono"} & set(w)  # Tailwind's families would shadow these weights
