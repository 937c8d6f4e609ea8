-- The income statement's "Periodens resultat" equals the sum of the ledger's income-statement postings
-- from the fiscal year's start to the report period (sign flipped, internal items eliminated), both with
-- and without the period-end accrual series. This ties the report, built through monthly balances and
-- the layout seed, back to the postings themselves.
with report as (
    select report_period, fiscal_year_start, utfall_amount, periodiserat_amount
    from {{ ref('rpt_income_statement') }}
    where line_code = 'period_result'
),

ledger as (
    select
        report.report_period,
        -coalesce(sum(postings.amount), 0) as periodiserat_amount,
        -coalesce(sum(case when not postings.is_period_end_accrual then postings.amount end), 0) as utfall_amount
    from report
    left join {{ ref('fct_general_ledger') }} as postings
        on postings.voucher_date between report.fiscal_year_start and report.report_period
        and postings.statement = 'income_statement'
        and not postings.is_internal
    group by all
)

select
    report.report_period,
    report.periodiserat_amount as reported_periodiserat,
    ledger.periodiserat_amount as ledger_periodiserat,
    report.utfall_amount as reported_utfall,
    ledger.utfall_amount as ledger_utfall
from report
inner join ledger using (report_period)
where report.periodiserat_amount <> ledger.periodiserat_amount
    or report.utfall_amount <> ledger.utfall_amount
