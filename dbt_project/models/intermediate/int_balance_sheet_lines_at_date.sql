-- One row per balance date × balance-sheet leaf line: the balance as the report shows it (assets as
-- booked, equity/provisions/liabilities with the sign flipped). Dates: every month-end of a loaded fiscal
-- year, plus the day before a loaded fiscal year whose previous year is not loaded (its #IB).
-- The year's result so far (every result account) belongs to equity, on the configured line.
with lines as (
    select * from {{ ref('int_entity__report_lines') }}
    where statement = 'balance_sheet'
),

ledger_amounts as (
    select
        monthly.month_end as balance_date,
        case
            when accounts.account_kind = 'result' then '{{ var("result_of_year_line") }}'
            else accounts.line_code
        end as line_code,
        sum(
            case when accounts.account_kind = 'result' then monthly.ytd_movement_amount else monthly.closing_balance end
        ) as ledger_amount
    from {{ ref('int_balances_aggregated_to_month') }} as monthly
    inner join {{ ref('int_accounts_mapped_to_report_lines') }} as accounts using (account)
    group by all
),

opening_snapshots as (
    select
        cast(balances.fiscal_year_start - interval 1 day as date) as balance_date,
        accounts.line_code,
        sum(balances.amount) as ledger_amount
    from {{ ref('stg_sie__balances') }} as balances
    inner join {{ ref('int_accounts_mapped_to_report_lines') }} as accounts using (account)
    where balances.record_type = 'IB'
        and balances.year_index = 0
        and accounts.account_kind = 'balance'
        and not exists (
            select 1 from {{ ref('int_fiscal_years') }} as prior_years
            where prior_years.fiscal_year_end = cast(balances.fiscal_year_start - interval 1 day as date)
        )
    group by all
),

all_amounts as (
    select * from ledger_amounts
    union all
    select * from opening_snapshots
),

final as (
    select
        all_amounts.balance_date,
        all_amounts.line_code,
        cast(sum(all_amounts.ledger_amount * lines.report_sign) as decimal(18, 2)) as amount
    from all_amounts
    inner join lines using (line_code)
    group by all
)

select * from final
