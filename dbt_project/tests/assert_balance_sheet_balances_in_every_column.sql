-- The balance sheet as reported balances in every column at every report period: "Summa tillgångar"
-- equals "Summa eget kapital, avsättningar och skulder" to the öre (the totals named by vars
-- assets_total_line and claims_total_line). Returns each period and column that does not.
with totals as (
    select
        report_period,
        sum(amount_at_report_date) filter (where line_code = '{{ var("assets_total_line") }}') as assets_at_report_date,
        sum(amount_at_report_date) filter (where line_code = '{{ var("claims_total_line") }}') as claims_at_report_date,
        sum(amount_at_prior_year_end) filter (where line_code = '{{ var("assets_total_line") }}')
            as assets_at_prior_year_end,
        sum(amount_at_prior_year_end) filter (where line_code = '{{ var("claims_total_line") }}')
            as claims_at_prior_year_end,
        sum(amount_at_same_date_prior_year) filter (where line_code = '{{ var("assets_total_line") }}')
            as assets_at_same_date_prior_year,
        sum(amount_at_same_date_prior_year) filter (where line_code = '{{ var("claims_total_line") }}')
            as claims_at_same_date_prior_year
    from {{ ref('rpt_balance_sheet') }}
    group by report_period
)

select *
from totals
where assets_at_report_date is distinct from claims_at_report_date
    or assets_at_prior_year_end is distinct from claims_at_prior_year_end
    or assets_at_same_date_prior_year is distinct from claims_at_same_date_prior_year
