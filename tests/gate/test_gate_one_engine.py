"""One engine per rule, on the demo warehouse: break what the chk_ models say and dbt's tests of those models
still pass (they judge the models' shape only), while the gate fails naming each broken rule."""

from __future__ import annotations

import duckdb

from rakenskaper import dbt_runner
from rakenskaper.gate import run_gate
from tests.support import demo_warehouse_copy


def test_the_gate_alone_judges_the_chk_rules(demo_run, tmp_path):
    database, target = demo_warehouse_copy(demo_run, tmp_path)
    con = duckdb.connect(str(database))
    try:
        (month_end,) = con.execute("select min(month_end) from checks.chk_balance_sheet_identity").fetchone()
        con.execute(
            "update checks.chk_balance_sheet_identity set total_assets = total_assets + 0.01, difference = 0.01 "
            "where month_end = ?",
            [month_end],
        )
        (account,) = con.execute("select min(account) from checks.chk_ledger_ties_to_sie").fetchone()
        con.execute(
            "update checks.chk_ledger_ties_to_sie set computed_amount = computed_amount - 12.50, difference = 12.50 "
            "where account = ?",
            [account],
        )
        # an unbalanced voucher as the model would show it: the count and the example agree
        con.execute(
            "update checks.chk_voucher_balance set posting_total = 0.01, unbalanced_voucher_count = 1 "
            "where rowid = (select min(rowid) from checks.chk_voucher_balance)"
        )
    finally:
        con.close()

    dbt = dbt_runner.run_dbt(["test", "--select", "path:models/checks"], database, target_dir=target)
    gate = run_gate(database)

    assert dbt.success, dbt.failures
    assert not gate.passed
    failed = {c.name: c for c in gate.checks if not c.passed}
    assert sorted(failed) == ["balance_sheet_balances", "ledger_ties_to_sie", "vouchers_balance"]
    assert not any(c.errored for c in failed.values())
    assert f"month-end {month_end.isoformat()}" in failed["balance_sheet_balances"].message
    assert f"account {account} " in failed["ledger_ties_to_sie"].message
    assert "difference 12.50" in failed["ledger_ties_to_sie"].message
    assert "total 0.01" in failed["vouchers_balance"].message
