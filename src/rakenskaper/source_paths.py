"""Which files of a sources folder are sources: see ``rakenskaper.sources.files`` (kept for its callers)."""

from __future__ import annotations

from pathlib import Path

from rakenskaper.sources.files import SourceOutsideFolder, find_source_files, is_hidden

__all__ = ["SourceOutsideFolder", "is_hidden", "source_files"]


def source_files(folder: Path, suffixes: tuple[str, ...], root: Path | None = None) -> list[Path]:
    """The files of ``folder`` whose suffix (any case) is one of ``suffixes`` (``find_source_files``)."""
    return find_source_files(folder, tuple(f"*{suffix}" for suffix in suffixes), root)
