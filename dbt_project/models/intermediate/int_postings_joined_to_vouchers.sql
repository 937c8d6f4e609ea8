-- One row per booked posting (#TRANS) with its voucher, the voucher series' role and the account's report
-- line. #RTRANS/#BTRANS stay in staging as audit trail. Codes only: the names of account, unit, counterpart
-- and project (and the account's class, kind and statement) are looked up by the readers that show them,
-- from int_accounts_mapped_to_report_lines and dim_objects, as writing them per posting cost about 2 s of
-- this table's build at 4 M postings.
-- The one table at posting grain (fct_general_ledger is a view of it). Size: the booked postings. Keyed by
-- (source_file_sha256, line_no); the text key posting_key is made in the views that show it (macro
-- posting_key), as writing a 70-character string per posting costs a sixth of this table's build.
with final as (
    select
        postings.fiscal_year_start,
        vouchers.voucher_series,
        vouchers.voucher_number,
        vouchers.voucher_date,
        cast(date_trunc('month', vouchers.voucher_date) as date) as period_month,
        postings.transaction_date,
        postings.row_no,
        postings.account,
        accounts.line_code,
        accounts.is_internal,
        postings.unit_code,
        postings.counterpart_code,
        postings.project_code,
        postings.amount,
        coalesce(series.is_period_end_accrual, false) as is_period_end_accrual,
        postings.posting_text,
        vouchers.voucher_text,
        postings.quantity,
        postings.source_file_name,
        postings.source_file_sha256,
        postings.line_no,
        vouchers.line_no as voucher_line_no
    from {{ booked_postings() }} as postings
    inner join {{ ref('stg_sie__vouchers') }} as vouchers
        on vouchers.source_file_sha256 = postings.source_file_sha256
        and vouchers.voucher_id = postings.voucher_id
    left join {{ ref('int_entity__voucher_series') }} as series on series.series = vouchers.voucher_series
    left join {{ ref('int_accounts_mapped_to_report_lines') }} as accounts on accounts.account = postings.account
)

select * from final
