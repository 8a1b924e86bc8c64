"""`copythat tokens IMAGE… -o DIR`: the pipeline in-process, for a designer who just wants the files.

The same code the cloud runs — image normalization, the pixel extractor, the library merge the
enrich step makes, the export bundle and every exporter — with no server and no account.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from shared.domain.errors import AppError
from shared.domain.tokens import EXTRACTABLE, TokenType


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("tokens", help="images → design tokens in every format, no cloud")
    p.add_argument("images", nargs="+", help="PNG, JPEG, WebP or GIF files")
    p.add_argument("-o", "--out", default="tokens", help="folder for the files (default: tokens)")
    p.add_argument("--name", default=None, help="project name used in the files (default: the folder's name)")
    p.add_argument("--max", type=int, default=12, dest="max_colors", help="colors per image (default 12)")
    p.add_argument("--types", default=",".join(EXTRACTABLE), type=_types,
                   help=f"token types to extract, comma-separated (default: {','.join(EXTRACTABLE)})")
    p.add_argument("--dpr", type=float, default=None, dest="device_pixel_ratio",
                   help="image px per CSS px of the screenshots (default: recognised from the text)")
    p.set_defaults(func=run)


def _types(value: str) -> list[str]:
    asked = [t.strip() for t in value.split(",") if t.strip()]
    unknown = sorted(set(asked) - set(EXTRACTABLE))
    if not asked or unknown:
        raise argparse.ArgumentTypeError(f"token types are {', '.join(EXTRACTABLE)}; got {value!r}")
    return [t for t in EXTRACTABLE if t in asked]


def run(args) -> int:
    from shared.exporters import FORMATS, render
    from shared.extraction.run import extract_tokens
    from shared.library.plan import plan_merge
    from shared.services.export import bundle_from_tokens
    from shared.swatch import token_line

    out = Path(args.out)
    name = args.name or out.resolve().name
    project_id = "local-" + hashlib.sha256(name.encode()).hexdigest()[:12]
    library: dict[str, object] = {}
    for path in args.images:
        try:
            found = extract_tokens(Path(path).read_bytes(), token_types=args.types, max_colors=args.max_colors,
                                   device_pixel_ratio=args.device_pixel_ratio)
        except OSError as exc:
            print(f"copythat: cannot read {path}: {exc.strerror}", file=sys.stderr)
            return 2
        except AppError as err:
            print(f"copythat: {path}: {err.message} ({err.code})", file=sys.stderr)
            return 2
        image = found.image
        plan = plan_merge(list(library.values()), found.palette, project_id=project_id,
                          job_id="local-" + image.sha256[:16], image_sha256=image.sha256,
                          typography_result=found.typography, layout_result=found.layout)
        library.update({t.id: t for t in plan.upserts})
        parts = [f"{len(found.palette)} colors"] if "color" in args.types else []
        if found.typography is not None:
            t = found.typography
            parts.append(f"{len(t.styles)} text styles from {t.lines} lines at device-pixel ratio "
                         f"{t.device_pixel_ratio:g} ({t.dpr_source})")
        if found.layout is not None:
            lay = found.layout
            asked = [t for t in ("spacing", "radius", "shadow") if t in args.types]
            counts = {"spacing": f"{len(lay.spacing)} spacing steps" + (f" (base {lay.base_unit} px)" if lay.base_unit else ""),
                      "radius": f"{len(lay.radii)} radii", "shadow": f"{len(lay.shadows)} elevations"}
            parts.append(", ".join(counts[t] for t in asked) + f" from {lay.boxes} boxes")
        print(f"{path}: " + ", ".join(parts) + "".join(f" — {n}" for n in found.notes))
    if not library:
        print("copythat: nothing to export: no tokens were found in these images", file=sys.stderr)
        return 1
    bundle = bundle_from_tokens(project_id, name, list(library.values()))
    out.mkdir(parents=True, exist_ok=True)
    for kind in TokenType:  # colors, then fonts, weights and text styles, each most important first
        for t in (t for t in bundle.tokens if t.type is kind):
            print("  " + token_line(t))
    for fmt in FORMATS:
        rendered = render(fmt, bundle)
        (out / rendered.filename).write_bytes(rendered.body)
        print(f"  wrote {out / rendered.filename}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="copythat")
    add_parser(parser.add_subparsers(dest="command", required=True))
    a = parser.parse_args()
    sys.exit(a.func(a))
