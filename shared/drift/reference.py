"""The tokens a check compares against, from any DTCG file or from a project's library.

A library is exported to DTCG by the exporters and read back by the same reader as anyone's file,
so a check names tokens exactly as the exports do (`--color-primary`). Each value is one reference
entry however many tokens resolve to it: aliases (semantic tokens) name it first, then the tokens
they point at, in document order.

* colors: every opaque color token (scale steps and semantic roles included: they are exported, so
  using them is on-token); a translucent one counts where it is drawn, composited over each opaque
  color token (an overlay over the page);
* font sizes: the typography tokens' sizes, and dimension tokens under a font-size group;
* spacing and radii: dimension tokens under such a group (ours: `spacing`, `radius`);
* shadows: shadow tokens.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from shared.domain.drift import ReferenceSummary, TokenRef
from shared.domain.errors import InvalidRequest
from shared.domain.tokens import ShadowLayer, Token
from shared.exporters.dtcg_reader import DtcgToken, read_tokens
from shared.exporters.dtcg_values import color_of, px_of, shadow_of

OURS = "app.copythat"  # our exporter's $extensions key on the document
# Our DTCG groups -> the CSS custom property prefix the exports give them (css.py, tailwind.py).
OUR_PREFIX = {("palette",): "color", ("scale",): "color", ("semantic",): "color", ("font", "family"): "font",
              ("font", "weight"): "font-weight", ("typography",): "text", ("spacing",): "spacing",
              ("radius",): "radius", ("shadow",): "shadow"}
FONT_SIZE_WORDS = {"fontsize", "font-size", "font_size", "fontsizes", "font-sizes", "text-size", "textsize",
                   "type-scale", "typescale"}
SPACING_WORDS = {"spacing", "space", "spaces", "spacer", "spacers", "gap", "gaps", "padding", "margin", "size-spacing"}
RADIUS_WORDS = {"radius", "radii", "border-radius", "borderradius", "rounded", "corner", "corners", "corner-radius"}
OPAQUE = 0.995


class NoColorTokens(InvalidRequest):
    code = "no_color_tokens"


@dataclass(frozen=True)
class RefColor:
    ref: TokenRef
    hex: str
    composite: bool = False  # a translucent token drawn over an opaque one


@dataclass(frozen=True)
class RefLength:
    ref: TokenRef
    px: float


@dataclass(frozen=True)
class RefShadow:
    ref: TokenRef
    layers: tuple[ShadowLayer, ...]


@dataclass
class Reference:
    source: str
    colors: list[RefColor] = field(default_factory=list)
    font_sizes: list[RefLength] = field(default_factory=list)
    spacing: list[RefLength] = field(default_factory=list)
    radii: list[RefLength] = field(default_factory=list)
    shadows: list[RefShadow] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # tokens whose value could not be read

    def summary(self) -> ReferenceSummary:
        return ReferenceSummary(source=self.source, colors=sum(not c.composite for c in self.colors),
                                font_sizes=len(self.font_sizes), spacing=len(self.spacing), radii=len(self.radii),
                                shadows=len(self.shadows))


def css_var(path: tuple[str, ...], ours: bool) -> str:
    parts = [p for p in path if p != "$root"]
    if ours:
        for prefix, name in OUR_PREFIX.items():
            if tuple(parts[:len(prefix)]) == prefix:
                rest = parts[len(prefix):]
                if prefix == ("semantic",):
                    rest = rest[1:]  # the scheme: light and dark set the same property
                return "--" + "-".join([name, *rest])
    return "--" + "-".join(parts)


def _refs(entries: list[tuple[DtcgToken, str]], ours: bool) -> dict[str, TokenRef]:
    """One TokenRef per distinct value key: aliases first (semantic names), then in document order."""
    groups: dict[str, list[DtcgToken]] = {}
    for tok, key in entries:
        groups.setdefault(key, []).append(tok)
    out = {}
    for key, toks in groups.items():
        order = sorted(range(len(toks)), key=lambda i: (toks[i].alias_of is None, i))
        paths = [toks[i].name for i in order]
        out[key] = TokenRef(path=paths[0], css_var=css_var(toks[order[0]].path, ours), value=key,
                            aliases=paths[1:])
    return out


def _under(tok: DtcgToken, words: set[str]) -> bool:
    return any(p.lower() in words for p in tok.path[:-1])


def _length_key(px: float) -> str:
    return f"{round(px, 3):g}px"


def reference_from_dtcg(doc: dict, source: str) -> Reference:
    """The reference of a DTCG document; NoColorTokens when it has no usable color token."""
    tokens = read_tokens(doc)
    ours = isinstance(doc.get("$extensions"), dict) and OURS in doc["$extensions"]
    ref = Reference(source=source)
    opaque, translucent, sizes, spacing, radii, shadows = [], [], [], [], [], []
    for tok in tokens:
        if tok.type == "color":
            parsed = color_of(tok.value)
            if parsed is None:
                ref.skipped.append(tok.name)
            elif parsed[1] >= OPAQUE:
                opaque.append((tok, parsed[0]))
            elif parsed[1] > 0:
                translucent.append((tok, parsed))
        elif tok.type == "typography" and isinstance(tok.value, dict):
            px = px_of(tok.value.get("fontSize"))
            if px is not None and px > 0:
                sizes.append((tok, _length_key(px)))
        elif tok.type == "dimension":
            px = px_of(tok.value)
            if px is None:
                ref.skipped.append(tok.name)
            elif _under(tok, FONT_SIZE_WORDS) or (tok.path[:2] == ("font", "size") and px > 0):
                sizes.append((tok, _length_key(px)))
            elif _under(tok, RADIUS_WORDS):
                radii.append((tok, _length_key(px)))
            elif _under(tok, SPACING_WORDS):
                spacing.append((tok, _length_key(px)))
        elif tok.type == "shadow":
            layers = shadow_of(tok.value)
            if layers is None:
                ref.skipped.append(tok.name)
            else:
                shadows.append((tok, layers))
    if not opaque:
        raise NoColorTokens(f"{source}: no color tokens to check against" +
                            (f" ({len(ref.skipped)} could not be read)" if ref.skipped else ""))
    color_refs = _refs(opaque, ours)
    ref.colors = [RefColor(ref=r, hex=hex_) for hex_, r in color_refs.items()]
    ref.colors += _composites(translucent, ref.colors, ours)
    for out, entries in ((ref.font_sizes, sizes), (ref.spacing, spacing), (ref.radii, radii)):
        out.extend(RefLength(ref=r, px=float(key[:-2])) for key, r in _refs(entries, ours).items())
        out.sort(key=lambda x: x.px)
    shadow_keys = [(tok, _shadow_css(layers)) for tok, layers in shadows]
    by_css = {css: layers for (_, layers), (_, css) in zip(shadows, shadow_keys)}
    ref.shadows = [RefShadow(ref=r, layers=tuple(by_css[key])) for key, r in _refs(shadow_keys, ours).items()]
    return ref


def _composites(translucent: list, base: list[RefColor], ours: bool) -> list[RefColor]:
    """A translucent color token as drawn over each opaque color token (source-over, in sRGB as
    browsers composite)."""
    from shared.color.conversions import rgb255

    out = []
    for tok, (hex_, alpha) in translucent:
        top = rgb255(hex_)
        for under in base:
            bottom = rgb255(under.hex)
            mixed = "#" + "".join(f"{round(alpha * t + (1 - alpha) * b):02X}" for t, b in zip(top, bottom))
            name = f"{tok.name} over {under.ref.path}"
            out.append(RefColor(ref=TokenRef(path=name, css_var=f"{css_var(tok.path, ours)} over {under.ref.css_var}",
                                             value=mixed), hex=mixed, composite=True))
    return out


def _shadow_css(layers: list[ShadowLayer]) -> str:
    from shared.exporters._values import shadow

    return shadow(tuple(layers))


def reference_from_library(tokens: list[Token], project_id: str, project_name: str) -> Reference:
    """A project's library as its DTCG export names it (scales and schemes included)."""
    from shared.exporters._model import build_view
    from shared.exporters.bundle import ExportBundle
    from shared.exporters.dtcg import build
    from shared.library.colors import derive_theme

    if not any(t.is_color for t in tokens):
        raise NoColorTokens("the project has no color tokens yet: extract an image first")
    tokens = sorted(tokens, key=lambda t: (-t.provenance.share, t.id))  # the exports' order
    scales, schemes = derive_theme(tokens)
    doc = build(build_view(ExportBundle(project_id=project_id, project_name=project_name, tokens=tokens,
                                        scales=scales, schemes=schemes)))
    return reference_from_dtcg(doc, "library")
