"""`rakenskaper-demo`: the demo's own command, apart from the product's `rakenskaper` (which never imports
the generator). ``rakenskaper-demo generate`` writes the demo sources again, byte for byte."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rakenskaper-demo", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="regenerate the demo source files (deterministic)")
    gen.add_argument(
        "--out", type=Path, default=None, help="source folder to write (default: the checkout's demo/sources)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from rakenskaper import paths

    if not paths.demo_published_dir().is_dir():
        print(
            f"no demo folder at {paths.demo_dir()}: the generator reads the published tables in the repository's "
            "demo/published/ (run it from a checkout, or set RAKENSKAPER_HOME to one)",
            file=sys.stderr,
        )
        return 2
    from rakenskaper.demo import generate

    return int(generate.main(out=args.out) or 0)


if __name__ == "__main__":
    sys.exit(main())
