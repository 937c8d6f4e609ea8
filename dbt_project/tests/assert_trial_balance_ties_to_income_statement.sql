-- Saldobalans against resultaträkning: at every report period the movement of the accounts on
-- income-statement lines from the fiscal year's start (internal items eliminated, sign flipped to report
-- sign; not the year-end transfer of the result to equity, an account on no statement line) equals the
-- income statement's "Periodens resultat" (periodiserat utfall). Returns each period that does not tie.
with statement as (
    select report_period, periodiserat_amount
    from {{ ref('rpt_income_statement') }}
    where line_code = 'period_result'
),

trial_balance as (
    select report_period, -sum(movement_amount) as result_amount
    from {{ ref('rpt_trial_balance') }}
    where statement = 'income_statement' and not is_internal
    group by report_period
)

select
    statement.report_period,
    statement.periodiserat_amount as income_statement_result,
    trial_balance.result_amount as trial_balance_result
from statement
left join trial_balance using (report_period)
where statement.periodiserat_amount is distinct from coalesce(trial_balance.result_amount, 0)
