"""The one normalised view of an ExportBundle that every format renders from.

Every exporter goes through `build_view(bundle)`, so names, ordering, hex normalisation, OKLCH
values, alias resolution and the typed entries (fonts, text styles, spacing, radii, shadows: see
`_typed`) are decided once and are identical across formats (the cross-format conformance test
relies on it).

Color naming rules (slugs themselves: `_names`):

* a palette color's *slug* comes from its human name (`_names.slugify`); an empty result becomes
  ``color``;
* slugs are unique over one flat namespace shared by palette colors, scale steps
  (``<prefix>-<step>``) and semantic roles, because CSS, SCSS and Tailwind put them all under
  ``--color-*``; on a clash the later color (bundle order: most important first) gets ``-2``,
  ``-3``…; role names and Tailwind's keywords (``inherit``, ``current``, ``transparent``) are
  reserved for roles;
* a scale's prefix is its color's slug (``brand`` → ``brand-50`` … ``brand-950``), except for a color
  named in the family style whose scale holds it at its own step, alone in its family
  (``orange-500``, the scale's 500): its scale is the family's, ``orange-50`` … ``orange-950``, as in
  Tailwind, not ``orange-500-50``; its own step is the palette color itself;
* the same bundle always gives the same names (no randomness, no dict-order dependence beyond the
  bundle's own token order).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from shared.color import srgb
from shared.domain.errors import AppError, InvalidRequest
from shared.domain.models import Token, normalize_hex
from shared.domain.names import one_line

from ._names import camel, slugify  # noqa: F401 (camel: re-exported for the formats)
from ._typed import Typed, build_typed
from .bundle import ExportBundle

SCALE_STEPS = (50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950)
STANDARD_ROLES = (
    "primary",
    "secondary",
    "accent",
    "background",
    "surface",
    "text",
    "success",
    "warning",
    "error",
    "info",
)
# Tailwind color utilities that exist regardless of the theme: a color named like these would not
# get a utility of its own.
_TAILWIND_KEYWORDS = ("inherit", "current", "transparent")
SCHEME_ORDER = ("light", "dark")
VENDOR_KEY = "app.copythat"


# --- color math (pure Python: faster than coloraide for thousands of scale steps; unit-tested
# against coloraide) ---------------------------------------------------------------------------


# The one OKLCH / luminance / contrast implementation (pure Python, no coloraide at import).
oklch_of = srgb.oklch_of
relative_luminance = srgb.relative_luminance
contrast_ratio = srgb.wcag_contrast


def oklch_rounded(hex_: str) -> tuple[float, float, float]:
    """OKLCH rounded for output: L to 4 decimals (0–1), C to 4, H to 2 (in [0, 360))."""
    L, C, H = oklch_of(hex_)
    h = round(H, 2)
    if h >= 360:
        h = 0.0
    return (round(min(max(L, 0.0), 1.0), 4), round(C, 4), h)


def css_oklch(hex_: str) -> str:
    L, C, H = oklch_rounded(hex_)
    return f"oklch({_num(L * 100, 2)}% {_num(C, 4)} {_num(H, 2)})"


def _num(v: float, digits: int) -> str:
    s = f"{v:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def json_safe(value: Any) -> Any:
    """Enrichment/provenance values as plain, deterministic JSON (sorted sets, ISO datetimes)."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((json_safe(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if hasattr(value, "model_dump"):
        return json_safe(value.model_dump(by_alias=True, exclude_none=True, mode="json"))
    return str(value)


# --- the view -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """Where a semantic value points: ("palette", slug, None), ("scale", slug, step) or literal."""

    kind: str  # "palette" | "scale" | "literal"
    slug: str | None = None
    step: int | None = None
    prefix: str | None = None  # a scale's name (Entry.scale_prefix)

    def flat_name(self) -> str | None:
        if self.kind == "palette":
            return self.slug
        if self.kind == "scale":
            return f"{self.prefix or self.slug}-{self.step}"
        return None


