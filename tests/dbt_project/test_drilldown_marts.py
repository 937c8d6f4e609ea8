"""The drill-down marts on the demo: every figure of the income statements and the notes is the sum of the
postings its drill-down lists, at every report period, and the table macros an auditor calls for one cell return
exactly the ledger's own rows."""

from __future__ import annotations

PERIOD = "2023-08-31"


def test_drilldown_of_every_cell_sums_to_the_cell(warehouse):
    """Every cell of the per-unit income statements at 2023-08-31 is the sum of the postings its
    drill-down lists (also a dbt test at the latest period; here at the published period explicitly)."""
    mismatches = warehouse.execute(
        """
        with cells as (
            select unit_code, line_code, column_name, cell_amount
            from marts.rpt_income_statement_by_unit
            unpivot (cell_amount for column_name in (periodiserat_prior_amount as 'periodiserat_prior',
                     utfall_amount as 'utfall', periodiserat_amount as 'periodiserat'))
            where report_period = ?
        ),
        drilled as (
            select unit_code, line_code, column_name, sum(cell_amount) as drilled
            from marts.rpt_drilldown__income_statement_postings
            where report = 'income_statement_by_unit' and report_period = ?
            group by all
        )
        select cells.*, drilled.drilled from cells
        left join drilled on drilled.unit_code is not distinct from cells.unit_code
            and drilled.line_code = cells.line_code and drilled.column_name = cells.column_name
        where cells.cell_amount <> coalesce(drilled.drilled, 0)""",
        [PERIOD, PERIOD],
    ).fetchall()
    (cells,) = warehouse.execute(
        "select count(*) from marts.rpt_income_statement_by_unit where report_period = ?", [PERIOD]
    ).fetchone()
    assert cells == 110
    assert mismatches == []


def test_drilldown_ties_at_every_report_period(warehouse):
    """The drill-down views tie for every cell of every report period the demo has (dbt checks only the
    latest and each fiscal year's first month, to stay cheap at city scale)."""
    statement_mismatches = warehouse.execute("""
        with cells as (
            select 'income_statement_by_unit' as report, report_period, unit_code, line_code, column_name, cell_amount
            from marts.rpt_income_statement_by_unit
            unpivot (cell_amount for column_name in (periodiserat_prior_amount as 'periodiserat_prior',
                     utfall_amount as 'utfall', periodiserat_amount as 'periodiserat'))
            union all
            select 'income_statement', report_period, unit_code, line_code, column_name, cell_amount
            from marts.rpt_income_statement
            unpivot (cell_amount for column_name in (periodiserat_prior_amount as 'periodiserat_prior',
                     utfall_amount as 'utfall', periodiserat_amount as 'periodiserat'))
        ),
        drilled as (
            select report, report_period, unit_code, line_code, column_name, sum(cell_amount) as drilled
            from marts.rpt_drilldown__income_statement_postings group by all
        )
        select cells.*, drilled.drilled from cells
        left join drilled on drilled.report = cells.report and drilled.report_period = cells.report_period
            and drilled.line_code = cells.line_code and drilled.column_name = cells.column_name
            and drilled.unit_code is not distinct from cells.unit_code
        where cells.cell_amount <> coalesce(drilled.drilled, 0)""").fetchall()
    assert statement_mismatches == []
    note_mismatches = warehouse.execute("""
        with cells as (
            select report_period, note_no, row_label, row_kind, column_name, cell_amount
            from marts.rpt_notes
            unpivot (cell_amount for column_name in (prior_period_amount as 'prior_period',
                     prior_year_amount as 'prior_year', current_amount as 'current'))
            where note_no in (select note_no from marts.rpt_notes where row_kind = 'flow')
                and row_kind in ('flow', 'summa')
        ),
        drilled as (
            select report_period, note_no, row_label, row_kind, column_name, sum(cell_amount) as drilled
            from marts.rpt_drilldown__note_postings group by all
        )
        select cells.*, drilled.drilled from cells
        left join drilled using (report_period, note_no, row_label, row_kind, column_name)
        where cells.cell_amount <> coalesce(drilled.drilled, 0)""").fetchall()
    assert note_mismatches == []
    (periods,) = warehouse.execute("select count(distinct report_period) from marts.rpt_income_statement").fetchone()
    assert periods >= 12


def test_drilldown_macros_return_exactly_the_postings_of_one_cell(warehouse):
    """The table macros an auditor calls for one cell: a sample of cells over every period; each returns
    postings that sum to the cell and are the ledger's own rows (voucher, source file and line)."""
    cells = warehouse.execute("""
        select report_period, line_code, unit_code, utfall_amount from marts.rpt_income_statement_by_unit
        where utfall_amount <> 0 and hash(report_period, line_code, unit_code) % 9 = 0""").fetchall()
    assert len(cells) >= 20
    for period, line, unit, amount in cells:
        rows = warehouse.execute(
            """
            select d.cell_amount, g.voucher_series, g.voucher_number, g.source_file_name, g.line_no
            from marts.drilldown_income_statement('income_statement_by_unit', ?, 'utfall', ?, ?) as d
            inner join marts.fct_general_ledger as g using (posting_key)""",
            [line, period, unit],
        ).fetchall()
        assert sum(row[0] for row in rows) == amount, (period, line, unit)
        assert all(row[3] and row[4] for row in rows)
    notes = warehouse.execute("""
        select report_period, note_no, row_label, current_amount from marts.rpt_notes
        where row_kind = 'flow' and current_amount <> 0
          and hash(report_period, note_no, row_label) % 5 = 0""").fetchall()
    assert len(notes) >= 10
    for period, note, label, amount in notes:
        (drilled,) = warehouse.execute(
            "select sum(cell_amount) from marts.drilldown_note(?, ?, 'current', ?)", [note, label, period]
        ).fetchone()
        assert drilled == amount, (period, note, label)
