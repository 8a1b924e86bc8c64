"""Palettes as published design systems ship them, for the web split's `systems` pages.

The drawn palettes (pages.palette) keep every role ≥ ΔE2000 8 from the others but one pair: fair to
a clustering, but not what a real screenshot holds. A site built on Tailwind, Bootstrap, Material 3
or Primer paints its text hierarchy from one grey ramp (gray-900 ink, gray-600 or -500 muted text,
gray-200 lines, gray-50 panels), puts white cards on a gray-50 page, and a brand-700 link beside a
brand-600 button: greys that lie on the segment from the ink to the page (the very place
anti-aliasing blends lie), neighbours 2–10 ΔE apart, and pairs under ΔE 2 (white beside gray-50).
These pages take their roles from those ramps, as a front-end team would, with each system's own
values (Tailwind v3 default palette, Bootstrap 5.3, Material 3 baseline, Primer).
"""
from __future__ import annotations

import numpy as np

RGB = tuple[int, int, int]

# Tailwind v3 default palette: the grey ramps (50 … 950) and the hues' steps the roles use.
_STEPS = (50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950)
TAILWIND_GREYS = {
    "slate": "f8fafc f1f5f9 e2e8f0 cbd5e1 94a3b8 64748b 475569 334155 1e293b 0f172a 020617",
    "gray": "f9fafb f3f4f6 e5e7eb d1d5db 9ca3af 6b7280 4b5563 374151 1f2937 111827 030712",
    "zinc": "fafafa f4f4f5 e4e4e7 d4d4d8 a1a1aa 71717a 52525b 3f3f46 27272a 18181b 09090b",
    "neutral": "fafafa f5f5f5 e5e5e5 d4d4d4 a3a3a3 737373 525252 404040 262626 171717 0a0a0a",
    "stone": "fafaf9 f5f5f4 e7e5e4 d6d3d1 a8a29e 78716c 57534e 44403c 292524 1c1917 0c0a09",
}
# 50, 100, 400, 500, 600, 700
_HUE_STEPS = (50, 100, 400, 500, 600, 700)
TAILWIND_HUES = {
    "indigo": "eef2ff e0e7ff 818cf8 6366f1 4f46e5 4338ca",
    "blue": "eff6ff dbeafe 60a5fa 3b82f6 2563eb 1d4ed8",
    "sky": "f0f9ff e0f2fe 38bdf8 0ea5e9 0284c7 0369a1",
    "emerald": "ecfdf5 d1fae5 34d399 10b981 059669 047857",
    "green": "f0fdf4 dcfce7 4ade80 22c55e 16a34a 15803d",
    "rose": "fff1f2 ffe4e6 fb7185 f43f5e e11d48 be123c",
    "red": "fef2f2 fee2e2 f87171 ef4444 dc2626 b91c1c",
    "amber": "fffbeb fef3c7 fbbf24 f59e0b d97706 b45309",
    "violet": "f5f3ff ede9fe a78bfa 8b5cf6 7c3aed 6d28d9",
    "teal": "f0fdfa ccfbf1 2dd4bf 14b8a6 0d9488 0f766e",
    "orange": "fff7ed ffedd5 fb923c f97316 ea580c c2410c",
    "pink": "fdf2f8 fce7f3 f472b6 ec4899 db2777 be185d",
    "cyan": "ecfeff cffafe 22d3ee 06b6d4 0891b2 0e7490",
}
# Fixed role sets of the other systems (light, dark), as their documentation lists them.
FIXED = {
    "bootstrap-5": (
        dict(canvas="ffffff", surface="f8f9fa", ink="212529", heading="212529", muted="6c757d", line="dee2e6",
             panel="f8f9fa", brand="0d6efd", **{"brand-2": "0a58ca"}, accent="ffc107", band="212529",
             **{"on-brand": "ffffff"}),
        dict(canvas="212529", surface="2b3035", ink="dee2e6", heading="f8f9fa", muted="adb5bd", line="495057",
             panel="343a40", brand="0d6efd", **{"brand-2": "6ea8fe"}, accent="ffc107", band="343a40",
             **{"on-brand": "ffffff"})),
    "material-3": (
        dict(canvas="fffbfe", surface="f3edf7", ink="1c1b1f", heading="1c1b1f", muted="49454f", line="cac4d0",
             panel="e7e0ec", brand="6750a4", **{"brand-2": "625b71"}, accent="7d5260", band="313033",
             **{"on-brand": "ffffff"}),
        dict(canvas="1c1b1f", surface="2b2930", ink="e6e1e5", heading="e6e1e5", muted="cac4d0", line="49454f",
             panel="36343b", brand="d0bcff", **{"brand-2": "ccc2dc"}, accent="efb8c8", band="313033",
             **{"on-brand": "381e72"})),
    "primer": (
        dict(canvas="ffffff", surface="f6f8fa", ink="1f2328", heading="1f2328", muted="59636e", line="d1d9e0",
             panel="f6f8fa", brand="1f883d", **{"brand-2": "0969da"}, accent="bf8700", band="24292f",
             **{"on-brand": "ffffff"}),
        dict(canvas="0d1117", surface="151b23", ink="f0f6fc", heading="f0f6fc", muted="9198a1", line="3d444d",
             panel="212830", brand="238636", **{"brand-2": "4493f8"}, accent="d29922", band="010409",
             **{"on-brand": "ffffff"})),
}
# The deliberate pairs a page's scoring follows (only those whose two colours differ).
PAIR_KINDS = (("canvas", "surface"), ("ink", "heading"), ("brand", "brand-2"), ("surface", "panel"),
              ("ink", "muted"), ("line", "panel"))


