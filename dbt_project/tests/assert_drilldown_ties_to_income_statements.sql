-- depends_on: {{ ref('int_report_periods') }}
-- Every cell of the per-unit income statements (2.1.2–2.1.11) and of the total (2.1.1) at the first
-- month-end of every fiscal year, in every ledger column, equals the sum
-- of the postings its drill-down (a view) lists, to the öre (a cell without postings must be zero).
-- Returns each cell that does not tie. The drill-down is computed for these periods only, so the test
-- reads about one month of postings per year, not postings × periods; tests/dbt_project/test_report_marts.py
-- ties every period of the demo.
{#- each fiscal year's first month-end: its columns span one month (the notes' prior_year: that year once) -#}
{%- set tested_list = first_report_periods_of_fiscal_years() %}
with drilldown as (
    select report, report_period, line_code, unit_code, column_name, sum(cell_amount) as drilled_amount
    from {{ ref('rpt_drilldown__income_statement_postings') }}
    where report_period in ({{ tested_list }})
    group by all
),

cells as (
    select 'income_statement_by_unit' as report, report_period, line_code, unit_code, column_name, cell_amount
    from {{ ref('rpt_income_statement_by_unit') }}
    unpivot (cell_amount for column_name in (
        -- the quoted names are the values of column_name
        -- noqa: disable=RF06
        periodiserat_prior_amount as 'periodiserat_prior',
        utfall_amount as 'utfall',
        periodiserat_amount as 'periodiserat'
        -- noqa: enable=RF06
    ))
    where report_period in ({{ tested_list }})
    union all
    select 'income_statement' as report, report_period, line_code, unit_code, column_name, cell_amount
    from {{ ref('rpt_income_statement') }}
    unpivot (cell_amount for column_name in (
        -- the quoted names are the values of column_name
        -- noqa: disable=RF06
        periodiserat_prior_amount as 'periodiserat_prior',
        utfall_amount as 'utfall',
        periodiserat_amount as 'periodiserat'
        -- noqa: enable=RF06
    ))
    where report_period in ({{ tested_list }})
)

select cells.*, drilldown.drilled_amount
from cells
left join drilldown
    on drilldown.report = cells.report
    and drilldown.report_period = cells.report_period
    and drilldown.line_code = cells.line_code
    and drilldown.unit_code is not distinct from cells.unit_code
    and drilldown.column_name = cells.column_name
where cells.cell_amount <> coalesce(drilldown.drilled_amount, 0)
union all
-- and no drill-down rows for a cell the report does not print
select
    drilldown.report, drilldown.report_period, drilldown.line_code, drilldown.unit_code, drilldown.column_name,
    null as cell_amount, drilldown.drilled_amount
from drilldown
left join cells
    on cells.report = drilldown.report
    and cells.report_period = drilldown.report_period
    and cells.line_code = drilldown.line_code
    and cells.unit_code is not distinct from drilldown.unit_code
    and cells.column_name = drilldown.column_name
where cells.report is null and drilldown.drilled_amount <> 0
