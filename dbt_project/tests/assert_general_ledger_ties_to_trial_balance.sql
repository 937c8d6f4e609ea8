-- Huvudbok against saldobalans and the SIE file: for every fiscal year and account, the running balance of
-- the last row dated on or before the year's last closed month-end equals the account's closing balance (UB,
-- summed over its units) in rpt_trial_balance at that month-end; and where the year is closed through its
-- end and the file states #UB, the running balance of a balance account's last row equals that #UB.
-- Returns each account that does not tie.
with last_periods as (
    select fiscal_year_start, max(report_period) as report_period
    from {{ ref('int_report_periods') }}
    group by fiscal_year_start
),

ledger_at_period as (
    select ledger.fiscal_year_start, ledger.account, ledger.running_balance
    from {{ ref('rpt_general_ledger') }} as ledger
    inner join last_periods
        on last_periods.fiscal_year_start = ledger.fiscal_year_start
        and ledger.voucher_date <= last_periods.report_period
    qualify row_number() over (partition by ledger.fiscal_year_start, ledger.account order by ledger.row_order desc) = 1
),

trial_balance as (
    select trial_balance.fiscal_year_start, trial_balance.account, sum(trial_balance.closing_amount) as closing_amount
    from {{ ref('rpt_trial_balance') }} as trial_balance
    inner join last_periods using (fiscal_year_start, report_period)
    group by all
),

against_trial_balance as (
    select
        'trial balance' as check_name,
        coalesce(ledger_at_period.fiscal_year_start, trial_balance.fiscal_year_start) as fiscal_year_start,
        coalesce(ledger_at_period.account, trial_balance.account) as account,
        ledger_at_period.running_balance,
        trial_balance.closing_amount as expected_amount
    from ledger_at_period
    full outer join trial_balance using (fiscal_year_start, account)
    where coalesce(ledger_at_period.running_balance, 0) <> coalesce(trial_balance.closing_amount, 0)
),

stated_closing as (
    select balances.fiscal_year_start, balances.account, sum(balances.amount) as closing_amount
    from {{ ref('stg_sie__balances') }} as balances
    inner join {{ ref('int_fiscal_years') }} as years using (fiscal_year_start)
    where balances.record_type = 'UB' and balances.year_index = 0 and years.last_month_end = years.fiscal_year_end
    group by all
),

ledger_at_year_end as (
    select fiscal_year_start, account, running_balance
    from {{ ref('rpt_general_ledger') }}
    where account_kind = 'balance'
    qualify row_number() over (partition by fiscal_year_start, account order by row_order desc) = 1
),

against_sie as (
    select
        '#UB' as check_name,
        stated_closing.fiscal_year_start,
        stated_closing.account,
        ledger_at_year_end.running_balance,
        stated_closing.closing_amount as expected_amount
    from stated_closing
    left join ledger_at_year_end using (fiscal_year_start, account)
    where coalesce(ledger_at_year_end.running_balance, 0) <> stated_closing.closing_amount
)

select * from against_trial_balance
union all
select * from against_sie
