"""The docs point at things a fresh clone has: no path outside the repository, every repository path they
name in a command exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_no_doc_points_outside_the_repository(doc: Path) -> None:
    assert "../shared" not in doc.read_text(encoding="utf-8")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_the_repository_paths_a_doc_names_exist(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:docs|src|tests|benchmarks|dbt_project|dags|seeds|demo)/[\w./-]+?)`", text))
    named |= set(re.findall(r"--published (\S+)", text))
    missing = sorted(p for p in named if "<" not in p and "*" not in p and not (REPO / p).exists())
    assert not missing, f"{doc.name} names paths a clone does not have: {missing}"
