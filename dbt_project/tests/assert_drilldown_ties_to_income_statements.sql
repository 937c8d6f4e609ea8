-- depends_on: {{ ref('int_report_periods') }}
-- Every cell of the per-unit income statements (2.1.2–2.1.11) and of the total (2.1.1) at the first
-- month-end of every fiscal year, in every ledger column, equals the sum
-- of the postings its drill-down (a view) lists, to the öre (a cell without postings must be zero).
-- Returns each cell that does not tie. The drill-down is computed for these periods only, so the test
-- reads about one month of postings per year, not postings × periods; tests/dbt_project/test_report_marts.py
-- ties every period of the demo.
with drilldown as (
    {{ drilled_cells(ref('rpt_drilldown__income_statement_postings'),
        ['report', 'report_period', 'line_code', 'unit_code', 'column_name']) }}
),

cells as (
    -- the printed cells of each statement (report: the drill-down's name for it, the mart's without rpt_)
    {%- for report in ['income_statement_by_unit', 'income_statement'] %}
        {{ 'union all' if not loop.first }}
        select '{{ report }}' as report, report_period, line_code, unit_code, column_name, cell_amount
        from {{ ref('rpt_' ~ report) }}
        unpivot (cell_amount for column_name in (
            -- the quoted names are the values of column_name
            -- noqa: disable=RF06
            periodiserat_prior_amount as 'periodiserat_prior',
            utfall_amount as 'utfall',
            periodiserat_amount as 'periodiserat'
            -- noqa: enable=RF06
        ))
        where report_period in ({{ first_report_periods_of_fiscal_years() }})
    {%- endfor %}
)

-- a printed cell equals the sum of its postings (none: zero), and a cell the report does not print has no
-- postings that sum to anything but zero
select
    coalesce(cells.report, drilldown.report) as report,
    coalesce(cells.report_period, drilldown.report_period) as report_period,
    coalesce(cells.line_code, drilldown.line_code) as line_code,
    coalesce(cells.unit_code, drilldown.unit_code) as unit_code,
    coalesce(cells.column_name, drilldown.column_name) as column_name,
    cells.cell_amount,
    drilldown.drilled_amount
from cells
full outer join drilldown
    on drilldown.report = cells.report
    and drilldown.report_period = cells.report_period
    and drilldown.line_code = cells.line_code
    and drilldown.unit_code is not distinct from cells.unit_code
    and drilldown.column_name = cells.column_name
where coalesce(cells.cell_amount, 0) <> coalesce(drilldown.drilled_amount, 0)
