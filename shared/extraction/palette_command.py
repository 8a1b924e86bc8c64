"""`copythat palette IMAGE [--max N] [--json]`: the pixel extractor from the command line.

The `copythat` console script owns the top-level parser and dispatches here through `add_parser`
and `run`. Output: true-colour ANSI swatches on a terminal, plain lines otherwise, or with `--json`
exactly `[{"hex": "#RRGGBB", "share": 0.12}, …]`, most important first, plus `"imagery": true` on a
colour that stands for a photo or gradient (its dominant colour) rather than for the design. A file that cannot be read
or is not an accepted image prints one line on stderr and exits 2 (no traceback).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from shared.domain.errors import AppError
from shared.extraction.image import ImageLimits, load_image
from shared.extraction.pixels import IMAGERY_SOURCE, extract_palette

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("palette", help="extract the colour palette of an image from its pixels",
                                   description="Extract the design colours of an image (no API key needed).")
    parser.add_argument("image", help="path to a PNG, JPEG, WebP or GIF file")
    parser.add_argument("--max", type=_positive_int, default=12, dest="max_colors", metavar="N",
                        help="at most N colours (default 12)")
    parser.add_argument("--json", action="store_true", help='print [{"hex": "#RRGGBB", "share": 0.12}, …]')
    parser.set_defaults(handler=run)
    return parser


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run(args: argparse.Namespace) -> int:
    path = Path(args.image)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"copythat palette: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        limits = ImageLimits()
        palette = extract_palette(load_image(data, limits), getattr(args, "max_colors", 12))
    except AppError as exc:
        print(f"copythat palette: {path}: {exc.message} ({exc.code})", file=sys.stderr)
        return EXIT_BAD_INPUT
    if getattr(args, "json", False):
        print(json.dumps([{"hex": c.hex, "share": round(c.share, 4)} | ({"imagery": True} if _imagery(c) else {})
                          for c in palette]))
        return EXIT_OK
    color = sys.stdout.isatty()
    for c in palette:
        r, g, b = (int(c.hex[i:i + 2], 16) for i in (1, 3, 5))
        swatch = f"\x1b[48;2;{r};{g};{b}m      \x1b[0m " if color else ""
        print(f"{swatch}{c.hex}  {c.share * 100:5.1f}%" + ("  imagery" if _imagery(c) else ""))
    return EXIT_OK


def _imagery(c) -> bool:
    return c.source == IMAGERY_SOURCE


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (`python -m shared.extraction.palette_command palette IMAGE`), for development."""
    parser = argparse.ArgumentParser(prog="copythat")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
