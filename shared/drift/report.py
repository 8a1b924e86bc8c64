"""One image's measurements against a reference → the drift report (verdicts, shares, score, notes)."""
from __future__ import annotations

from collections.abc import Sequence

from shared.domain.drift import DriftReport
from shared.domain.layout import LayoutResult
from shared.domain.models import PaletteColor
from shared.domain.typography import TypographyResult
from shared.drift import colors as color_rules
from shared.drift.lengths import judge_layout, judge_text
from shared.drift.reference import Reference

LAYOUT_NOTE = "spacing, radii and shadows: not measured in this image, not checked"


def build_report(*, palette: Sequence[PaletteColor], reference: Reference, tolerance: float,
                 typography: TypographyResult | None = None, layout: LayoutResult | None = None,
                 image: dict | None = None, jpeg_dc: tuple[int, int] | None = None) -> DriftReport:
    findings = color_rules.judge_colors(palette, reference, tolerance, jpeg_dc, body_text_px(typography))
    shares = color_rules.shares(findings)
    text = judge_text(typography, reference.font_sizes)
    spacing, radii, shadows = judge_layout(layout, reference.spacing, reference.radii, reference.shadows)
    notes = []
    if jpeg_dc is not None:
        notes.append(f"JPEG (DC quantization {jpeg_dc[0]}/{jpeg_dc[1]}): flat colors are compared with what the "
                     "tokens become at that quality, colors on edges by their lightness")
    if typography is None:
        notes.append("text sizes: not measured, not checked")
    elif not reference.font_sizes:
        notes.append("text sizes: the tokens have no font sizes, not checked")
    elif not typography.styles:
        notes.append("text sizes: no text found")
    if layout is None:
        notes.append(LAYOUT_NOTE)
    if reference.skipped:
        shown = ", ".join(reference.skipped[:5]) + (" …" if len(reference.skipped) > 5 else "")
        notes.append(f"{len(reference.skipped)} tokens have values this check cannot read: {shown}")
    report = DriftReport(tolerance=tolerance, reference=reference.summary(), image=dict(image or {}),
                         colors=findings, off_share=round(shares["off"], 6), near_share=round(shares["near"], 6),
                         on_share=round(shares["on"], 6), score=color_rules.score(findings), text=text,
                         spacing=spacing, radii=radii, shadows=shadows, notes=notes)
    report.summary = summarize(report)
    return report


def body_text_px(typography: TypographyResult | None) -> float | None:
    """The size of the image's most used text style in image px (CSS px × its device-pixel ratio)."""
    if typography is None or not typography.styles:
        return None
    body = max(typography.styles, key=lambda s: s.share)
    return body.font_size * (typography.device_pixel_ratio or 1.0)


def summarize(r: DriftReport) -> str:
    off = r.off_colors
    near = [c for c in r.colors if c.verdict == "near"]
    parts = [f"{len(off)} off-token color{'s' if len(off) != 1 else ''} on {r.off_share:.2%} of the image"
             if off else "no off-token colors"]
    if near:
        parts.append(f"{len(near)} near a token ({r.near_share:.2%})")
    for label, items in (("text sizes", r.text), ("spacings", r.spacing), ("radii", r.radii), ("shadows", r.shadows)):
        bad = [f for f in items if f.verdict != "on"]
        if items:
            parts.append(f"{label}: {len(bad)} of {len(items)} off the scale" if bad else f"{label}: all on the scale")
    return "; ".join(parts) + f". Score {r.score:g}/100."
