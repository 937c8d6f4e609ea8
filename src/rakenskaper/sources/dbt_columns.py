"""The raw tables' columns in the dbt sources (``dbt_project/models/staging/*/_*__sources.yml``), written from
their one declaration (``rakenskaper.sources.raw_schema``).

``python -m rakenskaper.sources.dbt_columns`` lists the source files whose columns differ from it (exit 1);
``--write`` writes them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from rakenskaper.sources.raw_schema import RAW_TABLES, dbt_columns

_TABLE_ENTRY = re.compile(r"^(?P<indent> *)- name: (?P<name>\w+)\s*$")


def with_dbt_columns(yml: str) -> str:
    """A dbt sources yml with the ``columns:`` of every raw table it names written from this declaration
    (replacing those it had; everything else kept as it is)."""
    lines = yml.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = _TABLE_ENTRY.match(lines[i])
        if not match or match["name"] not in RAW_TABLES:
            out.append(lines[i])
            i += 1
            continue
        indent = len(match["indent"])
        end = i + 1
        while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
            end += 1
        while end > i + 1 and not lines[end - 1].strip():
            end -= 1
        key = " " * (indent + 2)
        entry, skipping = [lines[i]], False
        for line in lines[i + 1 : end]:
            if line.startswith(key) and not line.startswith(key + " "):
                skipping = line.strip() == "columns:"
            if not skipping:
                entry.append(line)
        entry.append(f"{key}columns:")
        entry.extend(
            f'{key}  - {{name: {c["name"]}, data_type: "{c["data_type"]}"}}' for c in dbt_columns(match["name"])
        )
        out.extend(entry)
        i = end
    return "\n".join(out)


def dbt_source_files(project_dir: Path) -> list[Path]:
    return sorted(Path(project_dir).glob("models/staging/*/_*__sources.yml"))


def main(argv: list[str] | None = None) -> int:
    """``python -m rakenskaper.sources.raw_schema [--write]``: list the dbt source files whose raw-table
    columns differ from this declaration (exit 1), or write them (``--write``)."""
    from rakenskaper.paths import dbt_project_dir

    write = "--write" in (sys.argv[1:] if argv is None else argv)
    stale = []
    for path in dbt_source_files(dbt_project_dir()):
        text = path.read_text(encoding="utf-8")
        wanted = with_dbt_columns(text)
        if wanted != text:
            stale.append(path)
            if write:
                path.write_text(wanted, encoding="utf-8")
    for path in stale:
        print(f"{'written' if write else 'differs'}: {path}")
    return 0 if write or not stale else 1


if __name__ == "__main__":
    sys.exit(main())
