"""Hue family + lightness step names ("blue-700", "amber-500", "slate-900"), computed in OKLCH.

The families are Tailwind CSS v4's (its colours are defined in OKLCH): a chromatic colour takes the
family whose 500 hue is nearest its own; a colour too grey to carry its hue (chroma under a
threshold that shrinks toward the light and dark ends, as the tonal scales' chroma does) takes a
neutral family by its tint: slate (blue-grey), gray (cool), zinc (violet-grey), stone (warm),
neutral (none). The step is the step of `shared.color.scales` whose OKLCH lightness target is
nearest, so `blue-700` is the colour that sits at 700 in its own tonal scale; `fine_step` places a
colour between steps (…, 640, 650, …) for when two colours of one family share a step.
Pure white and black are `white` and `black`.
"""
from __future__ import annotations

from shared.color.conversions import oklch_coords
from shared.color.scales import CHROMA_TAPER, LIGHTNESS, STEPS

# Tailwind CSS v4's 500 hues (OKLCH degrees), in hue order.
CHROMATIC_HUES = (("red", 25.3), ("orange", 47.6), ("amber", 70.1), ("yellow", 86.0), ("lime", 130.9),
                  ("green", 149.6), ("emerald", 162.5), ("teal", 182.5), ("cyan", 215.2), ("sky", 237.3),
                  ("blue", 259.8), ("indigo", 277.1), ("violet", 292.7), ("purple", 303.9), ("fuchsia", 322.2),
                  ("pink", 354.3), ("rose", 16.4))
# Chroma below which a colour is a neutral at the 500 step (Tailwind's slate-500 has 0.046, its
# least saturated chromatic 500, teal, 0.14); scaled by the tonal taper toward the ends, floored.
NEUTRAL_CHROMA = 0.05
NEUTRAL_TAPER_FLOOR = 0.3
SLATE_CHROMA = 0.035  # between Tailwind's gray-500 (0.027) and slate-500 (0.046)
NEUTRAL_NONE = 0.006  # below this there is no tint to speak of
WHITE_L, BLACK_L, EXTREME_C = 0.995, 0.08, 0.01


def _hue_distance(a: float, b: float) -> float:
    d = abs(a - b) % 360.0
    return min(d, 360.0 - d)


def step_of(l: float) -> int:
    """The tonal-scale step whose lightness target is nearest (ties: the lighter step)."""
    return min(STEPS, key=lambda s: (abs(LIGHTNESS[s] - l), s))


def fine_step(l: float) -> float:
    """The step as a continuous number: lightness interpolated between the steps' targets."""
    pts = [(LIGHTNESS[s], s) for s in STEPS]  # lightness falls as the step grows
    if l >= pts[0][0]:
        return float(pts[0][1])
    if l <= pts[-1][0]:
        return float(pts[-1][1])
    for (l0, s0), (l1, s1) in zip(pts, pts[1:]):
        if l1 <= l <= l0:
            return s0 + (l0 - l) / (l0 - l1) * (s1 - s0)
    raise AssertionError("unreachable")


def family_of(l: float, c: float, h: float) -> str:
    h = 0.0 if h != h else h  # achromatic: OKLCH hue is NaN
    taper = max(CHROMA_TAPER[step_of(l)], NEUTRAL_TAPER_FLOOR)
    if c < NEUTRAL_CHROMA * taper:
        if c < NEUTRAL_NONE:
            return "neutral"
        if 20.0 <= h < 110.0:
            return "stone"
        if 215.0 <= h < 275.0:
            return "slate" if c >= SLATE_CHROMA * taper else "gray"
        if 275.0 <= h < 320.0:
            return "zinc"
        return "gray"
    return min(CHROMATIC_HUES, key=lambda nh: (_hue_distance(h, nh[1]), nh[0]))[0]


def family_name(hex_: str) -> str:
    """`family-step` of a colour, or `white` / `black`."""
    l, c, h = oklch_coords(hex_)
    if c < EXTREME_C and l >= WHITE_L:
        return "white"
    if c < EXTREME_C and l <= BLACK_L:
        return "black"
    return f"{family_of(l, c, h)}-{step_of(l)}"


def family_candidates(hex_: str) -> list[str]:
    """Names to try in order when the first is taken: the step, then the step to 50, to 10 and to 1."""
    first = family_name(hex_)
    if "-" not in first:
        return [first]
    l, _c, _h = oklch_coords(hex_)
    family = first.rsplit("-", 1)[0]
    fine = fine_step(l)
    out = [first]
    for unit in (50, 10, 1):
        cand = f"{family}-{int(round(fine / unit) * unit)}"
        if cand not in out:
            out.append(cand)
    return out


def is_white_or_black(hex_: str) -> bool:
    """Pure white or black by the names' rule. Such a colour gets no tonal scale: its steps would be a
    plain grey ramp named after it (`white-900` a dark grey, which no design system ships); the greys a
    design needs come from its own greys."""
    return family_name(hex_) in ("white", "black")
