"""Sample bundles for tests, benchmarks and demos (``copythat tokens --sample`` could use it).

`tonal_scale(hex)` is a simple stand-in for the color module's scales: the color's OKLCH hue and
chroma at fixed lightness steps, gamut-mapped to sRGB with coloraide (``fit('srgb')``).

Typed tokens (`typed_tokens`) are what the typography extractor makes (see
`shared.library.typography`: families named by the AI or by their class, weights by name, text
styles by role) plus the spacing scale, radii and shadow elevations the next extractors will make.
"""

from __future__ import annotations

import random
from datetime import datetime, timezone

from coloraide import Color

from shared.domain.models import Provenance, Token
from shared.domain.tokens import (
    GENERIC_STACKS,
    Box,
    Dimension,
    DimensionValue,
    Evidence,
    FontFamilyValue,
    FontWeightValue,
    ShadowLayer,
    ShadowValue,
    TokenGroup,
    TokenType,
    TypographyValue,
)

from ._model import SCALE_STEPS, contrast_ratio, oklch_rounded
from .bundle import ExportBundle

_LIGHTNESS = dict(zip(SCALE_STEPS, (0.97, 0.93, 0.87, 0.79, 0.70, 0.62, 0.54, 0.46, 0.38, 0.29, 0.22)))

SAMPLE_COLORS = [
    ("Royal Blue", "#2747B5", "primary"),
    ("Tangerine", "#F28C28", "secondary"),
    ("Orchid Pink", "#D65DB1", "accent"),
    ("Paper White", "#FAFAF7", "background"),
    ("Mist Gray", "#EEF0F3", "surface"),
    ("Ink", "#14161B", "text"),
    ("Fern Green", "#2E8B57", "success"),
    ("Amber", "#FFBF00", "warning"),
    ("Brick Red", "#C0392B", "error"),
    ("Sky", "#3BA7E0", "info"),
]


def tonal_scale(hex_: str) -> dict[int, str]:
    base = Color(hex_).convert("oklch")
    c, h = base["chroma"], base["hue"]
    out = {}
    for step, L in _LIGHTNESS.items():
        col = Color("oklch", [L, c if c == c else 0, h if h == h else 0]).fit("srgb").convert("srgb")
        out[step] = col.to_string(hex=True, upper=True)
    return {k: (v if len(v) == 7 else "#" + "".join(ch * 2 for ch in v[1:])) for k, v in out.items()}


def _token(i: int, name: str, hex_: str, role: str | None, project_id: str) -> Token:
    on_white, on_black = contrast_ratio(hex_, "#ffffff"), contrast_ratio(hex_, "#000000")
    return Token(
        id=f"tok{i:05d}",
        project_id=project_id,
        hex=hex_,
        name=name,
        role=role,
        oklch=list(oklch_rounded(hex_)),
        enrichment={
            "contrast": {
                "onWhite": round(on_white, 2),
                "onBlack": round(on_black, 2),
                "aaOnWhite": on_white >= 4.5,
                "aaOnBlack": on_black >= 4.5,
            }
        },
        provenance=Provenance(
            job_ids=[f"job{i % 3}"],
            images=[f"{i:064x}"],
            confidence=0.9,
            share=round(1 / (i + 2), 4),
            sources=["pixels"],
        ),
    )


def _nearest_step(scale: dict[int, str], target: float) -> str:
    return min(scale.values(), key=lambda h: abs(oklch_rounded(h)[0] - target))


