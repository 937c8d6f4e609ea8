"""rakenskaper.sources: one registry of sources, one Violation, one SourceRejected, one quarantine, one file
discovery; no import cycle among the ingest modules."""

from __future__ import annotations

import ast
import hashlib
from datetime import date
from pathlib import Path

import pytest

import rakenskaper
from rakenskaper import errors, pipeline, sources
from rakenskaper.sources.files import SourceOutsideFolder, find_source_files
from rakenskaper.sources.raw_schema import DELIMITED_TABLES, LEDGER_TABLES, RAW_TABLES, SUBLEDGER_FILES
from rakenskaper.sources.violations import WARNING, SourceRejected, Violation, quarantine
from rakenskaper.subledgers.formats import FORMATS

PACKAGE = Path(rakenskaper.__file__).parent


def test_every_raw_table_of_a_source_belongs_to_exactly_one_entry():
    names = [s.name for s in sources.SOURCES]
    assert len(names) == len(set(names)) and names[0] == "ledger"
    owned = [table for s in sources.SOURCES for table in s.raw_tables]
    assert len(owned) == len(set(owned))
    assert set(owned) == set(RAW_TABLES) - {SUBLEDGER_FILES.name}
    assert sources.get("ledger").raw_tables == tuple(LEDGER_TABLES)
    assert {fmt.table for s in sources.iter_sources(delimited=True) for fmt in s.formats} == set(DELIMITED_TABLES)
    assert {fmt.name for s in sources.SOURCES for fmt in s.formats} == {fmt.name for fmt in FORMATS}
    assert sources.get("forecast").replacement_key == "forecast_date"
    with pytest.raises(KeyError, match="no source 'budget'"):
        sources.get("budget")


def test_the_pipeline_and_the_dag_extract_each_source_of_the_registry():
    steps = [step.__name__ for step in pipeline.SOURCE_EXTRACTS]
    assert steps == ["extract_entity", *(f"extract_{s.name}" for s in sources.SOURCES)]
    assert pipeline.extract_step("extract_payroll").__doc__ == sources.get("payroll").description
    with pytest.raises(KeyError):
        pipeline.extract_step("extract_budget")
    dag = (PACKAGE.parents[1] / "dags" / "rakenskaper_nightly.py").read_text(encoding="utf-8")
    assert "pipeline.extract_step(step)" in dag and "SOURCE_EXTRACTS" in dag


def test_a_source_finds_its_files_in_any_case_and_never_hidden_ones(tmp_path):
    ledger = tmp_path / "ledger"
    ledger.mkdir()
    for name in ("FY2024.SE", "fy2023.se", "batch.Si", ".fy2024.se.swp", "._fy2023.se", "notes.txt", "x.se.bak"):
        (ledger / name).write_bytes(b"#FLAGGA 0\n")
    (ledger / "folder.se").mkdir()  # a directory is not a file
    assert [p.name for p in sources.get("ledger").files(tmp_path)] == ["FY2024.SE", "batch.Si", "fy2023.se"]
    payroll = tmp_path / "payroll"
    payroll.mkdir()
    (payroll / "payroll_2024-01.CSV").write_text("x")
    (payroll / "payroll_2024-01.csv.txt").write_text("x")
    assert [p.name for p in sources.get("payroll").files(tmp_path)] == ["payroll_2024-01.CSV"]
    assert sources.get("forecast").files(tmp_path) == []  # an absent folder has no files

    (payroll / "payroll_2024-02.csv").symlink_to(tmp_path.parent / "elsewhere.csv")
    (tmp_path.parent / "elsewhere.csv").write_text("x")
    with pytest.raises(SourceOutsideFolder, match="payroll_2024-02.csv is a link to"):
        find_source_files(payroll, ("*.csv",))


def test_each_sources_reader_reads_one_file(tmp_path):
    from rakenskaper.sie.model import SieFile
    from rakenskaper.subledgers.formats import FORECAST
    from rakenskaper.subledgers.reader import SourceFile

    forecast = tmp_path / "forecast_2023-08-31.csv"
    forecast.write_text("forecast_date;fiscal_year;unit;line_code;amount\n2023-08-31;2023;100;x;1\n", encoding="utf-8")
    read = sources.get("forecast").read(forecast, FORECAST)
    assert isinstance(read, SourceFile) and read.ok and read.periods == [date(2023, 8, 31)]
    ledger = tmp_path / "empty.se"
    ledger.write_bytes(b"")
    sie = sources.get("ledger").read(ledger, keep_postings=False)
    assert isinstance(sie, SieFile) and [v.rule for v in sie.errors] == ["EMPTY_FILE"]


def test_one_violation_prints_a_ledger_rule_and_a_delimited_files_problem():
    ledger = Violation("fy.se", 12, "does not balance", rule="UNBALANCED_VOUCHER", record_type="VER", voucher="B 1")
    assert str(ledger) == "fy.se:12 ERROR UNBALANCED_VOUCHER #VER voucher B 1: does not balance"
    assert ledger.reason_line() == "line 12 #VER voucher B 1: UNBALANCED_VOUCHER: does not balance"
    warning = Violation("fy.se", None, "PC8 assumed", rule="ENCODING_FALLBACK", severity=WARNING)
    assert str(warning) == "fy.se WARNING ENCODING_FALLBACK: PC8 assumed"
    delimited = Violation("payroll_2023-08.csv", 2, "not a valid personnummer", "personnummer")
    assert str(delimited) == "payroll_2023-08.csv line 2 column personnummer: not a valid personnummer"
    assert delimited.reason == delimited.message and delimited.reason_line() == str(delimited)
    assert str(Violation("x.csv", None, "no data rows after the header")) == "x.csv file: no data rows after the header"
    # what a bad line brings along is escaped once, for every report of it
    assert str(Violation("a\x1b[2Jb.csv", 1, "bad\rvalue")) == "a\\x1b[2Jb.csv line 1: bad\\x0dvalue"


