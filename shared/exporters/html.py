"""Self-contained HTML preview: swatches, names, roles, contrast badges, scales, both schemes;
a type specimen, font families and weights, spacing bars, radius samples and shadow cards.

No external requests: inline CSS only (the CSS export itself is embedded and drives the scheme
panels through ``data-theme`` and every typed sample through its classes and variables), system
fonts, no images, no scripts.
"""

from __future__ import annotations

from html import escape

from . import _html_typed
from . import css as css_export
from ._model import View, contrast_info, contrast_ratio, css_oklch, header_lines

NAME = "html"
LABEL = "HTML preview"
CONTENT_TYPE = "text/html; charset=utf-8"


def filename(slug: str) -> str:
    return f"{slug}.preview.html"


_STYLE = """
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
 color:#1b1b1f;background:#f6f6f8}
header,main{max-width:1200px;margin:0 auto;padding:24px}
header{padding-bottom:0}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:18px;margin:32px 0 12px}
.meta{color:#5b5b66;margin:0}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:14px}
.card{background:#fff;border-radius:10px;overflow:hidden;box-shadow:0 1px 3px rgba(0,0,0,.12)}
.chip{height:96px;display:flex;align-items:flex-end;justify-content:space-between;padding:8px;
 font-weight:600;font-size:13px}
.info{padding:10px 12px}
.name{font-weight:600;font-size:15px}
.code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#4a4a55;word-break:break-all}
.role{display:inline-block;margin-top:6px;padding:1px 8px;border-radius:999px;background:#ececf3;
 color:#33334a;font-size:12px}
.badges{display:flex;gap:6px;margin-top:8px;flex-wrap:wrap}
.badge{font-size:11px;padding:2px 6px;border-radius:4px;border:1px solid #c9c9d3;white-space:nowrap}
.badge.pass{background:#e3f5e8;border-color:#9bd3ab;color:#0f5a2a}
.badge.fail{background:#fdeaea;border-color:#efb0b0;color:#8a1c1c}
.badge.large{background:#fff4dc;border-color:#f0cf8a;color:#6b4a00}
.scale{display:grid;grid-template-columns:160px repeat(11,1fr);gap:4px;align-items:stretch;margin-bottom:6px}
.scale .label{font-weight:600;align-self:center;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.step{height:44px;border-radius:6px;font-size:10px;display:flex;align-items:flex-end;padding:3px 4px}
.schemes{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.scheme{border-radius:12px;padding:18px;border:1px solid rgba(127,127,127,.3)}
.scheme h3{margin:0 0 10px;font-size:16px}
.roles{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px}
.rolechip{border-radius:8px;padding:8px;min-height:56px;font-size:12px;border:1px solid rgba(127,127,127,.25)}
.rolechip b{display:block;font-size:13px}
.sample{margin-top:14px;padding:12px;border-radius:8px}
.button{display:inline-block;margin-top:8px;padding:6px 14px;border-radius:6px;font-weight:600}
footer{max-width:1200px;margin:0 auto;padding:8px 24px 32px;color:#6b6b76;font-size:12px}
"""


def _ink(hex_: str) -> str:
    """Black or white, whichever reads better on hex_."""
    return "#000000" if contrast_ratio(hex_, "#000000") >= contrast_ratio(hex_, "#ffffff") else "#ffffff"


def _badge(label: str, ratio: float) -> str:
    level = "AAA" if ratio >= 7 else "AA" if ratio >= 4.5 else "AA large" if ratio >= 3 else "fail"
    cls = "pass" if ratio >= 4.5 else "large" if ratio >= 3 else "fail"
    return (
        f'<span class="badge {cls}" title="WCAG 2.1 contrast {label}">'
        f"{escape(label)} {ratio:.2f} · {level}</span>"
    )


def _roles_of(view: View, scheme: str) -> dict[str, str]:
    return {s.role: s.hex for s in view.schemes.get(scheme, [])}


