"""``rakenskaper check-sie``: what it prints and its exit code."""

from __future__ import annotations

from pathlib import Path

from rakenskaper.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sie"


def test_good_file_exit_0_and_summary(capsys):
    assert main(["check-sie", str(FIXTURES / "transaktioner_ovnbolag.se")]) == 0
    out = capsys.readouterr().out
    assert "program:      Avendo 5.20" in out
    assert "Övningsbolaget AB (Ekonomi 60), orgnr 5555555555" in out
    assert "0: 2011-01-01–2011-12-31, -1: 2010-01-01–2010-12-31" in out
    assert "567 accounts, 14 objects, 163 vouchers, 671 postings" in out
    assert "KSUMMA:       absent" in out and "encoding:     cp437" in out
    assert "result:       OK" in out


def test_bad_file_exit_1_names_file_line_voucher_rule(capsys):
    bad = FIXTURES / "transaktioner_ovnbolag-bad-balance.se"
    assert main(["check-sie", str(FIXTURES / "BL0001_typ4.SE"), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:3905 #VER B 1 error UNBALANCED_VOUCHER" in out
    assert "result:       REJECTED" in out
    assert out.count("result:       OK") == 1


def test_missing_file_exit_2(capsys, tmp_path):
    assert main(["check-sie", str(tmp_path / "nope.se")]) == 2
