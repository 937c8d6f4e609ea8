-- Huvudbok (general ledger by account): per fiscal year and account, an opening row (the year's #IB; none
-- for a result account) and then every booked posting in voucher order (voucher date, series, number, row),
-- with the running balance: IB + the postings so far in the fiscal year. The account's balance over all its
-- units (#IB carries no unit). Ledger sign (debit positive), SEK with öre. A view of the posting-grain table
-- (like fct_general_ledger): one window over the postings, partitioned by fiscal year × account, so a query
-- for one account reads that account's postings. It holds the postings of open (preliminary) months too, as
-- fct_general_ledger does; dim_report_periods says which months are closed.
-- Size: the booked postings + one opening row per fiscal year × balance account with an #IB.
{{ config(materialized='view') }}

with ledger_rows as (
    select
        openings.fiscal_year_start,
        openings.account,
        accounts.account_name,
        accounts.account_kind,
        accounts.line_code,
        'opening' as row_kind,
        openings.fiscal_year_start as voucher_date,
        cast(null as varchar) as voucher_series,
        cast(null as varchar) as voucher_number,
        cast(null as integer) as row_no,
        cast(null as varchar) as unit_code,
        cast(null as varchar) as counterpart_code,
        cast(null as varchar) as project_code,
        'Ingående balans' as posting_text,
        cast(null as varchar) as voucher_text,
        openings.amount,
        cast(null as varchar) as source_file_sha256,
        cast(null as integer) as line_no,
        0 as sort_group
    from {{ ref('int_opening_balances_aggregated_to_account') }} as openings
    inner join {{ ref('int_accounts_mapped_to_report_lines') }} as accounts using (account)
    union all
    select
        postings.fiscal_year_start,
        postings.account,
        accounts.account_name,
        accounts.account_kind,
        postings.line_code,
        'posting' as row_kind,
        postings.voucher_date,
        postings.voucher_series,
        postings.voucher_number,
        postings.row_no,
        postings.unit_code,
        postings.counterpart_code,
        postings.project_code,
        postings.posting_text,
        postings.voucher_text,
        postings.amount,
        postings.source_file_sha256,
        postings.line_no,
        1 as sort_group
    from {{ ref('int_postings_joined_to_vouchers') }} as postings
    left join {{ ref('int_accounts_mapped_to_report_lines') }} as accounts using (account)
),

final as (
    select
        ledger_rows.fiscal_year_start,
        ledger_rows.account,
        ledger_rows.account_name,
        ledger_rows.account_kind,
        ledger_rows.line_code,
        cast(row_number() over ledger_order as bigint) as row_order,
        ledger_rows.row_kind,
        ledger_rows.voucher_date,
        ledger_rows.voucher_series,
        ledger_rows.voucher_number,
        ledger_rows.row_no,
        ledger_rows.unit_code,
        ledger_rows.counterpart_code,
        ledger_rows.project_code,
        ledger_rows.posting_text,
        ledger_rows.voucher_text,
        cast(amount as decimal(18, 2)) as amount,
        cast(sum(amount) over (ledger_order rows between unbounded preceding and current row) as decimal(18, 2))
            as running_balance,
        case when ledger_rows.row_kind = 'posting' then {{ posting_key('ledger_rows') }} end as posting_key
    from ledger_rows
    window ledger_order as (
        partition by fiscal_year_start, account
        order by
            sort_group, voucher_date, voucher_series, try_cast(voucher_number as bigint), voucher_number, row_no,
            source_file_sha256, line_no
    )
)

select * from final
