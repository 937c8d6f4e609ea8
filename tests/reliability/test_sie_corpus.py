"""Real and deliberately broken SIE files, each read as its expectations table says.

- `sie_corpus/jsisie/`: the test files of the public jsisie library (MIT; LICENSE-jsisie.txt beside them),
  classified in `sie_corpus_expectations.csv` (file; accept or reject; the error rules; why).
- `sie_cases.py`: our own file for each case the Sie4j library tests (its files are GPL-3.0 and not copied).

Whatever the file: no traceback, every rejection names the file and its rule, and no message prints a raw
control character."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from rakenskaper.sie import read_sie
from tests.reliability.sie_cases import BASE, CASES

HERE = Path(__file__).parent
CORPUS = HERE / "sie_corpus" / "jsisie"
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _expectations() -> dict[str, dict]:
    with (HERE / "sie_corpus_expectations.csv").open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter=";")}


def _corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if not p.name.startswith("LICENSE") and p.name != "README.md")


def _outcome(sie) -> tuple[str, str]:
    rules = " ".join(sorted({v.rule for v in sie.errors}))
    return ("reject" if sie.errors else "accept"), rules


def _messages_are_clean(sie, name: str) -> bool:
    return all(v.file == name and v.rule and not RAW_CONTROL.search(str(v)) for v in sie.violations)


def test_the_expectations_table_covers_the_corpus_and_says_why():
    table = _expectations()
    assert sorted(table) == [p.name for p in _corpus_files()]
    assert len(table) >= 70
    assert all(row["why"].strip() and row["expected"] in ("accept", "reject") for row in table.values())


@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_each_corpus_file_is_read_as_the_table_says(path, figures):
    expected = _expectations()[path.name]
    sie = read_sie(path, keep_postings=False)  # a traceback fails the test
    held = _outcome(sie) == (expected["expected"], expected["error_rules"]) and _messages_are_clean(sie, path.name)
    figures("SIE corpus files (jsisie)", held)
    assert _outcome(sie) == (expected["expected"], expected["error_rules"]), expected["why"]
    assert _messages_are_clean(sie, path.name)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_sie4j_case_gives_its_outcome(case, tmp_path, figures):
    path = tmp_path / f"{case.name}{case.suffix}"
    path.write_bytes(case.change(BASE).replace("\n", "\r\n").encode(case.encoding))
    sie = read_sie(path, keep_postings=False)
    got = tuple(sorted({v.rule for v in sie.errors}))
    figures(
        "SIE cases (our files for Sie4j's cases)",
        got == tuple(sorted(case.errors)) and _messages_are_clean(sie, path.name),
    )
    assert got == tuple(sorted(case.errors)), case.why
    assert _messages_are_clean(sie, path.name)
    if case.encoding in ("latin-1", "utf-8"):
        assert [v.rule for v in sie.warnings] == ["ENCODING_FALLBACK"]


def _truncation_offsets(size: int) -> list[int]:
    import os
    import random

    count = 400 if os.environ.get("RAKENSKAPER_SOAK") else 12  # `make soak` tries many more
    rng = random.Random(20261205)
    return sorted(rng.randrange(1, size - 1) for _ in range(count))


def test_a_file_cut_anywhere_is_rejected_with_a_reason_never_a_traceback(tmp_path, figures):
    """An export cut off in transfer (a full disk, a dropped connection): wherever the cut falls, the file is
    rejected — the #KSUMMA checksum, an unclosed voucher or the ledger's tie-out says so — never loaded."""
    from rakenskaper import paths

    source = sorted((paths.demo_sources_dir() / "ledger").glob("*.se"))[-1]
    data = source.read_bytes()
    for offset in _truncation_offsets(len(data)):
        cut = tmp_path / f"cut_{offset}.se"
        cut.write_bytes(data[:offset])
        sie = read_sie(cut, keep_postings=False)
        held = bool(sie.errors) and _messages_are_clean(sie, cut.name)
        figures("SIE files cut at a random offset", held)
        assert sie.errors, f"cut at byte {offset} of {len(data)} was accepted"
        assert _messages_are_clean(sie, cut.name)
        cut.unlink()
