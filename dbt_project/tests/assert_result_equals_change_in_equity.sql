-- The income statement's result for the fiscal year to date equals the change in equity since the
-- prior year-end, at every report period, to the öre. The closing entries (result accounts closed to
-- 2099 at year-end, the prior year's result disposed from 2099 to 2010) move amounts within equity and
-- must not change it. Returns each period where they differ.
with result as (
    select report_period, periodiserat_amount
    from {{ ref('rpt_income_statement') }}
    where line_code = 'period_result'
),

equity as (
    select report_period, amount_at_report_date - amount_at_prior_year_end as change_in_equity
    from {{ ref('rpt_balance_sheet') }}
    where line_code = 'equity' and amount_at_prior_year_end is not null
)

select result.report_period, result.periodiserat_amount as result_amount, equity.change_in_equity
from result
inner join equity using (report_period)
where result.periodiserat_amount <> equity.change_in_equity
