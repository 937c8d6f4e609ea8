"""The `rakenskaper` command. Each subcommand calls the same functions the Airflow DAG calls.

The demo's generator is not part of it: it is its own command, `rakenskaper-demo` (rakenskaper.demo.cli).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def _cmd_run(args: argparse.Namespace) -> int:
    from rakenskaper import pipeline

    return pipeline.main(
        sources=args.sources,
        warehouse=args.warehouse,
        closed_through=args.closed_through,
        rebuild=args.rebuild,
        dry_run=args.dry_run,
        demo=args.demo,
    )


def _cmd_check_sie(args: argparse.Namespace) -> int:
    from rakenskaper.sie import check

    return check.main([Path(f) for f in args.files])


AIRFLOW_EXTRA_MISSING = (
    "airflow-setup needs Airflow and Cosmos, which this installation does not have ({missing}): install the "
    "package with its airflow extra, e.g. pip install 'rakenskaper[airflow]' (make setup does). "
    "`rakenskaper run` needs neither."
)


def _cmd_airflow_setup(args: argparse.Namespace) -> int:
    try:
        import airflow  # noqa: F401 - only to tell a missing extra from any other failure
        import cosmos  # noqa: F401
    except ImportError as missing:
        print(AIRFLOW_EXTRA_MISSING.format(missing=missing), file=sys.stderr)
        return 2
    from rakenskaper import airflow_support

    return airflow_support.main_setup(
        alerts_file=args.alerts_file, alerts_webhook=args.alerts_webhook, alerts_email=args.alerts_email
    )


def _cmd_report(args: argparse.Namespace) -> int:
    from rakenskaper import report

    return report.main_report(period=args.period, fmt=args.format, out=args.out, warehouse=args.warehouse)


def _cmd_compare(args: argparse.Namespace) -> int:
    from rakenskaper import report

    return report.main_compare(published=args.published, period=args.period, warehouse=args.warehouse)


def _cmd_sql(args: argparse.Namespace) -> int:
    from rakenskaper import sql_shell

    return sql_shell.main(warehouse=args.warehouse, command=args.command_sql)


Option = tuple[tuple[str, ...], dict[str, Any]]


def option(*flags: str, **settings: Any) -> Option:
    """One argument of a sub-command: argparse's add_argument(*flags, **settings)."""
    return flags, settings


# Options more than one sub-command takes, said once.
READ_ONLY_WAREHOUSE = option(
    "--warehouse",
    type=Path,
    default=None,
    help="published DuckDB file, opened read-only (default: warehouse/rakenskaper.duckdb)",
)


@dataclass(frozen=True)
class Command:
    """A sub-command: its name, its one line of help, the function it calls, its options, and options of which
    at most one may be given (``one_of``, listed first in its help)."""

    name: str
    help: str
    call: Callable[[argparse.Namespace], int]
    options: tuple[Option, ...] = ()
    one_of: tuple[Option, ...] = ()


COMMANDS = (
    Command(
        "run",
        "extract → load → dbt build → quality gate → publish",
        _cmd_run,
        one_of=(
            option(
                "--sources",
                type=Path,
                default=None,
                help="source folder (default: RAKENSKAPER_SOURCES; the demo runs only with --demo)",
            ),
            option(
                "--demo",
                action="store_true",
                help="run on the bundled demo sources (the checkout's demo/sources; make run passes it)",
            ),
        ),
        options=(
            option(
                "--warehouse",
                type=Path,
                default=None,
                help="published DuckDB file (default: warehouse/rakenskaper.duckdb)",
            ),
            option(
                "--closed-through",
                default=None,
                metavar="YYYY-MM",
                help="the last closed month: report periods run through it (default: the entity profile's"
                " [books] closed_through, else what the books show)",
            ),
            option(
                "--rebuild",
                action="store_true",
                help="build from the sources alone, not from the published warehouse (reads every file again)",
            ),
            option("--dry-run", action="store_true", help="every step but publish; the published warehouse stays"),
        ),
    ),
    Command(
        "check-sie",
        "validate SIE4 files and print what they hold",
        _cmd_check_sie,
        options=(option("files", nargs="+"),),
    ),
    Command(
        "report",
        "the report pack for a month-end, in the published layout",
        _cmd_report,
        options=(
            option("--period", required=True, help="report month, YYYY-MM (e.g. 2023-08)"),
            option("--format", required=True, choices=("csv", "xlsx", "html")),
            option("--out", type=Path, required=True, help="folder to write into"),
            READ_ONLY_WAREHOUSE,
        ),
    ),
    Command(
        "compare",
        "every cell of our csv pack that differs from the published tables",
        _cmd_compare,
        options=(
            option("--published", type=Path, required=True, help="folder of published tables (*.csv)"),
            option("--period", default=None, help="report month, YYYY-MM (default: the latest in the warehouse)"),
            READ_ONLY_WAREHOUSE,
        ),
    ),
    Command(
        "sql",
        "query the published warehouse, read-only: one query with -c, else a prompt (the duckdb CLI when installed)",
        _cmd_sql,
        options=(
            option(
                "-c",
                "--command",
                dest="command_sql",
                metavar="SQL",
                default=None,
                help="run this query, print its result as a table and exit",
            ),
            READ_ONLY_WAREHOUSE,
        ),
    ),
    Command(
        "airflow-setup",
        "prepare this Airflow (AIRFLOW_HOME) for the nightly DAG: dbt's manifest, the pseudonymisation key Variable,"
        " the alert connection (idempotent)",
        _cmd_airflow_setup,
        one_of=(
            option(
                "--alerts-email",
                metavar="ADDRESS",
                help="alert by e-mail (an smtp connection; add the server's host, port and login to it)",
            ),
            option("--alerts-webhook", metavar="URL", help="alert by POSTing JSON to this URL"),
            option("--alerts-file", type=Path, metavar="PATH", help="alert by appending JSON lines to a file"),
        ),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rakenskaper", description=__doc__)
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-v", "--verbose", action="store_true", help="every line: each dbt node, each check")
    loudness.add_argument("-q", "--quiet", action="store_true", help="warnings, errors and the outcome only")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command_parser = sub.add_parser(command.name, help=command.help)
        if command.one_of:
            group = command_parser.add_mutually_exclusive_group()
            for flags, settings in command.one_of:
                group.add_argument(*flags, **settings)
        for flags, settings in command.options:
            command_parser.add_argument(*flags, **settings)
        command_parser.set_defaults(func=command.call)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.verbose or args.quiet:  # read by the commands' logging set-up (e.g. rakenskaper.pipeline.main)
        os.environ["RAKENSKAPER_LOG_LEVEL"] = "DEBUG" if args.verbose else "WARNING"
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
