-- The cash flow statement explains the change in cash: at every report period and in every column,
-- "Årets kassaflöde" (the sum of all cash-flow lines) equals cash at the end minus cash at the start,
-- to the öre; and every balance-sheet leaf line with amounts is classified into the cash flow (seed
-- cash_flow_line_sources), so no change of a balance drops out. Returns each difference.
with totals as (
    select
        report_period,
        sum(prior_period_amount) filter (where level = 'total') as prior_period_flow,
        sum(prior_period_amount) filter (where level = 'cash_change') as prior_period_cash_change,
        sum(prior_year_amount) filter (where level = 'total') as prior_year_flow,
        sum(prior_year_amount) filter (where level = 'cash_change') as prior_year_cash_change,
        sum(current_amount) filter (where level = 'total') as current_flow,
        sum(current_amount) filter (where level = 'cash_change') as current_cash_change,
        sum(current_amount) filter (where level = 'closing_cash')
        - sum(current_amount) filter (where level = 'opening_cash') as current_cash_difference
    from {{ ref('rpt_cash_flow') }}
    group by report_period
),

unclassified as (
    select distinct balances.line_code
    from {{ ref('int_balance_sheet_lines_at_date') }} as balances
    where balances.amount <> 0
        and balances.line_code not in (
            select sources.source_line_code from {{ ref('cash_flow_line_sources') }} as sources
        )
)

select report_period, 'cash flow does not tie to the change in cash' as problem, null as line_code
from totals
where prior_period_flow is distinct from prior_period_cash_change
    or prior_year_flow is distinct from prior_year_cash_change
    or current_flow is distinct from current_cash_change
    or current_flow is distinct from current_cash_difference
union all
select null as report_period, 'balance-sheet line not classified in the cash flow' as problem, line_code
from unclassified
