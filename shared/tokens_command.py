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


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("tokens", help="images → design tokens in every format, no cloud")
    p.add_argument("images", nargs="+", help="PNG, JPEG, WebP or GIF files")
    p.add_argument("-o", "--out", default="tokens", help="folder for the files (default: tokens)")
    p.add_argument("--name", default=None, help="project name used in the files (default: the folder's name)")
    p.add_argument("--max", type=int, default=12, dest="max_colors", help="colors per image (default 12)")
    p.set_defaults(func=run)


def run(args) -> int:
    from shared.library.plan import plan_merge
    from shared.exporters import FORMATS, render
    from shared.extraction.image import load_image
    from shared.extraction.pixels import extract_palette
    from shared.services.export import bundle_from_tokens
    from shared.swatch import token_line

    out = Path(args.out)
    name = args.name or out.resolve().name
    project_id = "local-" + hashlib.sha256(name.encode()).hexdigest()[:12]
    library: dict[str, object] = {}
    for path in args.images:
        try:
            data = Path(path).read_bytes()
            image = load_image(data)
        except OSError as exc:
            print(f"copythat: cannot read {path}: {exc.strerror}", file=sys.stderr)
            return 2
        except AppError as err:
            print(f"copythat: {path}: {err.message} ({err.code})", file=sys.stderr)
            return 2
        palette = extract_palette(image, args.max_colors)
        plan = plan_merge(list(library.values()), palette, project_id=project_id,
                          job_id="local-" + image.sha256[:16], image_sha256=image.sha256)
        library.update({t.id: t for t in plan.upserts})
        print(f"{path}: {len(palette)} colors")
    bundle = bundle_from_tokens(project_id, name, list(library.values()))
    out.mkdir(parents=True, exist_ok=True)
    for t in bundle.tokens:
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