@dataclass(frozen=True)
class Entry:
    slug: str
    token: Token
    hex: str  # "#rrggbb", lower case
    scale: dict[int, str]  # step -> "#rrggbb"
    scale_prefix: str = ""  # the scale's name: its steps are <scale_prefix>-<step> ("" → the slug)
    members: dict[int, str] = field(default_factory=dict)  # step -> slug of the palette color it is

    @property
    def prefix(self) -> str:
        return self.scale_prefix or self.slug

    def palette_at(self, step: int) -> str | None:
        """The palette color a family scale's step is (its own color or a family member), else None."""
        return self.slug if f"{self.prefix}-{step}" == self.slug else self.members.get(step)

    def flat_steps(self) -> list[tuple[int, str, str]]:
        """(step, flat name, hex) of the scale's steps that are not a palette color (a family scale's
        own and its members' steps are `<family>-<step>`: written once, as the palette colors)."""
        return [(step, f"{self.prefix}-{step}", h) for step, h in self.scale.items()
                if self.palette_at(step) is None]


@dataclass(frozen=True)
class SemanticEntry:
    role: str  # slug of the role name
    hex: str
    ref: Ref


@dataclass
class View:
    bundle: ExportBundle
    project_slug: str
    entries: list[Entry]
    schemes: dict[str, list[SemanticEntry]]  # ordered "light", "dark", then others
    typed: Typed = field(default_factory=Typed)
    by_slug: dict[str, Entry] = field(default_factory=dict)

    def summary(self) -> str:
        """"10 colors, 14 text styles, 2 font families…" (kinds the export has, colors first)."""
        counts = [(len(self.entries), "color", "colors"), *self.typed.counts()]
        return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n)

    def flat_colors(self) -> dict[str, str]:
        """Every color the export carries, by its flat name (the cross-format contract).

        ``<slug>`` palette, ``<slug>-<step>`` scale, ``<scheme>-<role>`` semantic.
        """
        out: dict[str, str] = {}
        for e in self.entries:
            out[e.slug] = e.hex
            for _, name, h in e.flat_steps():
                out[name] = h
        for scheme, items in self.schemes.items():
            for s in items:
                out[f"{scheme}-{s.role}"] = s.hex
        return out


def _hex(value: str) -> str:
    return normalize_hex(value).lower()


def _assign_slugs(tokens: list[Token], scales: dict[str, dict[int, str]], reserved: set[str]) -> list[str]:
    taken = set(reserved)
    slugs: list[str] = []
    for t in tokens:
        base = slugify(t.name)
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    # A palette slug must not equal another color's scale step name ("gray-900" vs Gray's 900).
    for _ in range(len(tokens) + 1):
        step_names = {f"{s}-{step}" for s, t in zip(slugs, tokens) for step in scales.get(t.id, {})}
        clash = [i for i, s in enumerate(slugs) if s in step_names]
        if not clash:
            break
        for i in clash:
            base, n = slugs[i], 1
            taken.discard(slugs[i])
            slug = base
            while slug in taken or slug in step_names:
                n += 1
                slug = f"{base}-{n}"
            taken.add(slug)
            slugs[i] = slug
    return slugs


_FAMILY_SLUG = re.compile(r"^([a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*)-(" + "|".join(map(str, SCALE_STEPS)) + r")$")


def _scale_prefixes(slugs: list[str], hexes: list[str], scales: list[dict[int, str]]) -> list[str]:
    """Each scale's prefix ("" = its color's slug): the family of a `<family>-<step>` color whose scale
    holds it at that step, when no other color's slug is that family or starts with it."""
    out = []
    for slug, hex_, scale in zip(slugs, hexes, scales):
        m = _FAMILY_SLUG.match(slug)
        family = m.group(1) if m and scale.get(int(m.group(2))) == hex_ else None
        alone = family is not None and not any(o != slug and (o == family or o.startswith(family + "-"))
                                               for o in slugs)
        out.append(family if alone else "")
    return out


