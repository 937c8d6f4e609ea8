-- Huvudbok against saldobalans and the SIE file, on what rpt_general_ledger sums rather than on the view (its
-- window over every posting is the costliest query of a large night): for every fiscal year and balance or
-- result account, the opening balance (#IB) plus the postings dated on or before the year's last closed
-- month-end — the running balance of the huvudbok's last row at that date — equals the account's closing
-- balance (UB, summed over its units) in rpt_trial_balance; and where the year is closed through its end and
-- the file states #UB, the opening balance plus every posting of the year equals that #UB.
-- Returns each account that does not tie.
with last_periods as (
    select fiscal_year_start, max(report_period) as report_period
    from {{ ref('int_report_periods') }}
    group by fiscal_year_start
),

postings as (
    select postings.fiscal_year_start, postings.account, postings.amount, postings.voucher_date
    from {{ ref('int_postings_joined_to_vouchers') }} as postings
),

ledger_at_period as (
    select fiscal_year_start, account, sum(amount) as running_balance
    from (
        select openings.fiscal_year_start, openings.account, openings.amount
        from {{ ref('int_opening_balances_aggregated_to_account') }} as openings
        inner join last_periods using (fiscal_year_start)
        union all
        select postings.fiscal_year_start, postings.account, postings.amount
        from postings
        inner join last_periods
            on last_periods.fiscal_year_start = postings.fiscal_year_start
            and last_periods.report_period >= postings.voucher_date
    ) as ledger_rows
    group by all
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
    inner join {{ ref('int_accounts_mapped_to_report_lines') }} as accounts using (account)
    where balances.record_type = 'UB' and balances.year_index = 0 and years.last_month_end = years.fiscal_year_end
        and accounts.account_kind = 'balance'
    group by all
),

ledger_at_year_end as (
    select fiscal_year_start, account, sum(amount) as running_balance
    from (
        select fiscal_year_start, account, amount
        from {{ ref('int_opening_balances_aggregated_to_account') }}
        union all
        select fiscal_year_start, account, amount from postings
    ) as ledger_rows
    group by all
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