def sample_bundle(n: int = 10, *, seed: int = 7, with_scales: bool = True, typed: bool = True) -> ExportBundle:
    """A realistic bundle: the ten named sample colors, then random ones up to n, and (unless
    `typed` is False: colors only) the sample fonts, text styles, spacing, radii and shadows."""
    rnd = random.Random(seed)
    project_id = "proj-sample"
    tokens: list[Token] = []
    for i in range(n):
        if i < len(SAMPLE_COLORS):
            name, hex_, role = SAMPLE_COLORS[i]
        else:
            hex_ = "#" + "".join(f"{rnd.randrange(256):02X}" for _ in range(3))
            name, role = f"Color {hex_[1:]}", None
        tokens.append(_token(i, name, hex_, role, project_id))
    scales = {t.id: tonal_scale(t.hex) for t in tokens} if with_scales else {}
    by_role = {t.role: t for t in tokens if t.role}
    light: dict[str, str] = {}
    dark: dict[str, str] = {}
    for role, t in by_role.items():
        light[role] = t.hex
        sc = scales.get(t.id)
        if role == "background":
            dark[role] = "#101114"  # a literal (not in the palette or a scale)
        elif role == "surface":
            dark[role] = sc[900] if sc else "#1B1D22"
        elif role == "text":
            dark[role] = sc[50] if sc else "#F4F4F6"
        else:
            dark[role] = sc[300] if sc else t.hex
    for role in ("primary", "secondary", "accent"):
        if role in light:
            for scheme in (light, dark):
                scheme[f"on-{role}"] = (
                    "#FFFFFF" if contrast_ratio(scheme[role], "#ffffff") >= 4.5 else "#000000"
                )
    return ExportBundle(
        project_id=project_id,
        project_name="Sample Brand",
        tokens=[*tokens, *(typed_tokens(project_id) if typed else [])],
        scales=scales,
        schemes={"light": light, "dark": dark} if light else {},
        generated_at=datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc),
    )


# --- typed tokens --------------------------------------------------------------------------------

INTER = ["Inter", *GENERIC_STACKS["sans-serif"]]
PLAYFAIR = ["Playfair Display", *GENERIC_STACKS["serif"]]
MONO = list(GENERIC_STACKS["monospace"])
# (name, role, families, class, named)
SAMPLE_FAMILIES = [
    ("Inter", "sans", INTER, "sans-serif", True),
    ("Playfair Display", "serif", PLAYFAIR, "serif", True),
    ("Mono", "mono", MONO, "monospace", False),  # the pixels' generic stack: known by its role
]
SAMPLE_WEIGHTS = [("Regular", 400), ("Medium", 500), ("Semibold", 600), ("Bold", 700)]
# A 1.25 type scale on a 16 px body: (name, role, families, px, weight, line height or None, tracking px).
# None: single lines only, never measured; a weight or family with no token of its own is a literal.
SAMPLE_STYLES = [
    ("Display", "display", PLAYFAIR, 48.0, 700, 1.1, -0.96),
    ("Heading 1", "heading-1", INTER, 39.06, 700, 1.2, -0.4),
    ("Heading 2", "heading-2", INTER, 31.25, 600, 1.25, 0.0),
    ("Heading 3", "heading-3", INTER, 25.0, 600, 1.3, 0.0),
    ("Lead", "lead", INTER, 20.0, 400, 1.5, 0.0),
    ("Body", "body", INTER, 16.0, 400, 1.5, 0.0),
    ("Text 17.2 Weight 450", None, ["Georgia", "serif"], 17.2, 450, 1.6, 0.0),
    ("Small", "small", INTER, 14.0, 400, 1.43, 0.0),
    ("Label", "label", INTER, 14.0, 500, None, 0.1),
    ("Code", "code", MONO, 13.0, 400, 1.6, 0.0),
    ("Caption", "caption", INTER, 12.8, 400, None, 0.2),
    ("Overline", "overline", INTER, 12.0, 600, None, 1.2),
]
SAMPLE_SPACING = [("xs", 4.0, "px"), ("sm", 8.0, "px"), ("md", 12.0, "px"), ("lg", 16.0, "px"),
                  ("xl", 24.0, "px"), ("2xl", 32.0, "px"), ("3xl", 3.0, "rem")]
SAMPLE_RADII = [("sm", 4.0, "px"), ("md", 8.0, "px"), ("lg", 0.75, "rem"), ("full", 9999.0, "px")]
# (name, layers: (x, y, blur, spread, color, alpha, inset))
SAMPLE_SHADOWS = [
    ("Elevation 1", [(0, 1, 2, 0, "#14161B", 0.08, False), (0, 1, 3, 0, "#14161B", 0.1, False)]),
    ("Elevation 2", [(0, 8, 24, -4, "#14161B", 0.16, False)]),
    ("Inner", [(0, 2, 4, 0, "#000000", 0.06, True)]),
]


