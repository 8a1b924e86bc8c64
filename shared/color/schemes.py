"""Light and dark schemes whose text/background pairs meet WCAG 2.x AA.

Colors keep their OKLCH hue and chroma; only lightness moves, by the smallest step that makes
every constraint of that color pass (searched outward from the original lightness in steps of
LIGHTNESS_STEP, each candidate gamut-mapped to sRGB and measured as the final #RRGGBB).
Every pair is then measured again and reported with its ratio; `passes` is computed from the
measurement, never assumed, so a constraint the search could not meet shows up as failing.
"""
from __future__ import annotations

from collections.abc import Mapping

from shared.color.contrast import AA_LARGE, AA_NORMAL, floor2, wcag_contrast
from shared.color.conversions import oklch_coords, oklch_to_hex
from shared.domain.models import Model

MODES = ("light", "dark")
LIGHTNESS_STEP = 0.005
BRAND_ROLES = ("primary", "secondary", "accent")
STATUS_ROLES = ("success", "warning", "error", "info")
# Conventional status colors in OKLCH, used when the palette has none.
STATUS_DEFAULTS = {"success": (0.60, 0.15, 148.0), "warning": (0.75, 0.16, 75.0),
                   "error": (0.58, 0.20, 27.0), "info": (0.60, 0.15, 250.0)}
ON_LIGHT = "#FFFFFF"


class ContrastPair(Model):
    foreground: str  # role
    background: str  # role
    foreground_hex: str
    background_hex: str
    ratio: float  # WCAG 2.x, floored to 2 decimals
    threshold: float
    level: str  # "AA normal text" | "AA large text / UI"
    passes: bool


class Scheme(Model):
    mode: str
    colors: dict[str, str]  # role -> hex (includes on-<role> colors)
    pairs: list[ContrastPair]
    adjusted: dict[str, str] = {}  # role -> the palette hex it was derived from, when changed

    @property
    def all_pass(self) -> bool:
        return all(p.passes for p in self.pairs)


Constraint = tuple[str, float]  # (other hex, minimum ratio)


def _meets(hex_: str, constraints: list[Constraint]) -> bool:
    return all(wcag_contrast(hex_, other) >= t for other, t in constraints)


def solve_lightness(hex_: str, constraints: list[Constraint]) -> str | None:
    """The color nearest in OKLCH lightness to `hex_` (same C, H) meeting every constraint."""
    if _meets(hex_, constraints):
        return hex_
    l0, c, h = oklch_coords(hex_)
    tried = {hex_}
    for k in range(1, int(1.0 / LIGHTNESS_STEP) + 1):
        # A step past L 0 or 1 tries black or white itself (oklch_to_hex clamps L), at that step: a light
        # color only white can meet must not be sent to a far darker one found later. Step 200 reaches both.
        for l in (l0 - k * LIGHTNESS_STEP, l0 + k * LIGHTNESS_STEP):
            cand = oklch_to_hex(l, c, h)
            if cand not in tried:
                tried.add(cand)
                if _meets(cand, constraints):
                    return cand
    return None


def _with_l(hex_: str, l: float, max_c: float | None = None) -> str:
    _, c, h = oklch_coords(hex_)
    return oklch_to_hex(l, c if max_c is None else min(c, max_c), h)


def _pair(fg_role: str, bg_role: str, colors: Mapping[str, str], threshold: float) -> ContrastPair:
    fg, bg = colors[fg_role], colors[bg_role]
    r = wcag_contrast(fg, bg)
    return ContrastPair(
        foreground=fg_role, background=bg_role, foreground_hex=fg, background_hex=bg, ratio=floor2(r),
        threshold=threshold, level="AA normal text" if threshold >= AA_NORMAL else "AA large text / UI",
        passes=r >= threshold,
    )


def _ground(roles: Mapping[str, str], mode: str) -> tuple[str, str]:
    """Background and surface for a mode, from the palette when its polarity fits."""
    light = mode == "light"
    base = roles.get("background") or roles.get("surface") or roles.get("primary") or "#808080"
    bl = oklch_coords(base)[0]
    bg = base if (bl >= 0.9 if light else bl <= 0.25) else _with_l(base, 0.985 if light else 0.18,
                                                                   0.012 if light else 0.02)
    s = roles.get("surface")
    sl = oklch_coords(s)[0] if s else None
    if s and s != bg and (sl >= 0.85 if light else sl <= 0.32):
        surface = s
    else:
        surface = _with_l(bg, oklch_coords(bg)[0] + (-0.03 if light else 0.05), 0.02)
    return bg, surface


def _on_candidates(hex_: str) -> list[str]:
    _, c, h = oklch_coords(hex_)
    on_dark = oklch_to_hex(0.2, min(c, 0.04), h)
    return sorted([ON_LIGHT, on_dark], key=lambda o: -wcag_contrast(o, hex_))


def build_scheme(roles: Mapping[str, str], mode: str) -> Scheme:
    """`roles`: role -> palette hex (any subset of shared.color.roles.ROLES)."""
    light = mode == "light"
    colors: dict[str, str] = {}
    adjusted: dict[str, str] = {}
    bg, surface = _ground(roles, mode)
    colors["background"], colors["surface"] = bg, surface
    for role, hex_ in (("background", bg), ("surface", surface)):
        if roles.get(role) and roles[role] != hex_:
            adjusted[role] = roles[role]

    text0 = roles.get("text")
    tl = oklch_coords(text0)[0] if text0 else None
    if not text0 or not (tl <= 0.45 if light else tl >= 0.75):
        text0 = _with_l(text0 or bg, 0.22 if light else 0.94, 0.03)
    text = solve_lightness(text0, [(bg, AA_NORMAL), (surface, AA_NORMAL)]) or text0
    colors["text"] = text
    if roles.get("text") and roles["text"] != text:
        adjusted["text"] = roles["text"]

    fills: list[tuple[str, str]] = []
    for role in BRAND_ROLES + STATUS_ROLES:
        src = roles.get(role)
        if src is None and role in STATUS_DEFAULTS:
            src = oklch_to_hex(*STATUS_DEFAULTS[role])
        if src is None and role == "primary":
            src = _with_l(bg, 0.45, 0.02)
        if src is not None:
            fills.append((role, src))

    for role, src in fills:
        best: tuple[float, str, str] | None = None
        for on in _on_candidates(src):
            got = solve_lightness(src, [(bg, AA_LARGE), (on, AA_NORMAL)])
            if got is not None:
                dl = abs(oklch_coords(got)[0] - oklch_coords(src)[0])
                if best is None or dl < best[0] - 1e-9:
                    best = (dl, got, on)
        if best is None:  # reported as failing by the pairs below
            best = (0.0, src, _on_candidates(src)[0])
        _, colors[role], colors[f"on-{role}"] = best
        if role in roles and roles[role] != colors[role]:
            adjusted[role] = roles[role]

    pairs = [_pair("text", "background", colors, AA_NORMAL), _pair("text", "surface", colors, AA_NORMAL)]
    for role, _ in fills:
        pairs.append(_pair(f"on-{role}", role, colors, AA_NORMAL))
        pairs.append(_pair(role, "background", colors, AA_LARGE))
    return Scheme(mode=mode, colors=colors, pairs=pairs, adjusted=adjusted)


def build_schemes(roles: Mapping[str, str]) -> dict[str, Scheme]:
    return {mode: build_scheme(roles, mode) for mode in MODES}


def scheme_colors(schemes: Mapping[str, Scheme]) -> dict[str, dict[str, str]]:
    """The ExportBundle form: mode -> role -> hex."""
    return {mode: dict(s.colors) for mode, s in schemes.items()}
