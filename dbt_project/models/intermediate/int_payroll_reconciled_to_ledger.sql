-- One row per control point of the payroll subledger × month-end (× unit × account for personnel costs):
-- the ledger's value and the payroll-derived value, in ledger sign. Month-ends: every ledger month-end
-- from the first to the last pay period delivered.
--   personnel costs: the month's ledger movement on the control point's accounts per unit and account,
--     period-end accrual series excluded = the month's payroll amounts on those accounts;
--   note-22 liabilities: the ledger balance at the month-end = opening balance of the fiscal year
--     + settlements so far (ledger movements outside the payroll-journal series) + the payroll-derived
--     movements so far (payroll amounts on the source accounts × factor).
with cost_accounts as (
    -- the payroll control points compared month by month (movement), with their account prefixes
    select ledger_accounts.control_point, ledger_accounts.account_from, ledger_accounts.account_to
    from {{ ref('int_entity__reconciliation_ledger_accounts') }} as ledger_accounts
    inner join {{ ref('reconciliation_control_points') }} as control_points using (control_point)
    where control_points.subledger = 'payroll' and control_points.comparison = 'movement'
),

payroll_series as (
    select series from {{ ref('int_entity__voucher_series') }}
    where is_payroll_journal
),

covered_months as (
    {{ covered_months(ref('int_payroll_aggregated_to_month')) }}
),

cost_amounts as (
    -- the ledger's side (the month's postings, period-end accrual series excluded) and the payroll's
    select 'ledger' as side, cast(last_day(voucher_date) as date) as month_end, unit_code, account, amount
    from {{ ref('int_postings_joined_to_vouchers') }}
    where not is_period_end_accrual
    union all
    select 'payroll' as side, month_end, unit_code, account, amount
    from {{ ref('int_payroll_aggregated_to_month') }}
),

personnel_costs as (
    select
        cost_accounts.control_point,
        cost_amounts.month_end,
        cost_amounts.unit_code,
        cost_amounts.account,
        coalesce(sum(cost_amounts.amount) filter (where cost_amounts.side = 'ledger'), 0) as ledger_value,
        coalesce(sum(cost_amounts.amount) filter (where cost_amounts.side = 'payroll'), 0) as subledger_value
    from cost_amounts
    inner join cost_accounts
        on {{ account_in_range('cost_amounts.account', 'cost_accounts.account_from', 'cost_accounts.account_to') }}
    -- only the report periods, on both sides: a pay period of a month that is not closed yet is compared once
    -- the month is (its journal may not be booked yet)
    inner join covered_months on covered_months.month_end = cost_amounts.month_end
    group by all
),

liability_accounts as (
    select distinct control_point, liability_account from {{ ref('reconciliation_payroll_liabilities') }}
),

liability_months as (
    -- every ledger month-end of every fiscal year, so that the year-to-date sums start at the year's start
    select
        liability_accounts.control_point, liability_accounts.liability_account as account,
        report_periods.report_period as month_end, report_periods.fiscal_year_start
    from liability_accounts
    cross join {{ ref('int_report_periods') }} as report_periods
),

ledger_liabilities as (
    select
        liability_months.control_point,
        liability_months.month_end,
        coalesce(sum(balances.closing_balance), 0) as ledger_value,
        coalesce(sum(balances.opening_amount), 0) as opening_amount
    from liability_months
    left join {{ ref('int_balances_aggregated_to_month') }} as balances
        using (account, fiscal_year_start, month_end)
    group by all
),

settlements as (
    -- every movement of the liability outside the payroll journals: payments and adjustments
    select
        liability_accounts.control_point,
        cast(last_day(postings.voucher_date) as date) as month_end,
        sum(postings.amount) as settlement_amount
    from {{ ref('int_postings_joined_to_vouchers') }} as postings
    inner join liability_accounts on liability_accounts.liability_account = postings.account
    where postings.voucher_series not in (select payroll_series.series from payroll_series)
    group by all
),

payroll_movements as (
    select
        liabilities.control_point,
        payroll.month_end,
        sum(payroll.amount * liabilities.factor) as payroll_amount
    from {{ ref('int_payroll_aggregated_to_month') }} as payroll
    inner join {{ ref('reconciliation_payroll_liabilities') }} as liabilities
        on liabilities.source_account = payroll.account
    group by all
),

liability_derived as (
    select
        liability_months.control_point,
        liability_months.month_end,
        cast(null as varchar) as unit_code,
        liability_months.account,
        ledger_liabilities.ledger_value,
        sum(
            ledger_liabilities.opening_amount
            + coalesce(settlements.settlement_amount, 0)
            + coalesce(payroll_movements.payroll_amount, 0)
        ) over year_to_date as subledger_value
    from liability_months
    inner join ledger_liabilities using (control_point, month_end)
    left join settlements using (control_point, month_end)
    left join payroll_movements using (control_point, month_end)
    window year_to_date as (
        partition by liability_months.control_point, liability_months.fiscal_year_start
        order by liability_months.month_end
        rows between unbounded preceding and current row
    )
),

final as (
    select
        control_point, month_end, unit_code, account,
        cast(ledger_value as decimal(18, 2)) as ledger_value,
        cast(subledger_value as decimal(18, 2)) as subledger_value
    from personnel_costs
    union all
    select
        control_point, month_end, unit_code, account,
        cast(ledger_value as decimal(18, 2)) as ledger_value,
        cast(subledger_value as decimal(18, 2)) as subledger_value
    from liability_derived
    where month_end in (select covered_months.month_end from covered_months)
)

select * from final
