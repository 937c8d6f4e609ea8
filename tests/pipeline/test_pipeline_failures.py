"""Bad input fails the run with a clear message, and the previously published warehouse stays as it was."""

from __future__ import annotations

import hashlib
import re

from rakenskaper import pipeline

LEDGER_2023 = "brsk_2023.se"


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rename_account(old: bytes, new: bytes):
    def mutate(data: bytes) -> bytes:
        return re.sub(rb"(?<=[ \t])" + old + rb"(?=[ \t])", new, data)

    return mutate


def test_an_unbalanced_voucher_fails_the_run_and_keeps_the_published_warehouse(
    tmp_path, published_copy, unbalanced_demo_sources, capsys
):
    before = _sha256(published_copy)
    sources = unbalanced_demo_sources

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
    tmp_path, published_copy, demo_sources_with, capsys
):
    before = _sha256(published_copy)
    # 9450 is no Kommun-Bas group (class 9 is not used) and no override lists it
    sources = demo_sources_with(_rename_account(b"6450", b"9450"))

    exit_code = pipeline.main(sources=sources, warehouse=published_copy)

    assert exit_code == 1
    err = capsys.readouterr().err
    assert "assert_every_account_is_mapped" in err
    assert _sha256(published_copy) == before
