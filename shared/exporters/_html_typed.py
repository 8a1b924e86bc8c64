"""The HTML preview's sections for typed tokens: a type specimen, fonts, spacing, radii, shadows.

Every sample is styled through the CSS export embedded in the page (``.text-<slug>`` classes and
``var(--…)``), so the preview shows what that file really does; each sample carries
``data-slug`` so a browser test can read its computed style back.
"""

from __future__ import annotations

import re
from html import escape

from ._model import View
from ._typed import TextEntry
from ._values import dimension, num_css, shadow

STYLE = """
.specimen{display:grid;grid-template-columns:minmax(0,1fr) 300px;gap:16px;align-items:center;background:#fff;
 border-radius:10px;padding:14px 16px;margin-bottom:10px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
.spectext{margin:0;overflow-wrap:anywhere}
.metrics{font-size:12px;color:#4a4a55}
.metrics b{display:block;font-size:14px;color:#1b1b1f}
.parts{font-size:11px;color:#6b6b76;margin-top:4px}
.flag{display:inline-block;margin:4px 4px 0 0;padding:1px 6px;border-radius:4px;background:#fff4dc;
 border:1px solid #f0cf8a;color:#6b4a00;font-size:11px}
.fonts{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:14px}
.fontcard{background:#fff;border-radius:10px;padding:14px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
.fontcard .glyphs{font-size:34px;line-height:1.2;margin-bottom:6px}
.weights{display:flex;flex-wrap:wrap;gap:14px}
.weight{background:#fff;border-radius:10px;padding:10px 14px;box-shadow:0 1px 3px rgba(0,0,0,.12);font-size:13px}
.weight .glyphs{font-size:28px;line-height:1.2}
.bars{display:grid;grid-template-columns:160px minmax(0,1fr);gap:6px 12px;align-items:center}
.bar{height:14px;max-width:100%;background:#6a7bd8;border-radius:3px}
.radii,.shadows{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:22px}
.radius{width:96px;height:96px;background:#dfe3f6;border:2px solid #6a7bd8;margin-bottom:6px}
.shadowcard{background:#fff;border-radius:10px;height:96px;margin-bottom:8px}
"""

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
SPECIMEN_TEXT = "The quick brown fox jumps over the lazy dog"


_PARTS = (("fontSize", "size"), ("fontWeight", "weight"), ("lineHeight", "line height"), ("family", "family"))


def _confidence(e: TextEntry) -> str:
    """The token's confidence, and the measured parts' own when the extractor gave them."""
    c = e.token.enrichment.get("confidence")
    c = c if isinstance(c, dict) else {}
    parts = [f"{label} {float(c[k]):.2f}" for k, label in _PARTS if isinstance(c.get(k), (int, float))]
    detail = f'<div class="parts">{" · ".join(parts)}</div>' if parts else ""
    return f'<span class="badge">confidence {e.token.provenance.confidence:.2f}</span>{detail}'


def _specimen(e: TextEntry) -> str:
    t = e.token
    enrichment = t.enrichment if isinstance(t.enrichment, dict) else {}
    color = enrichment.get("color")
    # As the text was seen: its color and case (enrichment, not part of the exported value).
    style = f"color:{color.lower()};" if isinstance(color, str) and _HEX.fullmatch(color) else ""
    if enrichment.get("uppercase") is True:
        style += "text-transform:uppercase;"
    style_attr = f' style="{style}"' if style else ""
    family = e.family.token.name if e.family else e.families[0]
    weight = e.weight_ref.token.name if e.weight_ref else str(e.weight)
    flags = "" if e.line_height_measured else '<span class="flag">line height not measured: 1.2 ≈ normal</span>'
    role = f'<span class="role">{escape(t.role)}</span> ' if t.role else ""
    return (
        f'<div class="specimen"><p class="spectext text-{e.slug}" data-slug="{e.slug}"{style_attr}>'
        f"{escape(t.name)}: {SPECIMEN_TEXT}</p>"
        f'<div class="metrics"><b>{escape(t.name)}</b>'
        f"{dimension(e.font_size)} / {num_css(e.line_height)} · {e.weight} ({escape(weight)}) · "
        f"tracking {dimension(e.letter_spacing)} · {escape(family)}"
        f'<div class="code">.text-{e.slug}</div>{role}{_confidence(e)}{flags}'
        "</div></div>"
    )


def sections(view: View) -> list[str]:
    ty = view.typed
    parts: list[str] = []
    if ty.text:
        parts += ["<h2>Typography</h2>", *(_specimen(e) for e in ty.text)]
    if ty.families:
        parts += ["<h2>Font families</h2>", '<div class="fonts">']
        for f in ty.families:
            role = f'<span class="role">{escape(f.token.role)}</span>' if f.token.role else ""
            parts.append(
                f'<div class="fontcard"><div class="glyphs" data-slug="{f.slug}" '
                f'style="font-family:var(--font-{f.slug})">Aa Bb Gg 0123</div>'
                f'<div class="name">{escape(f.token.name)}</div>'
                f'<div class="code">--font-{f.slug}: {escape(", ".join(f.families))}</div>{role}</div>'
            )
        parts.append("</div>")
    if ty.weights:
        parts += ["<h2>Font weights</h2>", '<div class="weights">']
        for w in ty.weights:
            parts.append(
                f'<div class="weight"><div class="glyphs" data-slug="{w.slug}" '
                f'style="font-weight:var(--font-weight-{w.slug})">Aa</div>'
                f"{escape(w.token.name)} · {w.value}<div class=\"code\">--font-weight-{w.slug}</div></div>"
            )
        parts.append("</div>")
    if ty.spacing:
        parts += ["<h2>Spacing</h2>", '<div class="bars">']
        for d in ty.spacing:
            parts.append(
                f'<div class="code">--spacing-{d.slug} · {dimension(d.value)}</div>'
                f'<div class="bar" data-slug="{d.slug}" style="width:var(--spacing-{d.slug})"></div>'
            )
        parts.append("</div>")
    if ty.radius:
        parts += ["<h2>Radii</h2>", '<div class="radii">']
        for d in ty.radius:
            parts.append(
                f'<div><div class="radius" data-slug="{d.slug}" style="border-radius:var(--radius-{d.slug})"></div>'
                f'<div class="code">--radius-{d.slug} · {dimension(d.value)}</div></div>'
            )
        parts.append("</div>")
    if ty.shadows:
        parts += ["<h2>Shadows</h2>", '<div class="shadows">']
        for s in ty.shadows:
            parts.append(
                f'<div><div class="shadowcard" data-slug="{s.slug}" style="box-shadow:var(--shadow-{s.slug})"></div>'
                f'<div class="name">{escape(s.token.name)}</div>'
                f'<div class="code">{escape(shadow(s.layers))}</div></div>'
            )
        parts.append("</div>")
    return parts