def _join_families(entries: list[Entry]) -> list[Entry]:
    """One scale per hue family: palette colors named `<family>-<step>` of one family (indigo-50 and
    indigo-600) share the scale of the most chromatic of them, each placed verbatim at its step, as
    Tailwind's ramps hold them — instead of one scale each (`indigo-50-500`, a grey ramp built from a
    near-white tint). Only when the family name is theirs alone and the joined scale still darkens
    step by step; otherwise each keeps its own scale."""
    out = list(entries)
    at = {id(e): i for i, e in enumerate(entries)}
    groups: dict[str, list[tuple[Entry, int]]] = {}
    for e in entries:
        m = _FAMILY_SLUG.match(e.slug)
        if m and e.scale:
            groups.setdefault(m.group(1), []).append((e, int(m.group(2))))
    for family, members in groups.items():
        if len(members) < 2 or len({step for _, step in members}) < len(members):
            continue
        if any(e.slug == family or (e.slug.startswith(family + "-") and all(e is not x for x, _ in members))
               for e in entries):
            continue
        keys = [(e, step) for e, step in members if e.scale.get(step) == e.hex]
        if not keys:
            continue
        key, _ = max(keys, key=lambda es: (oklch_of(es[0].hex)[1], -es[1]))
        joined = dict(key.scale)
        for e, step in members:
            joined[step] = e.hex
        lightness = [oklch_of(joined[s])[0] for s in sorted(joined)]
        if any(b >= a for a, b in zip(lightness, lightness[1:])):
            continue
        for e, _ in members:
            out[at[id(e)]] = (replace(e, scale=joined, scale_prefix=family,
                                      members={step: m.slug for m, step in members if m is not key})
                              if e is key else replace(e, scale={}, scale_prefix=""))
    return out


def _scale_of(raw: dict | None) -> dict[int, str]:
    if not raw:
        return {}
    return {int(k): _hex(v) for k, v in sorted(raw.items(), key=lambda kv: int(kv[0]))}


def _base_role(role: str) -> str:
    return role[3:] if role.startswith("on-") else role


def build_view(bundle: ExportBundle) -> View:
    if not bundle.tokens:
        raise InvalidRequest(
            "This project has no tokens yet: extract tokens from an image before exporting.",
            code="empty_library",
            status=409,
            details={"projectId": bundle.project_id},
        )
    colors = [t for t in bundle.tokens if t.is_color]
    scales = {t.id: _scale_of(bundle.scales.get(t.id)) for t in colors}
    scheme_names = sorted(
        bundle.schemes, key=lambda s: (SCHEME_ORDER.index(s) if s in SCHEME_ORDER else 99, s)
    )
    role_slugs = {slugify(r, "role") for s in scheme_names for r in bundle.schemes[s]}
    reserved = set(STANDARD_ROLES) | set(_TAILWIND_KEYWORDS) | role_slugs
    slugs = _assign_slugs(colors, scales, reserved)
    hexes = [_hex(t.hex) for t in colors]
    prefixes = _scale_prefixes(slugs, hexes, [scales[t.id] for t in colors])
    entries = [Entry(slug, t, h, scales[t.id], prefix) for slug, t, h, prefix in zip(slugs, colors, hexes, prefixes)]
    entries = _join_families(entries)

    palette_by_hex: dict[str, list[Entry]] = {}
    scale_by_hex: dict[str, list[tuple[Entry, int]]] = {}
    for e in entries:
        palette_by_hex.setdefault(e.hex, []).append(e)
        for step, h in e.scale.items():
            scale_by_hex.setdefault(h, []).append((e, step))

    def resolve(role: str, hex_: str) -> Ref:
        base = _base_role(role)
        cands = palette_by_hex.get(hex_)
        if cands:
            pick = next((e for e in cands if e.token.role == base), cands[0])
            return Ref("palette", pick.slug)
        steps = scale_by_hex.get(hex_)
        if steps:
            e, step = next(((e, s) for e, s in steps if e.token.role == base), steps[0])
            return Ref("scale", e.slug, step, e.prefix)
        return Ref("literal")

    schemes: dict[str, list[SemanticEntry]] = {}
    for name in scheme_names:
        seen: set[str] = set()
        items = []
        for role, value in bundle.schemes[name].items():
            rslug = slugify(role, "role")
            if rslug in seen:
                raise AppError(
                    f"scheme {name!r} has two roles named {rslug!r}",
                    code="invalid_bundle",
                    status=500,
                    retryable=False,
                )
            seen.add(rslug)
            h = _hex(value)
            items.append(SemanticEntry(rslug, h, resolve(rslug, h)))
        schemes[slugify(name, "scheme")] = items
    view = View(bundle, slugify(bundle.project_name, "copythat"), entries, schemes)
    view.by_slug = {e.slug: e for e in entries}
    # The names behind --color-* (so behind Tailwind's text-* and shadow-* color utilities).
    color_names = {*(n for e in entries for n in (e.slug, *(name for _, name, _ in e.flat_steps()))),
                   *(s.role for items in schemes.values() for s in items)}
    view.typed = build_typed(bundle.tokens, color_names)
    return view