def render_view(view: View) -> bytes:
    b = view.bundle
    e_ = escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e_(b.project_name)} — design tokens</title>",
        "<style>",
        _STYLE.strip(),
        _html_typed.STYLE.strip(),
        "</style>",
        '<style id="tokens">',
        css_export.render_view(view).decode("utf-8").replace("</", "<\\/"),
        "</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{e_(b.project_name)}</h1>",
    ]
    parts += [f'<p class="meta">{e_(ln)}</p>' for ln in header_lines(view, "Design tokens")[1:]]
    parts.append(f'<p class="meta">{e_(view.summary())}</p>')
    if view.entries:
        parts.append(
            f'<p class="meta">{sum(1 for e in view.entries if e.scale)} tonal scales · '
            f"schemes: {e_(', '.join(view.schemes) or 'none')}</p>"
        )
    parts += ["</header>", "<main>"]
    if view.entries:
        parts += ["<h2>Palette</h2>", '<div class="grid">']
    for e in view.entries:
        t = e.token
        c = contrast_info(t, e.hex)
        ink = _ink(e.hex)
        role = f'<span class="role">{e_(t.role)}</span>' if t.role else ""
        parts.append(
            f'<div class="card"><div class="chip" style="background:{e.hex};color:{ink}">'
            f'<span>Aa</span><span>{e.hex.upper()}</span></div><div class="info">'
            f'<div class="name">{e_(t.name.strip() or e.slug)}</div>'
            f'<div class="code">--color-{e_(e.slug)}</div>'
            f'<div class="code">{e_(css_oklch(e.hex))}</div>{role}'
            f'<div class="badges">{_badge("on white", c["onWhite"])}{_badge("on black", c["onBlack"])}</div>'
            f"</div></div>"
        )
    if view.entries:
        parts.append("</div>")
    if any(e.scale for e in view.entries):
        parts.append("<h2>Tonal scales</h2>")
        for e in view.entries:
            if not e.scale:
                continue
            parts.append(
                f'<div class="scale"><div class="label" title="{e_(e.token.name)}">{e_(e.token.name)}</div>'
            )
            for step, h in e.scale.items():
                parts.append(
                    f'<div class="step" style="background:{h};color:{_ink(h)}" '
                    f'title="--color-{e_(e.prefix)}-{step} {h}">{step}</div>'
                )
            parts.append("</div>")
    if view.schemes:
        parts += ["<h2>Color schemes</h2>", '<div class="schemes">']
        for scheme, items in view.schemes.items():
            roles = _roles_of(view, scheme)
            bg = (
                roles.get("background")
                or roles.get("surface")
                or ("#121214" if scheme == "dark" else "#ffffff")
            )
            fg = roles.get("text") or roles.get("on-background") or _ink(bg)
            parts.append(
                f'<section class="scheme" data-theme="{e_(scheme)}" '
                f'style="background:var(--color-background, {bg});color:var(--color-text, {fg})">'
                f"<h3>{e_(scheme.capitalize())}</h3>"
                f'<div class="roles">'
            )
            for s in items:
                ink = _ink(s.hex)
                src = s.ref.flat_name() or "literal"
                parts.append(
                    f'<div class="rolechip" style="background:var(--color-{e_(s.role)});color:{ink}">'
                    f"<b>{e_(s.role)}</b>{s.hex.upper()} · {e_(src)}</div>"
                )
            parts.append("</div>")
            ratio = contrast_ratio(fg, bg)
            sample = (
                f'<div class="sample" style="background:var(--color-surface, {bg})">'
                f"Body text on the {e_(scheme)} background: contrast {ratio:.2f}:1 "
                f"{'(AA)' if ratio >= 4.5 else '(below AA)'}."
            )
            if "primary" in roles:
                on = roles.get("on-primary") or _ink(roles["primary"])
                sample += (
                    f'<br><span class="button" style="background:var(--color-primary);'
                    f'color:var(--color-on-primary, {on})">Primary action</span>'
                )
            parts += [sample + "</div>", "</section>"]
        parts.append("</div>")
    parts += _html_typed.sections(view)
    parts += [
        "</main>",
        "<footer>Generated by Copy That."
        + (" Contrast badges: WCAG 2.1 ratio of the color as text on white and on black (AA ≥ 4.5, AAA ≥ 7)."
           if view.entries else "")
        + "</footer>",
        "</body>",
        "</html>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")
