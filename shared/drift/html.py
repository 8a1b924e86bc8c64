"""The drift report as one self-contained HTML page for people: the screenshot (embedded) with the
off-token regions outlined and numbered, the findings in tables with the token to use, and what was
not checked. No scripts, no requests (a Content-Security-Policy says so); every text escaped.
"""
from __future__ import annotations

import base64
from html import escape

from shared.domain.drift import ColorFinding, DriftReport, SizeFinding
from shared.drift.overlay import COLORS, marks
from shared.extraction.formats import sniff

CONTENT_TYPE = "text/html; charset=utf-8"
_STYLE = """
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1f;background:#f6f6f8}
main{max-width:1280px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px}
.meta{color:#5b5b66;margin:0 0 4px}
.verdict{display:inline-block;padding:2px 10px;border-radius:999px;font-weight:600;color:#fff}
.pass{background:#15803d}.fail{background:#be123c}
.shot{position:relative;display:inline-block;max-width:100%;border:1px solid #d4d4dc;background:#fff}
.shot img{display:block;max-width:100%;height:auto}
.mark{position:absolute;border:2px solid;border-radius:2px}
.mark b{position:absolute;left:-2px;top:-20px;font:600 11px/18px system-ui,sans-serif;color:#fff;padding:0 5px;
 white-space:nowrap;border-radius:2px}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:8px;overflow:hidden;font-size:13px}
th,td{padding:7px 10px;border-bottom:1px solid #ececf1;text-align:left;vertical-align:top}
th{background:#f0f0f5;font-weight:600}
.sw{display:inline-block;width:18px;height:18px;border-radius:4px;border:1px solid rgba(0,0,0,.2);vertical-align:middle;
 margin-right:6px}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f0f0f5;padding:1px 4px;border-radius:3px}
.tag{font-weight:600;text-transform:uppercase;font-size:11px}
.off{color:#be123c}.near{color:#b45309}.on{color:#15803d}.blend,.noise{color:#6b6b76}
details{margin-top:10px}
ul.notes{color:#5b5b66;padding-left:18px}
"""


def _pct(v: float) -> str:
    return f"{100 * v:.2f} %"


def _where(boxes) -> str:
    if not boxes:
        return ""
    b = boxes[0]
    more = f" (+{len(boxes) - 1})" if len(boxes) > 1 else ""
    return f"{b.x},{b.y} {b.w}×{b.h}{more}"


def _color_row(n: int | str, f: ColorFinding) -> str:
    token = ""
    if f.nearest is not None:
        token = (f'<span class="sw" style="background:{escape(f.nearest.value)}"></span>{escape(f.nearest.path)} '
                 f"<code>{escape(f.nearest.css_var)}</code>")
    return (f'<tr><td>{n}</td><td class="tag {f.verdict}">{f.verdict}</td>'
            f'<td><span class="sw" style="background:{f.hex}"></span><code>{f.hex}</code></td>'
            f"<td>{_pct(f.share)}</td><td>{escape(_where(f.boxes))}</td><td>{token}</td>"
            f"<td>{'' if f.delta_e is None else f'{f.delta_e:.1f}'}</td><td>{escape(f.suggestion)}</td></tr>")


def _size_row(n: int | str, f: SizeFinding) -> str:
    token = f"{escape(f.nearest.path)} <code>{escape(f.nearest.css_var)}</code>" if f.nearest else ""
    return (f'<tr><td>{n}</td><td class="tag {f.verdict}">{f.verdict}</td><td>{f.px:g}px</td>'
            f"<td>{escape(_where(f.boxes))}</td><td>{token}</td><td>{escape(f.suggestion)}</td></tr>")


