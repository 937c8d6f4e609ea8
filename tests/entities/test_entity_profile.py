"""The entity profile (entity.toml, entity/*.csv): strict validation with file, key and line; a bad profile
publishes nothing and leaves the published warehouse as it was; a changed profile re-publishes with it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from rakenskaper import entity, pipeline
from rakenskaper.paths import demo_sources_dir
from tests.entities.norrmark import NORRMARK_SETTINGS


def _profile(tmp_path: Path, toml: str, tables: dict[str, str] | None = None) -> Path:
    (tmp_path / "entity.toml").write_text(toml, encoding="utf-8")
    for name, text in (tables or {}).items():
        (tmp_path / "entity").mkdir(exist_ok=True)
        (tmp_path / "entity" / name).write_text(text, encoding="utf-8")
    return tmp_path


def _messages(profile: entity.Profile) -> list[str]:
    return [str(v) for v in profile.violations]


def test_no_profile_is_valid_and_empty(tmp_path):
    profile = entity.read_profile(tmp_path)
    assert profile.violations == [] and profile.settings == [] and profile.files == []


def test_the_demo_profile_is_valid():
    profile = entity.read_profile(demo_sources_dir())
    assert _messages(profile) == []
    assert profile.values("entity", "kind") == ["kommunalforbund"]
    assert profile.values("voucher_series", "payroll") == ["S"]
    assert "1681" in profile.values("accounts", "claim_on_internal_bank")
    assert {f.kind for f in profile.files} >= {"settings", "note_rows", "report_notes", "unit_contribution_lines"}


def test_every_setting_of_the_documented_example_is_accepted(tmp_path):
    toml = (
        "\n"
        + NORRMARK_SETTINGS
        + """realisation_gains = ["3960-3969"]
provision_schedule = ["2290"]
provision_schedule_index = ["8590"]
[members]
K01 = "medlem"
K02 = "adjungerad"
[labels]
claim_on_internal_bank = "Fordran internbanken"
[goals]
equity_floor_tkr = 4000
[privacy]
min_group_size = 5
[books]
closed_through = "2023-08"
"""
    )
    profile = entity.read_profile(_profile(tmp_path, toml))
    assert _messages(profile) == []
    assert profile.values("books", "closed_through") == ["2023-08"]
    assert profile.values("accounts", "internal_items") == ["3790", "7790"]
    assert profile.line_of("members", "K02") == 22
    assert ("labels", "claim_on_internal_bank", 1, "Fordran internbanken", 24) in profile.settings


@pytest.mark.parametrize(
    "toml, expected",
    [
        ('[entity]\nkind = "kommun"\ncolour = "blue"\n', "entity.toml, line 3 [entity.colour]: unknown key"),
        (
            '[entity]\nkind = "stad"\n',
            "entity.toml, line 2 [entity.kind]: must be one of kommun, region, kommunalforbund",
        ),
        ("[budget]\nx = 1\n", "entity.toml, line 1 [budget]: unknown section"),
        (
            '[accounts]\nclaim_on_internal_bank = ["16AF"]\n',
            "entity.toml, line 2 [accounts.claim_on_internal_bank]: bad account '16AF'",
        ),
        (
            '[accounts]\ninternal_items = ["3799-3790"]\n',
            "entity.toml, line 2 [accounts.internal_items]: bad account range '3799-3790'",
        ),
        (
            '[accounts]\nmember_contributions = "3610"\n',
            "entity.toml, line 2 [accounts.member_contributions]: must be a list",
        ),
        ('[dimensions]\nunit = "one"\n', "entity.toml, line 2 [dimensions.unit]: must be an SIE dimension number"),
        ('[members]\nK01 = "ledamot"\n', 'entity.toml, line 2 [members.K01]: must be "medlem" or "adjungerad"'),
        ('[labels]\nno_such_line = "X"\n', "entity.toml, line 2 [labels.no_such_line]: unknown line code"),
        ('[goals]\nequity_floor_tkr = "fyra"\n', "entity.toml, line 2 [goals.equity_floor_tkr]: must be a number"),
        ("[entity\nkind = 1\n", "entity.toml, line 1: not valid TOML"),
        (
            "[privacy]\nmin_group_size = 1\n",
            "entity.toml, line 2 [privacy.min_group_size]: must be a whole number of employees, at least 2",
        ),
        (
            '[books]\nclosed_through = "2023-13"\n',
            'entity.toml, line 2 [books.closed_through]: must be a month as "YYYY-MM" in quotes, e.g. "2023-08" '
            "(got '2023-13')",
        ),
        ('[books]\nclosed_through = "2023-8"\n', "entity.toml, line 2 [books.closed_through]: must be a month as"),
        # an unquoted TOML date is a day, not a month
        ("[books]\n\nclosed_through = 2023-08-31\n", "entity.toml, line 3 [books.closed_through]: must be a month as"),
        (
            '[books]\nclosed = "2023-08"\n',
            "entity.toml, line 2 [books.closed]: unknown key; known in [books]: closed_through",
        ),
    ],
)
def test_a_bad_setting_is_named_by_file_line_and_key(tmp_path, toml, expected):
    messages = _messages(entity.read_profile(_profile(tmp_path, toml)))
    assert len(messages) == 1, messages
    assert messages[0].startswith(expected), messages[0]


def test_a_bad_layout_table_is_named_by_file_and_line(tmp_path):
    tables = {
        "report_units.csv": "unit_code,title\n10,Kansli\n",
        "account_line_overrides.csv": "account,line_code,is_internal,comment\n1685,no_such_line,false,x\n",
        "budget.csv": "a,b\n1,2\n",
    }
    messages = _messages(entity.read_profile(_profile(tmp_path, "", tables)))
    assert "entity/budget.csv: unknown layout table; known: report_lines" in messages[0]
    assert messages[1].startswith(
        "entity/report_units.csv, line 1: header must be unit_code,section_no,statement_title"
    )
    assert len(messages) == 2  # line codes are checked once the tables' shapes are right
    del tables["budget.csv"], tables["report_units.csv"]
    shutil.rmtree(tmp_path / "entity")
    messages = _messages(entity.read_profile(_profile(tmp_path, "", tables)))
    assert messages == ["entity/account_line_overrides.csv, line 2 [line_code]: unknown line code 'no_such_line'"]


@pytest.fixture(scope="module")
def published_demo(demo_run, tmp_path_factory):
    """A copy of the shared demo run's published warehouse, with its sources, for runs that must fail."""
    settings, _ = demo_run
    root = tmp_path_factory.mktemp("profile")
    sources = root / "sources"
    shutil.copytree(demo_sources_dir(), sources)
    warehouse = root / "warehouse" / "rakenskaper.duckdb"
    warehouse.parent.mkdir(parents=True)
    shutil.copyfile(settings.warehouse_path, warehouse)
    return sources, warehouse


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "edit, error",
    [
        (
            lambda text: text.replace('kind = "kommunalforbund"', 'kind = "kommunalförbund"'),
            "entity.toml, line 6 [entity.kind]: must be one of kommun, region, kommunalforbund",
        ),
        # a member the books do not know: found only once the ledger is loaded, still nothing published
        (
            lambda text: text.replace('1442 = "medlem"', '1442 = "medlem"\n9999 = "medlem"'),
            "[members.9999]: not a counterpart object of the ledger",
        ),
        (
            lambda text: text + '\n[books]\nclosed_through = "augusti"\n',
            '[books.closed_through]: must be a month as "YYYY-MM" in quotes, e.g. "2023-08" (got \'augusti\')',
        ),
    ],
)
def test_a_bad_profile_publishes_nothing_and_keeps_the_warehouse(published_demo, edit, error):
    sources, warehouse = published_demo
    original = (sources / "entity.toml").read_text(encoding="utf-8")
    before = _digest(warehouse)
    (sources / "entity.toml").write_text(edit(original), encoding="utf-8")
    try:
        settings = pipeline.Settings.from_env(sources=sources, warehouse=warehouse)
        with pytest.raises(entity.EntityProfileRejected) as rejected:
            pipeline.run(settings)
        assert error in str(rejected.value)
        assert _digest(warehouse) == before
        if "kind" in error:  # rejected at extract: quarantined with its reason
            reason = (settings.quarantine_dir / "entity-profile.reason.txt").read_text(encoding="utf-8")
            assert error in reason and "sha256" in reason
    finally:
        (sources / "entity.toml").write_text(original, encoding="utf-8")


