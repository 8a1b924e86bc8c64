"""Color science for Copy That: pure Python on coloraide (+ numpy), no Google Cloud imports.

Modules (import from them directly; this package imports nothing eagerly so cold starts stay
cheap and the name index loads only when first used):

- conversions  — hex ⇄ spaces, CSS Color 4 gamut mapping, ΔE2000
- srgb         — the one OKLCH, WCAG luminance and contrast math (pure Python; exporters use it)
- contrast     — WCAG 2.x ratio and levels, APCA Lc
- naming       — descriptive (color-name-list), CSS named and web-safe nearest colors
- describe     — temperature, saturation/lightness levels, hue family
- enrichment   — enrich_color(hex, *, dominant_hex) -> JSON-safe dict
- harmony      — classify_harmony
- vision       — cvd_conflicts (protan / deutan / tritan)
- scales       — tonal_scale 50–950 in OKLCH
- roles        — assign_roles (pixels + AI + user locks)
- schemes      — light/dark schemes meeting WCAG AA, with measured pairs
- palette      — analyze_palette -> PaletteAnalysis
- library      — plan_merge -> MergePlan, reassign_roles, derive_theme
- fast_delta_e — vectorised CIEDE2000 screen
"""