def _provenance(i: int, share: float, boxes: bool = False) -> Provenance:
    image = f"{i:064x}"
    return Provenance(
        job_ids=[f"job{i % 3}"], images=[image], confidence=0.85, share=share, sources=["pixels"],
        evidence=[Evidence(image=image, boxes=[Box(x=24, y=40 + 30 * k, w=320, h=22) for k in range(2)])]
        if boxes else [],
    )


def _typed(prefix: str, i: int, kind: TokenType, name: str, value, project_id: str, *, role: str | None = None,
           group: TokenGroup | None = None, enrichment: dict | None = None, boxes: bool = False) -> Token:
    return Token(id=f"{prefix}{i:05d}", project_id=project_id, type=kind, group=group, name=name, role=role,
                 value=value, enrichment=enrichment or {}, provenance=_provenance(i, round(0.5 / (i + 2), 4), boxes))


def typed_tokens(project_id: str = "proj-sample") -> list[Token]:
    """The sample fonts, weights, type scale, spacing scale, radii and shadow elevations."""
    out: list[Token] = []
    for i, (name, role, fams, cls, named) in enumerate(SAMPLE_FAMILIES):
        out.append(_typed("fam", i, TokenType.FONT_FAMILY, name,
                          FontFamilyValue(families=fams, family_class=cls, named=named), project_id, role=role))
    for i, (name, w) in enumerate(SAMPLE_WEIGHTS):
        out.append(_typed("wgt", i, TokenType.FONT_WEIGHT, name, FontWeightValue(value=w), project_id))
    for i, (name, role, fams, px, w, lh, ls) in enumerate(SAMPLE_STYLES):
        cls = "monospace" if fams is MONO else "serif" if "serif" in fams else "sans-serif"
        value = TypographyValue(font_family=fams, family_class=cls, font_size=Dimension(value=px), font_weight=w,
                                line_height=lh, letter_spacing=Dimension(value=ls))
        confidence = {"fontSize": 0.95, "fontWeight": 0.8, **({"lineHeight": 0.9} if lh else {}), "family": 0.7}
        enrichment = {"confidence": confidence,
                      "lines": 3 if lh else 1, "uppercase": role == "overline", "lineHeightMeasured": lh is not None,
                      "color": "#14161B" if i % 2 == 0 else "#2747B5"}
        out.append(_typed("typ", i, TokenType.TYPOGRAPHY, name, value, project_id, role=role,
                          enrichment=enrichment, boxes=True))
    for i, (name, v, unit) in enumerate(SAMPLE_SPACING):
        out.append(_typed("spc", i, TokenType.DIMENSION, name, DimensionValue(value=v, unit=unit), project_id,
                          group=TokenGroup.SPACING))
    for i, (name, v, unit) in enumerate(SAMPLE_RADII):
        out.append(_typed("rad", i, TokenType.DIMENSION, name, DimensionValue(value=v, unit=unit), project_id,
                          group=TokenGroup.RADIUS))
    for i, (name, layers) in enumerate(SAMPLE_SHADOWS):
        value = ShadowValue(layers=[
            ShadowLayer(offset_x=Dimension(value=x), offset_y=Dimension(value=y), blur=Dimension(value=b),
                        spread=Dimension(value=sp), color=c, alpha=a, inset=inset)
            for x, y, b, sp, c, a, inset in layers])
        out.append(_typed("shd", i, TokenType.SHADOW, name, value, project_id))
    return out


