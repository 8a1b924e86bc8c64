"""Sample bundles for tests, benchmarks and demos (``copythat tokens --sample`` could use it).

`tonal_scale(hex)` is a simple stand-in for the color module's scales: the color's OKLCH hue and
chroma at fixed lightness steps, gamut-mapped to sRGB with coloraide (``fit('srgb')``).
"""

from __future__ import annotations

import random
from datetime import datetime, timezone

from coloraide import Color

from shared.domain.models import Provenance, Token

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


def sample_bundle(n: int = 10, *, seed: int = 7, with_scales: bool = True) -> ExportBundle:
    """A realistic bundle: the ten named sample colors, then random ones up to n."""
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
        tokens=tokens,
        scales=scales,
        schemes={"light": light, "dark": dark} if light else {},
        generated_at=datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc),
    )


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


def edge_case_bundle() -> ExportBundle:
    """The sample colors plus names that stress slugging, reserved names and clashes."""
    base = sample_bundle(10)
    extra = [_token(100 + i, name, hex_, None, base.project_id) for i, (name, hex_) in enumerate(EDGE_NAMES)]
    scales = dict(base.scales)
    for t in extra[:3]:
        scales[t.id] = tonal_scale(t.hex)
    return ExportBundle(
        project_id=base.project_id,
        project_name="Édge “Cases” </style> & Co.",
        tokens=[*base.tokens, *extra],
        scales=scales,
        schemes=base.schemes,
        generated_at=base.generated_at,
    )