def ref_hex(view: View, ref: Ref, literal: str) -> str:
    if ref.kind == "palette":
        return view.by_slug[ref.slug].hex
    if ref.kind == "scale":
        return view.by_slug[ref.slug].scale[ref.step]
    return literal


def header_lines(view: View, what: str) -> list[str]:
    """The file's header, each line one line (a stored name may predate the upload's cleaning)."""
    b = view.bundle
    lines = [
        f"{what} for “{one_line(b.project_name)}” ({view.summary()}), exported by Copy That.",
        f"Project: {one_line(b.project_id)}",
    ]
    if b.generated_at is not None:
        lines.append(f"Generated: {b.generated_at.isoformat()}")
    return lines


def comment_text(text: str) -> str:
    """Text for any comment, block or line: one line (no break any tool knows) and no `*/`."""
    return one_line(text).replace("*/", "* /")


def contrast_info(token: Token, hex_: str) -> dict[str, float]:
    """WCAG 2.1 contrast on white and on black: from enrichment when present, else computed."""
    c = token.enrichment.get("contrast") if isinstance(token.enrichment, dict) else None
    c = c if isinstance(c, dict) else {}
    out = {}
    for key, other in (("onWhite", "#ffffff"), ("onBlack", "#000000")):
        v = c.get(key)
        out[key] = (
            round(float(v), 2)
            if isinstance(v, (int, float)) and math.isfinite(v)
            else round(contrast_ratio(hex_, other), 2)
        )
    return out


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def dumps_pretty(value: Any, *, leaf_depth: int, indent: str = "  ") -> str:
    """JSON indented down to ``leaf_depth`` levels, and one compact line per value below that (a
    DTCG token, a dict with ``$value``, gets one line per property): readable and diff-friendly,
    and fast because every line goes through the C encoder (json's indenting encoder is pure
    Python, several times slower)."""
    enc = _COMPACT.encode

    def walk(v: Any, depth: int, pad: str) -> str:
        if depth >= leaf_depth or not isinstance(v, (dict, list)) or not v:
            return enc(v)
        inner = pad + indent
        if isinstance(v, dict) and "$value" in v:
            return "{\n" + ",\n".join(f"{inner}{enc(k)}: {enc(x)}" for k, x in v.items()) + "\n" + pad + "}"
        if isinstance(v, dict):
            items = [f"{inner}{enc(str(k))}: {walk(x, depth + 1, inner)}" for k, x in v.items()]
            return "{\n" + ",\n".join(items) + "\n" + pad + "}"
        items = [inner + walk(x, depth + 1, inner) for x in v]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"

    return walk(value, 0, "")