def render_html(report: DriftReport, image_bytes: bytes | None, *, title: str, fail_above: float | None = None) -> bytes:
    """`image_bytes`: the screenshot as it was checked (embedded as it is), None to leave it out."""
    w, h = report.image.get("width"), report.image.get("height")
    numbered = {id(m): m for m in marks(report)}
    marks_html = []
    if image_bytes and w and h:
        for m in numbered.values():
            color = COLORS[m.kind]
            for i, b in enumerate(m.boxes):
                label = f'<b style="background:{color}">{m.number} {escape(m.label)}</b>' if i == 0 else ""
                marks_html.append(
                    f'<div class="mark" style="border-color:{color};left:{100 * b.x / w:.3f}%;top:{100 * b.y / h:.3f}%;'
                    f'width:{100 * b.w / w:.3f}%;height:{100 * b.h / h:.3f}%">{label}</div>')
    shot = ""
    if image_bytes:
        _, mime = sniff(image_bytes)
        data = base64.b64encode(image_bytes).decode("ascii")
        shot = (f'<div class="shot"><img alt="the checked screenshot" src="data:{mime};base64,{data}">'
                f'{"".join(marks_html)}</div>')
    status = ""
    if fail_above is not None:
        failed = report.fails(fail_above)
        status = (f'<span class="verdict {"fail" if failed else "pass"}">{"fails" if failed else "passes"}'
                  f" (limit {_pct(fail_above)})</span> ")
    number = iter(range(1, 10_000))
    flagged = [c for c in report.colors if c.verdict in ("off", "near")]
    rest = [c for c in report.colors if c.verdict not in ("off", "near")]
    color_rows = "".join(_color_row(next(number), c) for c in flagged)
    sizes = [f for group in (report.text, report.spacing, report.radii) for f in group if f.verdict != "on"]
    size_rows = "".join(_size_row(next(number), f) for f in sizes)
    shadow_rows = "".join(
        f'<tr><td>{next(number)}</td><td class="tag off">off</td><td><code>{escape(s.css)}</code></td>'
        f"<td>{escape(s.suggestion)}</td></tr>" for s in report.shadows if s.verdict != "on")
    on_sizes = [f for group in (report.text, report.spacing, report.radii) for f in group if f.verdict == "on"]
    ref = report.reference
    head = ("<tr><th>#</th><th>verdict</th><th>color</th><th>area</th><th>where (x,y w×h)</th><th>nearest token</th>"
            "<th>ΔE</th><th>what to do</th></tr>")
    size_head = "<tr><th>#</th><th>verdict</th><th>measured</th><th>where</th><th>nearest step</th><th>what to do</th></tr>"
    parts = [
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">",
        f"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{escape(title)} — drift report</title>",
        f"<style>{_STYLE}</style></head><body><main>",
        f"<h1>Drift report: {escape(title)}</h1>",
        f"<p class=\"meta\">{status}{escape(report.summary)}</p>",
        f"<p class=\"meta\">Off-token area {_pct(report.off_share)} · near {_pct(report.near_share)} · on "
        f"{_pct(report.on_share)} · tolerance ΔE2000 {report.tolerance:g} (near: ≤ {2 * report.tolerance:g}) · "
        f"against {escape(ref.source)}: {ref.colors} colors, {ref.font_sizes} font sizes, {ref.spacing} spacings, "
        f"{ref.radii} radii, {ref.shadows} shadows</p>",
        shot,
        "<h2>Colors off or near a token</h2>",
        f"<table>{head}{color_rows}</table>" if color_rows else "<p>Every measured color is a token.</p>",
    ]
    if size_rows:
        parts.append(f"<h2>Sizes not in the scale</h2><table>{size_head}{size_rows}</table>")
    if shadow_rows:
        parts.append("<h2>Shadows not in the set</h2><table><tr><th>#</th><th>verdict</th><th>measured</th>"
                     f"<th>what to do</th></tr>{shadow_rows}</table>")
    if rest or on_sizes:
        body = "".join(_color_row("", c) for c in rest)
        parts.append(f"<details><summary>On-token, anti-aliasing and noise ({len(rest)} colors, {len(on_sizes)} "
                     f"sizes)</summary><table>{head}{body}</table>"
                     + (f"<table>{size_head}{''.join(_size_row('', f) for f in on_sizes)}</table>" if on_sizes else "")
                     + "</details>")
    if report.notes:
        parts.append("<h2>Not checked</h2><ul class=\"notes\">" + "".join(f"<li>{escape(n)}</li>" for n in report.notes)
                     + "</ul>")
    parts.append("</main></body></html>\n")
    return "".join(parts).encode("utf-8")
