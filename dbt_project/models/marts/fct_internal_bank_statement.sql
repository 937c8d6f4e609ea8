-- One row per statement month-end × internal-bank account: the statement as the bank sent it, with its file.
with final as (
    select
        statement_date,
        account_no,
        opening_balance,
        deposits,
        withdrawals,
        interest_credited,
        closing_balance,
        interest_rate_pct,
        accrued_interest_not_credited,
        source_file_name,
        line_no
    from {{ ref('stg_internal_bank__statements') }}
)

select * from final
