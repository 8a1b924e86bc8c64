"""A page's layout system, drawn from its seed: spacing scale, radius scale, elevations, surface style.

Like typography/theme.py this is only the generator's *intent* (it goes into the truth for
information); the ground truth is what Chromium laid out and drew, read back from the DOM.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

# name -> the steps a page may use (CSS px), smallest first
SPACING_SCALES = {
    "tailwind": (4, 8, 12, 16, 20, 24, 32, 40, 48, 64),
    "4-8": (4, 8, 12, 16, 24, 32, 48, 64),
    "8pt": (8, 16, 24, 32, 40, 48, 64, 80),
    "8pt-half": (4, 8, 16, 24, 32, 48, 64),
    "material": (4, 8, 16, 24, 32, 40, 56),
    "6px": (6, 12, 18, 24, 36, 48),
    "2px": (2, 6, 10, 14, 18, 22, 28, 40),
    "odd-5": (5, 10, 15, 20, 30, 40, 60),
    "odd": (5, 10, 18, 30, 50),
    "modular": (3, 7, 11, 17, 27, 43),
    "rem-frac": (6, 10, 14, 20, 28, 36, 44),  # 0.375rem, 0.625rem, ... as a rem site computes them
}
# The scale's own base unit where it has one (for information; the truth's base unit is computed
# from the values the page really used, layout_score.base_unit).
SCALE_BASE = {"tailwind": 4, "4-8": 4, "8pt": 8, "8pt-half": 4, "material": 4, "6px": 2, "2px": 2,
              "odd-5": None, "odd": None, "modular": None, "rem-frac": 2}

RADIUS_SCALES = {
    "sharp": (0,),
    "subtle": (2, 4),
    "tailwind": (4, 6, 8, 12, 16),
    "soft": (8, 12, 16, 24),
    "round": (12, 16, 20, 24),
    "odd": (3, 5, 7, 10),
    "material": (4, 8, 12, 16, 28),
    "mixed": (6, 10, 14, 18),
}


def tw(*layers: str) -> str:
    return ",".join(layers)


# Elevation sets: 0-3 levels, each a CSS box-shadow (some layered, some coloured: {brand} is filled in).
ELEVATIONS = {
    "none": (),
    "tailwind": ("0 1px 3px 0 rgba(0,0,0,.1),0 1px 2px -1px rgba(0,0,0,.1)",
                 "0 10px 15px -3px rgba(0,0,0,.1),0 4px 6px -4px rgba(0,0,0,.1)",
                 "0 20px 25px -5px rgba(0,0,0,.1),0 8px 10px -6px rgba(0,0,0,.1)"),
    "tailwind-md": ("0 4px 6px -1px rgba(0,0,0,.1),0 2px 4px -2px rgba(0,0,0,.1)",
                    "0 25px 50px -12px rgba(0,0,0,.25)"),
    "soft": ("0 2px 8px rgba(15,23,42,.08)", "0 8px 24px rgba(15,23,42,.12)", "0 24px 48px rgba(15,23,42,.18)"),
    "material": ("0 2px 1px -1px rgba(0,0,0,.2),0 1px 1px 0 rgba(0,0,0,.14),0 1px 3px 0 rgba(0,0,0,.12)",
                 "0 3px 5px -1px rgba(0,0,0,.2),0 6px 10px 0 rgba(0,0,0,.14),0 1px 18px 0 rgba(0,0,0,.12)",
                 "0 11px 15px -7px rgba(0,0,0,.2),0 24px 38px 3px rgba(0,0,0,.14),0 9px 46px 8px rgba(0,0,0,.12)"),
    "crisp": ("0 1px 2px rgba(0,0,0,.18)", "0 4px 12px rgba(0,0,0,.15)"),
    "colored": ("0 6px 16px -4px {brand}66", "0 16px 40px -12px {brand}88"),
    "hard": ("4px 4px 0 0 rgba(0,0,0,.9)",),  # brutalist offset shadow, no blur
    "deep": ("0 12px 32px rgba(0,0,0,.22)", "0 30px 60px -10px rgba(0,0,0,.35),0 12px 24px -8px rgba(0,0,0,.2)"),
    "one": ("0 1px 4px rgba(0,0,0,.16)",),
}
# dark pages: shadows need more alpha to show at all
ELEVATIONS_DARK = {
    "none": (),
    "dark": ("0 2px 6px rgba(0,0,0,.5)", "0 12px 28px rgba(0,0,0,.6)", "0 24px 56px rgba(0,0,0,.7)"),
    "dark-layered": ("0 1px 2px rgba(0,0,0,.6),0 4px 12px rgba(0,0,0,.4)", "0 20px 40px -8px rgba(0,0,0,.7)"),
    "glow": ("0 0 0 1px rgba(255,255,255,.08),0 8px 24px rgba(0,0,0,.5)", "0 0 24px {brand}88"),
}


@dataclass
class Layout:
    scale_name: str
    space: tuple[float, ...]  # the spacing steps this page uses
    radius_name: str
    radii: tuple[float, ...]
    elevation_name: str
    shadows: tuple[str, ...]  # CSS box-shadow values, level 1..n
    surface: str  # how cards stand out: border | fill | shadow | border-shadow
    pill: bool  # buttons and chips are pills
    page_pad: float
    section_gap: float

    def s(self, i: int) -> float:
        """Spacing step i (clamped), as CSS px."""
        return self.space[max(0, min(i, len(self.space) - 1))]

    def px(self, i: int) -> str:
        return f"{self.s(i):g}px"

    def r(self, i: int) -> str:
        return f"{self.radii[max(0, min(i, len(self.radii) - 1))]:g}px"

    def shadow(self, level: int) -> str:
        """Elevation level 1..3 (clamped to what the set has); 'none' when the set is empty or level 0."""
        if level <= 0 or not self.shadows:
            return "none"
        return self.shadows[min(level, len(self.shadows)) - 1]

    def intent(self) -> dict:
        return {"spacingScale": self.scale_name, "spacing": list(self.space), "baseUnit": SCALE_BASE[self.scale_name],
                "radiusScale": self.radius_name, "radii": list(self.radii), "pill": self.pill,
                "elevationSet": self.elevation_name, "elevations": list(self.shadows), "surface": self.surface}


def make_layout(rng: random.Random, dark: bool, brand: str, *, scale: str | None = None,
                surface: str | None = None, elevation: str | None = None) -> Layout:
    name = scale or rng.choice(list(SPACING_SCALES))
    space = SPACING_SCALES[name]
    rname = rng.choice(list(RADIUS_SCALES) + ["tailwind", "soft"])
    pool = ELEVATIONS_DARK if dark else ELEVATIONS
    ename = elevation or rng.choice(list(pool) + ["none"] * (1 if dark else 0))
    if ename not in pool:
        ename = rng.choice(list(pool))
    shadows = tuple(s.replace("{brand}", brand) for s in pool[ename])
    if shadows and rng.random() < 0.3:  # 0-3 levels: some pages use fewer than their set has
        shadows = shadows[: rng.randint(1, len(shadows))]
    surfaces = ["border", "fill", "shadow", "border-shadow"] if shadows else ["border", "fill"]
    surf = surface or rng.choice(surfaces)
    if surf in ("shadow", "border-shadow") and not shadows:
        surf = "border"
    return Layout(name, space, rname, RADIUS_SCALES[rname], ename, shadows, surf,
                  pill=rng.random() < 0.35, page_pad=rng.choice(space[-4:-1] or space),
                  section_gap=rng.choice(space[-3:]))