def test_one_rejection_error_for_every_source():
    assert issubclass(SourceRejected, errors.InputRejected)
    from rakenskaper import sie, subledgers
    from rakenskaper.subledgers import extract, reader

    # the ledger's and the delimited sources' readers report with the one Violation, and no other name for the
    # rejection error is left over from the two ingest stacks
    assert sie.Violation is Violation and reader.Violation is Violation
    assert not hasattr(extract, "SubledgerFileRejected") and not hasattr(subledgers, "SubledgerFileRejected")

    bad = Violation("fy.se", 7, "unbalanced", rule="UNBALANCED_VOUCHER")
    note = Violation("fy.se", None, "PC8 assumed", rule="ENCODING_FALLBACK", severity=WARNING)
    ledger = SourceRejected([(Path("/landing/fy.se"), [note, bad])], label="SIE")
    assert str(ledger) == (
        "SIE file rejected: /landing/fy.se (1 error(s)); nothing was loaded\n"
        "  fy.se:7 ERROR UNBALANCED_VOUCHER: unbalanced"
    )
    assert ledger.path == Path("/landing/fy.se") and ledger.violations == [note, bad]
    assert str(ledger.named_from(Path("/sources/ledger"))).startswith("SIE file rejected: /sources/ledger/fy.se ")

    many = [Violation("f.csv", n, "empty, but required", "amount") for n in range(2, 27)]
    folder = SourceRejected([(Path("f.csv"), many)], folder="forecast", max_shown=20)
    lines = str(folder).split("\n")
    assert lines[0] == "forecast file rejected: f.csv (25 error(s)); nothing of forecast/ was loaded"
    assert len(lines) == 1 + 20 + 1 and lines[-1] == "  … and 5 more (see the quarantine reason file)"


def test_quarantine_copies_the_file_unless_personal_and_names_source_sha256_and_errors(tmp_path):
    data = b"statement_date;account_no\n2023-08-30;1\n"
    landed = tmp_path / "landing" / "internal_bank_2023-08.csv"
    landed.parent.mkdir()
    landed.write_bytes(data + b"changed since")  # the bytes this run read are what is quarantined
    bad = [Violation(landed.name, 2, "statement_date 2023-08-30 is not the last day of its month")]
    copy = quarantine(landed, bad, tmp_path / "q", source_path=Path("/sources/internal_bank") / landed.name, data=data)
    assert copy == tmp_path / "q" / landed.name and copy.read_bytes() == data
    reason = (tmp_path / "q" / f"{landed.name}.reason.txt").read_text(encoding="utf-8")
    assert reason.startswith(
        f"file: /sources/internal_bank/{landed.name}\nsha256: {hashlib.sha256(data).hexdigest()}\nrejected: "
    )
    assert reason.endswith(f"\n\n{bad[0]}\n")

    payroll = tmp_path / "payroll_2023-08.csv"
    payroll.write_bytes(b"19561009-9938;Fredrik\n")
    assert (
        quarantine(payroll, [Violation(payroll.name, 1, "header: missing column(s)")], tmp_path / "p", personal=True)
        is None
    )
    assert not (tmp_path / "p" / payroll.name).exists()
    reason = (tmp_path / "p" / f"{payroll.name}.reason.txt").read_text(encoding="utf-8")
    assert "personal data" in reason and "19561009" not in reason and "Fredrik" not in reason
    assert f"sha256: {hashlib.sha256(payroll.read_bytes()).hexdigest()}" in reason


def _top_level_imports(path: Path) -> set[str]:
    """The rakenskaper modules a module imports when it is imported (not those imported inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rakenskaper"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("rakenskaper"))
    return found


def test_no_import_cycle_among_the_ingest_modules():
    modules = {}
    for package in ("sie", "sources", "subledgers"):
        for path in (PACKAGE / package).glob("*.py"):
            name = f"rakenskaper.{package}" if path.stem == "__init__" else f"rakenskaper.{package}.{path.stem}"
            modules[name] = path
    graph = {
        name: {m for m in _top_level_imports(path) if m in modules and m != name} for name, path in modules.items()
    }

    def cycle_from(start):
        stack, seen = [(start, [start])], set()
        while stack:
            node, trail = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    return [*trail, nxt]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
        return None

    assert len(graph) > 20
    assert graph["rakenskaper.sie.reader"] >= {"rakenskaper.sie.tables", "rakenskaper.sie.labels"}
    cycles = [c for c in map(cycle_from, graph) if c]
    assert cycles == []
    # the reader uses the tables and the rules; nothing of them reaches back into the reader,
    # not even inside a function
    for name in ("tables", "rules", "labels", "model"):
        assert "rakenskaper.sie.reader" not in (PACKAGE / "sie" / f"{name}.py").read_text(encoding="utf-8"), name
