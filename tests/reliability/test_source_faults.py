"""Generated faults in the delimited sources (payroll, internal bank, forecast): each bad file is rejected with
file, line and reason, a payroll message never holds a personnummer or a name, and a harmless difference (a
UTF-8 byte-order mark, columns in another order, hidden files) is accepted. In process, through the same
extract functions the CLI and the DAG call."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from rakenskaper import paths, pipeline
from rakenskaper.sources.violations import SourceRejected

FOLDERS = ("payroll", "internal_bank", "forecast", "contracts")


def _first(folder: Path, pattern: str = "*.csv") -> Path:
    return sorted(folder.glob(pattern))[0]


def _swap_columns(text: str, a: int, b: int, header_too: bool) -> str:
    rows = [line.split(";") for line in text.splitlines()]
    for index, row in enumerate(rows):
        if index == 0 and not header_too:
            continue
        row[a], row[b] = row[b], row[a]
    return "\n".join(";".join(r) for r in rows) + "\n"


# name → (change to the file's bytes, accepted?, what a rejection must say)
FAULTS = {
    "empty": (lambda b: b"", False, "empty file"),
    "header_only": (lambda b: b.split(b"\n", 1)[0] + b"\n", False, "no data rows"),
    "truncated_mid_row": (lambda b: b[: b.rindex(b";", 0, len(b) - 2)], False, "fields, the header has"),
    "utf16": (lambda b: b.decode("utf-8").encode("utf-16"), False, "not UTF-8"),
    "latin1": (
        lambda b: b.decode("utf-8").encode("latin-1", errors="replace") + "åäö;\n".encode("latin-1"),
        False,
        "not UTF-8",
    ),
    "bom": (lambda b: b"\xef\xbb\xbf" + b, True, ""),
    "missing_column": (
        lambda b: "\n".join(";".join(r.split(";")[:-1]) for r in b.decode().splitlines()).encode() + b"\n",
        False,
        "missing column",
    ),
    "columns_reordered": (lambda b: _swap_columns(b.decode(), 0, 1, header_too=True).encode(), True, ""),
    "values_swapped_under_the_header": (
        lambda b: _swap_columns(b.decode(), 0, 1, header_too=False).encode(),
        False,
        "line 2",
    ),
    "comma_separated": (lambda b: b.replace(b";", b","), False, "`;`-separated"),
}


def _people(folder: Path) -> set[str]:
    values = set()
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter=";"):
                values.update({row["personnummer"], row["employee_name"]})
    return values


@pytest.mark.parametrize("folder", FOLDERS)
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_fault_is_rejected_with_its_reason_or_accepted_when_harmless(folder, fault, tmp_path, figures):
    sources = tmp_path / "sources"
    shutil.copytree(paths.demo_sources_dir() / folder, sources / folder)
    people = _people(sources / "payroll") if folder == "payroll" else set()
    target = _first(sources / folder)
    change, accepted, reason = FAULTS[fault]
    target.write_bytes(change(target.read_bytes()))
    settings = pipeline.Settings.from_env(sources=sources, warehouse=tmp_path / "warehouse" / "rakenskaper.duckdb")

    try:
        pipeline.extract_subledger(settings, folder)
        message = None
    except SourceRejected as rejected:
        message = str(rejected)
    reasons = "".join(p.read_text(encoding="utf-8") for p in settings.quarantine_dir.glob("*.reason.txt"))
    leaked = [v for v in people if v and (v in (message or "") or v in reasons)]
    if accepted:
        held = message is None
    else:
        held = (
            message is not None
            and target.name in message
            and reason in message
            and not leaked
            and not re.search(r"[\x00-\x08\x0b-\x1f]", message)
        )
    figures("source-file faults (payroll, internal bank, forecast, contracts)", held)
    if accepted:
        assert message is None, message
    else:
        assert message is not None, f"{fault} in {folder} was accepted"
        assert target.name in message and reason in message, message
        assert not leaked, "a personal value in a message or reason file"


def test_the_same_file_twice_under_two_names_is_one_clash_not_double_pay(tmp_path, figures):
    sources = tmp_path / "sources"
    shutil.copytree(paths.demo_sources_dir() / "payroll", sources / "payroll")
    first = _first(sources / "payroll")
    shutil.copy(first, first.with_name(f"{first.stem} (kopia).csv"))
    settings = pipeline.Settings.from_env(sources=sources, warehouse=tmp_path / "warehouse" / "rakenskaper.duckdb")
    with pytest.raises(SourceRejected) as rejected:
        pipeline.extract_subledger(settings, "payroll")
    figures("source-file faults (payroll, internal bank, forecast, contracts)", "kopia" in str(rejected.value))
    assert "kopia" in str(rejected.value)


@pytest.mark.parametrize(
    "fault, content",
    [
        ("utf16", lambda b: b.decode("utf-8").encode("utf-16")),
        ("binary", lambda b: b"\x00\xff\xfe<html>"),
        ("unclosed_section", lambda b: b"[entity\nkind = 1\n" + b),
        ("unknown_key", lambda b: b + b'\n[accounts]\nno_such_role = ["1930"]\n'),
    ],
)
def test_a_bad_entity_profile_is_rejected_naming_the_file(fault, content, tmp_path, figures):
    from rakenskaper.entity import EntityProfileRejected

    sources = tmp_path / "sources"
    sources.mkdir()
    profile = sources / "entity.toml"
    profile.write_bytes(content((paths.demo_sources_dir() / "entity.toml").read_bytes()))
    settings = pipeline.Settings.from_env(sources=sources, warehouse=tmp_path / "warehouse" / "rakenskaper.duckdb")
    with pytest.raises(EntityProfileRejected) as rejected:
        pipeline.extract_entity(settings)
    figures("entity-profile faults", "entity.toml" in str(rejected.value))
    assert "entity.toml" in str(rejected.value)
