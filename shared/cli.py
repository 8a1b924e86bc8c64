"""`copythat`: the product's command line.

  copythat demo [IMAGE…] [-o DIR]     the main job on the local stack: images in, tokens and exports out
  copythat stack                      bring the local stack and the web client up (Ctrl-C stops them)
  copythat palette IMAGE [--max N] [--json]   a palette straight from an image, no cloud
  copythat tokens IMAGE… [-o DIR]     images → tokens in every export format, in-process, no cloud
  copythat check IMAGE… --tokens F    is it on-brand? off-token report against a DTCG file, for CI
  copythat smoke --project P …        after a deploy: indexes, a task, a scheduler call, a signed PUT,
                                      an upload to done (`--local`: the running local stack)
"""
from __future__ import annotations

import argparse
import sys


def _cmd_demo(args) -> int:
    from shared.localstack.demo import run_demo

    return run_demo(args.images, args.out)


def _cmd_stack(args) -> int:
    import time

    from shared.localstack.layout import Layout
    from shared.localstack.stack import LocalStack

    layout = Layout.from_env()
    with LocalStack(layout):
        print("Environment for clients of this stack:")
        for k, v in layout.client_env().items():
            print(f"  export {k}={v}")
        print("Functions: " + ", ".join(f"{f}={layout.function_url(f)}" for f in
                                        ("upload", "export", "library", "usage", "extract", "enrich",
                                         "cost_rollup")))
        print(f"Web client: {layout.web_url}  (Create account with any e-mail and a 6+ character password)")
        print("Ctrl-C stops everything.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("\nStopping…")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="copythat", description="Images in, design tokens out.")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="run the main job end to end on the local stack")
    demo.add_argument("images", nargs="*", help="PNG/JPEG/WebP/GIF files (default: a generated sample)")
    demo.add_argument("-o", "--out", default="out", help="folder for the exports (default: out)")
    demo.set_defaults(func=_cmd_demo)
    stack = sub.add_parser("stack", help="run the local stack until Ctrl-C")
    stack.set_defaults(func=_cmd_stack)
    from shared import check_command, smoke_command, tokens_command

    tokens_command.add_parser(sub)
    check_command.add_parser(sub)
    smoke_command.add_parser(sub)
    try:
        from shared.extraction import palette_command
    except ImportError:
        palette_command = None
    if palette_command is not None:
        palette_command.add_parser(sub)
        sub.choices["palette"].set_defaults(func=palette_command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
