"""`rakenskaper sql`: read the published warehouse with SQL on a machine that has only this package.

The warehouse is always opened read-only, so a reader never blocks the nightly publish (rakenskaper.publish).
With a query (``-c``) the result is printed as a plain-text table; without one, the `duckdb` CLI is started
read-only when it is installed (line editing, completion, its dot commands), else a simple prompt reads
statements ending in ``;`` and prints each result.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

NULL_TEXT = "NULL"  # as the duckdb CLI prints a missing value
QUIT_WORDS = {".quit", ".exit", "quit", "exit", r"\q"}


def cell_text(value: object) -> str:
    """A value as the table shows it: NULL for none, amounts exactly as stored (no float rounding)."""
    if value is None:
        return NULL_TEXT
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cell_text(item) for item in value) + "]"
    return str(value)


def is_figure(value: object) -> bool:
    """Numbers are right-aligned, so that öre line up down a column of amounts."""
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def format_table(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A result as a plain-text table: a header, a rule, one line per row, and the row count."""
    rows = list(rows)
    texts = [[cell_text(value) for value in row] for row in rows]
    widths = [max([len(name), *(len(row[i]) for row in texts)]) for i, name in enumerate(columns)]
    right = [bool(rows) and all(is_figure(row[i]) or row[i] is None for row in rows) for i in range(len(columns))]

    def line(cells: Sequence[str], aligned_right: Sequence[bool]) -> str:
        return " | ".join(
            cell.rjust(w) if r else cell.ljust(w) for cell, w, r in zip(cells, widths, aligned_right)
        ).rstrip()

    out = [line(columns, right), "-+-".join("-" * w for w in widths)]
    out += [line(row, right) for row in texts]
    out.append(f"({len(rows)} {'row' if len(rows) == 1 else 'rows'})")
    return "\n".join(out)


def open_read_only(warehouse: Path):
    import duckdb

    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse} (run `rakenskaper run` first, or pass --warehouse)")
    return duckdb.connect(str(warehouse), read_only=True)


def run_query(con, query: str) -> str:
    """Run ``query`` (one or more statements; the last one's result is shown) and return the printed text."""
    con.execute(query)
    if con.description is None:  # a statement without a result (SET, a PRAGMA without output)
        return "OK"
    columns = [column[0] for column in con.description]
    return format_table(columns, con.fetchall())


def statements(lines: Iterable[str]) -> Iterable[str]:
    """The prompt's input as whole statements: lines are joined until one ends with ``;``; a quit word ends it."""
    pending: list[str] = []
    for raw in lines:
        text = raw.strip()
        if not pending and text.lower() in QUIT_WORDS:
            return
        if not text:
            continue
        pending.append(raw.rstrip("\n"))
        if text.endswith(";"):
            yield "\n".join(pending)
            pending = []
    if pending:
        yield "\n".join(pending)


def prompt_lines(stdin) -> Iterable[str]:
    """Lines typed at the prompt (with line editing and history where the readline module exists)."""
    if not stdin.isatty():
        yield from stdin
        return
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (imported for its effect on input())
    while True:
        try:
            yield input("rakenskaper> ")
        except EOFError:
            print()
            return


def interactive(warehouse: Path, stdin=sys.stdin) -> int:
    """The duckdb CLI read-only when it is on PATH, else the simple prompt over the duckdb Python package."""
    cli = shutil.which("duckdb")
    if cli and stdin.isatty():
        return subprocess.call([cli, "-readonly", str(warehouse)])
    con = open_read_only(warehouse)
    if stdin.isatty():
        print(f"{warehouse} (read-only). End statements with ';'; .quit to leave.")
    failed = 0
    try:
        for statement in statements(prompt_lines(stdin)):
            try:
                print(run_query(con, statement))
            except Exception as error:  # a mistyped query must not end the session
                failed += 1
                print(f"Error: {error}", file=sys.stderr)
    finally:
        con.close()
    return 1 if failed and not stdin.isatty() else 0


def main(warehouse: Path | None = None, command: str | None = None) -> int:
    from rakenskaper import paths

    path = paths.warehouse_file(warehouse) if warehouse else paths.default_warehouse()
    try:
        if not path.exists():  # checked here too: the duckdb CLI would create an empty file instead
            raise FileNotFoundError(f"no warehouse at {path} (run `rakenskaper run` first, or pass --warehouse)")
        if command is None:
            return interactive(path)
        con = open_read_only(path)
        try:
            print(run_query(con, command))
        finally:
            con.close()
    except FileNotFoundError as missing:
        print(f"FAILED: {missing}", file=sys.stderr)
        return 1
    except Exception as error:  # duckdb's errors (a typo, a missing table) are the answer, not a traceback
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0
