"""Several dbt commands in one process: ``python -m rakenskaper.dbt_child '<json list of argument lists>'``.

Importing dbt costs about 3 s a process, so the nightly build and the docs site (``build``, then
``docs generate --static --no-compile``) run in one child process rather than two. The commands run in
order; the first that fails stops the rest (exit 1). After a successful ``docs generate`` the docs are
marked as belonging to the build whose run_results.json is in the target folder (``docs_build.json``), so
that the export reuses them only for that build (rakenskaper.exports.write_docs)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

DOCS_MARKER = "docs_build.json"


def _target_path(command: list[str]) -> Path | None:
    if "--target-path" in command:
        return Path(command[command.index("--target-path") + 1])
    return None


def build_invocation(target: Path) -> str | None:
    """The invocation id of the run_results.json in ``target`` (the last build, test or run there)."""
    try:
        return json.loads((target / "run_results.json").read_text(encoding="utf-8"))["metadata"]["invocation_id"]
    except (OSError, KeyError, ValueError):
        return None


def main(argv: list[str]) -> int:
    from dbt.cli.main import dbtRunner

    runner = dbtRunner()
    for command in json.loads(argv[0]):
        target = _target_path(command)
        if command[:2] == ["docs", "generate"] and target is not None:
            (target / DOCS_MARKER).unlink(missing_ok=True)
        result = runner.invoke(command)
        if not result.success:
            return 1
        if command[:2] == ["docs", "generate"] and target is not None:
            (target / DOCS_MARKER).write_text(
                json.dumps({"build_invocation_id": build_invocation(target)}), encoding="utf-8"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