def _rgb(h: str) -> RGB:
    return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))


def _tailwind(rng: np.random.Generator, dark: bool) -> dict[str, str]:
    greys = TAILWIND_GREYS[str(rng.choice(list(TAILWIND_GREYS)))].split()
    g = dict(zip(_STEPS, greys))
    hues = list(TAILWIND_HUES)
    b_name, a_name = (str(x) for x in rng.choice(hues, 2, replace=False))
    b = dict(zip(_HUE_STEPS, TAILWIND_HUES[b_name].split()))
    a = dict(zip(_HUE_STEPS, TAILWIND_HUES[a_name].split()))
    pick = lambda *opts: str(rng.choice(opts))  # noqa: E731
    if dark:
        return dict(canvas=pick(g[950], g[900]), surface=g[800], ink=pick(g[50], g[100]), heading=pick(g[50], "ffffff"),
                    muted=pick(g[400], g[300]), line=g[700], panel=pick(g[700], g[900]), brand=pick(b[500], b[600]),
                    **{"brand-2": b[400]}, accent=pick(a[400], a[500]), band=g[800], **{"on-brand": "ffffff"})
    canvas, surface = [("ffffff", g[50]), (g[50], "ffffff"), ("ffffff", g[100]), (g[100], "ffffff")][int(rng.integers(4))]
    return dict(canvas=canvas, surface=surface, ink=pick(g[900], g[800]), heading=pick(g[900], g[950], g[700]),
                muted=pick(g[500], g[600]), line=pick(g[200], g[300]), panel=pick(g[50], g[100]),
                brand=pick(b[600], b[500]), **{"brand-2": b[700]}, accent=pick(a[500], a[400]),
                band=pick(g[900], g[800], b[700]), **{"on-brand": "ffffff"})


def system_palette(rng: np.random.Generator, dark: bool, de2000) -> tuple[dict[str, RGB], tuple[str, str], str]:
    """(roles, near pair, system name): a system drawn at random, its roles, and one pair of its roles
    that differ by ΔE2000 2–12 (the shades a design keeps apart) for the pairs-kept-apart figure."""
    name = str(rng.choice(["tailwind"] * 4 + list(FIXED)))
    hexes = _tailwind(rng, dark) if name == "tailwind" else dict(FIXED[name][1 if dark else 0])
    roles = {k: _rgb(v) for k, v in hexes.items()}
    kinds = [p for p in PAIR_KINDS if 2.0 <= de2000(roles[p[0]], roles[p[1]]) <= 12.0]
    pair = kinds[int(rng.integers(len(kinds)))] if kinds else ("brand", "brand-2")
    return roles, pair, name