def mixed_bundle(total: int, *, seed: int = 11) -> ExportBundle:
    """`total` tokens of every type, for benchmarks: half colors (with scales and schemes), then the
    sample typed tokens, then random text styles, spacing steps, radii and shadows."""
    rnd = random.Random(seed)
    base = sample_bundle(max(1, total // 2), seed=seed, typed=False)
    typed = typed_tokens(base.project_id)[: total - len(base.tokens)]
    kinds = ("text", "spacing", "radius", "shadow")
    for i in range(len(typed), total - len(base.tokens)):
        kind = kinds[i % len(kinds)]
        if kind == "text":
            px = round(rnd.uniform(10, 72), 2)
            value = TypographyValue(font_family=rnd.choice([INTER, PLAYFAIR, MONO]), font_size=Dimension(value=px),
                                    font_weight=rnd.choice([300, 400, 500, 600, 700]),
                                    line_height=rnd.choice([None, round(rnd.uniform(1.0, 1.8), 3)]),
                                    letter_spacing=Dimension(value=round(rnd.uniform(-1, 1), 2)))
            typed.append(_typed("typ", 1000 + i, TokenType.TYPOGRAPHY, f"Text {px:g}", value, base.project_id))
        elif kind == "shadow":
            layer = ShadowLayer(offset_x=Dimension(value=0), offset_y=Dimension(value=rnd.randint(1, 24)),
                                blur=Dimension(value=rnd.randint(1, 48)), color="#000000",
                                alpha=round(rnd.uniform(0.05, 0.3), 2))
            typed.append(_typed("shd", 1000 + i, TokenType.SHADOW, f"Shadow {i}", ShadowValue(layers=[layer]),
                                base.project_id))
        else:
            group = TokenGroup.SPACING if kind == "spacing" else TokenGroup.RADIUS
            v = DimensionValue(value=rnd.randint(1, 128))
            typed.append(_typed("dim", 1000 + i, TokenType.DIMENSION, f"{kind} {v.value:g}", v, base.project_id,
                                group=group))
    return ExportBundle(base.project_id, base.project_name, [*base.tokens, *typed], base.scales, base.schemes,
                        base.generated_at)


EDGE_NAMES = [
    ("Royal Blue", "#1D3A8F"),  # same name as the primary: becomes royal-blue-2
    ("Primary", "#8844CC"),  # a role name: must not take --color-primary
    ("Royal Blue 500", "#5577EE"),  # would clash with royal-blue's 500 step
    ("{weird}.name $x", "#123456"),  # characters DTCG forbids in names
    ("$dollar", "#654321"),  # leading $
    ("Crème Brûlée", "#F3E5AB"),  # accents fold to ASCII
    ("   ", "#777777"),  # nothing usable: "color"
    ("50 Shades", "#556B2F"),  # leading digit (TypeScript key must be quoted)
    ("Gray 2", "#888888"),  # "gray-2" vs a dedup suffix
    ("Gray", "#999999"),
    ("Gray", "#AAAAAA"),  # -> gray-3 (gray-2 is taken)
    ("transparent", "#00FF00"),  # Tailwind keyword
    ("日本の赤", "#BC002D"),  # nothing ASCII: "color-2"
]


EVIL = 'Evil "Quote" Sans'
# (name, role, families, class, named): hostile font names and names that Tailwind would misread.
EDGE_FAMILIES = [
    (EVIL, None, [EVIL, *GENERIC_STACKS["sans-serif"]], "sans-serif", True),  # quotes: escaped everywhere
    ("{Brace} */ Mono", None, ["{Brace} */ Mono", "monospace"], "monospace", True),  # braces -> ( ), */ in comments
    ("</style><b>Serif", None, ["</style><b>Serif", "serif"], "serif", True),  # must not close the preview's style
    ("Back\\slash #{x}\nLine", None, ["Back\\slash #{x}\nLine", "serif"], "serif", True),  # SCSS #{}, a newline
    ("Bold", None, ["Bold", "sans-serif"], "sans-serif", True),  # font-bold is the weight: bold-2
    ("Weight Bold", None, ["Weight Bold", "sans-serif"], "sans-serif", True),  # --font-weight-*: family-weight-bold
    ("Families", None, ["Families", "serif"], "serif", True),  # $font-families is the SCSS map: families-2
    ("Sans", "sans", list(GENERIC_STACKS["sans-serif"]), "sans-serif", False),  # unnamed: its role, "sans"
]
EDGE_WEIGHTS = [("Book", 450), ("Sans", 350)]  # 450 now has a token (an alias); "sans" is a family: sans-2
# (name, families, px, weight, line height, tracking)
EDGE_STYLES = [
    ("Primary", INTER, 18.0, 400, 1.4, 0.0),  # text-primary is the color role (and primary-2 a color): primary-3
    ("Center", INTER, 18.0, 500, 1.4, 0.0),  # text-center is alignment: center-2
    ("Shadow Sm", INTER, 15.0, 400, 1.5, 0.0),  # --text-shadow-* is text-shadow: style-shadow-sm
    ("Royal Blue", INTER, 22.0, 400, 1.4, 0.0),  # royal-blue and royal-blue-2 are colors: royal-blue-3
    ("Red 500", INTER, 21.0, 400, 1.4, 0.0),  # Tailwind's red-500: red-500-2
    ("Body", INTER, 16.5, 400, 1.5, 0.0),  # twice: body-2
    ("日本語", INTER, 19.0, 400, None, 0.0),  # nothing ASCII: "text", a color role: text-2
    ("{x} */ </style>", [EVIL, *GENERIC_STACKS["sans-serif"]], 23.0, 700, 1.3, 0.5),  # family alias to EVIL
    ("Literal Family", ['{Lit} "x" */', "serif"], 17.0, 400, 1.5, 0.0),  # no token has it: a literal list
]
EDGE_SPACING = [("X 4", 16.0), ("md", 14.0)]  # gap-x-*: space-x-4; md again: md-2
EDGE_RADII = [("L", 10.0), ("T Lg", 14.0)]  # rounded-l / rounded-t-*: radius-l, radius-t-lg
EDGE_SHADOWS = ["Primary", "Initial", "Red 500"]  # shadow-<color> is a color: primary-3, initial-2, red-500-2


def edge_typed_tokens(project_id: str) -> list[Token]:
    out: list[Token] = []
    for i, (name, role, fams, cls, named) in enumerate(EDGE_FAMILIES):
        out.append(_typed("fam", 100 + i, TokenType.FONT_FAMILY, name,
                          FontFamilyValue(families=fams, family_class=cls, named=named), project_id, role=role))
    for i, (name, w) in enumerate(EDGE_WEIGHTS):
        out.append(_typed("wgt", 100 + i, TokenType.FONT_WEIGHT, name, FontWeightValue(value=w), project_id))
    for i, (name, fams, px, w, lh, ls) in enumerate(EDGE_STYLES):
        value = TypographyValue(font_family=fams, font_size=Dimension(value=px), font_weight=w, line_height=lh,
                                letter_spacing=Dimension(value=ls))
        out.append(_typed("typ", 100 + i, TokenType.TYPOGRAPHY, name, value, project_id,
                          enrichment={"confidence": {"fontSize": 0.9}, "color": "not a color"}))
    for group, entries in ((TokenGroup.SPACING, EDGE_SPACING), (TokenGroup.RADIUS, EDGE_RADII)):
        for i, (name, v) in enumerate(entries):
            out.append(_typed("dim", 100 + i + (10 if group is TokenGroup.RADIUS else 0), TokenType.DIMENSION, name,
                              DimensionValue(value=v), project_id, group=group))
    for i, name in enumerate(EDGE_SHADOWS):
        layer = ShadowLayer(offset_x=Dimension(value=1), offset_y=Dimension(value=2), blur=Dimension(value=3),
                            color="#2747B5", alpha=0.5)
        out.append(_typed("shd", 100 + i, TokenType.SHADOW, name, ShadowValue(layers=[layer]), project_id))
    return out


def edge_case_bundle() -> ExportBundle:
    """The sample colors and typed tokens plus names that stress slugging, escaping, reserved names
    and clashes."""
    base = sample_bundle(10)
    extra = [_token(100 + i, name, hex_, None, base.project_id) for i, (name, hex_) in enumerate(EDGE_NAMES)]
    scales = dict(base.scales)
    for t in extra[:3]:
        scales[t.id] = tonal_scale(t.hex)
    return ExportBundle(
        project_id=base.project_id,
        project_name="Édge “Cases” </style> & Co.",
        tokens=[*base.tokens, *extra, *edge_typed_tokens(base.project_id)],
        scales=scales,
        schemes=base.schemes,
        generated_at=base.generated_at,
    )
