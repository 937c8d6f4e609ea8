-- depends_on: {{ ref('int_report_periods') }}
-- Every cell of the income-statement notes (rows of kind flow and their Summa rows) at the first month-end
-- of every fiscal year equals the sum of the postings its drill-down
-- (a view) lists, to the öre (a cell without postings must be zero). Returns each cell that does not tie.
-- tests/dbt_project/test_report_marts.py ties every period of the demo.
with drilldown as (
    {{ drilled_cells(ref('rpt_drilldown__note_postings'),
        ['report_period', 'note_no', 'row_label', 'row_kind', 'column_name']) }}
),

flow_notes as (
    select distinct report_period, note_no from {{ ref('rpt_notes') }}
    where row_kind = 'flow'
),

flow_rows as (
    select
        notes.report_period, notes.note_no, notes.row_label, notes.row_kind,
        notes.prior_period_amount, notes.prior_year_amount, notes.current_amount
    from {{ ref('rpt_notes') }} as notes
    inner join flow_notes using (report_period, note_no)
    where notes.row_kind in ('flow', 'summa')
        and notes.report_period in ({{ first_report_periods_of_fiscal_years() }})
),

cells as (
    select report_period, note_no, row_label, row_kind, column_name, cell_amount
    from flow_rows
    unpivot (cell_amount for column_name in (
        -- the quoted names are the values of column_name
        -- noqa: disable=RF06
        prior_period_amount as 'prior_period', prior_year_amount as 'prior_year', current_amount as 'current'
        -- noqa: enable=RF06
    ))
)

select cells.*, drilldown.drilled_amount
from cells
left join drilldown using (report_period, note_no, row_label, row_kind, column_name)
where cells.cell_amount <> coalesce(drilldown.drilled_amount, 0)
