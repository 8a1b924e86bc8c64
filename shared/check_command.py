"""`copythat check IMAGE… --tokens FILE.tokens.json`: is this screenshot on-brand? For CI, in-process.

Each image is checked against any DTCG 2025.10 file (ours or another tool's, aliases resolved): its
colors on / near / off the color tokens, its text sizes against the type scale. Exit 0 when every
image's off-token share is at most `--fail-above` (default 0.5 %), 1 when one is above, 2 on bad input
(a tokens file that is not DTCG or has no color tokens, an image that cannot be read) with one line on
stderr and nothing on stdout. `--report DIR` also writes each image's HTML report and PNG overlay.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from shared.domain.drift import DEFAULT_TOLERANCE, DriftReport
from shared.domain.errors import AppError

EXIT_OK, EXIT_DRIFT, EXIT_BAD_INPUT = 0, 1, 2
DEFAULT_FAIL_ABOVE = 0.005


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("check", help="is this screenshot on-brand? off-token report against a DTCG file",
                              description="Check screenshots against design tokens (no cloud, no account).")
    p.add_argument("images", nargs="+", help="PNG, JPEG, WebP or GIF files")
    p.add_argument("--tokens", required=True, help="a DTCG tokens file (.tokens.json), ours or any tool's")
    p.add_argument("--tolerance", type=_tolerance, default=DEFAULT_TOLERANCE,
                   help=f"ΔE2000 within which a color is on a token (default {DEFAULT_TOLERANCE:g}; near: 2×)")
    p.add_argument("--fail-above", type=_percent, default=DEFAULT_FAIL_ABOVE, metavar="PERCENT",
                   help="fail when an image's off-token area is above this share, e.g. 0.5%% (the default)")
    p.add_argument("--format", choices=("text", "json", "junit"), default="text", help="output (default text)")
    p.add_argument("--report", type=Path, default=None, metavar="DIR",
                   help="also write <image>.drift.html and <image>.drift.png for each image into DIR")
    p.add_argument("--dpr", type=float, default=None, dest="device_pixel_ratio",
                   help="image px per CSS px of the screenshots (default: recognised from the text)")
    p.set_defaults(func=run)


def _tolerance(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < v <= 50:
        raise argparse.ArgumentTypeError("a ΔE2000 above 0 and at most 50")
    return v


def _percent(text: str) -> float:
    """'0.5%' or '0.5' (percent of the image) → 0.005."""
    try:
        v = float(text.strip().rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"a percentage such as 0.5%, not {text!r}") from None
    if not 0 <= v <= 100:
        raise argparse.ArgumentTypeError("a percentage from 0 to 100")
    return v / 100


def _bad(message: str) -> int:
    print(f"copythat check: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def run(args) -> int:
    from shared.drift.check import check_image
    from shared.drift.reference import reference_from_dtcg
    from shared.exporters.dtcg_reader import parse

    try:
        raw = Path(args.tokens).read_bytes()
    except OSError as exc:
        return _bad(f"cannot read {args.tokens}: {exc.strerror or exc}")
    try:
        reference = reference_from_dtcg(parse(raw), Path(args.tokens).name)
    except AppError as err:
        return _bad(f"{args.tokens}: {err.message} ({err.code})")
    results: list[tuple[str, bytes, DriftReport]] = []
    for path in args.images:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            return _bad(f"cannot read {path}: {exc.strerror or exc}")
        try:
            checked = check_image(data, reference, tolerance=args.tolerance,
                                  device_pixel_ratio=args.device_pixel_ratio)
        except AppError as err:
            return _bad(f"{path}: {err.message} ({err.code})")
        results.append((path, data, checked.report))
    if args.report is not None:
        _write_reports(args.report, results, args.fail_above)
    print({"text": _text, "json": _json, "junit": _junit}[args.format](results, args))
    return EXIT_DRIFT if any(r.fails(args.fail_above) for _, _, r in results) else EXIT_OK


def _write_reports(folder: Path, results, fail_above: float) -> None:
    from shared.drift.html import render_html
    from shared.drift.overlay import render_overlay

    folder.mkdir(parents=True, exist_ok=True)
    for path, data, report in results:
        stem = Path(path).name
        (folder / f"{stem}.drift.html").write_bytes(render_html(report, data, title=stem, fail_above=fail_above))
        (folder / f"{stem}.drift.png").write_bytes(render_overlay(data, report))


def _where(boxes) -> str:
    if not boxes:
        return ""
    b = boxes[0]
    return f" at {b.x},{b.y} {b.w}×{b.h}" + (f" (+{len(boxes) - 1} more)" if len(boxes) > 1 else "")


def findings(report: DriftReport) -> list[str]:
    """The lines a developer acts on: off and near colors, sizes off the scale, shadows not in the set."""
    lines = [f"{c.verdict:<4}  {c.hex}  {c.share:6.2%}{_where(c.boxes)}: {c.suggestion}"
             for c in report.colors if c.verdict in ("off", "near")]
    for group in (report.text, report.spacing, report.radii):
        lines += [f"{f.verdict:<4}  {f.kind} {f.px:g}px{_where(f.boxes)}: {f.suggestion}" for f in group
                  if f.verdict != "on"]
    lines += [f"off   shadow{_where(s.boxes)}: {s.suggestion}" for s in report.shadows if s.verdict != "on"]
    return lines


def _text(results, args) -> str:
    out = []
    for path, _, r in results:
        verdict = "FAIL" if r.fails(args.fail_above) else "ok"
        out.append(f"{path}: {verdict} — {r.summary} (off-token {r.off_share:.2%}, limit {args.fail_above:.2%})")
        out += [f"  {line}" for line in findings(r)]
        out += [f"  note: {n}" for n in r.notes]
    failed = sum(r.fails(args.fail_above) for _, _, r in results)
    out.append(f"{len(results)} image{'s' if len(results) != 1 else ''} checked against {Path(args.tokens).name}: "
               + (f"{failed} above {args.fail_above:.2%} off-token" if failed else "all within the limit"))
    return "\n".join(out)


def _json(results, args) -> str:
    return json.dumps({"tokens": str(args.tokens), "tolerance": args.tolerance, "failAbove": args.fail_above,
                       "passed": not any(r.fails(args.fail_above) for _, _, r in results),
                       "images": [{"file": path, "passed": not r.fails(args.fail_above),
                                   "report": r.model_dump(by_alias=True, exclude_none=True, mode="json")}
                                  for path, _, r in results]}, ensure_ascii=False, indent=1)


def _junit(results, args) -> str:
    cases = []
    for path, _, r in results:
        body = "\n".join(findings(r) + [f"note: {n}" for n in r.notes])
        case = f'  <testcase classname="copythat.check" name={quoteattr(path)}>'
        if r.fails(args.fail_above):
            message = f"off-token area {r.off_share:.2%} is above {args.fail_above:.2%}: {r.summary}"
            case += f"\n    <failure message={quoteattr(message)} type=\"drift\">{escape(body)}</failure>"
        elif body:
            case += f"\n    <system-out>{escape(body)}</system-out>"
        cases.append(case + "\n  </testcase>")
    failures = sum(r.fails(args.fail_above) for _, _, r in results)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="copythat check" tests="{len(results)}" failures="{failures}">\n'
            f'<testsuite name={quoteattr("drift against " + Path(args.tokens).name)} tests="{len(results)}" '
            f'failures="{failures}">\n' + "\n".join(cases) + "\n</testsuite>\n</testsuites>")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="copythat")
    add_parser(parser.add_subparsers(dest="command", required=True))
    a = parser.parse_args()
    sys.exit(a.func(a))
