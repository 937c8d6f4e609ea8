-- One row per report period × period column × account on a balance-sheet line: the opening balance at
-- the start of the column's span (the fiscal year's #IB), the movement within the span and the closing
-- balance at its end, SEK with öre, ledger sign. Result accounts (the year's result so far) sit on the
-- equity line named by var result_of_year_line, as in the balance sheet.
with per_account as (
    select
        report_columns.report_period,
        report_columns.period_column,
        monthly.account,
        case
            when accounts.account_kind = 'result' then '{{ var("result_of_year_line") }}'
            else accounts.line_code
        end as line_code,
        sum(monthly.opening_amount) filter (where accounts.account_kind = 'balance') as opening_amount,
        sum(monthly.movement_amount) as movement_amount
    from {{ ref('int_report_period_columns') }} as report_columns
    inner join {{ ref('int_balances_aggregated_to_month') }} as monthly
        on monthly.month_end between report_columns.span_start and report_columns.span_end
        and monthly.fiscal_year_start = report_columns.span_start
    inner join {{ ref('int_accounts_mapped_to_report_lines') }} as accounts using (account)
    where accounts.line_code is not null
    group by all
),

final as (
    select
        report_period,
        period_column,
        account,
        line_code,
        cast(coalesce(opening_amount, 0) as decimal(18, 2)) as opening_amount,
        cast(movement_amount as decimal(18, 2)) as movement_amount,
        cast(coalesce(opening_amount, 0) + movement_amount as decimal(18, 2)) as closing_amount
    from per_account
)

select * from final
