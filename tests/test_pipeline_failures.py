"""Bad input fails the run with a clear message, and the previously published warehouse stays as it was."""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest

from rakenskaper import paths, pipeline

LEDGER_2023 = "brsk_2023.se"


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def published_copy(demo_run, tmp_path):
    """A warehouse published from the good demo, in this test's own folder."""
    settings, _ = demo_run
    warehouse = tmp_path / "warehouse" / "rakenskaper.duckdb"
    warehouse.parent.mkdir()
    shutil.copyfile(settings.warehouse_path, warehouse)
    return warehouse


def _demo_sources_with(tmp_path, mutate):
    """A copy of the demo sources whose 2023 ledger went through ``mutate(bytes) -> bytes``. The
    checksum records are dropped (a file without #KSUMMA is valid), so that the mutation itself is
    what the run trips on."""
    sources = tmp_path / "sources"
    shutil.copytree(paths.demo_sources_dir(), sources)
    ledger = sources / "ledger" / LEDGER_2023
    data = re.sub(rb"(?m)^#KSUMMA[^\r\n]*\r?\n", b"", ledger.read_bytes())
    ledger.write_bytes(mutate(data))
    return sources


def _unbalance_first_voucher(data: bytes) -> bytes:
    match = re.search(rb"(?m)^(\s*#TRANS \S+ \{[^}]*\} )(-?\d+\.\d\d)", data)
    amount = match.group(2)
    changed = f"{float(amount) + 1:.2f}".encode()
    return data[: match.start(2)] + changed + data[match.end(2):]


def _rename_account(old: bytes, new: bytes):
    def mutate(data: bytes) -> bytes:
        return re.sub(rb"(?<=[ \t])" + old + rb"(?=[ \t])", new, data)
    return mutate


def test_an_unbalanced_voucher_fails_the_run_and_keeps_the_published_warehouse(tmp_path, published_copy, capsys):
    before = _sha256(published_copy)
    sources = _demo_sources_with(tmp_path, _unbalance_first_voucher)

    exit_code = pipeline.main(sources=sources, warehouse=published_copy)

    assert exit_code == 1
    err = capsys.readouterr().err
    assert LEDGER_2023 in err
    assert re.search(r"voucher [A-Z]+ \d+", err), err
    assert "unbalanced" in err.lower() or "balance" in err.lower()
    assert _sha256(published_copy) == before, "the published warehouse must stay byte for byte"
    quarantined = published_copy.parent / "quarantine"
    assert (quarantined / LEDGER_2023).exists()
    reason = next(quarantined.glob("*.reason.txt")).read_text(encoding="utf-8")
    assert LEDGER_2023 in reason and re.search(r":\d+", reason), reason
    # the reason file names the file the sender delivered (not this run's landing copy) and its sha256
    source = sources / "ledger" / LEDGER_2023
    assert f"file: {source}\n" in reason
    assert f"SIE file rejected: {source} " in err
    assert f"sha256: {hashlib.sha256(source.read_bytes()).hexdigest()}\n" in reason


def test_an_unmapped_account_fails_the_run_naming_it_and_keeps_the_published_warehouse(
        tmp_path, published_copy, capsys):
    before = _sha256(published_copy)
    # 9450 is no Kommun-Bas group (class 9 is not used) and no override lists it
    sources = _demo_sources_with(tmp_path, _rename_account(b"6450", b"9450"))

    exit_code = pipeline.main(sources=sources, warehouse=published_copy)

    assert exit_code == 1
    err = capsys.readouterr().err
    assert "assert_every_account_is_mapped" in err
    assert _sha256(published_copy) == before
