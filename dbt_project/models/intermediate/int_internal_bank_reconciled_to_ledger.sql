-- One row per internal-bank control point × month-end from the first to the last statement delivered,
-- ledger sign:
--   claim (comparison 'balance'): the ledger balance of the control point's accounts at the month-end
--     = the statements' closing balance;
--   financial income (comparison 'movement'): the month's ledger movement on the control point's accounts
--     (every series, accruals included) = −(interest credited + change in accrued interest not credited).
with statements_by_date as (
    select
        statement_date as month_end,
        sum(closing_balance) as closing_balance,
        sum(interest_credited) as interest_credited,
        sum(accrued_interest_not_credited) as accrued_interest
    from {{ ref('stg_internal_bank__statements') }}
    group by statement_date
),

control_accounts as (
    select
        control_points.control_point,
        control_points.comparison,
        ledger_accounts.account_from,
        ledger_accounts.account_to
    from {{ ref('reconciliation_control_points') }} as control_points
    inner join {{ ref('int_entity__reconciliation_ledger_accounts') }} as ledger_accounts using (control_point)
    where control_points.subledger = 'internal_bank'
),

covered_months as (
    {{ covered_months('statements_by_date') }}
),

statements as (
    -- every covered month, with the previous month's accrued interest (0 before the first statement)
    select
        covered_months.month_end,
        statements_by_date.closing_balance,
        statements_by_date.interest_credited,
        statements_by_date.accrued_interest,
        coalesce(lag(statements_by_date.accrued_interest) over (order by covered_months.month_end), 0)
            as previous_accrued_interest
    from covered_months
    left join statements_by_date using (month_end)
),

ledger as (
    select
        control_accounts.control_point,
        control_accounts.comparison,
        covered_months.month_end,
        coalesce(sum(balances.closing_balance), 0) as closing_balance,
        coalesce(sum(balances.movement_amount), 0) as movement_amount
    from control_accounts
    cross join covered_months
    left join {{ ref('int_balances_aggregated_to_month') }} as balances
        on {{ account_in_range('balances.account', 'control_accounts.account_from', 'control_accounts.account_to') }}
        and balances.fiscal_year_start = covered_months.fiscal_year_start
        and balances.month_end = covered_months.month_end
    group by all
),

final as (
    select
        ledger.control_point,
        ledger.month_end,
        cast(null as varchar) as unit_code,
        cast(null as varchar) as account,
        cast(
            case when ledger.comparison = 'balance' then ledger.closing_balance else ledger.movement_amount end
            as decimal(18, 2)
        ) as ledger_value,
        cast(case
            when ledger.comparison = 'balance' then statements.closing_balance
            else -(statements.interest_credited + statements.accrued_interest - statements.previous_accrued_interest)
        end as decimal(18, 2)) as subledger_value
    from ledger
    left join statements using (month_end)
)

select * from final
