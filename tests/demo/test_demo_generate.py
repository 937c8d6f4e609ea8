"""The demo generator: deterministic output, valid SIE4 files, balanced vouchers, declared accounts."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from rakenskaper.demo import generate
from rakenskaper.sie.ksumma import ksumma

BUNDLED = Path(__file__).resolve().parents[2] / "demo" / "sources"
FILES = sorted(generate.FILES.values())
ALL_FILES = sorted(
    str(p.relative_to(BUNDLED)) for p in BUNDLED.rglob("*") if p.is_file() and p.name != ".gitattributes"
)
_FIELD = re.compile(r'\s*(?:"((?:[^"\\]|\\.)*)"|\{([^{}]*)\}|([^\s"{}]+))')


def fields(line: str) -> list:
    if line.strip() in ("{", "}"):
        return [line.strip()]
    out = []
    pos = 0
    line = line.rstrip()
    while pos < len(line):
        m = _FIELD.match(line, pos)
        assert m, f"cannot parse {line!r} at {pos}"
        q, objs, bare = m.groups()
        if q is not None:
            out.append(q.replace('\\"', '"'))
        elif objs is not None:
            out.append(
                [(x.replace('\\"', '"') if x else y) for x, y in re.findall(r'"((?:[^"\\]|\\.)*)"|([^\s"]+)', objs)]
            )
        else:
            out.append(bare)
        pos = m.end()
    return out


def records(path: Path) -> list[list]:
    return [fields(line) for line in path.read_bytes().decode("cp437").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    assert generate.main(out) == 0
    return out


@pytest.mark.parametrize("name", ALL_FILES)
def test_regenerating_gives_identical_files(regenerated: Path, name: str) -> None:
    assert (regenerated / name).read_bytes() == (BUNDLED / name).read_bytes()


def test_regenerating_writes_nothing_else(regenerated: Path) -> None:
    assert sorted(str(p.relative_to(regenerated)) for p in regenerated.rglob("*") if p.is_file()) == ALL_FILES
    # ledger, forecast, payroll, internal bank, contracts; the entity profile (entity.toml + entity/*.csv)
    assert len(ALL_FILES) == 2 + 2 + 20 + 20 + 1 + 1 + len(list((BUNDLED / "entity").glob("*.csv")))


@pytest.mark.parametrize("name", FILES)
def test_header_and_ksumma(name: str) -> None:
    recs = records(BUNDLED / name)
    labels = [r[0] for r in recs]
    assert ["#FORMAT", "PC8"] in recs and ["#SIETYP", "4"] in recs and ["#KPTYP", "KOMMUNBAS"] in recs
    assert any(r[0] == "#FNAMN" and r[1] == "Boråsregionen Sjuhärads kommunalförbund" for r in recs)
    first = labels.index("#KSUMMA")
    last = recs[-1]
    assert last[0] == "#KSUMMA" and len(last) == 2 and len(recs[first]) == 1
    body = []
    for r in recs[first + 1 : -1]:
        if r[0] in ("{", "}"):
            continue
        flat: list[str] = []
        for f in r:
            flat.extend(f if isinstance(f, list) else [f])
        body.append(flat)
    assert ksumma(body) == int(last[1])


@pytest.mark.parametrize("name", FILES)
def test_vouchers_balance_and_accounts_declared(name: str) -> None:
    recs = records(BUNDLED / name)
    declared = {r[1] for r in recs if r[0] == "#KONTO"}
    used = set()
    totals: list[Decimal] = []
    for r in recs:
        if r[0] == "#VER":
            totals.append(Decimal(0))
        elif r[0] == "#TRANS":
            totals[-1] += Decimal(r[3])
            used.add(r[1])
        elif r[0] in ("#IB", "#UB", "#RES"):
            used.add(r[2])
        elif r[0] == "#PBUDGET":
            used.add(r[3])
    assert len(totals) > 1000
    assert all(t == 0 for t in totals)
    assert used <= declared, used - declared
    # opening balance sums to zero
    assert sum(Decimal(r[3]) for r in recs if r[0] == "#IB" and r[1] == "0") == 0


def test_check_sie_accepts_both_files() -> None:
    from rakenskaper.sie import check

    assert check.main([BUNDLED / n for n in FILES]) == 0
