with final as (
    select
        statement_date,
        account_no,
        cast(opening_balance as decimal(18, 2)) as opening_balance,
        cast(deposits as decimal(18, 2)) as deposits,
        cast(withdrawals as decimal(18, 2)) as withdrawals,
        cast(interest_credited as decimal(18, 2)) as interest_credited,
        cast(closing_balance as decimal(18, 2)) as closing_balance,
        interest_rate_pct,
        cast(accrued_interest_not_credited as decimal(18, 2)) as accrued_interest_not_credited,
        {{ source_row_lineage() }}
    from {{ source('internal_bank', 'internal_bank_statements') }}
)

select * from final
