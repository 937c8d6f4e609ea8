"""Which files of a sources folder are sources: one rule for the ledger and every delimited source.

- A file is a source when its name matches one of its source's patterns, in any case (``*.se`` finds
  ``FY2023.SE``).
- Hidden files are not sources: an editor's ``.x.se.swp``, macOS's ``._x.se`` resource forks and
  ``.DS_Store`` are left alone instead of failing the run.
- A file (or a link) must lie inside the sources folder: a symbolic link that leads out of it is refused with
  a clear error, so a sources folder cannot pull in files from elsewhere on the machine.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path


class SourceOutsideFolder(ValueError):
    """A source file is a link that leads outside the sources folder."""


def is_hidden(path: Path) -> bool:
    return path.name.startswith(".")


def matches(name: str, patterns: tuple[str, ...]) -> bool:
    """Whether a file name matches one of ``patterns`` (shell wildcards), ignoring case."""
    lowered = name.lower()
    return any(fnmatchcase(lowered, pattern.lower()) for pattern in patterns)


def find_source_files(folder: Path, patterns: tuple[str, ...], root: Path | None = None) -> list[Path]:
    """The files of ``folder`` whose name matches one of ``patterns`` (any case), sorted; hidden files left
    out; an absent folder has none. Raises SourceOutsideFolder for a file that resolves outside ``root``
    (default: the folder's parent, the sources folder)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    root = Path(root or folder.parent).resolve()
    found = []
    for path in sorted(folder.iterdir()):
        if is_hidden(path) or not matches(path.name, patterns):
            continue
        target = path.resolve()
        if not target.is_relative_to(root):
            raise SourceOutsideFolder(
                f"{folder.name}/{path.name} is a link to {target}, outside the sources "
                f"folder {root}: a source file must lie inside it"
            )
        if target.is_file():
            found.append(path)
    return found