def test_a_changed_profile_republishes_with_its_settings(published_demo):
    sources, warehouse = published_demo
    original = (sources / "entity.toml").read_text(encoding="utf-8")
    changed = original.replace(
        'claim_on_internal_bank = "Fordringar hos Borås Stad"',
        'claim_on_internal_bank = "Fordran på internbanken (ändrad)"',
    )
    changed = changed.replace("equity_floor_tkr = 4000", "equity_floor_tkr = 5000")
    changed += "\n[privacy]\nmin_group_size = 10\n"
    assert changed != original
    (sources / "entity.toml").write_text(changed, encoding="utf-8")
    try:
        pipeline.run(pipeline.Settings.from_env(sources=sources, warehouse=warehouse))
    finally:
        (sources / "entity.toml").write_text(original, encoding="utf-8")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        labels = {
            r[0]
            for r in con.execute(
                "select label from marts.rpt_balance_sheet where line_code = 'claim_on_internal_bank'"
            ).fetchall()
        }
        assert labels == {"Fordran på internbanken (ändrad)"}
        floors = {
            r[0]
            for r in con.execute(
                "select target_amount from marts.rpt_financial_goals where line_code = 'equity_floor'"
            ).fetchall()
        }
        assert floors == {5000000}
        in_force = dict(
            con.execute("select setting, setting_value from marts.dim_entity_profile where position = 1").fetchall()
        )
        assert in_force["goals.equity_floor_tkr"] == "5000"
        assert in_force["privacy.min_group_size"] == "10"
        payroll = con.execute(
            "select min(min_group_size), max(min_group_size), min(headcount), "
            "count(*) filter (where not is_published) from marts.fct_payroll"
        ).fetchone()
        assert payroll[0] == payroll[1] == 10 and payroll[2] >= 10
        assert in_force["entity.kind"] == "kommunalforbund"
        lineage = con.execute(
            "select distinct source_file_name, line_no from marts.dim_entity_profile "
            "where setting = 'labels.claim_on_internal_bank'"
        ).fetchall()
        assert lineage == [
            (
                "entity.toml",
                changed.splitlines().index('claim_on_internal_bank = "Fordran på internbanken (ändrad)"') + 1,
            )
        ]
    finally:
        con.close()
