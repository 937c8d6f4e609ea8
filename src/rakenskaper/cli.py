"""The `rakenskaper` command. Each subcommand calls the same functions the Airflow DAG calls."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _cmd_run(args: argparse.Namespace) -> int:
    from rakenskaper import pipeline

    return pipeline.main(sources=args.sources, warehouse=args.warehouse)


def _cmd_check_sie(args: argparse.Namespace) -> int:
    from rakenskaper.sie import check

    return check.main([Path(f) for f in args.files])


def _cmd_demo_generate(args: argparse.Namespace) -> int:
    from rakenskaper.demo import generate

    return generate.main(out=args.out)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rakenskaper", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="extract → load → dbt build → quality gate → publish")
    run.add_argument("--sources", type=Path, default=None, help="source folder (default: the bundled demo)")
    run.add_argument("--warehouse", type=Path, default=None,
                     help="published DuckDB file (default: warehouse/rakenskaper.duckdb)")
    run.set_defaults(func=_cmd_run)

    check_sie = sub.add_parser("check-sie", help="validate SIE4 files and print what they hold")
    check_sie.add_argument("files", nargs="+")
    check_sie.set_defaults(func=_cmd_check_sie)

    demo = sub.add_parser("demo", help="the bundled demo data")
    demo_sub = demo.add_subparsers(dest="demo_command", required=True)
    gen = demo_sub.add_parser("generate", help="regenerate the demo source files (deterministic)")
    gen.add_argument("--out", type=Path, default=None, help="source folder to write (default: the bundled one)")
    gen.set_defaults(func=_cmd_demo_generate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
